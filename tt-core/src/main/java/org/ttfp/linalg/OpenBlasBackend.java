package org.ttfp.linalg;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlange_work;
import static org.bytedeco.openblas.global.openblas.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas.cblas_dcopy;
import static org.bytedeco.openblas.global.openblas.cblas_ddot;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas.cblas_dnrm2;
import static org.bytedeco.openblas.global.openblas_full.cblas_domatcopy;
import static org.bytedeco.openblas.global.openblas.cblas_dscal;

import java.util.Arrays;
import java.util.concurrent.ForkJoinWorkerThread;
import org.bytedeco.javacpp.DoublePointer;
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
 * {@link #get}. This class holds the storage, the BLAS kernels and the thread policy; the LAPACK
 * factorizations are in {@link OpenBlasLapack}, and {@link #evaluate} is the shared host
 * algorithm {@link HostEvaluation} with native buffers and {@code dgemm} group products.
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
public final class OpenBlasBackend extends StorageBackend<OffHeapMat> {

    /** GEMM-shaped calls below this many flops run on one OpenBLAS thread (measured crossover 4e6-1e7). */
    public static final double PARALLEL_GEMM_FLOPS = 1e7;

    /** Largest block, in doubles, that a column-wise heap pass moves per JNI call. */
    private static final int HEAP_BLOCK = 1 << 15;

    private static OpenBlasBackend instance;
    private static String failure;

    private final int maxThreads;
    private final String config;
    private volatile int currentThreads;

    private OpenBlasBackend(int maxThreads, String config) {
        super(OffHeapMat.class);
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

    void useThreads(int t) {
        if (t != currentThreads) {
            openblas_full.openblas_set_num_threads(t);
            currentThreads = t;
        }
    }

    void threadsForGemm(double flops) {
        boolean parallelCaller = Thread.currentThread() instanceof ForkJoinWorkerThread;
        useThreads(flops >= PARALLEL_GEMM_FLOPS && !parallelCaller ? maxThreads : 1);
    }

    /** The OpenBLAS thread count now in force, as OpenBLAS reports it (for tests and benchmarks). */
    public int currentThreads() { return openblas_full.openblas_get_num_threads(); }

    // ------------------------------------------------------------------ storage

    /** JavaCPP's limit on off-heap memory ({@code org.bytedeco.javacpp.maxbytes}), in doubles. */
    @Override
    protected long maxElements() {
        long max = Pointer.maxBytes();
        return max > 0 ? max / Double.BYTES : super.maxElements();
    }

    @Override
    protected String limitReason() {
        return String.format(java.util.Locale.ROOT, "off-heap memory is limited to %.1f GiB by org.bytedeco.javacpp.maxbytes",
                Pointer.maxBytes() / 1073741824.0);
    }

    /** A new contiguous matrix with uninitialized contents (the caller overwrites every element). */
    @Override
    protected OffHeapMat doAllocate(int rows, int cols) {
        long n = (long) rows * cols;
        return new OffHeapMat(this, new DoublePointer(Math.max(1, n)), 0, rows, cols, Math.max(1, rows));
    }

    /** {@link #doAllocate} for the helpers of this package (shape checked). */
    OffHeapMat allocate(int rows, int cols) {
        checkShape("allocate", rows, cols);
        return doAllocate(rows, cols);
    }

    /** Frees the matrix's off-heap allocation at once (see {@link Backend#release}). */
    @Override
    protected void doRelease(OffHeapMat a) {
        a.free();
    }

    @Override
    protected void doClear(OffHeapMat m, long n) {
        Pointer.memset(m.ptr(), 0, n * Double.BYTES);
    }

    @Override
    protected void doUpload(double[] data, int offset, OffHeapMat m, long n) {
        m.ptr().put(data, offset, (int) n);
    }

    @Override
    protected double[] doToArray(OffHeapMat m, int n) {
        double[] out = new double[n];
        if (m.isContiguous()) {
            m.ptr().get(out, 0, n);
        } else {
            OffHeapMat c = doAllocate(m.rows(), m.cols());
            OpenBlasLapack.lacpy('A', m, c);
            c.ptr().get(out, 0, n);
            c.free();
        }
        return out;
    }

    @Override
    protected double doGet(OffHeapMat m, int i, int j) {
        return m.ptr().get((long) i + (long) j * m.ld());
    }

    /** LAPACK {@code dlacpy}; an overlapping source is read through a copy. */
    @Override
    protected void doCopyInto(OffHeapMat s, OffHeapMat t) {
        if (s.overlaps(t)) {
            if (s.offset() == t.offset() && s.ld() == t.ld()) {
                return; // the same elements
            }
            s = copy(s);
        }
        OpenBlasLapack.lacpy('A', s, t);
    }

    // ------------------------------------------------------------------ BLAS

    /**
     * {@inheritDoc}
     *
     * <p>One {@code cblas_dgemm} on the storage in place (views use their leading dimension). If C
     * shares memory with A or B, the product goes through a temporary.
     */
    @Override
    protected void doGemm(boolean transA, boolean transB, double alpha, OffHeapMat ha, OffHeapMat hb, double beta,
            OffHeapMat hc, int m, int n, int p) {
        if (hc.overlaps(ha) || hc.overlaps(hb)) {
            OffHeapMat t = copy(hc);
            doGemm(transA, transB, alpha, ha, hb, beta, t, m, n, p);
            OpenBlasLapack.lacpy('A', t, hc);
            t.free();
            return;
        }
        threadsForGemm(2.0 * m * n * p);
        cblas_dgemm(CblasColMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, p, alpha, ha.ptr(), ha.ld(), hb.ptr(), hb.ld(), beta, hc.ptr(), hc.ld());
    }

    @Override
    protected void doTranspose(OffHeapMat m, OffHeapMat t) {
        cblas_domatcopy(CblasColMajor, CblasTrans, m.rows(), m.cols(), 1.0, m.ptr(), m.ld(), t.ptr(), t.ld());
    }

    /** True when a level-1 call can treat the whole matrix as one vector of rows*cols elements. */
    private static boolean flat(OffHeapMat m) {
        return m.isContiguous() && m.size() <= Integer.MAX_VALUE;
    }

    @Override
    protected void doScale(double alpha, OffHeapMat m) {
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
    protected void doAxpy(double alpha, OffHeapMat hx, OffHeapMat hy) {
        if (hx.overlaps(hy) && !(hx.offset() == hy.offset() && hx.ld() == hy.ld())) {
            hx = copy(hx);
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
    protected double doDot(OffHeapMat ha, OffHeapMat hb) {
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
    protected double doNormF(OffHeapMat m) {
        useThreads(1);
        if (flat(m)) {
            return cblas_dnrm2((int) m.size(), m.ptr(), 1);
        }
        ScaledNorm norm = new ScaledNorm();
        for (int j = 0; j < m.cols(); j++) {
            double v = cblas_dnrm2(m.rows(), m.ptr((long) j * m.ld()), 1);
            if (Double.isNaN(v)) {
                return v;
            }
            norm.add(v);
        }
        return norm.value();
    }

    /** {@inheritDoc} Uses LAPACK {@code dlange('M')}, which propagates NaN (unlike {@code idamax}). */
    @Override
    protected double doMaxAbs(OffHeapMat m) {
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
    protected void doScaleRows(OffHeapMat m, double[] s) {
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
    protected void doScaleColumns(OffHeapMat m, double[] s) {
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
    protected OffHeapMat doGatherRows(OffHeapMat m, int[] idx) {
        int rows = m.rows(), cols = m.cols(), k = idx.length;
        OffHeapMat out = doAllocate(k, cols);
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

    // ------------------------------------------------------------------ LAPACK (OpenBlasLapack)

    /** {@inheritDoc} LAPACK {@code dgeqrt} + {@code dgemqrt} (see {@link OpenBlasLapack#qr}). */
    @Override
    protected QR doQr(OffHeapMat a) { return OpenBlasLapack.qr(this, a); }

    /** {@inheritDoc} LAPACK {@code dgesdd}, else {@code dgesvd} (see {@link OpenBlasLapack#svd}). */
    @Override
    protected SVD doSvd(OffHeapMat a) { return OpenBlasLapack.svd(this, a); }

    /** {@inheritDoc} LAPACK {@code dgetrf} / {@code dgetrs} (see {@link OpenBlasLapack#solve}). */
    @Override
    protected OffHeapMat doSolve(OffHeapMat a, OffHeapMat b) { return OpenBlasLapack.solve(this, a, b); }

    // ------------------------------------------------------------------ TT-shaped kernels

    /**
     * {@inheritDoc}
     *
     * <p>One {@code cblas_dgemv} when r0 = 1 (M = wᵀ G with G as n x r1), else one per column b
     * (M(:, b) = G(:, :, b) w with the slice an r0 x n matrix).
     */
    @Override
    protected OffHeapMat doContractMiddle(OffHeapMat g, int r0, int n, int r1, OffHeapMat hw) {
        OffHeapMat out = doAllocate(r0, r1);
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
    protected OffHeapMat doModeProduct(OffHeapMat g, int r0, int n, int r1, OffHeapMat hm) {
        int np = hm.rows();
        OffHeapMat out = doAllocate(r0 * np, r1);
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
     * <p>The shared host algorithm ({@link HostEvaluation}) on {@link #maxThreads()} Java threads
     * with single-threaded OpenBLAS: the blocks V and W are native buffers and each group product
     * (m_i x r_k)(r_k x r_{k+1}) is one {@code dgemm} on the core slice G_k[:, i, :] in place (an
     * r_k x r_{k+1} view with leading dimension ld(G_k)).
     */
    @Override
    protected void doEvaluate(OffHeapMat[] cores, int[] n, int[] r, int[] idx, int count, double[] out) {
        useThreads(1);
        HostEvaluation.evaluate((rmax, chunk) -> new OpenBlasEvalWorkspace(cores, r, rmax, chunk), n, r, idx, count, out,
                Thread.currentThread() instanceof ForkJoinWorkerThread ? 1 : maxThreads);
    }
}
