package org.ttfp.linalg;

/**
 * The argument checks of {@link AbstractBackend} that need no backend: shapes, scaling vectors,
 * row indices, core dimensions, products that must fit a matrix dimension, and the arguments and indices of
 * {@link Backend#evaluate}. Each throws with a message naming the operation, the argument, its
 * value and what was expected.
 */
final class BackendChecks {
    private BackendChecks() {}

    static void sameShape(Mat a, Mat b, String op, String an, String bn) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ, " + an + " is " + a.rows() + " x " + a.cols()
                    + ", " + bn + " is " + b.rows() + " x " + b.cols() + "; expected equal shapes");
        }
    }

    /** The vector s of a row or column scaling: non-null, of length {@code expected} (the matrix's {@code what}). */
    static void scaleLength(String op, double[] s, String what, int expected) {
        if (s == null || s.length != expected) {
            throw new IllegalArgumentException(op + ": s has length " + (s == null ? "null" : s.length)
                    + ", expected " + what + " = " + expected);
        }
    }

    /** Row indices: non-null, each in 0..rows-1 (one pass). */
    static void rowIndices(String op, int[] idx, int rows) {
        if (idx == null) {
            throw new IllegalArgumentException(op + ": idx is null");
        }
        for (int t = 0; t < idx.length; t++) {
            if (idx[t] < 0 || idx[t] >= rows) {
                throw new IndexOutOfBoundsException(op + ": row index " + idx[t] + " at position " + t
                        + " outside 0.." + (rows - 1));
            }
        }
    }

    /** Core dimensions r0 x n x r1, each &gt;= 0. */
    static void dims(String op, int r0, int n, int r1) {
        if (r0 < 0 || n < 0 || r1 < 0) {
            throw new IllegalArgumentException(op + ": core dimensions r0 = " + r0 + ", n = " + n + ", r1 = " + r1
                    + " must be >= 0");
        }
    }

    /** A product of dimensions that must itself be a matrix dimension (an int). */
    static int product(String op, String what, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + what + " = " + value + " exceeds the largest matrix dimension "
                    + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /**
     * The arrays of {@link Backend#evaluate}: non-null, n of length d, r of length d + 1 with
     * r[0] = r[d] = 1 and every r[k], n[k] &gt;= 0, count &gt;= 0 and idx holding count*d indices.
     */
    static void evaluateArguments(Mat[] cores, int[] n, int[] r, int[] idx, int count) {
        if (cores == null || n == null || r == null || idx == null) {
            throw new IllegalArgumentException("evaluate: cores, n, r and idx must be non-null, got "
                    + (cores == null ? "cores = null " : "") + (n == null ? "n = null " : "") + (r == null ? "r = null " : "")
                    + (idx == null ? "idx = null" : "").trim());
        }
        int d = cores.length;
        if (n.length != d || r.length != d + 1) {
            throw new IllegalArgumentException("evaluate: " + d + " cores need n of length " + d + " and r of length "
                    + (d + 1) + ", got " + n.length + " and " + r.length);
        }
        if (r[0] != 1 || r[d] != 1) {
            throw new IllegalArgumentException("evaluate: boundary ranks must be 1, got r[0] = " + r[0] + ", r[d] = " + r[d]);
        }
        if (count < 0 || (long) count * d > idx.length) {
            throw new IllegalArgumentException("evaluate: count = " + count + " samples of " + d
                    + " indices need idx of length >= count*d = " + (long) count * d + ", got " + idx.length);
        }
        for (int k = 0; k < d; k++) {
            dims("evaluate", r[k], n[k], r[k + 1]);
        }
    }

    /** Every index of the count samples in range: 0 &lt;= idx[s*d + k] &lt; n[k] (one pass). */
    static void indices(int[] n, int[] idx, int count) {
        int d = n.length;
        for (int s = 0; s < count; s++) {
            int base = s * d;
            for (int k = 0; k < d; k++) {
                int i = idx[base + k];
                if (i < 0 || i >= n[k]) {
                    throw new IndexOutOfBoundsException("evaluate: index " + i + " of sample " + s + " in mode " + k
                            + " outside 0.." + (n[k] - 1));
                }
            }
        }
    }
}
