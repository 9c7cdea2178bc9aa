package org.ttfp.linalg;

/**
 * Thin QR factorization A = Q R of an m x n matrix: Q is m x k with orthonormal columns, R is
 * k x n upper triangular (upper trapezoidal when m &lt; n), k = min(m, n).
 *
 * @param q the factor Q (m x k)
 * @param r the factor R (k x n)
 */
public record QR(Mat q, Mat r) {}
