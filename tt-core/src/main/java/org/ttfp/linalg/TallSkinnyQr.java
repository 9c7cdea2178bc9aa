package org.ttfp.linalg;

/**
 * Thin QR of a tall matrix (m ≥ n) in a form that suits a GPU: CholeskyQR2, shifted CholeskyQR3,
 * and Householder QR on the host as the fallback that makes the result as accurate as LAPACK's.
 *
 * <p>One CholeskyQR pass on an m x n matrix Q: the Gram matrix G = QᵀQ (n x n, 2 m n² flops,
 * one GEMM/SYRK on the device), its Cholesky factor G = RᵀR on the host (n³/3 flops), and
 * Q := Q R⁻¹ (m n² flops, a triangular solve or product on the device). Only an n x n matrix
 * crosses to the host. The passes:
 * <ol>
 *   <li><b>CholeskyQR2</b> (Yamamoto et al. 2015): two passes. The first leaves Q₁ with
 *       ‖Q₁ᵀQ₁ − I‖ ≈ u κ(A)²; the second restores orthogonality to O(u). Taken when the first
 *       Cholesky succeeds and κ_F(R₁) = ‖R₁‖_F ‖R₁⁻¹‖_F ≤ {@value #KAPPA_PLAIN}.</li>
 *   <li><b>Shifted CholeskyQR3</b> (Fukaya et al. 2020): otherwise the first pass factors
 *       G + sI with s = 11 (m n + n (n+1)) u ‖A‖_F², which always has a Cholesky factor and
 *       bounds κ(Q₁) by about √(s) κ(A) / ‖A‖; two plain passes follow. The pass after the shift
 *       must see κ_F(R₂) ≤ {@value #KAPPA_SECOND}.</li>
 *   <li><b>Householder</b> on the host (via {@link Backend#qr} of a CPU backend, then uploaded):
 *       when a later Cholesky breaks down, κ_F exceeds its limit, or the Gram matrix before the
 *       last pass is not within {@value #ORTHO_TOL} of I in Frobenius norm. This is the case of
 *       rank-deficient A (e.g. [B B]): no Gram-based method can produce the missing orthonormal
 *       directions, Householder reflections can.</li>
 * </ol>
 * The acceptance test before the last pass (‖Q_prevᵀQ_prev − I‖_F ≤ {@value #ORTHO_TOL}, so
 * κ(Q_prev) ≤ 1.2) guarantees that the last pass returns Q orthonormal to working precision,
 * so every path meets the accuracy of Householder QR: ‖QᵀQ − I‖ = O(u) and ‖A − QR‖ = O(u ‖A‖).
 * R has a positive diagonal on the Cholesky paths (Householder R may have either sign).
 *
 * <p>Matrices with ‖A‖_F outside [1e-100, 1e100] are scaled by 1/‖A‖_F first, so the Gram
 * matrix neither overflows nor underflows. Cost: 4 m n² (CholeskyQR2) or 6 m n² (shifted
 * CholeskyQR3) flops on the backend, plus O(n³) on the host.
 */
public final class TallSkinnyQr {

    /** κ_F(R₁) up to which the unshifted first pass is kept (CholeskyQR2 needs κ(A)² u ≪ 1). */
    public static final double KAPPA_PLAIN = 1e6;
    /** κ_F of the pass after the shift above which A is treated as numerically rank-deficient. */
    public static final double KAPPA_SECOND = 1e7;
    /** Largest ‖QᵀQ − I‖_F accepted before the last pass. */
    public static final double ORTHO_TOL = 0.1;

    private static final double U = 0x1p-53;
    private static final double SCALE_HI = 1e100;
    private static final double SCALE_LO = 1e-100;

    private TallSkinnyQr() {}

    /** Which algorithm produced the factorization. */
    public enum Path {
        /** Two unshifted CholeskyQR passes. */
        CHOLESKY_QR2,
        /** One shifted and two unshifted CholeskyQR passes. */
        SHIFTED_CHOLESKY_QR3,
        /** Householder QR on the host backend (rank-deficient or zero input). */
        HOUSEHOLDER
    }

    /**
     * A factorization and the path that produced it.
     *
     * @param qr   Q (m x n) and R (n x n), both owned by the working backend
     * @param path the algorithm used
     */
    public record Result(QR qr, Path path) {}

