package org.ttfp.ot.verify;

import java.util.stream.IntStream;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.ttfp.fp.density.ScoreField;

/**
 * An independent high-precision reference for the Lavenant–Santambrogio counterexample in the OU
 * form of the paper (dX = −X dt + √2 dW, α = e^{−t}, σ² = 1 − e^{−2t}), built without the TT solver:
 * <pre>
 *   p_t(y) = ∫ μ0(x) φ_σ(y − αx) dx,      ∇p_t(y) = (1/α) ∫ ∇μ0(x) φ_σ(y − αx) dx   (by parts),
 *   μ0(x) = γ(∇u(x)) det D²u(x),  u = |x|²/2 + ε(x1x2 + x1⁴),  ∇μ0 = μ0 (−D²u ∇u + ∇log det D²u),
 * </pre>
 * φ_σ the centred Gaussian of variance σ² I. μ0 and its gradient are closed forms, so the only
 * error is the 2-D quadrature, a trapezoid rule on integrands that decay like Gaussians
 * (spectrally accurate): on a global grid of spacing h over the support of μ0 when the kernel width
 * s = σ/α is at least 2.5 h, else on a local grid in the kernel's own coordinate z = (x − y/α)/s,
 * z ∈ [−9, 9]² with Δz = 0.4. At t = 0 the score is the closed form ∇log μ0. The gradient by parts
 * avoids the 1/σ cancellation of differentiating the kernel. The encoder is the probability-flow
 * ODE dx/dt = −x − ∇log p_t(x) integrated by Hipparchus' Dormand–Prince 8(5,3) at tolerance 1e−13
 * per point.
 */
final class LsQuadratureReference implements ScoreField {

    private final double eps;
    private final double h;
    private final double[] x1, x2;
    /** μ0, μ0 ∂1 log μ0, μ0 ∂2 log μ0 on the global grid, row-major (a, b) at a·G2 + b. */
    private final double[] m0, m1, m2;

    /** The reference for ε with global grid spacing h (0.04 gives 13+ digits; see the test). */
    LsQuadratureReference(double eps, double h) {
        this.eps = eps;
        this.h = h;
        // support of μ0: where log μ0 > log(peak) − 62 on a coarse scan of [−14, 14]²
        double l1 = 0, l2 = 0;
        for (double a = -14; a <= 14; a += 0.05) {
            for (double b = -14; b <= 14; b += 0.05) {
                if (logMu0(a, b) > -62 - Math.log(2 * Math.PI)) {
                    l1 = Math.max(l1, Math.abs(a));
                    l2 = Math.max(l2, Math.abs(b));
                }
            }
        }
        l1 += 0.5;
        l2 += 0.5;
        int g1 = 2 * (int) Math.ceil(l1 / h) + 1, g2 = 2 * (int) Math.ceil(l2 / h) + 1;
        x1 = new double[g1];
        x2 = new double[g2];
        for (int a = 0; a < g1; a++) {
            x1[a] = (a - (g1 - 1) / 2) * h;
        }
        for (int b = 0; b < g2; b++) {
            x2[b] = (b - (g2 - 1) / 2) * h;
        }
        m0 = new double[g1 * g2];
        m1 = new double[g1 * g2];
        m2 = new double[g1 * g2];
        double[] gl = new double[2];
        for (int a = 0; a < g1; a++) {
            for (int b = 0; b < g2; b++) {
                double p = Math.exp(logMu0(x1[a], x2[b]));
                gradLogMu0(x1[a], x2[b], gl);
                m0[a * g2 + b] = p;
                m1[a * g2 + b] = p * gl[0];
                m2[a * g2 + b] = p * gl[1];
            }
        }
    }

    double logMu0(double a, double b) {
        double g1 = a + eps * (b + 4 * a * a * a), g2 = b + eps * a;
        double det = 1 + 12 * eps * a * a - eps * eps;
        return -Math.log(2 * Math.PI) - 0.5 * (g1 * g1 + g2 * g2) + Math.log(det);
    }

