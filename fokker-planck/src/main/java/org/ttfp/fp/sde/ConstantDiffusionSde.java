package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * Base of the SDEs with a constant isotropic diffusion g_i(t)² = g² on every axis:
 * ∫_s^t g² dτ = g² (t − s) exactly.
 */
public abstract class ConstantDiffusionSde extends AbstractSde {
    /** The constant g² ≥ 0. */
    protected final double g2;

    /**
     * @param d  dimension ≥ 1
     * @param g2 g² ≥ 0, finite (subclasses may require more, e.g. g² &gt; 0, before calling)
     */
    protected ConstantDiffusionSde(int d, double g2) {
        super(d);
        this.g2 = FpChecks.nonNegative("g2 (diffusion g²)", g2);
    }

    /** The squared diffusion g². */
    public final double g2() {
        return g2;
    }

    @Override
    public final double diffusion2(int axis, double t) {
        FpChecks.axis(axis, d);
        return g2;
    }

    @Override
    public final double integratedDiffusion2(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        return g2 * (t - s);
    }
}
