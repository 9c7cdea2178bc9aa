package org.ttfp.linalg;

import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgemqrt;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeqrt;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesvd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlacpy_work;
import static org.bytedeco.openblas.global.openblas.cblas_dcopy;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The LAPACK factorizations of {@link OpenBlasBackend}: QR ({@code dgeqrt}/{@code dgemqrt}), SVD
 * ({@code dgesdd}, falling back to {@code dgesvd}) and LU solve ({@code dgetrf}/{@code dgetrs}),
 * called through the {@code LAPACKE_*_work} column-major entry points (no internal transposition,
 * no NaN scan: {@link AbstractBackend} has refused non-finite input before). All run on one
 * OpenBLAS thread except the triangular solves of a large right-hand side.
 */
final class OpenBlasLapack {
    /** Block size of the compact-WY QR (dgeqrt). */
    private static final int QR_BLOCK = 64;

    private OpenBlasLapack() {}

    /** dst := src (LAPACK dlacpy: 'A' all, 'U' upper trapezoid); no-op for an empty matrix. */
    static void lacpy(char uplo, OffHeapMat src, OffHeapMat dst) {
        if (src.size() == 0) {
            return;
        }
        int info = LAPACKE_dlacpy_work(LAPACK_COL_MAJOR, (byte) uplo, src.rows(), src.cols(), src.ptr(), src.ld(),
                dst.ptr(), dst.ld());
        checkInfo(info, "dlacpy");
    }

    static void checkInfo(int info, String routine) {
        if (info < 0) {
            throw new IllegalStateException(routine + " rejected argument " + (-info) + " (internal error)");
        }
    }