    /** The backend operations of one CholeskyQR pass; a backend with SYRK/TRSM supplies its own. */
    interface Ops {
        /** The n x n Gram matrix QᵀQ on the heap, column-major; only its upper triangle is read. */
        double[] gram(Mat q);

        /** A new m x n matrix Q R⁻¹ for the upper-triangular R (rInv = R⁻¹), both n x n column-major. */
        Mat timesUpperInverse(Mat q, double[] r, double[] rInv, int n);
    }

    /** Ops written with {@link Backend#gemm} alone: R⁻¹ is formed on the host and multiplied in. */
    static Ops genericOps(Backend be) {
        return new Ops() {
            @Override
            public double[] gram(Mat q) {
                return be.toArray(be.mul(q, true, q, false));
            }

            @Override
            public Mat timesUpperInverse(Mat q, double[] r, double[] rInv, int n) {
                return be.mul(q, be.fromArray(rInv, n, n));
            }
        };
    }

    /**
     * Thin QR of a tall matrix, A = Q R, with the accuracy of Householder QR (see the class comment).
     *
     * @param be   the backend that owns {@code a} and does the m-sized work
     * @param a    the m x n matrix, m ≥ n
     * @param host a CPU backend for the Householder fallback (may equal {@code be})
     * @return Q (m x n, orthonormal columns) and R (n x n, upper triangular), owned by {@code be}
     * @throws IllegalArgumentException if m &lt; n or a matrix belongs to another backend
     * @throws ArithmeticException      if A has NaN or infinite entries
     */
    public static QR factor(Backend be, Mat a, Backend host) {
        return factorWithPath(be, a, host).qr();
    }

    /** As {@link #factor}, also reporting which algorithm was used. */
    public static Result factorWithPath(Backend be, Mat a, Backend host) {
        return factor(be, a, host, genericOps(be));
    }

    static Result factor(Backend be, Mat a, Backend host, Ops ops) {
        if (be == null || a == null || host == null) {
            throw new IllegalArgumentException("TallSkinnyQr.factor: backend, matrix and host backend must be non-null");
        }
        if (a.backend() != be) {
            throw new IllegalArgumentException("a belongs to backend '" + a.backend().name() + "', expected '" + be.name() + "'");
        }
        int m = a.rows(), n = a.cols();
        if (m < n) {
            throw new IllegalArgumentException("TallSkinnyQr needs rows >= cols, got a " + m + " x " + n + " matrix");
        }
        if (n == 0) {
            return new Result(householderViaHost(be, a, host), Path.HOUSEHOLDER);
        }
        double nrm = be.normF(a);
        if (!Double.isFinite(nrm)) {
            throw new ArithmeticException("QR of a " + m + " x " + n + " matrix with NaN or infinite entries (Frobenius norm "
                    + nrm + ")");
        }
        if (nrm == 0) {
            return new Result(householderViaHost(be, a, host), Path.HOUSEHOLDER);
        }
        double sigma = (nrm > SCALE_HI || nrm < SCALE_LO) ? nrm : 1.0;
        Mat q = a;
        if (sigma != 1.0) {
            q = be.copy(a);
            be.scale(1.0 / sigma, q);
        }

        // First pass: unshifted if well enough conditioned, else shifted.
        double[] g = ops.gram(q);
        Path path = Path.CHOLESKY_QR2;
        double[] r = cholesky(g, n, 0.0);
        double[] rInv = r == null ? null : invertUpper(r, n);
        if (r == null || !(condF(r, rInv, n) <= KAPPA_PLAIN)) {
            path = Path.SHIFTED_CHOLESKY_QR3;
            double shift = 11.0 * ((double) m * n + (double) n * (n + 1)) * U * trace(g, n);
            r = cholesky(g, n, shift);
            rInv = r == null ? null : invertUpper(r, n);
            if (r == null || !allFinite(rInv)) {
                return new Result(householderViaHost(be, a, host), Path.HOUSEHOLDER);
            }
        }
        q = ops.timesUpperInverse(q, r, rInv, n);
        double[] rTotal = r;

        int passes = path == Path.CHOLESKY_QR2 ? 1 : 2;
        for (int pass = 1; pass <= passes; pass++) {
            g = ops.gram(q);
            if (pass == passes && !(deviationFromIdentity(g, n) <= ORTHO_TOL)) {
                return new Result(householderViaHost(be, a, host), Path.HOUSEHOLDER);
            }
            r = cholesky(g, n, 0.0);
            rInv = r == null ? null : invertUpper(r, n);
            if (r == null || !(condF(r, rInv, n) <= KAPPA_SECOND)) {
                return new Result(householderViaHost(be, a, host), Path.HOUSEHOLDER);
            }
            q = ops.timesUpperInverse(q, r, rInv, n);
            rTotal = multiplyUpper(r, rTotal, n);
        }
        if (sigma != 1.0) {
            for (int i = 0; i < rTotal.length; i++) {
                rTotal[i] *= sigma;
            }
        }
        return new Result(new QR(q, be.fromArray(rTotal, n, n)), path);
    }

