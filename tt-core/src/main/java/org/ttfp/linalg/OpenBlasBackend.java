package org.ttfp.linalg;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgemqrt;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeqrt;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesvd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlacpy_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlange_work;
import static org.bytedeco.openblas.global.openblas.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas.cblas_dcopy;
import static org.bytedeco.openblas.global.openblas.cblas_ddot;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas.cblas_dnrm2;
import static org.bytedeco.openblas.global.openblas_full.cblas_domatcopy;
import static org.bytedeco.openblas.global.openblas.cblas_dscal;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;

/**
 * Native backend on OpenBLAS (CBLAS) and LAPACK(E), through the JavaCPP presets
 * {@code org.bytedeco:openblas}; the default CPU backend.
 *
 * <p>Storage is off-heap ({@link OffHeapMat}, column-major), so BLAS and LAPACK work on the data
 * in place: no copy crosses the JNI boundary except in {@link #fromArray}, {@link #toArray} and
 * {@link #get}. LAPACK is called through the {@code LAPACKE_*_work} column-major entry points
 * (no internal transposition, no NaN scan); QR, SVD and solve reject non-finite input themselves.
 *
 * <p><b>Threads.</b> OpenBLAS keeps one process-wide thread count, and its threads synchronize by
 * spinning. Two threads speed up a large GEMM about 1.6-1.9x on 2 cores (2000^3: about 190 GFLOP/s
 * against 75-80 on one), do not speed up QR (6400 x 200: 0.049 s against 0.053 s), slow down small
 * SVDs, and make QR and SVD 5-20x slower whenever another process competes for the cores (the
 * factorizations have many short parallel sections). So every call first sets the count: all
 * threads for a GEMM-shaped call ({@link #gemm}, {@link #mul}, {@link #modeProduct}, the
 * triangular solves of {@link #solve}) of at least {@link #PARALLEL_GEMM_FLOPS} flops, one thread
 * for everything else, including the LAPACK factorizations (QR, SVD, LU), and one thread for calls
 * made from a {@link ForkJoinWorkerThread} (the caller is parallel already). The count is set only
 * when it changes. The maximum is what OpenBLAS started with (the number of cores, or
 * {@code OPENBLAS_NUM_THREADS}), read through {@code openblas_full.openblas_get_num_threads()}.
 * {@link #evaluate} instead runs single-threaded OpenBLAS calls on several Java threads. The
 * backend is safe to use from several Java threads; the thread count is then a shared hint that
 * only affects speed.
 */
public final class OpenBlasBackend implements Backend {

    /** GEMM-shaped calls below this many flops run on one OpenBLAS thread (measured crossover 4e6-1e7). */
    public static final double PARALLEL_GEMM_FLOPS = 1e7;

    /** Largest block, in doubles, that a column-wise heap pass moves per JNI call. */
    private static final int HEAP_BLOCK = 1 << 15;
    /** Bound on the rows*rank of one evaluation work buffer (doubles), keeping it cache-sized. */
    private static final int EVAL_BUFFER_MAX = 1 << 22;

    private static OpenBlasBackend instance;
    private static String failure;

    private final int maxThreads;
    private final String config;
    private volatile int currentThreads;

    private OpenBlasBackend(int maxThreads, String config) {
        this.maxThreads = maxThreads;
        this.config = config;
        this.currentThreads = maxThreads;
    }

    /**
     * The shared instance, loading the native libraries on first use (about 0.3 s once they are
     * extracted to JavaCPP's cache, 1 s the first time).
     *
     * @throws BackendUnavailableException if the natives cannot be loaded or do not work on this
     *         platform (the message says why); later calls fail the same way without retrying
     */
    public static synchronized OpenBlasBackend create() {
        if (instance != null) {
            return instance;
        }
        if (failure != null) {
            throw new BackendUnavailableException(failure);
        }
        String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        try {
            Loader.load(openblas.class);
            Loader.load(openblas_full.class);
            int threads = Math.max(1, openblas_full.openblas_get_num_threads());
            String cfg = openblas_full.openblas_get_config().getString();
            OpenBlasBackend be = new OpenBlasBackend(threads, cfg);
            be.selfTest();
            instance = be;
            return be;
        } catch (LinkageError | RuntimeException e) {
            failure = "native OpenBLAS (org.bytedeco:openblas) cannot be used on " + platform + ": " + e;
            throw new BackendUnavailableException(failure, e);
        }
    }