    /** The optimal workspace size a LAPACK query returned in {@code w[0]}, at least {@code min}. */
    private static int workSize(DoublePointer w, long min) {
        double v = w.get(0);
        long n = Math.max(min, (long) Math.ceil(v));
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("LAPACK workspace of " + n + " doubles exceeds the 32-bit LAPACK limit");
        }
        return (int) Math.max(1, n);
    }

    /**
     * Compact-WY Householder QR (dgeqrt, block nb) and Q = H [I; 0] by dgemqrt on a copy: the
     * reflectors are applied in blocks with level-3 kernels, about twice as fast here as dgeqrf +
     * dorgqr. Householder QR gives an orthonormal Q also for rank-deficient A.
     */
    static QR qr(OpenBlasBackend be, OffHeapMat src) {
        int m = src.rows(), n = src.cols(), k = Math.min(m, n);
        OffHeapMat f = be.copy(src);
        be.useThreads(1);
        int nb = Math.min(QR_BLOCK, k);
        try (DoublePointer t = new DoublePointer((long) nb * k)) {
            // zeroed: dgeqrt leaves part of the last block of T unset, and LAPACKE's NaN check of
            // dgemqrt reads all of it
            Pointer.memset(t, 0, (long) nb * k * Double.BYTES);
            checkInfo(LAPACKE_dgeqrt(LAPACK_COL_MAJOR, m, n, nb, f.ptr(), m, t, nb), "dgeqrt");
            OffHeapMat r = be.zeros(k, n);
            lacpy('U', (OffHeapMat) f.rowRange(0, k), r);
            OffHeapMat q = be.zeros(m, k);
            DoublePointer qp = q.ptr();
            for (int i = 0; i < k; i++) {
                qp.put(i + (long) i * m, 1.0);
            }
            checkInfo(LAPACKE_dgemqrt(LAPACK_COL_MAJOR, (byte) 'L', (byte) 'N', m, k, k, nb, f.ptr(), m, t, nb, q.ptr(), m),
                    "dgemqrt");
            f.free();
            return new QR(q, r);
        }
    }

    /**
     * LAPACK {@code dgesdd} (divide and conquer, thin factors); if it does not converge,
     * {@code dgesvd} (QR iteration) on a fresh copy. A wide A goes through its tall transpose.
     *
     * @throws ArithmeticException if neither routine converges
     */
    static SVD svd(OpenBlasBackend be, OffHeapMat src) {
        int m = src.rows(), n = src.cols(), k = Math.min(m, n);
        if (m < n) {
            // dgesdd is markedly faster on the tall transpose (measured 1.5–2x on TT unfoldings):
            // A = Bᵀ with B = U_B S V_Bᵀ gives U_A = V_B, V_Aᵀ = U_Bᵀ.
            OffHeapMat b = be.transpose(src);
            SVD sb = svd(be, b);
            be.release(b);
            Mat u = be.transpose(sb.vt());
            Mat vt = be.transpose(sb.u());
            be.release(sb.u());
            be.release(sb.vt());
            return new SVD(u, sb.s(), vt);
        }
        be.useThreads(1);
        OffHeapMat u = be.allocate(m, k), vt = be.allocate(k, n);
        double[] s = new double[k];
        try (DoublePointer sp = new DoublePointer(k); DoublePointer q = new DoublePointer(1);
                IntPointer iwork = new IntPointer(8L * k)) {
            OffHeapMat f = be.copy(src);
            checkInfo(LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, (byte) 'S', m, n, f.ptr(), m, sp, u.ptr(), m, vt.ptr(), k,
                    q, -1, iwork), "dgesdd");
            int info;
            try (DoublePointer work = new DoublePointer(workSize(q, 1))) {
                info = LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, (byte) 'S', m, n, f.ptr(), m, sp, u.ptr(), m, vt.ptr(), k,
                        work, (int) work.capacity(), iwork);
            }
            checkInfo(info, "dgesdd");
            if (info > 0) {
                lacpy('A', src, f);
                checkInfo(LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, (byte) 'S', (byte) 'S', m, n, f.ptr(), m, sp, u.ptr(), m,
                        vt.ptr(), k, q, -1), "dgesvd");
                try (DoublePointer work = new DoublePointer(workSize(q, 1))) {
                    info = LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, (byte) 'S', (byte) 'S', m, n, f.ptr(), m, sp, u.ptr(), m,
                            vt.ptr(), k, work, (int) work.capacity());
                }
                checkInfo(info, "dgesvd");
                if (info > 0) {
                    throw new ArithmeticException("SVD of a " + m + " x " + n + " matrix did not converge (dgesdd and dgesvd, "
                            + info + " superdiagonals left)");
                }
            }
            sp.get(s, 0, k);
            f.free();
        }
        return new SVD(u, s, vt);
    }

    /**
     * LAPACK {@code dgetrf} / {@code dgetrs}. A is declared singular to working precision when
     * an exact zero pivot occurs or when min |U_ii| &lt; eps max |U_ii| (eps = 2^-52).
     *
     * @throws ArithmeticException if A is singular to working precision
     */
    static OffHeapMat solve(OpenBlasBackend be, OffHeapMat ha, OffHeapMat hb) {
        int n = ha.rows(), nrhs = hb.cols();
        OffHeapMat lu = be.copy(ha);
        OffHeapMat x = be.copy(hb);
        be.useThreads(1);
        try (IntPointer ipiv = new IntPointer(n)) {
            int info = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, n, n, lu.ptr(), n, ipiv);
            checkInfo(info, "dgetrf");
            if (info > 0) {
                throw new ArithmeticException("solve: A (" + n + " x " + n + ") is singular (U(" + (info - 1) + ", "
                        + (info - 1) + ") = 0)");
            }
            double[] diag = new double[n];
            try (DoublePointer d = new DoublePointer(n)) {
                cblas_dcopy(n, lu.ptr(), n + 1, d, 1);
                d.get(diag, 0, n);
            }
            double lo = Double.POSITIVE_INFINITY, hi = 0;
            for (double v : diag) {
                lo = Math.min(lo, Math.abs(v));
                hi = Math.max(hi, Math.abs(v));
            }
            if (lo < 0x1p-52 * hi) {
                throw new ArithmeticException("solve: A (" + n + " x " + n + ") is singular to working precision (pivots "
                        + "range from " + lo + " to " + hi + ")");
            }
            be.threadsForGemm(2.0 * n * n * nrhs);
            checkInfo(LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, (byte) 'N', n, nrhs, lu.ptr(), n, ipiv, x.ptr(), n), "dgetrs");
        } finally {
            lu.free();
        }
        return x;
    }
}