    void gradLogMu0(double a, double b, double[] out) {
        double g1 = a + eps * (b + 4 * a * a * a), g2 = b + eps * a;
        double h11 = 1 + 12 * eps * a * a;
        double det = h11 - eps * eps;
        out[0] = -(h11 * g1 + eps * g2) + 24 * eps * a / det;
        out[1] = -(eps * g1 + g2);
    }

    @Override
    public int dim() {
        return 2;
    }

    /** {p_t(y), ∂1 p_t(y), ∂2 p_t(y)}. */
    double[] densityAndGradient(double t, double y1, double y2) {
        double alpha = Math.exp(-t), s = Math.sqrt(Math.expm1(2 * t));
        double c1 = y1 / alpha, c2 = y2 / alpha;
        if (t == 0) {
            double[] gl = new double[2];
            gradLogMu0(y1, y2, gl);
            double p = Math.exp(logMu0(y1, y2));
            return new double[] {p, p * gl[0], p * gl[1]};
        }
        double p = 0, q1 = 0, q2 = 0;
        if (s < 2.5 * h) {
            double dz = 0.4;
            int m = (int) Math.round(9 / dz);
            double[] gl = new double[2];
            for (int i = -m; i <= m; i++) {
                double za = i * dz, wa = Math.exp(-0.5 * za * za);
                for (int j = -m; j <= m; j++) {
                    double zb = j * dz, w = wa * Math.exp(-0.5 * zb * zb);
                    double a = c1 + s * za, b = c2 + s * zb;
                    double mu = Math.exp(logMu0(a, b));
                    gradLogMu0(a, b, gl);
                    p += w * mu;
                    q1 += w * mu * gl[0];
                    q2 += w * mu * gl[1];
                }
            }
            double c = dz * dz / (2 * Math.PI * alpha * alpha);
            return new double[] {c * p, c * q1 / alpha, c * q2 / alpha};
        }
        int g1 = x1.length, g2 = x2.length;
        double[] k2 = new double[g2];
        for (int b = 0; b < g2; b++) {
            double z = (x2[b] - c2) / s;
            k2[b] = Math.exp(-0.5 * z * z);
        }
        for (int a = 0; a < g1; a++) {
            double z = (x1[a] - c1) / s;
            double k1 = Math.exp(-0.5 * z * z);
            if (k1 < 1e-300) {
                continue;
            }
            double r0 = 0, r1 = 0, r2 = 0;
            int off = a * g2;
            for (int b = 0; b < g2; b++) {
                double k = k2[b];
                r0 += m0[off + b] * k;
                r1 += m1[off + b] * k;
                r2 += m2[off + b] * k;
            }
            p += k1 * r0;
            q1 += k1 * r1;
            q2 += k1 * r2;
        }
        double c = h * h / (2 * Math.PI * s * s * alpha * alpha);
        return new double[] {c * p, c * q1 / alpha, c * q2 / alpha};
    }

    @Override
    public void score(double t, double[] x, int count, double[] out) {
        IntStream.range(0, count).parallel().forEach(i -> {
            double[] v = densityAndGradient(t, x[2 * i], x[2 * i + 1]);
            out[2 * i] = v[1] / v[0];
            out[2 * i + 1] = v[2] / v[0];
        });
    }

    /** The reference encoder x(t0) ↦ x(T), one point at a time, DOP853 at tolerance {@code tol}. */
    double[] encode(double[] x, double t0, double horizon, double tol) {
        int n = x.length / 2;
        double[] out = new double[2 * n];
        IntStream.range(0, n).parallel().forEach(i -> {
            OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
                @Override
                public int getDimension() {
                    return 2;
                }

                @Override
                public double[] computeDerivatives(double t, double[] y) {
                    double[] v = densityAndGradient(t, y[0], y[1]);
                    return new double[] {-y[0] - v[1] / v[0], -y[1] - v[2] / v[0]};
                }
            };
            DormandPrince853Integrator in = new DormandPrince853Integrator(0, horizon - t0, tol, tol);
            ODEStateAndDerivative end = in.integrate(ode, new ODEState(t0, new double[] {x[2 * i], x[2 * i + 1]}),
                    horizon);
            out[2 * i] = end.getPrimaryState()[0];
            out[2 * i + 1] = end.getPrimaryState()[1];
        });
        return out;
    }
}