    /**
     * Householder QR of {@code a} on the host backend, the factors uploaded to {@code be}
     * (no transfer when the two are the same). Cost: 2 m n transfers plus the host QR.
     */
    static QR householderViaHost(Backend be, Mat a, Backend host) {
        if (host == be) {
            return be.qr(a);
        }
        int m = a.rows(), n = a.cols(), k = Math.min(m, n);
        QR h = host.qr(host.fromArray(be.toArray(a), m, n));
        return new QR(be.fromArray(host.toArray(h.q()), m, k), be.fromArray(host.toArray(h.r()), k, n));
    }

    // ------------------------------------------------------------------ small dense helpers (n x n, host)

    /**
     * Upper Cholesky factor R (RᵀR = G + shift I) of the symmetric n x n matrix whose upper triangle
     * is in {@code g} (column-major), or null if a pivot is not positive (or NaN). Lower triangle of
     * the result is zero. Cost: n³/3 flops.
     */
    static double[] cholesky(double[] g, int n, double shift) {
        double[] r = new double[n * n];
        for (int j = 0; j < n; j++) {
            int cj = j * n;
            for (int i = 0; i < j; i++) {
                int ci = i * n;
                double s = g[i + cj];
                for (int k = 0; k < i; k++) {
                    s -= r[k + ci] * r[k + cj];
                }
                r[i + cj] = s / r[i + ci];
            }
            double d = g[j + cj] + shift;
            for (int k = 0; k < j; k++) {
                d -= r[k + cj] * r[k + cj];
            }
            if (!(d > 0)) {
                return null;
            }
            r[j + cj] = Math.sqrt(d);
        }
        return r;
    }

    /** Inverse of a non-singular upper-triangular n x n matrix (column-major), upper triangular. Cost: n³/3. */
    static double[] invertUpper(double[] r, int n) {
        double[] x = new double[n * n];
        for (int j = 0; j < n; j++) {
            int cj = j * n;
            x[j + cj] = 1.0;
            // back substitution R x = e_j, column-oriented: x_k /= R_kk, then x[0..k) -= x_k R[0..k, k]
            for (int k = j; k >= 0; k--) {
                int ck = k * n;
                double xk = x[k + cj] / r[k + ck];
                x[k + cj] = xk;
                if (xk != 0) {
                    for (int i = 0; i < k; i++) {
                        x[i + cj] -= xk * r[i + ck];
                    }
                }
            }
        }
        return x;
    }

    /** Product of two upper-triangular n x n matrices (column-major), upper triangular. Cost: n³/3. */
    static double[] multiplyUpper(double[] a, double[] b, int n) {
        double[] c = new double[n * n];
        for (int j = 0; j < n; j++) {
            int cj = j * n;
            for (int k = 0; k <= j; k++) {
                double bkj = b[k + cj];
                if (bkj != 0) {
                    int ck = k * n;
                    for (int i = 0; i <= k; i++) {
                        c[i + cj] += a[i + ck] * bkj;
                    }
                }
            }
        }
        return c;
    }

    /** κ_F(R) = ‖R‖_F ‖R⁻¹‖_F, an upper bound of the 2-norm condition number (NaN/Inf propagate). */
    static double condF(double[] r, double[] rInv, int n) {
        return frob(r) * frob(rInv);
    }

    /** ‖G − I‖_F of a symmetric matrix from its upper triangle. */
    static double deviationFromIdentity(double[] g, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                double v = g[i + j * n];
                s += 2 * v * v;
            }
            double d = g[j + j * n] - 1.0;
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static double trace(double[] g, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += g[i + i * n];
        }
        return t;
    }

    private static double frob(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static boolean allFinite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
