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
}
