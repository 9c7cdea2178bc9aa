package org.ttfp.ot;

import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.ttfp.fp.density.ScoreField;
import org.ttfp.fp.density.ScoreJacobianField;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.sde.Sde;

/**
 * The right-hand side of the probability-flow ODE for a batch of N points in the integration
 * variable τ ({@link FlowTime}), optionally with the variational equation:
 * <pre>
 *   dx/dτ = v(x, t) t'(τ),        v = f(x, t) − ½ g(t)² ∇log p_t(x),
 *   dJ/dτ = ∇v(x, t) J t'(τ),     ∇v = ∇f − ½ g² ∇²log p_t,      J(τ0) = I,
 * </pre>
 * state y = [x (N·d, row-major) | J (M·d·d, row-major per point)] with the Jacobians of the first
 * M ≤ N points. One drift call and one batched score call per stage (the first M points through
 * the score-and-Jacobian call, the other N − M through the score). The drift Jacobian ∇f is a(t) I for a
 * {@link LinearGaussianSde} (a read from two drift values, exact for an affine drift), else
 * central differences of the drift (step 1e−6·max(1, |x_j|)). Cost of the variational part per
 * point and stage: d³ multiply-adds besides the score Jacobian.
 */
final class FlowEquations implements OrdinaryDifferentialEquation {
    private final Sde sde;
    private final ScoreField score;
    private final ScoreJacobianField scoreJacobian;
    private final FlowTime clock;
    private final int d;
    private final int count;
    private final int jacobianCount;
    private final double lo, hi, tauLo, tauHi;
    private final double[] scores;
    private final double[] hess;
    int evaluations;

    /**
     * @param jacobian      null for the flow only, else the score Jacobian field (variational equation on)
     * @param jacobianCount M, the points (the first M) whose Jacobians are integrated (0 when jacobian is null)
     */
    FlowEquations(Sde sde, ScoreField score, ScoreJacobianField jacobian, FlowTime clock, int count, int jacobianCount,
            double from, double to) {
        this.sde = sde;
        this.score = score;
        this.scoreJacobian = jacobian;
        this.clock = clock;
        this.d = sde.dim();
        this.count = count;
        this.jacobianCount = jacobian == null ? 0 : jacobianCount;
        this.lo = Math.min(from, to);
        this.hi = Math.max(from, to);
        this.tauLo = clock.tau(lo);
        this.tauHi = clock.tau(hi);
        this.scores = new double[count * d];
        this.hess = jacobian == null ? null : new double[this.jacobianCount * d * d];
    }

    boolean variational() {
        return scoreJacobian != null;
    }

    /** The time at τ. */
    double time(double tau) {
        return clock.time(tau, lo, hi, tauLo, tauHi);
    }

    /** The initial state: x, and the identity per point when the variational equation is on. */
    double[] initialState(double[] x) {
        if (!variational()) {
            return x.clone();
        }
        double[] y = new double[getDimension()];
        System.arraycopy(x, 0, y, 0, count * d);
        int base = count * d;
        for (int s = 0; s < jacobianCount; s++) {
            for (int i = 0; i < d; i++) {
                y[base + s * d * d + i * d + i] = 1;
            }
        }
        return y;
    }

    @Override
    public int getDimension() {
        return count * d + jacobianCount * d * d;
    }

    @Override
    public double[] computeDerivatives(double tau, double[] y) {
        double t = time(tau);
        double rate = clock.timeDerivative(t);
        double[] out = new double[y.length];
        sde.drift(t, y, count, out);
        int m = jacobianCount;
        if (m > 0) {
            scoreJacobian.scoreAndJacobian(t, y, m, scores, hess);
        }
        if (m < count) {
            if (m == 0) {
                score.score(t, y, count, scores);
            } else {
                double[] rest = java.util.Arrays.copyOfRange(y, m * d, count * d);
                double[] sr = new double[rest.length];
                score.score(t, rest, count - m, sr);
                System.arraycopy(sr, 0, scores, m * d, sr.length);
            }
        }
        evaluations++;
        double[] g2 = new double[d];
        for (int i = 0; i < d; i++) {
            g2[i] = 0.5 * sde.diffusion2(i, t);
        }
        for (int s = 0; s < count; s++) {
            int off = s * d;
            for (int i = 0; i < d; i++) {
                double sc = scores[off + i];
                if (!Double.isFinite(sc)) {
                    throw new IllegalStateException("score at t = " + t + " of point " + s + " (axis " + i + ", x = "
                            + y[off + i] + ") is " + sc + ": expected a finite value (a solved density's score is NaN"
                            + " exactly where p <= 0: the TT dips to 0 or below at this point; raise the rank cap or"
                            + " refine the grid)");
                }
                out[off + i] = (out[off + i] - g2[i] * sc) * rate;
            }
        }
        if (variational()) {
            variationalPart(t, rate, y, g2, out);
        }
        return out;
    }

    /** dJ/dτ = (∇f − ½g² H) J t'(τ) into out[count·d ..]. */
    private void variationalPart(double t, double rate, double[] y, double[] g2, double[] out) {
        int dd = d * d, base = count * d;
        double[] grad = driftJacobian(t, y);
        double[] a = new double[dd];
        for (int s = 0; s < jacobianCount; s++) {
            int ho = s * dd;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double h = hess[ho + i * d + j];
                    if (!Double.isFinite(h)) {
                        throw new IllegalStateException("score Jacobian at t = " + t + " of point " + s + " (entry " + i
                                + "," + j + ") is " + h + ": expected a finite value");
                    }
                    double f = grad == null ? 0 : grad.length == 1 ? (i == j ? grad[0] : 0) : grad[ho + i * d + j];
                    a[i * d + j] = (f - g2[i] * h) * rate;
                }
            }
            int jo = base + ho;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double v = 0;
                    for (int k = 0; k < d; k++) {
                        v += a[i * d + k] * y[jo + k * d + j];
                    }
                    out[jo + i * d + j] = v;
                }
            }
        }
    }

    /**
     * ∇f: {a} when ∇f = a I (linear-Gaussian SDE), else row-major count x d x d by central differences.
     */
    private double[] driftJacobian(double t, double[] y) {
        if (sde instanceof LinearGaussianSde) {
            double[] pts = new double[2 * d], f = new double[2 * d];
            pts[d] = 1;
            sde.drift(t, pts, 2, f);
            return new double[] {f[d] - f[0]};
        }
        double[] jac = new double[jacobianCount * d * d];
        ScoreJacobians.centralDifferences((pts, m, out) -> sde.drift(t, pts, m, out), y, jacobianCount, d, 1e-6, jac);
        return jac;
    }
}
