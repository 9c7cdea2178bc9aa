package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * The variance-preserving SDE of DDPM (docs/math.md §1):
 * <pre>
 *   dX = −½ β(t) X dt + √β(t) dW,   β(t) = β_min + (t / T)(β_max − β_min),
 * </pre>
 * with B(s, t) = ∫_s^t β = (t − s)(β_min + (β_max − β_min)(s + t)/(2T)), α(t) = exp(−½ B(0, t)),
 * σ²(t) = 1 − α(t)². The transition from s to t is X(t) = a X(s) + √v ε with
 * a = exp(−½ B(s, t)), v = 1 − a² (computed as −expm1(−B) without cancellation).
 * Defaults (DDPM): β_min = 0.1, β_max = 20, T = 1. β is extended linearly beyond [0, T].
 */
public final class VpSde extends ScheduledSde {

    /** Default β_min of DDPM. */
    public static final double DEFAULT_BETA_MIN = 0.1;
    /** Default β_max of DDPM. */
    public static final double DEFAULT_BETA_MAX = 20.0;
    /** Default horizon T. */
    public static final double DEFAULT_HORIZON = 1.0;

    private final double betaMin;
    private final double betaMax;

    /**
     * @param d       dimension, ≥ 1
     * @param betaMin β(0) ≥ 0
     * @param betaMax β(T) ≥ 0 (either order is allowed, β must stay ≥ 0 on [0, T])
     * @param horizon T &gt; 0
     * @throws IllegalArgumentException naming the bad argument
     */
    public VpSde(int d, double betaMin, double betaMax, double horizon) {
        super(d, horizon);
        this.betaMin = FpChecks.nonNegative("betaMin", betaMin);
        this.betaMax = FpChecks.nonNegative("betaMax", betaMax);
    }

    /** The DDPM schedule β_min = 0.1, β_max = 20, T = 1. */
    public VpSde(int d) {
        this(d, DEFAULT_BETA_MIN, DEFAULT_BETA_MAX, DEFAULT_HORIZON);
    }

    /** β_min. */
    public double betaMin() {
        return betaMin;
    }

    /** β_max. */
    public double betaMax() {
        return betaMax;
    }

    /** β(t) = β_min + (t/T)(β_max − β_min). */
    public double beta(double t) {
        return betaMin + (t / horizon) * (betaMax - betaMin);
    }

    /** B(s, t) = ∫_s^t β(τ) dτ, exact. */
    public double integratedBeta(double s, double t) {
        return (t - s) * (betaMin + (betaMax - betaMin) * (s + t) / (2 * horizon));
    }

    @Override
    protected void computeDrift(double t, double[] x, int count, double[] out) {
        linearDrift(-0.5 * beta(t), x, count * d, out);
    }

    /** ∇·f = −½ β(t) d, exact. */
    @Override
    protected void computeDivergence(double t, double[] x, int count, double[] out) {
        java.util.Arrays.fill(out, 0, count, -0.5 * beta(t) * d);
    }

    @Override
    public double diffusion2(int axis, double t) {
        FpChecks.axis(axis, d);
        return beta(t);
    }

    @Override
    public double integratedDiffusion2(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        return integratedBeta(s, t);
    }

    @Override
    public double alpha(double t) {
        return Math.exp(-0.5 * integratedBeta(0, t));
    }

    @Override
    public double sigma2(double t) {
        return -Math.expm1(-integratedBeta(0, t));
    }

    @Override
    public double transitionScale(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        FpChecks.forward(s, t);
        return Math.exp(-0.5 * integratedBeta(s, t));
    }

    @Override
    public double transitionVariance(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        FpChecks.forward(s, t);
        return -Math.expm1(-integratedBeta(s, t));
    }

    @Override
    public String toString() {
        return "VpSde[d=" + d + ", betaMin=" + betaMin + ", betaMax=" + betaMax + ", T=" + horizon + "]";
    }
}
