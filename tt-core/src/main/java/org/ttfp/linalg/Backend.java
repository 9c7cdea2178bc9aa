package org.ttfp.linalg;

/**
 * Dense linear-algebra kernels together with the storage they work on.
 *
 * <p>All matrices are column-major {@link Mat}s owned by this backend. The TT algorithms call
 * only these kernels, so the same algorithm runs on the heap (EJML), off-heap (native OpenBLAS) or
 * on a GPU (cuBLAS), and data crosses to the Java heap only in {@link #toArray} and
 * {@link #fromArray}. Kernels never modify their inputs; an output argument (such as {@code c} of
 * {@link #gemm}) must be a matrix the caller allocated. A {@code Mat} of another backend is
 * rejected with an {@link IllegalArgumentException}.
 *
 * <p>Costs are given in flops for an m x n matrix; k = min(m, n).
 */
public interface Backend {

    /** Short name: "ejml", "openblas", "cublas". */
    String name();

    // ------------------------------------------------------------------ storage

    /** A new rows x cols matrix of zeros. */
    Mat zeros(int rows, int cols);

    /**
     * A new rows x cols matrix holding {@code data[offset + i + j*rows]} at (i, j) (a copy).
     *
     * @throws IllegalArgumentException if the array is too short
     */
    Mat fromArray(double[] data, int offset, int rows, int cols);

