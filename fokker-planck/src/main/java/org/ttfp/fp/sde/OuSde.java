package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * The isotropic Ornstein–Uhlenbeck SDE dX = −a X dt + g dW in R^d (constant a, g² ≥ 0):
 * α(t) = e^{−at}, σ²(t) = g² (1 − e^{−2at})/(2a) (g² t when a = 0), stationary law
 * N(0, g²/(2a) I) for a &gt; 0 (docs/math.md §1). The paper's time-changed VP-SDE is
 * {@link #paper(int)}: a = 1, g² = 2, so ∂p/∂t = ∇·(x p) + Δp with stationary law N(0, I).
 * For per-axis rates see {@link DiagonalOuSde}; for a full matrix {@link MatrixOuSde}.
 */
public final class OuSde extends ConstantDiffusionSde implements SeparableLinearGaussianSde {

    private final double rate;

    /**
     * @param d    dimension ≥ 1
     * @param rate a (finite; a &lt; 0 gives an unstable process, allowed)
     * @param g2   g² ≥ 0
     */
    public OuSde(int d, double rate, double g2) {
        super(d, FpChecks.nonNegative("g2 (diffusion g²)", g2));
        this.rate = FpChecks.finite("rate", rate);
    }

    /** The paper's form dX = −X dt + √2 dW (docs/paper-protocol.md §1). */
    public static OuSde paper(int d) {
        return new OuSde(d, 1.0, 2.0);
    }

    /** The rate a. */
    public double rate() {
        return rate;
    }

    @Override
    protected void computeDrift(double t, double[] x, int count, double[] out) {
        linearDrift(-rate, x, count * d, out);
    }

    /** ∇·f = −a d, exact. */
    @Override
    protected void computeDivergence(double t, double[] x, int count, double[] out) {
        java.util.Arrays.fill(out, 0, count, -rate * d);
    }

    @Override
    public double alpha(double t) {
        return Math.exp(-rate * t);
    }

    @Override
    public double sigma2(double t) {
        return ouVariance(rate, g2, t);
    }

    @Override
    public double transitionScale(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        FpChecks.forward(s, t);
        return Math.exp(-rate * (t - s));
    }

    @Override
    public double transitionVariance(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        FpChecks.forward(s, t);
        return ouVariance(rate, g2, t - s);
    }

    /** g² (1 − e^{−2aτ})/(2a), continuous at a = 0 (g² τ), without cancellation. */
    static double ouVariance(double a, double g2, double tau) {
        double x = 2 * a * tau;
        if (Math.abs(x) < 1e-8) {
            return g2 * tau * (1 - 0.5 * x);
        }
        return g2 * tau * (-Math.expm1(-x) / x);
    }

    @Override
    public String toString() {
        return "OuSde[d=" + d + ", rate=" + rate + ", g2=" + g2 + "]";
    }
}
