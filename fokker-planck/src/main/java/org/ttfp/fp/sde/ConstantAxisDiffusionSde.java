package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * Base of the SDEs with a constant diffusion g_i² per axis (diagonal and matrix OU, SDEs rotated
 * into the eigen-coordinates of a constant D): ∫_s^t g_i² dτ = g_i² (t − s) exactly.
 */
public abstract class ConstantAxisDiffusionSde extends AbstractSde {
    private final double[] g2;

    /**
     * A diffusion g_i² per axis.
     *
     * @param g2 g_i² ≥ 0, finite (length d ≥ 1; copied)
     * @throws IllegalArgumentException naming the entry that is missing, not finite or negative
     */
    protected ConstantAxisDiffusionSde(double[] g2) {
        super(checkedLength(g2));
        this.g2 = FpChecks.finiteArray("g2", g2, d);
        for (int i = 0; i < d; i++) {
            if (g2[i] < 0) {
                throw new IllegalArgumentException("g2[" + i + "] = " + g2[i] + ": expected a diffusion g² >= 0");
            }
        }
    }

    /**
     * The same g² on every axis.
     *
     * @param d  dimension ≥ 1
     * @param g2 g² ≥ 0, finite
     */
    protected ConstantAxisDiffusionSde(int d, double g2) {
        super(d);
        this.g2 = new double[d];
        java.util.Arrays.fill(this.g2, FpChecks.nonNegative("g2 (diffusion g²)", g2));
    }

    /** g_i² already validated by the caller (e.g. the diagonal of a validated {@link DiffusionMatrix}); copied. */
    ConstantAxisDiffusionSde(int d, double[] g2) {
        super(d);
        this.g2 = g2.clone();
    }

    private static int checkedLength(double[] g2) {
        if (g2 == null || g2.length == 0) {
            throw new IllegalArgumentException("g2 is " + (g2 == null ? "null" : "empty") + ": expected d >= 1 diffusions");
        }
        return g2.length;
    }

    @Override
    public final double diffusion2(int axis, double t) {
        FpChecks.axis(axis, d);
        return g2[axis];
    }

    @Override
    public final double integratedDiffusion2(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        return g2[axis] * (t - s);
    }
}
