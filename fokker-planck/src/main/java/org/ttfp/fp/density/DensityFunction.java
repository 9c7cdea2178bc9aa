package org.ttfp.fp.density;

/** A function of points in R^d evaluated in batches, such as an (unnormalised) density. */
@FunctionalInterface
public interface DensityFunction {
    /**
     * Writes f(x_s) for {@code count} points (x row-major count x d) into {@code out[0..count)}.
     * Values must be finite; a density must be ≥ 0.
     */
    void evaluate(double[] x, int count, double[] out);
}
