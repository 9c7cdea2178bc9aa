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
public final class SubVpSde implements LinearGaussianSde, SeparableLinearSde {

    /** This SDE itself (its axes are independent linear Gaussian transitions). */
    @Override
    public java.util.Optional<SeparableLinearSde> separableLinear() {
        return java.util.Optional.of(this);
    }


    private final VpSde schedule;

    /**
     * @param d       dimension ≥ 1
     * @param betaMin β(0) ≥ 0
     * @param betaMax β(T) ≥ 0
     * @param horizon T &gt; 0
     */
    public SubVpSde(int d, double betaMin, double betaMax, double horizon) {
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

    @Override
    public int dim() {
        return schedule.dim();
    }

    @Override
    public void drift(double t, double[] x, int count, double[] out) {
        schedule.drift(t, x, count, out);
    }

    /** ∇·f = −½ β(t) d, exact. */
    @Override
    public void divergence(double t, double[] x, int count, double[] out) {
        schedule.divergence(t, x, count, out);
    }

    /** g² = β(t)(1 − e^{−2B(t)}). */
    @Override
    public double diffusion2(int axis, double t) {
        FpChecks.axis(axis, dim());
        return schedule.beta(t) * -Math.expm1(-2 * schedule.integratedBeta(0, t));
    }

    /**
     * ∫_s^t g² = ΔB − ½ e^{−2B(s)} (1 − e^{−2ΔB}), ΔB = B(s, t) (closed form, since
     * β e^{−2B} = −½ d/dτ e^{−2B}).
     */
    @Override
    public double integratedDiffusion2(int axis, double s, double t) {
        FpChecks.axis(axis, dim());
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
        return "SubVpSde[d=" + dim() + ", betaMin=" + schedule.betaMin() + ", betaMax=" + schedule.betaMax()
                + ", T=" + schedule.horizon() + "]";
    }
}
