package org.ttfp.linalg;

import java.util.Arrays;

/**
 * The validating base of the backends: every public method of {@link Backend} is final here, checks
 * its arguments once (ownership, shapes, index ranges, sizes, finiteness before a factorization),
 * handles the empty cases, and then calls a protected {@code do…} kernel that only computes.
 * A kernel may therefore assume that its matrices belong to this backend and have the shapes the
 * {@link Backend} javadoc states, and that no dimension it receives is zero unless it says so.
 *
 * <p>Checks cost O(1) per call except where the data must be read: the index ranges of
 * {@link #gatherRows} and {@link #evaluate} (one pass over the indices) and the finiteness of the
 * input of {@link #qr}, {@link #svd} and {@link #solve} (one {@link #maxAbs} pass, m n reads, small
 * against the factorization). Exceptions name the operation, the argument, its value and what was
 * expected.
 *
 * @param <M> the matrix type that holds this backend's storage
 */
public abstract class AbstractBackend<M extends Mat> implements Backend {

    /** Largest number of elements of a heap {@code double[]} (the VM's array limit). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Class<M> matType;

    AbstractBackend(Class<M> matType) {
        this.matType = matType;
    }

    // ------------------------------------------------------------------ checks

    /** Throws when the backend can no longer be used (a closed device backend); default: never. */
    protected void checkOpen() {}

    /** The most elements one matrix of this backend may have. */
    protected long maxElements() { return Long.MAX_VALUE / Double.BYTES; }

    /** What bounds {@link #maxElements()}, for messages (e.g. "a Java array"). */
    protected String limitReason() { return "the address space"; }

    /**
     * {@code a} as this backend's matrix type.
     *
     * @param arg the argument's name, used in the message
     * @throws IllegalArgumentException if {@code a} is null or belongs to another backend
     */
    protected final M own(Mat a, String arg) {
        checkOpen();
        if (a == null) {
            throw new IllegalArgumentException(arg + " is null, expected a matrix of backend '" + name() + "'");
        }
        if (a.backend() != this || !matType.isInstance(a)) {
            throw new IllegalArgumentException(arg + " belongs to backend '" + a.backend().name()
                    + "', expected a matrix of backend '" + name() + "'");
        }
        return matType.cast(a);
    }

