package org.ttfp.linalg;

/**
 * Accumulates the Euclidean norm √(Σ vᵢ²) of a stream of numbers without overflow or underflow, by
 * the scaled sum of squares of LAPACK's {@code dlassq}: the state (scale, ssq) represents
 * scale²·ssq = Σ vᵢ², with scale = max |vᵢ| so far. Cost: one or two divisions per nonzero entry.
 *
 * <p>A NaN entry is passed over (|v| &gt; 0 is false); callers that must propagate NaN test for it
 * before {@link #add}. Not thread-safe: one accumulator per sum.
 */
public final class ScaledNorm {
    private double scale = 0;
    private double ssq = 1;

    /** Adds v² to the sum (zero and NaN entries leave it unchanged). */
    public void add(double v) {
        double a = Math.abs(v);
        if (a > 0) {
            if (scale < a) {
                ssq = 1 + ssq * (scale / a) * (scale / a);
                scale = a;
            } else {
                ssq += (a / scale) * (a / scale);
            }
        }
    }

    /** √(Σ vᵢ²) of the entries added so far (0 when none was nonzero). */
    public double value() {
        return scale * Math.sqrt(ssq);
    }
}