    /** A 2 x 2 product with a known result, so that a broken native library fails at creation. */
    private void selfTest() {
        Mat a = fromArray(new double[] {1, 3, 2, 4}, 2, 2); // [[1, 2], [3, 4]]
        double[] p = toArray(mul(a, a));                    // [[7, 10], [15, 22]]
        if (p[0] != 7 || p[1] != 15 || p[2] != 10 || p[3] != 22) {
            throw new IllegalStateException("OpenBLAS self-test dgemm gave " + Arrays.toString(p));
        }
    }

    @Override
    public String name() { return "openblas"; }

    /** Largest OpenBLAS thread count this backend uses. */
    public int maxThreads() { return maxThreads; }

    /** OpenBLAS build and CPU-kernel description, e.g. "OpenBLAS 0.3.31 DYNAMIC_ARCH ... Cooperlake". */
    public String config() { return config; }

    @Override
    public String toString() { return "OpenBlasBackend[" + config + ", " + maxThreads + " threads]"; }

    // ------------------------------------------------------------------ threads

    private void useThreads(int t) {
        if (t != currentThreads) {
            openblas_full.openblas_set_num_threads(t);
            currentThreads = t;
        }
    }

    private void threadsForGemm(double flops) {
        boolean parallelCaller = Thread.currentThread() instanceof ForkJoinWorkerThread;
        useThreads(flops >= PARALLEL_GEMM_FLOPS && !parallelCaller ? maxThreads : 1);
    }

    /** The OpenBLAS thread count now in force, as OpenBLAS reports it (for tests and benchmarks). */
    public int currentThreads() { return openblas_full.openblas_get_num_threads(); }

    // ------------------------------------------------------------------ storage

    private OffHeapMat h(Mat a, String arg) { return OffHeapMat.of(a, arg, this); }

