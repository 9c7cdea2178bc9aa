package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * The variance-exploding SDE of score-based models (Song et al. 2021):
 * <pre>
 *   dX = √(d σ_n(t)²/dt) dW,   σ_n(t) = σ_min (σ_max/σ_min)^{t/T},
 * </pre>
 * so g(t)² = 2 σ_n(t)² ln(σ_max/σ_min)/T and the drift is zero. Started at X(0) (without the
 * σ_min noise floor), X(t) = X(0) + σ(t) ε with α = 1 and σ²(t) = σ_n(t)² − σ_min²; from s to t,
 * a = 1 and v = σ_n(t)² − σ_n(s)². Defaults σ_min = 0.01, σ_max = 50, T = 1 (the box must then
 * reach far out: the solver refuses a box that loses mass).
 */
public final class VeSde extends ScheduledSde {

    /** Default σ_min. */
    public static final double DEFAULT_SIGMA_MIN = 0.01;
    /** Default σ_max. */
    public static final double DEFAULT_SIGMA_MAX = 50.0;

    private final double sigmaMin;
    private final double sigmaMax;
    private final double logRatio;

    /**
     * @param sigmaMin σ_min &gt; 0
     * @param sigmaMax σ_max ≥ σ_min
     * @param horizon  T &gt; 0
     */
    public VeSde(int d, double sigmaMin, double sigmaMax, double horizon) {
        super(d, horizon);
        this.sigmaMin = FpChecks.positive("sigmaMin", sigmaMin);
        FpChecks.positive("sigmaMax", sigmaMax);
        if (sigmaMax < sigmaMin) {
            throw new IllegalArgumentException("sigmaMax = " + sigmaMax + ": expected >= sigmaMin = " + sigmaMin);
        }
        this.sigmaMax = sigmaMax;
        this.logRatio = Math.log(sigmaMax / sigmaMin);
    }

    /** Defaults σ_min = 0.01, σ_max = 50, T = 1. */
    public VeSde(int d) {
        this(d, DEFAULT_SIGMA_MIN, DEFAULT_SIGMA_MAX, 1.0);
    }

    /** The noise level σ_n(t) = σ_min (σ_max/σ_min)^{t/T}. */
    public double noiseLevel(double t) {
        return sigmaMin * Math.exp(logRatio * t / horizon);
    }

    @Override
    protected void computeDrift(double t, double[] x, int count, double[] out) {
        java.util.Arrays.fill(out, 0, count * d, 0.0);
    }

    @Override
    protected void computeDivergence(double t, double[] x, int count, double[] out) {
        java.util.Arrays.fill(out, 0, count, 0.0);
    }

    @Override
    public double diffusion2(int axis, double t) {
        FpChecks.axis(axis, d);
        double s = noiseLevel(t);
        return 2 * s * s * logRatio / horizon;
    }

    /** ∫_s^t g² = σ_n(t)² − σ_n(s)² = σ_n(s)² (e^{2 ln(σ_max/σ_min)(t−s)/T} − 1), exact. */
    @Override
    public double integratedDiffusion2(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        double ns = noiseLevel(s);
        return ns * ns * Math.expm1(2 * logRatio * (t - s) / horizon);
    }

    @Override
    public double alpha(double t) {
        return 1.0;
    }

    @Override
    public double sigma2(double t) {
        return sigmaMin * sigmaMin * Math.expm1(2 * logRatio * t / horizon);
    }

    @Override
    public double transitionScale(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        FpChecks.forward(s, t);
        return 1.0;
    }

    @Override
    public double transitionVariance(int axis, double s, double t) {
        FpChecks.forward(s, t);
        return integratedDiffusion2(axis, s, t);
    }

    @Override
    public String toString() {
        return "VeSde[d=" + d + ", sigmaMin=" + sigmaMin + ", sigmaMax=" + sigmaMax + ", T=" + horizon + "]";
    }
}
