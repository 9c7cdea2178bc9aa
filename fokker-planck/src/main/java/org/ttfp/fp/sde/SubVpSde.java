package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * The sub-VP SDE of score-based models (Song et al. 2021):
 * <pre>
 *   dX = −½ β(t) X dt + √(β(t)(1 − e^{−2B(t)})) dW,   B(t) = ∫_0^t β,
 * </pre>
 * with the linear schedule of {@link VpSde}. Its transition from 0 is X(t) = α X(0) + σ ε with
 * α = e^{−B/2} and σ² = (1 − e^{−B})², always below the VP variance. From s to t:
 * a = e^{−(B(t)−B(s))/2}, v = σ²(t) − a² σ²(s).
 */
public final class SubVpSde extends AbstractSde implements SeparableLinearGaussianSde {

    private final VpSde schedule;

    /**
     * @param d       dimension ≥ 1
     * @param betaMin β(0) ≥ 0
     * @param betaMax β(T) ≥ 0
     * @param horizon T &gt; 0
     */
    public SubVpSde(int d, double betaMin, double betaMax, double horizon) {
        super(d);
        this.schedule = new VpSde(d, betaMin, betaMax, horizon);
    }

    /** The default schedule β_min = 0.1, β_max = 20, T = 1. */
    public SubVpSde(int d) {
        this(d, VpSde.DEFAULT_BETA_MIN, VpSde.DEFAULT_BETA_MAX, VpSde.DEFAULT_HORIZON);
    }

    /** β(t) of the schedule. */
    public double beta(double t) {
        return schedule.beta(t);
    }

    /** The horizon T of the schedule. */
    public double horizon() {
        return schedule.horizon();
    }

    /** f = −½ β(t) x, the drift of the VP schedule. */
    @Override
    protected void computeDrift(double t, double[] x, int count, double[] out) {
        linearDrift(-0.5 * schedule.beta(t), x, count * d, out);
    }

    /** ∇·f = −½ β(t) d, exact. */
    @Override
    protected void computeDivergence(double t, double[] x, int count, double[] out) {
        java.util.Arrays.fill(out, 0, count, -0.5 * schedule.beta(t) * d);
    }

    /** g² = β(t)(1 − e^{−2B(t)}). */
    @Override
    public double diffusion2(int axis, double t) {
        FpChecks.axis(axis, d);
        return schedule.beta(t) * -Math.expm1(-2 * schedule.integratedBeta(0, t));
    }

    /**
     * ∫_s^t g² = ΔB − ½ e^{−2B(s)} (1 − e^{−2ΔB}), ΔB = B(s, t) (closed form, since
     * β e^{−2B} = −½ d/dτ e^{−2B}).
     */
    @Override
    public double integratedDiffusion2(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        double db = schedule.integratedBeta(s, t);
        return db + 0.5 * Math.exp(-2 * schedule.integratedBeta(0, s)) * Math.expm1(-2 * db);
    }

    @Override
    public double alpha(double t) {
        return schedule.alpha(t);
    }

    @Override
    public double sigma2(double t) {
        double u = -Math.expm1(-schedule.integratedBeta(0, t));
        return u * u;
    }

    @Override
    public double transitionScale(int axis, double s, double t) {
        return schedule.transitionScale(axis, s, t);
    }

    @Override
    public double transitionVariance(int axis, double s, double t) {
        double a = schedule.transitionScale(axis, s, t);
        return Math.max(0.0, sigma2(t) - a * a * sigma2(s));
    }

    @Override
    public String toString() {
        return "SubVpSde[d=" + d + ", betaMin=" + schedule.betaMin() + ", betaMax=" + schedule.betaMax()
                + ", T=" + schedule.horizon() + "]";
    }
}