    private static long checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + " x " + cols);
        }
        return (long) rows * cols;
    }

    /** A new contiguous matrix with uninitialized contents (the caller overwrites every element). */
    private OffHeapMat alloc(int rows, int cols) {
        long n = checkedSize(rows, cols);
        return new OffHeapMat(this, new DoublePointer(Math.max(1, n)), 0, rows, cols, Math.max(1, rows));
    }

    /** Block size of the compact-WY QR (dgeqrt). */
    private static final int QR_BLOCK = 64;

    /** Frees the matrix's off-heap allocation at once (see {@link Backend#release}). */
    @Override
    public void release(Mat a) {
        OffHeapMat.of(a, "a", this).free();
    }

    @Override
    public Mat zeros(int rows, int cols) {
        OffHeapMat m = alloc(rows, cols);
        Pointer.memset(m.ptr(), 0, Math.max(1, m.size()) * Double.BYTES);
        return m;
    }

    @Override
    public Mat fromArray(double[] data, int offset, int rows, int cols) {
        long n = checkedSize(rows, cols);
        if (offset < 0 || offset + n > data.length) {
            throw new IllegalArgumentException("data of length " + data.length + " has no " + n
                    + " values from offset " + offset);
        }
        OffHeapMat m = alloc(rows, cols);
        if (n > 0) {
            m.ptr().put(data, offset, (int) n);
        }
        return m;
    }

    @Override
    public double[] toArray(Mat a) {
        OffHeapMat m = h(a, "a");
        long n = m.size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a (" + a.rows() + " x " + a.cols() + ") is too large for a heap array");
        }
        double[] out = new double[(int) n];
        if (n == 0) {
            return out;
        }
        if (m.isContiguous()) {
            m.ptr().get(out, 0, (int) n);
        } else {
            OffHeapMat c = alloc(m.rows(), m.cols());
            lacpy('A', m, c);
            c.ptr().get(out, 0, (int) n);
        }
        return out;
    }

    @Override
    public double get(Mat a, int i, int j) {
        OffHeapMat m = h(a, "a");
        if (i < 0 || i >= m.rows() || j < 0 || j >= m.cols()) {
            throw new IndexOutOfBoundsException("element (" + i + ", " + j + ") outside " + m.rows() + " x " + m.cols());
        }
        return m.ptr().get((long) i + (long) j * m.ld());
    }

    @Override
    public Mat copy(Mat a) {
        OffHeapMat m = h(a, "a");
        OffHeapMat c = alloc(m.rows(), m.cols());
        lacpy('A', m, c);
        return c;
    }

    @Override
    public void copyInto(Mat src, Mat dst) {
        OffHeapMat s = h(src, "src"), t = h(dst, "dst");
        sameShape(s, t, "copyInto", "src", "dst");
        if (s.overlaps(t)) {
            if (s.offset() == t.offset() && s.ld() == t.ld()) {
                return; // the same elements
            }
            s = (OffHeapMat) copy(s);
        }
        lacpy('A', s, t);
    }

    /** dst := src (LAPACK dlacpy: 'A' all, 'U' upper trapezoid); no-op for an empty matrix. */
    private static void lacpy(char uplo, OffHeapMat src, OffHeapMat dst) {
        if (src.size() == 0) {
            return;
        }
        int info = LAPACKE_dlacpy_work(LAPACK_COL_MAJOR, (byte) uplo, src.rows(), src.cols(), src.ptr(), src.ld(),
                dst.ptr(), dst.ld());
        checkInfo(info, "dlacpy");
    }

    private static void sameShape(Mat a, Mat b, String op, String an, String bn) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ, " + an + " is " + a.rows() + " x " + a.cols()
                    + ", " + bn + " is " + b.rows() + " x " + b.cols());
        }
    }

    private static void checkInfo(int info, String routine) {
        if (info < 0) {
            throw new IllegalStateException(routine + " rejected argument " + (-info) + " (internal error)");
        }
    }

    // ------------------------------------------------------------------ BLAS

    /**
     * {@inheritDoc}
     *
     * <p>One {@code cblas_dgemm} on the storage in place (views use their leading dimension). If C
     * shares memory with A or B, the product goes through a temporary.
     */
    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c) {
        OffHeapMat ha = h(a, "a"), hb = h(b, "b"), hc = h(c, "c");
        int[] shape = Backend.gemmShape(transA, transB, a, b, c);
        int m = shape[0], n = shape[1], p = shape[2];
        if (m == 0 || n == 0) {
            return;
        }
        if (hc.overlaps(ha) || hc.overlaps(hb)) {
            OffHeapMat t = (OffHeapMat) copy(hc);
            gemm(transA, transB, alpha, ha, hb, beta, t);
            lacpy('A', t, hc);
            return;
        }
        threadsForGemm(2.0 * m * n * p);
        cblas_dgemm(CblasColMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, p, alpha, ha.ptr(), ha.ld(), hb.ptr(), hb.ld(), beta, hc.ptr(), hc.ld());
    }

    @Override
    public Mat mul(Mat a, boolean transA, Mat b, boolean transB) {
        int m = transA ? a.cols() : a.rows();
        int n = transB ? b.rows() : b.cols();
        int p = transA ? a.rows() : a.cols();
        // beta = 0 makes dgemm overwrite C, so it need not be zeroed unless the inner size is 0
        Mat c = p == 0 ? zeros(m, n) : alloc(m, n);
        gemm(transA, transB, 1.0, a, b, 0.0, c);
        return c;
    }

    @Override
    public Mat transpose(Mat a) {
        OffHeapMat m = h(a, "a");
        OffHeapMat t = alloc(m.cols(), m.rows());
        if (m.size() > 0) {
            cblas_domatcopy(CblasColMajor, CblasTrans, m.rows(), m.cols(), 1.0, m.ptr(), m.ld(), t.ptr(), t.ld());
        }
        return t;
    }

    /** True when a level-1 call can treat the whole matrix as one vector of rows*cols elements. */
    private static boolean flat(OffHeapMat m) {
        return m.isContiguous() && m.size() <= Integer.MAX_VALUE;
    }

    @Override
    public void scale(double alpha, Mat a) {
        OffHeapMat m = h(a, "a");
        if (m.size() == 0) {
            return;
        }
        useThreads(1);
        if (flat(m)) {
            cblas_dscal((int) m.size(), alpha, m.ptr(), 1);
        } else {
            for (int j = 0; j < m.cols(); j++) {
                cblas_dscal(m.rows(), alpha, m.ptr((long) j * m.ld()), 1);
            }
        }
    }

    @Override
    public void axpy(double alpha, Mat x, Mat y) {
        OffHeapMat hx = h(x, "x"), hy = h(y, "y");
        sameShape(hx, hy, "axpy", "x", "y");
        if (hx.size() == 0) {
            return;
        }
        if (hx.overlaps(hy) && !(hx.offset() == hy.offset() && hx.ld() == hy.ld())) {
            hx = (OffHeapMat) copy(hx);
        }
        useThreads(1);
        if (flat(hx) && flat(hy)) {
            cblas_daxpy((int) hx.size(), alpha, hx.ptr(), 1, hy.ptr(), 1);
        } else {
            for (int j = 0; j < hx.cols(); j++) {
                cblas_daxpy(hx.rows(), alpha, hx.ptr((long) j * hx.ld()), 1, hy.ptr((long) j * hy.ld()), 1);
            }
        }
    }

    @Override
    public double dot(Mat a, Mat b) {
        OffHeapMat ha = h(a, "a"), hb = h(b, "b");
        sameShape(ha, hb, "dot", "a", "b");
        if (ha.size() == 0) {
            return 0.0;
        }
        useThreads(1);
        if (flat(ha) && flat(hb)) {
            return cblas_ddot((int) ha.size(), ha.ptr(), 1, hb.ptr(), 1);
        }
        double s = 0;
        for (int j = 0; j < ha.cols(); j++) {
            s += cblas_ddot(ha.rows(), ha.ptr((long) j * ha.ld()), 1, hb.ptr((long) j * hb.ld()), 1);
        }
        return s;
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code cblas_dnrm2} (scaled, NaN-propagating) on the whole matrix, or per column with the
     * column norms combined by the same scaled sum of squares.
     */
    @Override
    public double normF(Mat a) {
        OffHeapMat m = h(a, "a");
        if (m.size() == 0) {
            return 0.0;
        }
        useThreads(1);
        if (flat(m)) {
            return cblas_dnrm2((int) m.size(), m.ptr(), 1);
        }
        double scale = 0, ssq = 1;
        for (int j = 0; j < m.cols(); j++) {
            double v = cblas_dnrm2(m.rows(), m.ptr((long) j * m.ld()), 1);
            if (Double.isNaN(v)) {
                return v;
            }
            if (v != 0) {
                if (scale < v) {
                    ssq = 1 + ssq * (scale / v) * (scale / v);
                    scale = v;
                } else {
                    ssq += (v / scale) * (v / scale);
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    /** {@inheritDoc} Uses LAPACK {@code dlange('M')}, which propagates NaN (unlike {@code idamax}). */
    @Override
    public double maxAbs(Mat a) {
        OffHeapMat m = h(a, "a");
        if (m.size() == 0) {
            return 0.0;
        }
        return LAPACKE_dlange_work(LAPACK_COL_MAJOR, (byte) 'M', m.rows(), m.cols(), m.ptr(), m.ld(), null);
    }

    /** Column-wise pass over a matrix on the heap: {@code buf} holds columns j0..j0+count-1. */
    @FunctionalInterface
    private interface ColumnBlockOp {
        void apply(double[] buf, int j0, int count);
    }

    /** Reads blocks of whole columns to the heap, applies {@code op} and writes them back. */
    private static void mapColumns(OffHeapMat a, ColumnBlockOp op) {
        int rows = a.rows(), cols = a.cols();
        if (rows == 0 || cols == 0) {
            return;
        }
        int per = a.isContiguous() ? Math.max(1, HEAP_BLOCK / rows) : 1;
        per = Math.min(per, cols);
        double[] buf = new double[per * rows];
        for (int j0 = 0; j0 < cols; j0 += per) {
            int nc = Math.min(per, cols - j0);
            DoublePointer p = a.ptr((long) j0 * a.ld());
            p.get(buf, 0, nc * rows);
            op.apply(buf, j0, nc);
            p.put(buf, 0, nc * rows);
        }
    }

    @Override
    public void scaleRows(Mat a, double[] s) {
        OffHeapMat m = h(a, "a");
        if (s.length != m.rows()) {
            throw new IllegalArgumentException("scaleRows: s has length " + s.length + ", expected rows = " + m.rows());
        }
        int rows = m.rows();
        mapColumns(m, (buf, j0, count) -> {
            for (int c = 0; c < count; c++) {
                int base = c * rows;
                for (int i = 0; i < rows; i++) {
                    buf[base + i] *= s[i];
                }
            }
        });
    }

    @Override
    public void scaleColumns(Mat a, double[] s) {
        OffHeapMat m = h(a, "a");
        if (s.length != m.cols()) {
            throw new IllegalArgumentException("scaleColumns: s has length " + s.length + ", expected cols = " + m.cols());
        }
        int rows = m.rows();
        mapColumns(m, (buf, j0, count) -> {
            for (int c = 0; c < count; c++) {
                double f = s[j0 + c];
                int base = c * rows;
                for (int i = 0; i < rows; i++) {
                    buf[base + i] *= f;
                }
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Few rows: one strided {@code cblas_dcopy} per row. Many rows: each column goes through the
     * heap once.
     */
    @Override
    public Mat gatherRows(Mat a, int[] idx) {
        OffHeapMat m = h(a, "a");
        int rows = m.rows(), cols = m.cols(), k = idx.length;
        for (int t = 0; t < k; t++) {
            if (idx[t] < 0 || idx[t] >= rows) {
                throw new IndexOutOfBoundsException("gatherRows: row index " + idx[t] + " at position " + t
                        + " outside 0.." + (rows - 1));
            }
        }
        OffHeapMat out = alloc(k, cols);
        if (k == 0 || cols == 0) {
            return out;
        }
        useThreads(1);
        if ((long) k * 4 < rows) {
            for (int t = 0; t < k; t++) {
                cblas_dcopy(cols, m.ptr(idx[t]), m.ld(), out.ptr(t), k);
            }
        } else {
            double[] col = new double[rows];
            double[] g = new double[k];
            for (int j = 0; j < cols; j++) {
                m.ptr((long) j * m.ld()).get(col, 0, rows);
                for (int t = 0; t < k; t++) {
                    g[t] = col[idx[t]];
                }
                out.ptr((long) j * k).put(g, 0, k);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ LAPACK

    private void requireFinite(OffHeapMat m, String op, String arg) {
        double mx = maxAbs(m);
        if (!Double.isFinite(mx)) {
            throw new IllegalArgumentException(op + ": " + arg + " (" + m.rows() + " x " + m.cols()
                    + ") has a non-finite entry (max |entry| = " + mx + ")");
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
     * {@inheritDoc}
     *
     * <p>LAPACK {@code dgeqrf} then {@code dorgqr} on a copy. Householder QR gives an orthonormal Q
     * also for rank-deficient A (zero reflectors where columns vanish).
     *
     * @throws IllegalArgumentException if A has a NaN or infinite entry
     */
    @Override
    public QR qr(Mat a) {
        OffHeapMat src = h(a, "a");
        int m = src.rows(), n = src.cols(), k = Math.min(m, n);
        if (k == 0) {
            return new QR(zeros(m, 0), zeros(0, n));
        }
        requireFinite(src, "qr", "a");
        OffHeapMat f = (OffHeapMat) copy(src);
        useThreads(1);
        // Compact-WY Householder QR (dgeqrt, block nb) and Q = H [I; 0] by dgemqrt: the reflectors
        // are applied in blocks with level-3 kernels, about twice as fast here as dgeqrf + dorgqr.
        int nb = Math.min(QR_BLOCK, k);
        try (DoublePointer t = new DoublePointer((long) nb * k)) {
            // zeroed: dgeqrt leaves part of the last block of T unset, and LAPACKE's NaN check of
            // dgemqrt reads all of it
            Pointer.memset(t, 0, (long) nb * k * Double.BYTES);
            checkInfo(LAPACKE_dgeqrt(LAPACK_COL_MAJOR, m, n, nb, f.ptr(), m, t, nb), "dgeqrt");
            OffHeapMat r = (OffHeapMat) zeros(k, n);
            lacpy('U', (OffHeapMat) f.rowRange(0, k), r);
            OffHeapMat q = (OffHeapMat) zeros(m, k);
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
     * {@inheritDoc}
     *
     * <p>LAPACK {@code dgesdd} (divide and conquer, thin factors); if it does not converge,
     * {@code dgesvd} (QR iteration) on a fresh copy.
     *
     * @throws IllegalArgumentException if A has a NaN or infinite entry
     * @throws ArithmeticException if neither routine converges
     */
    @Override
    public SVD svd(Mat a) {
        OffHeapMat src = h(a, "a");
        int m = src.rows(), n = src.cols(), k = Math.min(m, n);
        if (k == 0) {
            return new SVD(zeros(m, 0), new double[0], zeros(0, n));
        }
        requireFinite(src, "svd", "a");
        if (m < n) {
            // dgesdd is markedly faster on the tall transpose (measured 1.5–2x on TT unfoldings):
            // A = Bᵀ with B = U_B S V_Bᵀ gives U_A = V_B, V_Aᵀ = U_Bᵀ.
            Mat b = transpose(src);
            SVD sb = svd(b);
            release(b);
            Mat u = transpose(sb.vt());
            Mat vt = transpose(sb.u());
            release(sb.u());
            release(sb.vt());
            return new SVD(u, sb.s(), vt);
        }
        useThreads(1);
        OffHeapMat u = alloc(m, k), vt = alloc(k, n);
        double[] s = new double[k];
        try (DoublePointer sp = new DoublePointer(k); DoublePointer q = new DoublePointer(1);
                IntPointer iwork = new IntPointer(8L * k)) {
            OffHeapMat f = (OffHeapMat) copy(src);
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
        }
        return new SVD(u, s, vt);
    }

    /**
     * {@inheritDoc}
     *
     * <p>LAPACK {@code dgetrf} / {@code dgetrs}. A is declared singular to working precision when
     * an exact zero pivot occurs or when min |U_ii| &lt; eps max |U_ii| (eps = 2^-52).
     *
     * @throws IllegalArgumentException if A or B has a NaN or infinite entry, or the shapes do not fit
     */
    @Override
    public Mat solve(Mat a, Mat b) {
        OffHeapMat ha = h(a, "a"), hb = h(b, "b");
        int n = ha.rows(), nrhs = hb.cols();
        if (ha.cols() != n || hb.rows() != n) {
            throw new IllegalArgumentException("solve: A must be square and B must have " + n + " rows, got A "
                    + ha.rows() + " x " + ha.cols() + ", B " + hb.rows() + " x " + hb.cols());
        }
        if (n == 0) {
            return zeros(0, nrhs);
        }
        requireFinite(ha, "solve", "a");
        requireFinite(hb, "solve", "b");
        OffHeapMat lu = (OffHeapMat) copy(ha);
        OffHeapMat x = (OffHeapMat) copy(hb);
        useThreads(1);
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
            if (nrhs > 0) {
                threadsForGemm(2.0 * n * n * nrhs);
                checkInfo(LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, (byte) 'N', n, nrhs, lu.ptr(), n, ipiv, x.ptr(), n), "dgetrs");
            }
        }
        return x;
    }

    // ------------------------------------------------------------------ TT-shaped kernels

    /**
     * {@inheritDoc}
     *
     * <p>One {@code cblas_dgemv} when r0 = 1 (M = wᵀ G with G as n x r1), else one per column b
     * (M(:, b) = G(:, :, b) w with the slice an r0 x n matrix).
     */
    @Override
    public Mat contractMiddle(Mat core, int r0, int n, int r1, Mat w) {
        OffHeapMat g = h(core, "core"), hw = h(w, "w");
        Backend.checkCore(g, r0, n, r1);
        if (hw.rows() != n || hw.cols() != 1) {
            throw new IllegalArgumentException("w must be " + n + " x 1, got " + hw.rows() + " x " + hw.cols());
        }
        if (r0 == 0 || r1 == 0 || n == 0) {
            return zeros(r0, r1);
        }
        OffHeapMat out = alloc(r0, r1);
        if (r0 == 1) {
            threadsForGemm(2.0 * n * r1);
            cblas_dgemv(CblasColMajor, CblasTrans, n, r1, 1.0, g.ptr(), g.ld(), hw.ptr(), 1, 0.0, out.ptr(), 1);
        } else {
            useThreads(1);
            for (int b = 0; b < r1; b++) {
                cblas_dgemv(CblasColMajor, CblasNoTrans, r0, n, 1.0, g.ptr((long) b * g.ld()), r0, hw.ptr(), 1, 0.0,
                        out.ptr((long) b * r0), 1);
            }
        }
        return out;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code cblas_dgemm} when r0 = 1 (G' = M G) or r1 = 1 (G' = G Mᵀ), else one per slice b:
     * G'(:, :, b) = G(:, :, b) Mᵀ.
     */
    @Override
    public Mat modeProduct(Mat core, int r0, int n, int r1, Mat m) {
        OffHeapMat g = h(core, "core"), hm = h(m, "m");
        Backend.checkCore(g, r0, n, r1);
        Backend.checkModeMatrix(hm, n);
        int np = hm.rows();
        if (n == 0 || r0 == 0 || r1 == 0 || np == 0) {
            return zeros(r0 * np, r1);
        }
        OffHeapMat out = alloc(r0 * np, r1);
        if (r0 == 1) {
            threadsForGemm(2.0 * np * n * r1);
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, np, r1, n, 1.0, hm.ptr(), hm.ld(), g.ptr(), g.ld(),
                    0.0, out.ptr(), out.ld());
        } else if (r1 == 1) {
            threadsForGemm(2.0 * r0 * n * np);
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, r0, np, n, 1.0, g.ptr(), r0, hm.ptr(), hm.ld(),
                    0.0, out.ptr(), r0);
        } else {
            threadsForGemm(2.0 * r0 * n * np);
            for (int b = 0; b < r1; b++) {
                cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, r0, np, n, 1.0, g.ptr((long) b * g.ld()), r0,
                        hm.ptr(), hm.ld(), 0.0, out.ptr((long) b * out.ld()), r0);
            }
        }
        return out;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Batched by index value: the samples are cut into chunks of a few thousand, processed in
     * parallel on {@link #maxThreads()} Java threads with single-threaded OpenBLAS. In a chunk the
     * running row vectors form a column-major (samples x r_k) block V. For each mode k the rows of
     * V are permuted so that samples with equal i_k are adjacent, and each such group of m_i rows
     * is multiplied by the core slice G_k[:, i, :] (an r_k x r_{k+1} view with leading dimension
     * r_k n_k) in one {@code dgemm}: (m_i x r_k)(r_k x r_{k+1}). Cost: 2 N sum_k r_k r_{k+1} flops
     * plus one gather of N r_k doubles per mode.
     *
     * @throws IllegalArgumentException if the shapes are inconsistent or r_0, r_d are not 1
     * @throws IndexOutOfBoundsException if an index is outside 0..n_k-1
     */
    @Override
    public double[] evaluate(Mat[] cores, int[] n, int[] r, int[] idx, int count) {
        int d = cores.length;
        if (n.length != d || r.length != d + 1) {
            throw new IllegalArgumentException("evaluate: " + d + " cores need n of length " + d + " and r of length "
                    + (d + 1) + ", got " + n.length + " and " + r.length);
        }
        if (count < 0 || (long) count * d > idx.length) {
            throw new IllegalArgumentException("evaluate: count = " + count + " needs idx of length >= count*d = "
                    + (long) count * d + ", got " + idx.length);
        }
        double[] out = new double[count];
        if (d == 0) {
            Arrays.fill(out, 1.0);
            return out;
        }
        if (r[0] != 1 || r[d] != 1) {
            throw new IllegalArgumentException("evaluate: boundary ranks must be 1, got r[0] = " + r[0] + ", r[d] = " + r[d]);
        }
        OffHeapMat[] g = new OffHeapMat[d];
        int rmax = 1, nmax = 1;
        for (int k = 0; k < d; k++) {
            g[k] = h(cores[k], "cores[" + k + "]");
            Backend.checkCore(g[k], r[k], n[k], r[k + 1]);
            rmax = Math.max(rmax, r[k]);
            nmax = Math.max(nmax, n[k]);
        }
        if (count == 0) {
            return out;
        }
        // chunk: about 32 samples per index value on average, work buffers of at most EVAL_BUFFER_MAX doubles
        int chunk = Math.max(2048, 32 * nmax);
        chunk = Math.max(64, Math.min(chunk, EVAL_BUFFER_MAX / rmax));
        chunk = Math.min(chunk, count);
        int chunks = (count + chunk - 1) / chunk;
        int workers = Math.min(maxThreads, chunks);
        useThreads(1);
        AtomicInteger next = new AtomicInteger();
        final int chunkSize = chunk, rm = rmax, nm = nmax;
        Runnable worker = () -> {
            EvalWork w = new EvalWork(g, rm, nm, chunkSize);
            try {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    int lo = c * chunkSize;
                    w.run(n, r, idx, lo, Math.min(count, lo + chunkSize), out);
                }
            } finally {
                w.close();
            }
        };
        if (workers <= 1) {
            worker.run();
        } else {
            IntStream.range(0, workers).parallel().forEach(t -> worker.run());
        }
        return out;
    }

    /** Per-thread buffers of {@link #evaluate}. */
    private static final class EvalWork {
        private final OffHeapMat[] cores;
        private final DoublePointer[] slice;   // per-thread pointers into the cores (positions mutated)
        private final DoublePointer vBuf, wBuf;  // gathered V and product W, chunk x rmax column-major
        private final DoubleBuffer v, w;         // the same memory, for element access from Java
        private final int[] pos, order, src, cnt;

        EvalWork(OffHeapMat[] cores, int rmax, int nmax, int chunk) {
            this.cores = cores;
            slice = new DoublePointer[cores.length];
            for (int k = 0; k < cores.length; k++) {
                slice[k] = cores[k].ptr();
            }
            vBuf = new DoublePointer((long) rmax * chunk);
            wBuf = new DoublePointer((long) rmax * chunk);
            v = vBuf.asBuffer();
            w = wBuf.asBuffer();
            pos = new int[chunk];
            order = new int[chunk];
            src = new int[chunk];
            cnt = new int[nmax + 1];
        }

        /** Evaluates samples lo..hi-1 into out[lo..hi-1]. */
        void run(int[] n, int[] r, int[] idx, int lo, int hi, double[] out) {
            int d = cores.length, len = hi - lo;
            for (int s = 0; s < len; s++) {
                w.put(s, 1.0); // W = ones (len x 1): the product of no cores
                pos[s] = s;
            }
            for (int k = 0; k < d; k++) {
                int r0 = r[k], r1 = r[k + 1], nk = n[k];
                // counting sort of the chunk's samples by i_k
                Arrays.fill(cnt, 0, nk + 1, 0);
                for (int s = 0; s < len; s++) {
                    int i = idx[(lo + s) * d + k];
                    if (i < 0 || i >= nk) {
                        throw new IndexOutOfBoundsException("evaluate: index " + i + " of sample " + (lo + s)
                                + " in mode " + k + " outside 0.." + (nk - 1));
                    }
                    cnt[i + 1]++;
                }
                for (int i = 0; i < nk; i++) {
                    cnt[i + 1] += cnt[i];
                }
                for (int s = 0; s < len; s++) {
                    int i = idx[(lo + s) * d + k];
                    order[cnt[i]++] = s;
                }
                for (int i = nk; i > 0; i--) {
                    cnt[i] = cnt[i - 1];
                }
                cnt[0] = 0;
                // V(t, :) = W(pos[order[t]], :), then the sample order[t] sits in row t
                for (int t = 0; t < len; t++) {
                    int s = order[t];
                    src[t] = pos[s];
                    pos[s] = t;
                }
                for (int a = 0; a < r0; a++) {
                    int col = a * len;
                    for (int t = 0; t < len; t++) {
                        v.put(col + t, w.get(col + src[t]));
                    }
                }
                // W(rows of group i, :) = V(rows of group i, :) G_k[:, i, :]
                DoublePointer gk = slice[k];
                int ldg = cores[k].ld();
                for (int i = 0; i < nk; i++) {
                    int m = cnt[i + 1] - cnt[i];
                    if (m == 0) {
                        continue;
                    }
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, m, r1, r0, 1.0,
                            vBuf.position(cnt[i]), len, gk.position((long) r0 * i), ldg,
                            0.0, wBuf.position(cnt[i]), len);
                }
            }
            for (int s = 0; s < len; s++) {
                out[lo + s] = w.get(pos[s]);
            }
        }

        void close() {
            vBuf.close();
            wBuf.close();
        }
    }
}