    /** A new rows x cols matrix from a column-major array of exactly rows*cols values (a copy). */
    default Mat fromArray(double[] data, int rows, int cols) {
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException("data has length " + data.length + ", expected rows*cols = "
                    + rows + "*" + cols + " = " + (long) rows * cols);
        }
        return fromArray(data, 0, rows, cols);
    }

    /** The matrix as a new heap array, column-major, length rows*cols (a device/off-heap transfer). */
    double[] toArray(Mat a);

    /** Element (i, j) (a transfer; for tests and tiny matrices). */
    double get(Mat a, int i, int j);

    /** A contiguous copy of {@code a} (views are compacted). */
    Mat copy(Mat a);

    /** Copies {@code src} into {@code dst} of the same shape; dst may be a view. Cost: 0 flops, m*n moves. */
    void copyInto(Mat src, Mat dst);

    // ------------------------------------------------------------------ BLAS

    /**
     * General matrix product {@code C = alpha op(A) op(B) + beta C}, op(X) = X or Xᵀ.
     * Shapes: op(A) is m x p, op(B) is p x n, C is m x n. Cost: 2 m n p flops.
     */
    void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c);

    /** A new matrix op(A) op(B); see {@link #gemm}. */
    default Mat mul(Mat a, boolean transA, Mat b, boolean transB) {
        int m = transA ? a.cols() : a.rows();
        int n = transB ? b.rows() : b.cols();
        Mat c = zeros(m, n);
        gemm(transA, transB, 1.0, a, b, 0.0, c);
        return c;
    }

    /** A new matrix A B. */
    default Mat mul(Mat a, Mat b) { return mul(a, false, b, false); }

    /** A new contiguous matrix Aᵀ. */
    Mat transpose(Mat a);

    /** In place: A := alpha A (A must be the caller's own matrix). */
    void scale(double alpha, Mat a);

    /** In place: Y := alpha X + Y, same shapes. Cost: 2 m n flops. */
    void axpy(double alpha, Mat x, Mat y);

    /** Frobenius inner product sum_ij A_ij B_ij of equal-shape matrices. Cost: 2 m n flops. */
    double dot(Mat a, Mat b);

    /** Frobenius norm, computed without overflow or underflow of intermediate squares. */
    double normF(Mat a);

    /** Largest absolute entry (0 for an empty matrix); NaN if any entry is NaN. */
    double maxAbs(Mat a);

    /** In place: row i of A multiplied by s[i]. */
    void scaleRows(Mat a, double[] s);

    /** In place: column j of A multiplied by s[j]. */
    void scaleColumns(Mat a, double[] s);

    /** A new matrix made of the rows {@code idx} of A, in that order (a gather). */
    Mat gatherRows(Mat a, int[] idx);

    // ------------------------------------------------------------------ LAPACK

    /**
     * Thin Householder QR, A = Q R (see {@link QR}). Accurate for rank-deficient A: no Gram matrix is
     * formed. Cost: about 4 m n² − 4 n³/3 flops for m ≥ n (factor and form Q).
     */
    QR qr(Mat a);

    /**
     * Thin SVD, A = U diag(s) Vᵀ (see {@link SVD}), singular values non-increasing.
     * Cost: O(m n k) flops.
     */
    SVD svd(Mat a);

    /**
     * Solves A X = B for square non-singular A (LU with partial pivoting). Cost: 2n³/3 + 2 n² nrhs.
     *
     * @throws ArithmeticException if A is singular to working precision
     */
    Mat solve(Mat a, Mat b);

    // ------------------------------------------------------------------ TT-shaped kernels

    /**
     * Contraction of a 3-d core G (r0 x n x r1, stored as (r0*n) x r1 with element (a, i, b) at
     * a + r0*(i + n*b)) with a vector along its middle mode: M(a, b) = sum_i G(a, i, b) w(i).
     * Returns the r0 x r1 matrix M. Cost: 2 r0 n r1 flops.
     */
    default Mat contractMiddle(Mat core, int r0, int n, int r1, Mat w) {
        checkCore(core, r0, n, r1);
        if (w.rows() != n || w.cols() != 1) {
            throw new IllegalArgumentException("w must be " + n + " x 1, got " + w.rows() + " x " + w.cols());
        }
        return HostKernels.contractMiddleByGemm(this, core, r0, n, r1, w);
    }

    /**
     * Applies an n' x n matrix M along the middle mode of a core G (r0 x n x r1):
     * G'(a, j, b) = sum_i M(j, i) G(a, i, b). Returns G' (r0 x n' x r1, as (r0*n') x r1).
     * Cost: 2 r0 n n' r1 flops.
     */
    default Mat modeProduct(Mat core, int r0, int n, int r1, Mat m) {
        checkCore(core, r0, n, r1);
        checkModeMatrix(m, n);
        return HostKernels.modeProductByGemm(this, core, r0, n, r1, m);
    }

    /**
     * Values of a tensor train at N multi-indices: v(s) = G1[:, i1(s), :] ... Gd[:, id(s), :].
     *
     * @param cores the cores, core k stored as (r[k]*n[k]) x r[k+1]
     * @param idx   the multi-indices, row-major N x d (idx[s*d + k] = i_k of sample s); the backends of this
     *              package check every index ({@link AbstractBackend#evaluate}), other implementations may
     *              leave that to the caller
     * @return the N values. Cost: 2 N sum_k r[k] r[k+1] flops.
     */
    default double[] evaluate(Mat[] cores, int[] n, int[] r, int[] idx, int count) {
        return HostKernels.evaluate(this, cores, n, r, idx, count);
    }

    /**
     * The core of the Hadamard (elementwise) product of two TTs: C(a a', i, b b') =
     * A(a, i, b) B(a', i, b'), row index a + ra*a', column index b + rb*b'.
     * Shapes: A is (ra*n) x rb, B is (sa*n) x sb; returns (ra*sa*n) x (rb*sb).
     */
    default Mat hadamardCore(Mat a, int ra, int rb, Mat b, int sa, int sb, int n) {
        checkCore(a, ra, n, rb);
        checkCore(b, sa, n, sb);
        return HostKernels.hadamardCore(this, a, ra, rb, b, sa, sb, n);
    }

    /**
     * Frees the storage of a matrix now instead of when the garbage collector finds it unreachable.
     * Only for a matrix the caller made (a kernel's result) and that neither it nor any view of it
     * will use again: afterwards every use of it or of its views fails. Off-heap and device memory
     * is not seen by the Java heap's collector, so long sweeps release their temporaries to keep
     * the peak memory near what the algorithm needs. The default does nothing.
     */
    default void release(Mat a) {}

    /** Releases resources held by the backend (thread pools, device handles). Matrices become invalid. */
    default void close() {}

    /**
     * Checks the shapes of {@link #gemm} and returns {m, n, p}: op(A) is m x p, op(B) is p x n, C is m x n.
     *
     * @throws IllegalArgumentException naming the three shapes when they do not fit
     */
    static int[] gemmShape(boolean transA, boolean transB, Mat a, Mat b, Mat c) {
        int m = transA ? a.cols() : a.rows();
        int p = transA ? a.rows() : a.cols();
        int pb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (p != pb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm: op(A) is " + m + " x " + p + ", op(B) is " + pb + " x " + n
                    + ", C is " + c.rows() + " x " + c.cols() + "; expected inner sizes equal and C " + m + " x " + n);
        }
        return new int[] {m, n, p};
    }

    /** Checks that the matrix of a mode product has n columns. */
    static void checkModeMatrix(Mat m, int n) {
        if (m.cols() != n) {
            throw new IllegalArgumentException("mode matrix must have " + n + " columns, got " + m.rows() + " x " + m.cols());
        }
    }

    /** Checks that core has shape (r0*n) x r1. */
    static void checkCore(Mat core, int r0, int n, int r1) {
        if (core.rows() != (long) r0 * n || core.cols() != r1) {
            throw new IllegalArgumentException("core must be (" + r0 + "*" + n + ") x " + r1 + ", got "
                    + core.rows() + " x " + core.cols());
        }
    }
}
