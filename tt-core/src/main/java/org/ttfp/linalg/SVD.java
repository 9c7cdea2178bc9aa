package org.ttfp.linalg;

/**
 * Thin singular value decomposition A = U diag(s) Vt of an m x n matrix, k = min(m, n).
 *
 * @param u  left singular vectors, m x k, orthonormal columns
 * @param s  singular values, length k, non-increasing, on the heap
 * @param vt right singular vectors transposed, k x n, orthonormal rows
 */
public record SVD(Mat u, double[] s, Mat vt) {
    /** Number of singular values, min(m, n). */
    public int k() { return s.length; }

    /**
     * The smallest rank t ≥ 1 whose discarded tail has Σ_{i≥t} s_i² ≤ {@code tailSquared}, for
     * non-increasing singular values s, capped at {@code maxRank}. Cost: O(k).
     *
     * @throws IllegalArgumentException if s is null or maxRank &lt; 1
     */
    public static int truncationRank(double[] s, double tailSquared, int maxRank) {
        if (s == null || maxRank < 1) {
            throw new IllegalArgumentException("truncationRank: expected singular values and maxRank >= 1, got s = "
                    + (s == null ? "null" : "length " + s.length) + ", maxRank = " + maxRank);
        }
        double tail = 0;
        int t = s.length;
        while (t > 1) {
            double next = tail + s[t - 1] * s[t - 1];
            if (next > tailSquared) {
                break;
            }
            tail = next;
            t--;
        }
        return Math.max(1, Math.min(t, maxRank));
    }
}
