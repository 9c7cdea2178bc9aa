package org.ttfp.fp.sde;

/**
 * Base of the SDEs with a constant isotropic diffusion g_i(t)² = g² on every axis:
 * ∫_s^t g² dτ = g² (t − s) exactly.
 */
public abstract class ConstantDiffusionSde extends ConstantAxisDiffusionSde {
    /** The constant g² ≥ 0. */
    protected final double g2;

    /**
     * @param d  dimension ≥ 1
     * @param g2 g² ≥ 0, finite (subclasses may require more, e.g. g² &gt; 0, before calling)
     */
    protected ConstantDiffusionSde(int d, double g2) {
        super(d, g2);
        this.g2 = g2;
    }

    /** The squared diffusion g². */
    public final double g2() {
        return g2;
    }
}