    /** Checks a requested shape and returns rows*cols. */
    protected final long checkShape(String op, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(op + ": shape " + rows + " x " + cols + " has a negative size; expected rows, cols >= 0");
        }
        long n = (long) rows * cols;
        if (n > maxElements()) {
            throw new IllegalArgumentException(op + ": a " + rows + " x " + cols + " matrix has " + n + " elements, more than the "
                    + maxElements() + " that backend '" + name() + "' can hold in one matrix (" + limitReason() + ")");
        }
        return n;
    }

    /**
     * Refuses NaN and infinite entries before a factorization (LAPACK-style routines would loop or
     * return garbage); the message names the first bad entry when the matrix fits on the heap.
     */
    protected final void requireFinite(M a, String op, String arg) {
        double mx = a.size() == 0 ? 0 : doMaxAbs(a);
        if (Double.isFinite(mx)) {
            return;
        }
        String where = "max |entry| = " + mx;
        if (a.size() <= MAX_ARRAY) {
            double[] v = doToArray(a, (int) a.size());
            int rows = Math.max(1, a.rows());
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    where = arg + "(" + (i % rows) + ", " + (i / rows) + ") = " + v[i];
                    break;
                }
            }
        }
        throw new IllegalArgumentException(op + ": " + arg + " (" + a.rows() + " x " + a.cols() + ") has a non-finite entry, "
                + where + "; expected finite values");
    }

    // ------------------------------------------------------------------ storage

    @Override
    public final M zeros(int rows, int cols) {
        checkOpen();
        checkShape("zeros", rows, cols);
        return doZeros(rows, cols);
    }

    @Override
    public final M fromArray(double[] data, int offset, int rows, int cols) {
        checkOpen();
        if (data == null) {
            throw new IllegalArgumentException("fromArray: data is null");
        }
        long n = checkShape("fromArray", rows, cols);
        if (offset < 0 || offset + n > data.length) {
            throw new IllegalArgumentException("fromArray: data of length " + data.length + " has no " + n
                    + " values from offset " + offset + " (a " + rows + " x " + cols + " matrix)");
        }
        return doFromArray(data, offset, rows, cols);
    }

    @Override
    public final M fromArray(double[] data, int rows, int cols) {
        if (data == null) {
            throw new IllegalArgumentException("fromArray: data is null");
        }
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException("fromArray: data has length " + data.length + ", expected rows*cols = "
                    + rows + "*" + cols + " = " + (long) rows * cols);
        }
        return fromArray(data, 0, rows, cols);
    }

    @Override
    public final double[] toArray(Mat a) {
        M m = own(a, "a");
        if (m.size() > MAX_ARRAY) {
            throw new IllegalArgumentException("toArray: a (" + a.rows() + " x " + a.cols() + ", " + m.size()
                    + " elements) does not fit in a heap array (at most " + MAX_ARRAY + ")");
        }
        return m.size() == 0 ? new double[0] : doToArray(m, (int) m.size());
    }

    @Override
    public final double get(Mat a, int i, int j) {
        M m = own(a, "a");
        if (i < 0 || i >= m.rows() || j < 0 || j >= m.cols()) {
            throw new IndexOutOfBoundsException("element (" + i + ", " + j + ") outside " + m.rows() + " x " + m.cols());
        }
        return doGet(m, i, j);
    }

    @Override
    public final M copy(Mat a) {
        M m = own(a, "a");
        M c = doAllocate(m.rows(), m.cols());
        if (m.size() > 0) {
            doCopyInto(m, c);
        }
        return c;
    }

    @Override
    public final void copyInto(Mat src, Mat dst) {
        M s = own(src, "src"), t = own(dst, "dst");
        BackendChecks.sameShape(s, t, "copyInto", "src", "dst");
        if (s.size() > 0) {
            doCopyInto(s, t);
        }
    }

    /** Frees the storage now (see {@link Backend#release}); checks that {@code a} is this backend's. */
    @Override
    public final void release(Mat a) {
        doRelease(own(a, "a"));
    }

    // ------------------------------------------------------------------ BLAS

    @Override
    public final void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c) {
        M ma = own(a, "a"), mb = own(b, "b"), mc = own(c, "c");
        int[] shape = Backend.gemmShape(transA, transB, a, b, c);
        if (shape[0] == 0 || shape[1] == 0) {
            return;
        }
        doGemm(transA, transB, alpha, ma, mb, beta, mc, shape[0], shape[1], shape[2]);
    }

    @Override
    public final M mul(Mat a, boolean transA, Mat b, boolean transB) {
        M ma = own(a, "a"), mb = own(b, "b");
        int m = transA ? a.cols() : a.rows(), p = transA ? a.rows() : a.cols();
        int pb = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
        if (p != pb) {
            throw new IllegalArgumentException("mul: op(A) is " + m + " x " + p + ", op(B) is " + pb + " x " + n
                    + "; expected equal inner sizes");
        }
        checkShape("mul", m, n);
        // beta = 0 overwrites C, so it need not be zeroed unless the inner size is 0
        M c = p == 0 ? doZeros(m, n) : doAllocate(m, n);
        if (m > 0 && n > 0) {
            doGemm(transA, transB, 1.0, ma, mb, 0.0, c, m, n, p);
        }
        return c;
    }

    @Override
    public final M mul(Mat a, Mat b) { return mul(a, false, b, false); }

    @Override
    public final M transpose(Mat a) {
        M m = own(a, "a");
        M t = doAllocate(m.cols(), m.rows());
        if (m.size() > 0) {
            doTranspose(m, t);
        }
        return t;
    }

    @Override
    public final void scale(double alpha, Mat a) {
        M m = own(a, "a");
        if (m.size() > 0) {
            doScale(alpha, m);
        }
    }

    @Override
    public final void axpy(double alpha, Mat x, Mat y) {
        M mx = own(x, "x"), my = own(y, "y");
        BackendChecks.sameShape(mx, my, "axpy", "x", "y");
        if (mx.size() > 0) {
            doAxpy(alpha, mx, my);
        }
    }

    @Override
    public final double dot(Mat a, Mat b) {
        M ma = own(a, "a"), mb = own(b, "b");
        BackendChecks.sameShape(ma, mb, "dot", "a", "b");
        return ma.size() == 0 ? 0.0 : doDot(ma, mb);
    }

    @Override
    public final double normF(Mat a) {
        M m = own(a, "a");
        return m.size() == 0 ? 0.0 : doNormF(m);
    }

    @Override
    public final double maxAbs(Mat a) {
        M m = own(a, "a");
        return m.size() == 0 ? 0.0 : doMaxAbs(m);
    }

    @Override
    public final void scaleRows(Mat a, double[] s) {
        M m = own(a, "a");
        BackendChecks.scaleLength("scaleRows", s, "rows", m.rows());
        if (m.size() > 0) {
            doScaleRows(m, s);
        }
    }

    @Override
    public final void scaleColumns(Mat a, double[] s) {
        M m = own(a, "a");
        BackendChecks.scaleLength("scaleColumns", s, "cols", m.cols());
        if (m.size() > 0) {
            doScaleColumns(m, s);
        }
    }

    @Override
    public final M gatherRows(Mat a, int[] idx) {
        M m = own(a, "a");
        BackendChecks.rowIndices("gatherRows", idx, m.rows());
        checkShape("gatherRows", idx.length, m.cols());
        if (idx.length == 0 || m.cols() == 0) {
            return doZeros(idx.length, m.cols());
        }
        return doGatherRows(m, idx);
    }

    // ------------------------------------------------------------------ LAPACK

    /** {@inheritDoc} Refuses NaN and infinite entries ({@link IllegalArgumentException}). */
    @Override
    public final QR qr(Mat a) {
        M m = own(a, "a");
        if (Math.min(m.rows(), m.cols()) == 0) {
            return new QR(doZeros(m.rows(), 0), doZeros(0, m.cols()));
        }
        requireFinite(m, "qr", "a");
        return doQr(m);
    }

    /** {@inheritDoc} Refuses NaN and infinite entries ({@link IllegalArgumentException}). */
    @Override
    public final SVD svd(Mat a) {
        M m = own(a, "a");
        if (Math.min(m.rows(), m.cols()) == 0) {
            return new SVD(doZeros(m.rows(), 0), new double[0], doZeros(0, m.cols()));
        }
        requireFinite(m, "svd", "a");
        return doSvd(m);
    }

    /** {@inheritDoc} Refuses NaN and infinite entries of A or B ({@link IllegalArgumentException}). */
    @Override
    public final M solve(Mat a, Mat b) {
        M ma = own(a, "a"), mb = own(b, "b");
        int n = ma.rows();
        if (ma.cols() != n || mb.rows() != n) {
            throw new IllegalArgumentException("solve: A must be square and B must have " + n + " rows, got A "
                    + ma.rows() + " x " + ma.cols() + ", B " + mb.rows() + " x " + mb.cols());
        }
        if (n == 0 || mb.cols() == 0) {
            return doZeros(n, mb.cols());
        }
        requireFinite(ma, "solve", "a");
        requireFinite(mb, "solve", "b");
        return doSolve(ma, mb);
    }

    // ------------------------------------------------------------------ TT-shaped kernels

    @Override
    public final M contractMiddle(Mat core, int r0, int n, int r1, Mat w) {
        M g = own(core, "core"), mw = own(w, "w");
        BackendChecks.dims("contractMiddle", r0, n, r1);
        Backend.checkCore(g, r0, n, r1);
        if (mw.rows() != n || mw.cols() != 1) {
            throw new IllegalArgumentException("contractMiddle: w must be " + n + " x 1, got " + mw.rows() + " x " + mw.cols());
        }
        if (r0 == 0 || n == 0 || r1 == 0) {
            return doZeros(r0, r1);
        }
        return doContractMiddle(g, r0, n, r1, mw);
    }

    @Override
    public final M modeProduct(Mat core, int r0, int n, int r1, Mat m) {
        M g = own(core, "core"), mm = own(m, "m");
        BackendChecks.dims("modeProduct", r0, n, r1);
        Backend.checkCore(g, r0, n, r1);
        Backend.checkModeMatrix(mm, n);
        int rows = BackendChecks.product("modeProduct", "result rows r0*n'", (long) r0 * mm.rows());
        if (rows == 0 || r1 == 0 || n == 0) {
            return doZeros(rows, r1);
        }
        return doModeProduct(g, r0, n, r1, mm);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Checks that there are d cores of this backend with n of length d and r of length d + 1,
     * r[0] = r[d] = 1, core k of shape (r[k] n[k]) x r[k+1], count &gt;= 0 and idx holding count*d
     * indices each in 0..n[k]-1 (one pass over idx). A train with no cores is the scalar 1; a
     * train with a zero rank is the zero tensor.
     *
     * @throws IllegalArgumentException if a shape or length does not fit
     * @throws IndexOutOfBoundsException naming the sample and mode of an index outside 0..n[k]-1
     */
    @Override
    public final double[] evaluate(Mat[] cores, int[] n, int[] r, int[] idx, int count) {
        checkOpen();
        BackendChecks.evaluateArguments(cores, n, r, idx, count);
        int d = cores.length;
        @SuppressWarnings("unchecked")
        M[] g = (M[]) java.lang.reflect.Array.newInstance(matType, d);
        boolean zero = false;
        for (int k = 0; k < d; k++) {
            g[k] = own(cores[k], "cores[" + k + "]");
            Backend.checkCore(g[k], r[k], n[k], r[k + 1]);
            zero |= r[k + 1] == 0;
        }
        BackendChecks.indices(n, idx, count);
        double[] out = new double[count];
        if (d == 0) {
            Arrays.fill(out, 1.0);
            return out;
        }
        if (count == 0 || zero) {
            return out;
        }
        doEvaluate(g, n, r, idx, count, out);
        return out;
    }

    @Override
    public final M hadamardCore(Mat a, int ra, int rb, Mat b, int sa, int sb, int n) {
        M ma = own(a, "a"), mb = own(b, "b");
        BackendChecks.dims("hadamardCore", ra, n, rb);
        BackendChecks.dims("hadamardCore", sa, n, sb);
        Backend.checkCore(ma, ra, n, rb);
        Backend.checkCore(mb, sa, n, sb);
        int rows = BackendChecks.product("hadamardCore", "result rows ra*sa*n", (long) ra * sa * n);
        int cols = BackendChecks.product("hadamardCore", "result cols rb*sb", (long) rb * sb);
        checkShape("hadamardCore", rows, cols);
        if ((long) rows * cols == 0) {
            return doZeros(rows, cols);
        }
        return doHadamardCore(ma, ra, rb, mb, sa, sb, n);
    }

    // ------------------------------------------------------------------ kernels

    /** A new rows x cols matrix of zeros (shape checked). */
    protected abstract M doZeros(int rows, int cols);

    /** A new contiguous rows x cols matrix whose contents the caller overwrites; default: zeros. */
    protected M doAllocate(int rows, int cols) { return doZeros(rows, cols); }

    /** A new matrix with {@code data[offset + i + j*rows]} at (i, j) (range checked). */
    protected abstract M doFromArray(double[] data, int offset, int rows, int cols);

    /** The {@code size} = rows*cols &gt; 0 elements of {@code a}, column-major, on the heap. */
    protected abstract double[] doToArray(M a, int size);

    /** Element (i, j), in range. */
    protected abstract double doGet(M a, int i, int j);

    /** dst := src for non-empty matrices of equal shape (they may overlap). */
    protected abstract void doCopyInto(M src, M dst);

    /** Frees the storage of {@code a} now; default: nothing (the collector frees it). */
    protected void doRelease(M a) {}

    /** C := alpha op(A) op(B) + beta C for m, n &gt; 0 (p may be 0). */
    protected abstract void doGemm(boolean transA, boolean transB, double alpha, M a, M b, double beta, M c,
            int m, int n, int p);

    /** t := aᵀ for non-empty a, t fresh of shape cols x rows. */
    protected abstract void doTranspose(M a, M t);

    /** A := alpha A, non-empty. */
    protected abstract void doScale(double alpha, M a);

    /** Y := alpha X + Y, equal non-empty shapes. */
    protected abstract void doAxpy(double alpha, M x, M y);

    /** Frobenius inner product of equal non-empty shapes. */
    protected abstract double doDot(M a, M b);

    /** Frobenius norm of a non-empty matrix, NaN-propagating, no overflow of squares. */
    protected abstract double doNormF(M a);

    /** Largest |entry| of a non-empty matrix, NaN if any entry is NaN. */
    protected abstract double doMaxAbs(M a);

    /** Row i times s[i], s of length rows, non-empty. */
    protected abstract void doScaleRows(M a, double[] s);

    /** Column j times s[j], s of length cols, non-empty. */
    protected abstract void doScaleColumns(M a, double[] s);

    /** Rows idx of a, indices in range, idx and the columns non-empty. */
    protected abstract M doGatherRows(M a, int[] idx);

    /** Thin QR of a finite matrix with min(m, n) &gt; 0. */
    protected abstract QR doQr(M a);

    /** Thin SVD of a finite matrix with min(m, n) &gt; 0. */
    protected abstract SVD doSvd(M a);

    /** A⁻¹ B for finite square A (n &gt; 0) and finite B with n rows and at least one column. */
    protected abstract M doSolve(M a, M b);

    /** See {@link Backend#contractMiddle}; all dimensions &gt; 0. Default: one gemm per column b. */
    protected M doContractMiddle(M core, int r0, int n, int r1, M w) {
        return own(HostKernels.contractMiddleByGemm(this, core, r0, n, r1, w), "result");
    }

    /** See {@link Backend#modeProduct}; all dimensions &gt; 0. Default: one gemm per slice b. */
    protected M doModeProduct(M core, int r0, int n, int r1, M m) {
        return own(HostKernels.modeProductByGemm(this, core, r0, n, r1, m), "result");
    }

    /**
     * Writes the values at the count &gt; 0 multi-indices into {@code out}: d &gt;= 1 cores, ranks and
     * indices checked, every rank and mode size &gt; 0.
     */
    protected abstract void doEvaluate(M[] cores, int[] n, int[] r, int[] idx, int count, double[] out);

    /** See {@link Backend#hadamardCore}; the result is non-empty. Default: on the heap. */
    protected M doHadamardCore(M a, int ra, int rb, M b, int sa, int sb, int n) {
        return own(HostKernels.hadamardCore(this, a, ra, rb, b, sa, sb, n), "result");
    }
}
