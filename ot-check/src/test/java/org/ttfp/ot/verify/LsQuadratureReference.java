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
 * per point. The Hessian of p_t, by parts twice, ∇²p_t(y) = (1/α²) ∫ ∇²μ0(x) φ_σ(y − αx) dx with
 * ∇²μ0 = μ0 (∇²log μ0 + ∇log μ0 ∇log μ0ᵀ) in closed form, gives ∇v = −I − ∇²log p_t of the
 * velocity and the reference Jacobian of the encoder by the variational equation J' = ∇v J, J(t0) = I,
 * integrated with x in one 6-dimensional DOP853 system ({@link #encodeWithJacobian}).
 */
final class LsQuadratureReference implements ScoreField {

    private final double eps;
    private final double h;
    private final double[] x1, x2;
    /** μ0, μ0 ∂1 log μ0, μ0 ∂2 log μ0 on the global grid, row-major (a, b) at a·G2 + b. */
    private final double[] m0, m1, m2;
    /** ∂11 μ0, ∂12 μ0, ∂22 μ0 on the global grid. */
    private final double[] m11, m12, m22;

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
        m11 = new double[g1 * g2];
        m12 = new double[g1 * g2];
        m22 = new double[g1 * g2];
        double[] gl = new double[2], hl = new double[3];
        for (int a = 0; a < g1; a++) {
            for (int b = 0; b < g2; b++) {
                double p = Math.exp(logMu0(x1[a], x2[b]));
                gradLogMu0(x1[a], x2[b], gl);
                hessLogMu0(x1[a], x2[b], hl);
                m0[a * g2 + b] = p;
                m1[a * g2 + b] = p * gl[0];
                m2[a * g2 + b] = p * gl[1];
                m11[a * g2 + b] = p * (hl[0] + gl[0] * gl[0]);
                m12[a * g2 + b] = p * (hl[1] + gl[0] * gl[1]);
                m22[a * g2 + b] = p * (hl[2] + gl[1] * gl[1]);
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

    /**
     * {∂11, ∂12, ∂22} log μ0 at (a, b): with g = ∇u, H = D²u, ∇²(−½|g|²) = −H² − g1 ∇²g1
     * (∇²g1 = [[24εa, 0], [0, 0]], g2 linear) and log det H = log(1 + 12εa² − ε²), whose only
     * second derivative is ∂aa = 24ε/det − (24εa/det)².
     */
    void hessLogMu0(double a, double b, double[] out) {
        double g1 = a + eps * (b + 4 * a * a * a);
        double h11 = 1 + 12 * eps * a * a;
        double det = h11 - eps * eps;
        double q = 24 * eps * a / det;
        out[0] = -(h11 * h11 + eps * eps) - 24 * eps * a * g1 + 24 * eps / det - q * q;
        out[1] = -(h11 * eps + eps);
        out[2] = -(eps * eps + 1);
    }

    @Override
    public int dim() {
        return 2;
    }

    /** {p_t(y), ∂1 p_t(y), ∂2 p_t(y)}. */
    double[] densityAndGradient(double t, double y1, double y2) {
        return java.util.Arrays.copyOf(quadrature(t, y1, y2, false), 3);
    }

    /** {p_t(y), ∂1 p_t, ∂2 p_t, ∂11 p_t, ∂12 p_t, ∂22 p_t}. */
    double[] densityGradientHessian(double t, double y1, double y2) {
        return quadrature(t, y1, y2, true);
    }

    /** ∇²log p_t(y) = ∇²p/p − ∇p ∇pᵀ/p², as {∂11, ∂12, ∂22}. */
    double[] scoreJacobian(double t, double y1, double y2) {
        double[] v = densityGradientHessian(t, y1, y2);
        double s1 = v[1] / v[0], s2 = v[2] / v[0];
        return new double[] {v[3] / v[0] - s1 * s1, v[4] / v[0] - s1 * s2, v[5] / v[0] - s2 * s2};
    }

    private double[] quadrature(double t, double y1, double y2, boolean hessian) {
        double alpha = Math.exp(-t), s = Math.sqrt(Math.expm1(2 * t));
        double c1 = y1 / alpha, c2 = y2 / alpha;
        if (t == 0) {
            double[] gl = new double[2], hl = new double[3];
            gradLogMu0(y1, y2, gl);
            hessLogMu0(y1, y2, hl);
            double p = Math.exp(logMu0(y1, y2));
            return new double[] {p, p * gl[0], p * gl[1], p * (hl[0] + gl[0] * gl[0]), p * (hl[1] + gl[0] * gl[1]),
                p * (hl[2] + gl[1] * gl[1])};
        }
        double[] acc = new double[6];
        double c;
        if (s < 2.5 * h) {
            double dz = 0.4;
            int m = (int) Math.round(9 / dz);
            double[] gl = new double[2], hl = new double[3];
            for (int i = -m; i <= m; i++) {
                double za = i * dz, wa = Math.exp(-0.5 * za * za);
                for (int j = -m; j <= m; j++) {
                    double zb = j * dz, w = wa * Math.exp(-0.5 * zb * zb);
                    double a = c1 + s * za, b = c2 + s * zb;
                    double mu = w * Math.exp(logMu0(a, b));
                    gradLogMu0(a, b, gl);
                    acc[0] += mu;
                    acc[1] += mu * gl[0];
                    acc[2] += mu * gl[1];
                    if (hessian) {
                        hessLogMu0(a, b, hl);
                        acc[3] += mu * (hl[0] + gl[0] * gl[0]);
                        acc[4] += mu * (hl[1] + gl[0] * gl[1]);
                        acc[5] += mu * (hl[2] + gl[1] * gl[1]);
                    }
                }
            }
            c = dz * dz / (2 * Math.PI * alpha * alpha);
        } else {
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
                double r0 = 0, r1 = 0, r2 = 0, r11 = 0, r12 = 0, r22 = 0;
                int off = a * g2;
                for (int b = 0; b < g2; b++) {
                    double k = k2[b];
                    r0 += m0[off + b] * k;
                    r1 += m1[off + b] * k;
                    r2 += m2[off + b] * k;
                }
                if (hessian) {
                    for (int b = 0; b < g2; b++) {
                        double k = k2[b];
                        r11 += m11[off + b] * k;
                        r12 += m12[off + b] * k;
                        r22 += m22[off + b] * k;
                    }
                }
                acc[0] += k1 * r0;
                acc[1] += k1 * r1;
                acc[2] += k1 * r2;
                acc[3] += k1 * r11;
                acc[4] += k1 * r12;
                acc[5] += k1 * r22;
            }
            c = h * h / (2 * Math.PI * s * s * alpha * alpha);
        }
        double a2 = alpha * alpha;
        return new double[] {c * acc[0], c * acc[1] / alpha, c * acc[2] / alpha, c * acc[3] / a2, c * acc[4] / a2,
            c * acc[5] / a2};
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

    /**
     * The reference encoder with its Jacobian: x(t0) ↦ x(T) and J = ∂x(T)/∂x(t0) by the variational
     * equation J' = ∇v J, ∇v = −I − ∇²log p_t(x), J(t0) = I, one point at a time (state x, J row-major,
     * DOP853 at tolerance {@code tol}). Returns {x(T) row-major N x 2, J row-major N x 4}.
     */
    double[][] encodeWithJacobian(double[] x, double t0, double horizon, double tol) {
        int n = x.length / 2;
        double[] out = new double[2 * n], jac = new double[4 * n];
        IntStream.range(0, n).parallel().forEach(i -> {
            OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
                @Override
                public int getDimension() {
                    return 6;
                }

                @Override
                public double[] computeDerivatives(double t, double[] y) {
                    double[] v = densityGradientHessian(t, y[0], y[1]);
                    double s1 = v[1] / v[0], s2 = v[2] / v[0];
                    // ∇v = −I − ∇²log p
                    double a11 = -1 - (v[3] / v[0] - s1 * s1), a12 = -(v[4] / v[0] - s1 * s2),
                            a22 = -1 - (v[5] / v[0] - s2 * s2);
                    return new double[] {-y[0] - s1, -y[1] - s2, a11 * y[2] + a12 * y[4], a11 * y[3] + a12 * y[5],
                        a12 * y[2] + a22 * y[4], a12 * y[3] + a22 * y[5]};
                }
            };
            DormandPrince853Integrator in = new DormandPrince853Integrator(0, horizon - t0, tol, tol);
            ODEStateAndDerivative end = in.integrate(ode,
                    new ODEState(t0, new double[] {x[2 * i], x[2 * i + 1], 1, 0, 0, 1}), horizon);
            double[] y = end.getPrimaryState();
            out[2 * i] = y[0];
            out[2 * i + 1] = y[1];
            System.arraycopy(y, 2, jac, 4 * i, 4);
        });
        return new double[][] {out, jac};
    }
}
