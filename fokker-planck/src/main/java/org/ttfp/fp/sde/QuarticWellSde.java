package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * Base of the drifts built on the quartic well v(x) = ¼ (x² − 1)² of every axis (wells at ±1,
 * v'(x) = x³ − x) with a chain of nearest-neighbour terms of one strength (a gradient coupling in
 * {@link DoubleWellSde}, a rotation in {@link RotatingWellSde}) and a constant g² &gt; 0. Both chains
 * leave the divergence Σ_i (1 − 3 x_i²), computed exactly here.
 */
public abstract class QuarticWellSde extends ConstantDiffusionSde {
    /** The chain strength (κ or ω), finite. */
    protected final double strength;

    /**
     * @param d        dimension ≥ 1
     * @param name     the strength's name in messages
     * @param strength the chain strength, finite
     * @param g2       constant g² &gt; 0
     */
    QuarticWellSde(int d, String name, double strength, double g2) {
        super(d, FpChecks.positive("g2 (diffusion g²)", g2));
        this.strength = FpChecks.finite(name, strength);
    }

    /** v'(x) = x³ − x. */
    static double dv(double x) {
        return x * x * x - x;
    }

    /** ∇·f = Σ (1 − 3x_i²), exact. */
    @Override
    protected final void computeDivergence(double t, double[] x, int count, double[] out) {
        for (int s = 0; s < count; s++) {
            double v = 0;
            for (int i = 0; i < d; i++) {
                double xi = x[s * d + i];
                v += 1 - 3 * xi * xi;
            }
            out[s] = v;
        }
    }
}
