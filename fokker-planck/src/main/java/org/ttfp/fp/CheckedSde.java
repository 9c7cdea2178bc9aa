package org.ttfp.fp;

import java.util.Arrays;

/** Output checks on SDE callbacks during a solve: NaN/Inf drift or divergence stops it with a clear message (not API). */
public final class CheckedSde {
    private CheckedSde() {}

    /**
     * Requires {@code count·per} finite values ({@code x}: the count x d points they belong to).
     *
     * @throws IllegalArgumentException naming the callback, the time and the point
     */
    public static void requireFinite(String what, double[] v, int count, int per, double t, double[] x, int d) {
        for (int j = 0; j < count * per; j++) {
            if (!Double.isFinite(v[j])) {
                int s = j / per;
                throw new IllegalArgumentException(what + " returned " + v[j] + " at t = " + t + ", x = "
                        + Arrays.toString(Arrays.copyOfRange(x, s * d, s * d + d)) + ": expected finite values");
            }
        }
    }
}
