package org.ttfp.linalg;

/**
 * Unblocked Householder QR on a column-major heap array (the pure-Java path). Unlike a Gram-matrix
 * or Cholesky method it is backward stable for any matrix, rank-deficient ones included: a column
 * that is already zero below the diagonal gets the identity reflector.
 */
final class HouseholderQr {
    private HouseholderQr() {}

    /**
     * Factors the m x n column-major matrix {@code a} (overwritten) for m ≥ n.
     * Returns {q (m x n), r (n x n)}, both column-major. Cost: 4 m n² − 4 n³/3 flops.
     */
    static double[][] factor(double[] a, int m, int n) {
        double[] tau = new double[n];
        for (int j = 0; j < n; j++) {
            int cj = j * m;
            double scale = 0;
            for (int i = j; i < m; i++) {
                scale = Math.max(scale, Math.abs(a[cj + i]));
            }
            if (scale == 0) {
                tau[j] = 0;
                continue;
            }
            double ss = 0;
            for (int i = j; i < m; i++) {
                double v = a[cj + i] / scale;
                ss += v * v;
            }
            double alpha = a[cj + j];
            double norm = scale * Math.sqrt(ss);
            double beta = alpha >= 0 ? -norm : norm;
            // v = x − beta e1, normalized so v[0] = 1; tau = (beta − alpha) / beta
            tau[j] = (beta - alpha) / beta;
            double inv = 1.0 / (alpha - beta);
            for (int i = j + 1; i < m; i++) {
                a[cj + i] *= inv;
            }
            a[cj + j] = beta;
            // apply H = I − tau v vᵀ to the trailing columns
            for (int k = j + 1; k < n; k++) {
                int ck = k * m;
                double s = a[ck + j];
                for (int i = j + 1; i < m; i++) {
                    s += a[cj + i] * a[ck + i];
                }
                s *= tau[j];
                a[ck + j] -= s;
                for (int i = j + 1; i < m; i++) {
                    a[ck + i] -= s * a[cj + i];
                }
            }
        }
        double[] r = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                r[i + j * n] = a[i + j * m];
            }
        }
        // Q = H_0 ... H_{n-1} [I; 0], accumulated backwards
        double[] q = new double[m * n];
        for (int j = 0; j < n; j++) {
            q[j + j * m] = 1.0;
        }
        for (int j = n - 1; j >= 0; j--) {
            if (tau[j] == 0) {
                continue;
            }
            int cj = j * m;
            for (int k = j; k < n; k++) {
                int ck = k * m;
                double s = q[ck + j];
                for (int i = j + 1; i < m; i++) {
                    s += a[cj + i] * q[ck + i];
                }
                s *= tau[j];
                q[ck + j] -= s;
                for (int i = j + 1; i < m; i++) {
                    q[ck + i] -= s * a[cj + i];
                }
            }
        }
        return new double[][] {q, r};
    }
}
