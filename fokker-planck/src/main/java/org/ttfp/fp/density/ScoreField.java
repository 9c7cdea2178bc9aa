package org.ttfp.fp.density;

/** The score ∇ log p_t(x) of a time-dependent density, evaluated in batches. */
public interface ScoreField {
    /** The dimension d. */
    int dim();

    /**
     * Writes ∇ log p_t(x_s) for {@code count} points (row-major count x d) into {@code out}
     * (row-major count x d).
     */
    void score(double t, double[] x, int count, double[] out);
}
