package org.ttfp.linalg;

import static jcuda.jcublas.cublasDiagType.CUBLAS_DIAG_NON_UNIT;
import static jcuda.jcublas.cublasFillMode.CUBLAS_FILL_MODE_UPPER;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;
import static jcuda.jcublas.cublasSideMode.CUBLAS_SIDE_LEFT;
import static jcuda.jcublas.cublasSideMode.CUBLAS_SIDE_RIGHT;
import static jcuda.runtime.cudaMemcpyKind.cudaMemcpyDeviceToDevice;
import static jcuda.runtime.cudaMemcpyKind.cudaMemcpyDeviceToHost;
import static jcuda.runtime.cudaMemcpyKind.cudaMemcpyHostToDevice;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaDeviceProp;
import org.ttfp.linalg.DeviceMat.DevicePointer;

/**
 * NVIDIA GPU backend on cuBLAS through JCuda/JCublas 12.6: matrices live in device memory
 * ({@link DeviceMat}, plain {@code cudaMalloc}), and only {@link #toArray}, {@link #fromArray},
 * {@link #get} and the small host steps named below move data between host and device.
 *
 * <p>Kernels: GEMM is {@code cublasDgemm} on ld/offset views; transpose and strided copies use
 * {@code cublasDgeam}/{@code cudaMemcpy2D}; scale/axpy/dot/norm/max use the level-1 routines
 * ({@code cublasDscal, Daxpy, Ddot, Dnrm2, Idamax, Dasum}); row/column scaling is
 * {@code cublasDdgmm}; {@link #contractMiddle} and {@link #modeProduct} are one
 * {@code cublasDgemmStridedBatched} each; {@link #evaluate}, {@link #hadamardCore} and
 * {@link #gatherRows} are one {@code cublasDgemmBatched} each over device pointer arrays.
 *
 * <p>Factorizations: {@link #qr} of a tall matrix is {@link TallSkinnyQr} (CholeskyQR2 / shifted
 * CholeskyQR3 with {@code cublasDsyrk} and {@code cublasDtrsm}; only n x n matrices cross to the
 * host) with Householder QR on the CPU backend as the fallback for rank-deficient input; a wide
 * matrix is factored on the host. {@link #svd} is that QR followed by the SVD of the small
 * k x k triangular factor on the host and U = Q U_small on the device. {@link #solve} runs
 * LU with partial pivoting on the host (transfer of A and B, meant for the small systems of
 * the TT algorithms).
 *
 * <p>Memory: blocks of unreachable matrices are returned by a {@link java.lang.ref.Cleaner} to a
 * caching allocator and reused in stream order (all work runs on the default stream); when
 * {@code cudaMalloc} runs out of memory, the cache is released and the GC is asked to collect
 * dead matrices before retrying. JCuda and JCublas exceptions are enabled, so every CUDA or
 * cuBLAS error surfaces as a {@link CudaException}.
 */
public final class CublasBackend implements Backend {
    private static final Logger LOG = Logger.getLogger(CublasBackend.class.getName());
    private static final Object LOCK = new Object();
    private static CublasBackend instance;
    private static String failure;

    /** Largest batch passed to one batched cuBLAS call (grid-dimension limit of older cuBLAS). */
    static final int MAX_BATCH = 65_535;
    /** Largest vector handed to one level-1 call (cuBLAS lengths are {@code int}). */
    static final int VEC_CHUNK = 1 << 30;

    private final cublasHandle handle;
    private final DevicePool pool;
    private final String description;
    /** A device constant 1.0 (the A operand of the gather product). */
    private final DeviceMat one;
    private final TallSkinnyQr.Ops deviceOps = new DeviceOps();
    private volatile boolean closed;
    private volatile Backend host;

    private CublasBackend(cublasHandle handle, long totalBytes, String description) {
        this.handle = handle;
        this.pool = new DevicePool(totalBytes / 4);
        this.description = description;
        this.one = fromArray(new double[] {1.0}, 1, 1);
    }

    /**
     * The shared cuBLAS backend on CUDA device 0, created on first use and logged in one line
     * (device name, memory, versions).
     *
     * @throws BackendUnavailableException with a one-line reason when the JCuda natives do not load,
     *         there is no NVIDIA driver or it is older than JCuda's runtime, no CUDA device is visible,
     *         or cuBLAS cannot be loaded or initialized. The outcome is remembered: later calls
     *         fail the same way at once.
     */
    public static CublasBackend create() {
        synchronized (LOCK) {
            if (instance != null && !instance.closed) {
                return instance;
            }
            if (failure != null) {
                throw new BackendUnavailableException(failure);
            }
            try {
                instance = open();
                LOG.info("cuBLAS backend: " + instance.description);
                return instance;
            } catch (BackendUnavailableException e) {
                failure = e.getMessage();
                throw e;
            }
        }
    }

    private static CublasBackend open() {
        int[] v = new int[1];
        int driver;
        int runtime;
        try {
            int rc = JCuda.cudaDriverGetVersion(v);
            if (rc != 0) {
                throw unavailable("cudaDriverGetVersion failed: " + JCuda.cudaGetErrorString(rc));
            }
            driver = v[0];
            rc = JCuda.cudaRuntimeGetVersion(v);
            runtime = rc == 0 ? v[0] : 0;
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw unavailable("the JCuda runtime native library did not load: " + summary(t));
        }
        if (driver == 0) {
            throw unavailable("no NVIDIA driver found (cudaDriverGetVersion reports 0: libcuda.so.1 is missing)");
        }
        if (driver < runtime) {
            throw unavailable("the NVIDIA driver supports CUDA " + cudaVersion(driver) + " but JCuda's runtime needs CUDA "
                    + cudaVersion(runtime) + " or newer");
        }
        try {
            int rc = JCuda.cudaGetDeviceCount(v);
            if (rc != 0) {
                throw unavailable("cudaGetDeviceCount failed: " + JCuda.cudaGetErrorString(rc));
            }
            if (v[0] == 0) {
                throw unavailable("no CUDA device is visible (cudaGetDeviceCount = 0)");
            }
            rc = JCuda.cudaSetDevice(0);
            if (rc != 0) {
                throw unavailable("cudaSetDevice(0) failed: " + JCuda.cudaGetErrorString(rc));
            }
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw unavailable("the CUDA device could not be opened: " + summary(t));
        }
        // Name and memory only describe the device: a failure here is reported, not fatal.
        String name;
        try {
            cudaDeviceProp prop = new cudaDeviceProp();
            int rc = JCuda.cudaGetDeviceProperties(prop, 0);
            name = rc == 0 ? prop.getName().trim() + " (sm_" + prop.major + prop.minor + ")"
                    : "(cudaGetDeviceProperties: " + JCuda.cudaGetErrorString(rc) + ")";
        } catch (Throwable t) {
            name = "(cudaGetDeviceProperties: " + summary(t) + ")";
        }
        long total = 0;
        long free = 0;
        try {
            long[] f = new long[1];
            long[] t = new long[1];
            if (JCuda.cudaMemGetInfo(f, t) == 0) {
                free = f[0];
                total = t[0];
            }
        } catch (Throwable t) {
            LOG.log(Level.FINE, "cudaMemGetInfo failed", t);
        }
        cublasHandle h = new cublasHandle();
        int cublasVersion;
        try {
            JCublas2.initialize();
        } catch (Throwable t) {
            throw unavailable("the JCublas2 native library did not load (it needs cuBLAS): " + summary(t));
        }
        try {
            int rc = JCublas2.cublasCreate(h);
            if (rc != cublasStatus.CUBLAS_STATUS_SUCCESS) {
                throw unavailable("cublasCreate failed: " + cublasStatus.stringFor(rc));
            }
            rc = JCublas2.cublasGetVersion(h, v);
            cublasVersion = rc == 0 ? v[0] : -1;
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw unavailable("cublasCreate failed: " + summary(t));
        }
        JCuda.setExceptionsEnabled(true);
        JCublas2.setExceptionsEnabled(true);
        String desc = String.format(Locale.ROOT, "device 0 %s, %.1f GiB total, %.1f GiB free; driver CUDA %s, runtime %s, cuBLAS %d",
                name, total / 1073741824.0, free / 1073741824.0, cudaVersion(driver), cudaVersion(runtime), cublasVersion);
        try {
            CublasBackend be = new CublasBackend(h, total > 0 ? total : 4L << 30, desc);
            if (be.get(be.one, 0, 0) != 1.0) {
                throw new IllegalStateException("a device memory round trip returned a wrong value");
            }
            return be;
        } catch (Throwable t) {
            try {
                JCublas2.cublasDestroy(h);
            } catch (Throwable ignored) {
                // the handle is unusable anyway; the reason below is what matters
            }
            throw unavailable("device memory test failed: " + summary(t));
        }
    }

    private static BackendUnavailableException unavailable(String why) {
        return new BackendUnavailableException("cuBLAS backend unavailable: " + why);
    }

    private static String cudaVersion(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }

    /** One line describing a loading failure, with the missing library or symbol when named. */
    static String summary(Throwable t) {
        String first = t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
        for (Throwable c = t; c != null; c = c.getCause()) {
            String msg = c.getMessage();
            if (msg == null) {
                continue;
            }
            for (String line : msg.split("\n")) {
                if (line.contains("cannot open shared object file") || line.contains("undefined symbol")
                        || line.contains("version `")) {
                    String detail = line.trim();
                    int so = detail.lastIndexOf(".so: ");
                    if (so >= 0 && so + 5 < detail.length()) {
                        detail = detail.substring(so + 5);
                    }
                    return truncate(first + " (" + detail + ")");
                }
            }
        }
        return truncate(first);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static String truncate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 397) + "...";
    }

    /** Device name, memory and library versions (the line logged at creation). */
    public String description() { return description; }

    @Override
    public String name() { return "cublas"; }

    private Backend host() {
        Backend h = host;
        if (h == null) {
            h = Backends.byName("cpu");
            host = h;
        }
        return h;
    }

    // ------------------------------------------------------------------ storage

    private DeviceMat d(Mat a, String arg) {
        if (closed) {
            throw new IllegalStateException("the cuBLAS backend has been closed");
        }
        if (a == null) {
            throw new IllegalArgumentException(arg + " is null, expected a matrix of backend 'cublas'");
        }
        if (!(a instanceof DeviceMat dm) || a.backend() != this) {
            throw new IllegalArgumentException(arg + " belongs to backend '" + a.backend().name()
                    + "', expected a matrix of backend 'cublas'");
        }
        return dm;
    }

    private static long checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + " x " + cols);
        }
        return (long) rows * cols;
    }

    /** A new contiguous rows x cols matrix with undefined contents. */
    private DeviceMat alloc(int rows, int cols) {
        if (closed) {
            throw new IllegalStateException("the cuBLAS backend has been closed");
        }
        long n = checkedSize(rows, cols);
        DeviceMat.Storage s;
        if (n == 0) {
            s = new DeviceMat.Storage(0, 0, null);
        } else {
            long cls = DevicePool.sizeClass(n * Double.BYTES);
            long addr = pool.allocate(cls);
            s = new DeviceMat.Storage(addr, n, new Release(pool, addr, cls));
        }
        return new DeviceMat(this, s, 0, rows, cols, Math.max(1, rows));
    }

    @Override
    public DeviceMat zeros(int rows, int cols) {
        DeviceMat m = alloc(rows, cols);
        if (m.size() > 0) {
            JCuda.cudaMemset(m.pointer(), 0, m.size() * Double.BYTES);
        }
        return m;
    }

    @Override
    public DeviceMat fromArray(double[] data, int offset, int rows, int cols) {
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        long n = checkedSize(rows, cols);
        if (offset < 0 || offset + n > data.length) {
            throw new IllegalArgumentException("data of length " + data.length + " has no " + n + " values from offset " + offset);
        }
        DeviceMat m = alloc(rows, cols);
        if (n > 0) {
            double[] src = offset == 0 ? data : Arrays.copyOfRange(data, offset, offset + (int) n);
            JCuda.cudaMemcpy(m.pointer(), Pointer.to(src), n * Double.BYTES, cudaMemcpyHostToDevice);
        }
        return m;
    }

    @Override
    public DeviceMat fromArray(double[] data, int rows, int cols) {
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        if (data.length != checkedSize(rows, cols)) {
            throw new IllegalArgumentException("data has length " + data.length + ", expected rows*cols = "
                    + rows + "*" + cols + " = " + (long) rows * cols);
        }
        return fromArray(data, 0, rows, cols);
    }

    @Override
    public double[] toArray(Mat a) {
        DeviceMat m = d(a, "a");
        long n = m.size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + m.rows() + " x " + m.cols() + " matrix does not fit in a heap array");
        }
        double[] out = new double[(int) n];
        if (n > 0) {
            try {
                if (m.isContiguous()) {
                    JCuda.cudaMemcpy(Pointer.to(out), m.pointer(), n * Double.BYTES, cudaMemcpyDeviceToHost);
                } else {
                    JCublas2.cublasGetMatrix(m.rows(), m.cols(), Double.BYTES, m.pointer(), m.ld(), Pointer.to(out), m.rows());
                }
            } finally {
                Reference.reachabilityFence(m);
            }
        }
        return out;
    }

    @Override
    public double get(Mat a, int i, int j) {
        DeviceMat m = d(a, "a");
        if (i < 0 || i >= m.rows() || j < 0 || j >= m.cols()) {
            throw new IndexOutOfBoundsException("element (" + i + ", " + j + ") outside " + m.rows() + " x " + m.cols());
        }
        double[] v = new double[1];
        try {
            JCuda.cudaMemcpy(Pointer.to(v), new DevicePointer(m.address(i, j)), Double.BYTES, cudaMemcpyDeviceToHost);
        } finally {
            Reference.reachabilityFence(m);
        }
        return v[0];
    }

    @Override
    public DeviceMat copy(Mat a) {
        DeviceMat m = d(a, "a");
        DeviceMat out = alloc(m.rows(), m.cols());
        copyInto(m, out);
        return out;
    }

    @Override
    public void copyInto(Mat src, Mat dst) {
        DeviceMat s = d(src, "src");
        DeviceMat t = d(dst, "dst");
        sameShape(s, t, "copyInto");
        if (s.size() == 0) {
            return;
        }
        try {
            JCuda.cudaMemcpy2D(t.pointer(), (long) t.ld() * Double.BYTES, s.pointer(), (long) s.ld() * Double.BYTES,
                    (long) s.rows() * Double.BYTES, s.cols(), cudaMemcpyDeviceToDevice);
        } finally {
            Reference.reachabilityFence(s);
            Reference.reachabilityFence(t);
        }
    }

    private static void sameShape(Mat a, Mat b, String op) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ, " + a.rows() + " x " + a.cols() + " vs "
                    + b.rows() + " x " + b.cols());
        }
    }

    /** A contiguous matrix with the contents of m: m itself when already contiguous. */
    private DeviceMat compact(DeviceMat m) {
        return m.isContiguous() ? m : copy(m);
    }

    private static Pointer scalar(double x) {
        return Pointer.to(new double[] {x});
    }

    // ------------------------------------------------------------------ BLAS

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c) {
        DeviceMat da = d(a, "a"), db = d(b, "b"), dc = d(c, "c");
        int[] shape = Backend.gemmShape(transA, transB, a, b, c);
        int m = shape[0], n = shape[1], p = shape[2];
        if (m == 0 || n == 0) {
            return;
        }
        try {
            if (p == 0) {
                if (beta == 0.0) {
                    zeroFill(dc);
                } else if (beta != 1.0) {
                    scale(beta, dc);
                }
                return;
            }
            JCublas2.cublasDgemm(handle, transA ? CUBLAS_OP_T : CUBLAS_OP_N, transB ? CUBLAS_OP_T : CUBLAS_OP_N, m, n, p,
                    scalar(alpha), da.pointer(), da.ld(), db.pointer(), db.ld(), scalar(beta), dc.pointer(), dc.ld());
        } finally {
            Reference.reachabilityFence(da);
            Reference.reachabilityFence(db);
            Reference.reachabilityFence(dc);
        }
    }

    /** Sets every element of a (possibly strided) matrix to zero. */
    private void zeroFill(DeviceMat m) {
        if (m.size() == 0) {
            return;
        }
        try {
            if (m.isContiguous()) {
                JCuda.cudaMemset(m.pointer(), 0, m.size() * Double.BYTES);
            } else {
                JCuda.cudaMemset2D(m.pointer(), (long) m.ld() * Double.BYTES, 0, (long) m.rows() * Double.BYTES, m.cols());
            }
        } finally {
            Reference.reachabilityFence(m);
        }
    }

    @Override
    public DeviceMat transpose(Mat a) {
        DeviceMat m = d(a, "a");
        int r = m.rows(), c = m.cols();
        DeviceMat out = alloc(c, r);
        if (out.size() == 0) {
            return out;
        }
        try {
            // C (c x r) = 1·Aᵀ + 0·C; B = C is geam's in-place form and is not read when beta = 0
            JCublas2.cublasDgeam(handle, CUBLAS_OP_T, CUBLAS_OP_N, c, r, scalar(1.0), m.pointer(), m.ld(), scalar(0.0),
                    out.pointer(), out.ld(), out.pointer(), out.ld());
        } finally {
            Reference.reachabilityFence(m);
        }
        return out;
    }

    @Override
    public void scale(double alpha, Mat a) {
        DeviceMat m = d(a, "a");
        if (m.size() == 0) {
            return;
        }
        try {
            if (m.isContiguous()) {
                Pointer al = scalar(alpha);
                forChunks(m.size(), (off, len) -> JCublas2.cublasDscal(handle, len, al, at(m, off), 1));
            } else {
                JCublas2.cublasDgeam(handle, CUBLAS_OP_N, CUBLAS_OP_N, m.rows(), m.cols(), scalar(alpha), m.pointer(), m.ld(),
                        scalar(0.0), m.pointer(), m.ld(), m.pointer(), m.ld());
            }
        } finally {
            Reference.reachabilityFence(m);
        }
    }

    @Override
    public void axpy(double alpha, Mat x, Mat y) {
        DeviceMat dx = d(x, "x"), dy = d(y, "y");
        sameShape(dx, dy, "axpy");
        if (dx.size() == 0) {
            return;
        }
        try {
            if (dx.isContiguous() && dy.isContiguous()) {
                Pointer al = scalar(alpha);
                forChunks(dx.size(), (off, len) -> JCublas2.cublasDaxpy(handle, len, al, at(dx, off), 1, at(dy, off), 1));
            } else {
                // Y := alpha X + 1·Y, geam's in-place form C = B
                JCublas2.cublasDgeam(handle, CUBLAS_OP_N, CUBLAS_OP_N, dx.rows(), dx.cols(), scalar(alpha), dx.pointer(), dx.ld(),
                        scalar(1.0), dy.pointer(), dy.ld(), dy.pointer(), dy.ld());
            }
        } finally {
            Reference.reachabilityFence(dx);
            Reference.reachabilityFence(dy);
        }
    }

    @Override
    public double dot(Mat a, Mat b) {
        DeviceMat da = d(a, "a"), db = d(b, "b");
        sameShape(da, db, "dot");
        if (da.size() == 0) {
            return 0.0;
        }
        DeviceMat ca = compact(da), cb = compact(db);
        double[] sum = new double[1];
        double[] part = new double[1];
        try {
            forChunks(ca.size(), (off, len) -> {
                JCublas2.cublasDdot(handle, len, at(ca, off), 1, at(cb, off), 1, Pointer.to(part));
                sum[0] += part[0];
                return 0;
            });
        } finally {
            Reference.reachabilityFence(ca);
            Reference.reachabilityFence(cb);
        }
        return sum[0];
    }

    @Override
    public double normF(Mat a) {
        DeviceMat m = compact(d(a, "a"));
        if (m.size() == 0) {
            return 0.0;
        }
        double[] norm = new double[1];
        double[] part = new double[1];
        try {
            forChunks(m.size(), (off, len) -> {
                JCublas2.cublasDnrm2(handle, len, at(m, off), 1, Pointer.to(part));
                norm[0] = Math.hypot(norm[0], part[0]);
                return 0;
            });
        } finally {
            Reference.reachabilityFence(m);
        }
        return norm[0];
    }

    @Override
    public double maxAbs(Mat a) {
        DeviceMat m = compact(d(a, "a"));
        if (m.size() == 0) {
            return 0.0;
        }
        double[] max = new double[1];
        boolean[] nan = new boolean[1];
        int[] idx = new int[1];
        double[] v = new double[1];
        try {
            forChunks(m.size(), (off, len) -> {
                // Idamax may skip NaN: Dasum (a sum of |x|, no cancellation) is NaN exactly when an entry is NaN.
                JCublas2.cublasDasum(handle, len, at(m, off), 1, Pointer.to(v));
                if (Double.isNaN(v[0])) {
                    nan[0] = true;
                    return 0;
                }
                JCublas2.cublasIdamax(handle, len, at(m, off), 1, Pointer.to(idx));
                JCuda.cudaMemcpy(Pointer.to(v), at(m, off + idx[0] - 1), Double.BYTES, cudaMemcpyDeviceToHost);
                max[0] = Math.max(max[0], Math.abs(v[0]));
                return 0;
            });
        } finally {
            Reference.reachabilityFence(m);
        }
        return nan[0] ? Double.NaN : max[0];
    }

    @Override
    public void scaleRows(Mat a, double[] s) {
        DeviceMat m = d(a, "a");
        if (s == null || s.length != m.rows()) {
            throw new IllegalArgumentException("scaleRows: s has length " + (s == null ? "null" : s.length)
                    + ", expected rows = " + m.rows());
        }
        dgmm(m, s, CUBLAS_SIDE_LEFT);
    }

    @Override
    public void scaleColumns(Mat a, double[] s) {
        DeviceMat m = d(a, "a");
        if (s == null || s.length != m.cols()) {
            throw new IllegalArgumentException("scaleColumns: s has length " + (s == null ? "null" : s.length)
                    + ", expected cols = " + m.cols());
        }
        dgmm(m, s, CUBLAS_SIDE_RIGHT);
    }

    /** In place: A := diag(s) A (left) or A diag(s) (right); dgmm is elementwise, so C = A is safe. */
    private void dgmm(DeviceMat m, double[] s, int side) {
        if (m.size() == 0) {
            return;
        }
        DeviceMat ds = fromArray(s, s.length, 1);
        try {
            JCublas2.cublasDdgmm(handle, side, m.rows(), m.cols(), m.pointer(), m.ld(), ds.pointer(), 1, m.pointer(), m.ld());
        } finally {
            Reference.reachabilityFence(m);
            Reference.reachabilityFence(ds);
        }
    }

    @Override
    public DeviceMat gatherRows(Mat a, int[] idx) {
        DeviceMat m = d(a, "a");
        if (idx == null) {
            throw new IllegalArgumentException("gatherRows: idx is null");
        }
        for (int t = 0; t < idx.length; t++) {
            if (idx[t] < 0 || idx[t] >= m.rows()) {
                throw new IndexOutOfBoundsException("gatherRows: row index " + idx[t] + " at position " + t
                        + " outside 0.." + (m.rows() - 1));
            }
        }
        int count = idx.length, c = m.cols();
        DeviceMat out = alloc(count, c);
        if (out.size() == 0) {
            return out;
        }
        // Row t of out (1 x c, ld = count) = 1.0 (1 x 1) · row idx[t] of A (1 x c, ld = lda): k = 1 products.
        long[] ptrs = new long[3 * count];
        long oneAddr = one.address();
        for (int t = 0; t < count; t++) {
            ptrs[t] = oneAddr;
            ptrs[count + t] = m.address(idx[t], 0);
            ptrs[2 * count + t] = out.address(t, 0);
        }
        try {
            gemmBatched(CUBLAS_OP_N, CUBLAS_OP_N, 1, c, 1, ptrs, 1, m.ld(), out.ld(), count);
        } finally {
            Reference.reachabilityFence(m);
            Reference.reachabilityFence(one);
        }
        return out;
    }

    // ------------------------------------------------------------------ LAPACK

    @Override
    public QR qr(Mat a) {
        DeviceMat m = d(a, "a");
        int rows = m.rows(), cols = m.cols();
        if (Math.min(rows, cols) == 0) {
            return new QR(zeros(rows, 0), zeros(0, cols));
        }
        if (rows >= cols) {
            return TallSkinnyQr.factor(this, m, host(), deviceOps).qr();
        }
        return TallSkinnyQr.householderViaHost(this, m, host());
    }

    /**
     * {@link #qr} of a tall matrix (rows ≥ cols) with the algorithm that was used (CholeskyQR2,
     * shifted CholeskyQR3 or host Householder), for diagnostics and tests.
     *
     * @throws IllegalArgumentException if rows &lt; cols
     */
    public TallSkinnyQr.Result qrWithPath(Mat a) {
        DeviceMat m = d(a, "a");
        return TallSkinnyQr.factor(this, m, host(), deviceOps);
    }

    @Override
    public SVD svd(Mat a) {
        DeviceMat m = d(a, "a");
        int rows = m.rows(), cols = m.cols();
        if (Math.min(rows, cols) == 0) {
            return new SVD(zeros(rows, 0), new double[0], zeros(0, cols));
        }
        Backend h = host();
        if (rows >= cols) {
            // A = Q R, R = Ur S Vt  =>  U = Q Ur
            QR qr = qr(m);
            int k = cols;
            SVD small = h.svd(h.fromArray(toArray(qr.r()), k, k));
            DeviceMat u = (DeviceMat) mul(qr.q(), fromArray(h.toArray(small.u()), k, k));
            return new SVD(u, small.s(), fromArray(h.toArray(small.vt()), k, k));
        }
        // Aᵀ = Q R  =>  A = Rᵀ Qᵀ;  Rᵀ = U S Wᵀ  =>  Vt = Wᵀ Qᵀ
        QR qr = qr(transpose(m));
        int k = rows;
        SVD small = h.svd(h.transpose(h.fromArray(toArray(qr.r()), k, k)));
        DeviceMat vt = (DeviceMat) mul(fromArray(h.toArray(small.vt()), k, k), false, qr.q(), true);
        return new SVD(fromArray(h.toArray(small.u()), k, k), small.s(), vt);
    }

    /**
     * Solves A X = B by LU with partial pivoting on the host CPU backend: A and B are copied to the
     * host and X back (2n³/3 + 2n² nrhs host flops). Meant for the small systems of the TT
     * algorithms, where a device LU would be launch-bound.
     */
    @Override
    public Mat solve(Mat a, Mat b) {
        DeviceMat da = d(a, "a"), db = d(b, "b");
        int n = da.rows();
        if (da.cols() != n || db.rows() != n) {
            throw new IllegalArgumentException("solve: A must be square and B must have " + n + " rows, got A "
                    + da.rows() + " x " + da.cols() + ", B " + db.rows() + " x " + db.cols());
        }
        Backend h = host();
        Mat x = h.solve(h.fromArray(toArray(da), n, n), h.fromArray(toArray(db), n, db.cols()));
        return fromArray(h.toArray(x), n, db.cols());
    }

    // ------------------------------------------------------------------ TT-shaped kernels

    /** One {@code cublasDgemmStridedBatched}: for each b, M[:, b] = G[:, :, b] w (r0 x n times n x 1). */
    @Override
    public Mat contractMiddle(Mat core, int r0, int n, int r1, Mat w) {
        DeviceMat g = d(core, "core"), dw = d(w, "w");
        Backend.checkCore(g, r0, n, r1);
        if (dw.rows() != n || dw.cols() != 1) {
            throw new IllegalArgumentException("w must be " + n + " x 1, got " + dw.rows() + " x " + dw.cols());
        }
        DeviceMat out = zeros(r0, r1);
        if (out.size() == 0 || n == 0) {
            return out;
        }
        try {
            stridedBatched(CUBLAS_OP_N, CUBLAS_OP_N, r0, 1, n, g, r0, g.ld(), dw, dw.ld(), 0, out, r0, r0, r1);
        } finally {
            Reference.reachabilityFence(g);
            Reference.reachabilityFence(dw);
        }
        return out;
    }

    /** One {@code cublasDgemmStridedBatched}: for each b, G'[:, :, b] = G[:, :, b] Mᵀ (r0 x n times n x n'). */
    @Override
    public Mat modeProduct(Mat core, int r0, int n, int r1, Mat m) {
        DeviceMat g = d(core, "core"), dm = d(m, "m");
        Backend.checkCore(g, r0, n, r1);
        Backend.checkModeMatrix(dm, n);
        int np = dm.rows();
        DeviceMat out = zeros(r0 * np, r1);
        if (out.size() == 0 || n == 0) {
            return out;
        }
        try {
            stridedBatched(CUBLAS_OP_N, CUBLAS_OP_T, r0, np, n, g, r0, g.ld(), dm, dm.ld(), 0, out, r0, (long) r0 * np, r1);
        } finally {
            Reference.reachabilityFence(g);
            Reference.reachabilityFence(dm);
        }
        return out;
    }

    /**
     * Batched evaluation on the device: V (r_k x N) starts as ones(1, N) and for every core one
     * {@code cublasDgemmBatched} computes V'[:, s] = G_k[:, i_k(s), :]ᵀ V[:, s]; only the N final
     * values come back. Requires r[0] = r[d] = 1; indices are range-checked on the host first
     * (an out-of-range index must never reach the device).
     */
    @Override
    public double[] evaluate(Mat[] cores, int[] n, int[] r, int[] idx, int count) {
        if (cores == null || n == null || r == null || idx == null) {
            throw new IllegalArgumentException("evaluate: cores, n, r and idx must be non-null");
        }
        int d = cores.length;
        if (n.length != d || r.length != d + 1) {
            throw new IllegalArgumentException("evaluate: " + d + " cores need n of length " + d + " and r of length " + (d + 1)
                    + ", got " + n.length + " and " + r.length);
        }
        if (d == 0 || r[0] != 1 || r[d] != 1) {
            throw new IllegalArgumentException("evaluate: expected d >= 1 and boundary ranks r[0] = r[d] = 1, got d = " + d
                    + (d > 0 ? ", r[0] = " + r[0] + ", r[d] = " + r[d] : ""));
        }
        if (count < 0 || (long) count * d > idx.length) {
            throw new IllegalArgumentException("evaluate: count = " + count + " samples of " + d + " indices need idx of length >= "
                    + (long) count * d + ", got " + idx.length);
        }
        DeviceMat[] g = new DeviceMat[d];
        for (int k = 0; k < d; k++) {
            g[k] = d(cores[k], "cores[" + k + "]");
            Backend.checkCore(g[k], r[k], n[k], r[k + 1]);
        }
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < d; k++) {
                int i = idx[s * d + k];
                if (i < 0 || i >= n[k]) {
                    throw new IndexOutOfBoundsException("evaluate: index " + i + " of sample " + s + " in mode " + k
                            + " outside 0.." + (n[k] - 1));
                }
            }
        }
        double[] out = new double[count];
        if (count == 0) {
            return out;
        }
        for (int k = 0; k <= d; k++) {
            if (r[k] == 0) {
                return out; // a rank-0 train is the zero tensor
            }
        }
        if (3L * count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("evaluate: count = " + count + " is too large for one batch (max "
                    + Integer.MAX_VALUE / 3 + ")");
        }
        double[] ones = new double[count];
        Arrays.fill(ones, 1.0);
        DeviceMat v = fromArray(ones, 1, count);
        long[] ptrs = new long[3 * count];
        try {
            for (int k = 0; k < d; k++) {
                int r0 = r[k], r1 = r[k + 1];
                DeviceMat w = alloc(r1, count);
                long gBase = g[k].address(), vBase = v.address(), wBase = w.address();
                for (int s = 0; s < count; s++) {
                    ptrs[s] = gBase + (long) Double.BYTES * r0 * idx[s * d + k];
                    ptrs[count + s] = vBase + (long) Double.BYTES * r0 * s;
                    ptrs[2 * count + s] = wBase + (long) Double.BYTES * r1 * s;
                }
                // slice G_k[:, i, :] is r0 x r1 with leading dimension ld(G_k); V'[:, s] = sliceᵀ V[:, s]
                gemmBatched(CUBLAS_OP_T, CUBLAS_OP_N, r1, 1, r0, ptrs, g[k].ld(), r0, r1, count);
                Reference.reachabilityFence(v);
                v = w;
            }
            return toArray(v);
        } finally {
            Reference.reachabilityFence(g);
            Reference.reachabilityFence(v);
        }
    }

    /**
     * One {@code cublasDgemmBatched} of rank-1 products: for every (i, b, b'), the ra x sa block
     * C[(:, :), i, b + rb b'] = A[:, i, b] B[:, i, b']ᵀ.
     */
    @Override
    public Mat hadamardCore(Mat a, int ra, int rb, Mat b, int sa, int sb, int n) {
        DeviceMat da = d(a, "a"), db = d(b, "b");
        Backend.checkCore(da, ra, n, rb);
        Backend.checkCore(db, sa, n, sb);
        long rows = (long) ra * sa * n, cols = (long) rb * sb;
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hadamardCore: result (" + ra + "*" + sa + "*" + n + ") x (" + rb + "*" + sb
                    + ") is too large");
        }
        DeviceMat out = alloc((int) rows, (int) cols);
        long count = (long) n * rb * sb;
        if (out.size() == 0) {
            return out;
        }
        if (3 * count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hadamardCore: n*rb*sb = " + count + " products are too many for one batch");
        }
        int cnt = (int) count, r0 = ra * sa;
        long[] ptrs = new long[3 * cnt];
        int t = 0;
        for (int bb = 0; bb < sb; bb++) {
            for (int ba = 0; ba < rb; ba++) {
                int col = ba + rb * bb;
                for (int i = 0; i < n; i++, t++) {
                    ptrs[t] = da.address((long) ra * i, ba);
                    ptrs[cnt + t] = db.address((long) sa * i, bb);
                    ptrs[2 * cnt + t] = out.address((long) r0 * i, col);
                }
            }
        }
        try {
            gemmBatched(CUBLAS_OP_N, CUBLAS_OP_T, ra, sa, 1, ptrs, ra, sa, ra, cnt);
        } finally {
            Reference.reachabilityFence(da);
            Reference.reachabilityFence(db);
            Reference.reachabilityFence(out);
        }
        return out;
    }

    /**
     * C_t = op(A_t) op(B_t) for t &lt; count with alpha = 1, beta = 0; {@code ptrs} holds the device
     * addresses [A_0..A_{count-1}, B_0.., C_0..]. The caller keeps the matrices reachable.
     */
    private void gemmBatched(int opA, int opB, int m, int n, int k, long[] ptrs, int lda, int ldb, int ldc, int count) {
        DeviceMat buf = alloc(3 * count, 1); // pointers are 8 bytes, like doubles
        try {
            JCuda.cudaMemcpy(buf.pointer(), Pointer.to(ptrs), (long) Long.BYTES * 3 * count, cudaMemcpyHostToDevice);
            Pointer alpha = scalar(1.0), beta = scalar(0.0);
            long base = buf.address();
            for (int s = 0; s < count; s += MAX_BATCH) {
                int len = Math.min(MAX_BATCH, count - s);
                JCublas2.cublasDgemmBatched(handle, opA, opB, m, n, k, alpha,
                        new DevicePointer(base + (long) Long.BYTES * s), lda,
                        new DevicePointer(base + (long) Long.BYTES * (count + s)), ldb, beta,
                        new DevicePointer(base + (long) Long.BYTES * (2L * count + s)), ldc, len);
            }
        } finally {
            Reference.reachabilityFence(buf);
        }
    }

    /** {@code cublasDgemmStridedBatched} with alpha = 1, beta = 0, split into batches of at most MAX_BATCH. */
    private void stridedBatched(int opA, int opB, int m, int n, int k, DeviceMat a, int lda, long strideA, DeviceMat b, int ldb,
            long strideB, DeviceMat c, int ldc, long strideC, int batch) {
        Pointer alpha = scalar(1.0), beta = scalar(0.0);
        for (int s = 0; s < batch; s += MAX_BATCH) {
            int len = Math.min(MAX_BATCH, batch - s);
            JCublas2.cublasDgemmStridedBatched(handle, opA, opB, m, n, k, alpha,
                    new DevicePointer(a.address() + (long) Double.BYTES * strideA * s), lda, strideA,
                    new DevicePointer(b.address() + (long) Double.BYTES * strideB * s), ldb, strideB, beta,
                    new DevicePointer(c.address() + (long) Double.BYTES * strideC * s), ldc, strideC, len);
        }
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface Chunk {
        int run(long offset, int length);
    }

    /** Runs f over [0, total) in pieces of at most VEC_CHUNK elements. */
    private static void forChunks(long total, Chunk f) {
        for (long off = 0; off < total; off += VEC_CHUNK) {
            f.run(off, (int) Math.min(VEC_CHUNK, total - off));
        }
    }

    /** Pointer to element number {@code off} of a contiguous matrix. */
    private static Pointer at(DeviceMat m, long off) {
        return new DevicePointer(m.address() + Double.BYTES * off);
    }

    /** Destroys the cuBLAS handle and frees the cached device blocks; matrices of this backend become invalid. */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            pool.close();
            JCublas2.cublasDestroy(handle);
            if (instance == this) {
                instance = null;
            }
        }
    }

    @Override
    public String toString() {
        return "CublasBackend[" + description + "]";
    }

    // ------------------------------------------------------------------ device operations of TallSkinnyQr

    /** Gram matrix by {@code cublasDsyrk}, Q R⁻¹ by {@code cublasDtrsm} (no explicit inverse on the device). */
    private final class DeviceOps implements TallSkinnyQr.Ops {
        @Override
        public double[] gram(Mat q) {
            DeviceMat dq = d(q, "q");
            int m = dq.rows(), n = dq.cols();
            DeviceMat g = zeros(n, n);
            try {
                JCublas2.cublasDsyrk(handle, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_T, n, m, scalar(1.0), dq.pointer(), dq.ld(),
                        scalar(0.0), g.pointer(), g.ld());
            } finally {
                Reference.reachabilityFence(dq);
            }
            return toArray(g);
        }

        @Override
        public Mat timesUpperInverse(Mat q, double[] r, double[] rInv, int n) {
            DeviceMat out = copy(q);
            DeviceMat dr = fromArray(r, n, n);
            try {
                JCublas2.cublasDtrsm(handle, CUBLAS_SIDE_RIGHT, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, CUBLAS_DIAG_NON_UNIT,
                        out.rows(), n, scalar(1.0), dr.pointer(), dr.ld(), out.pointer(), out.ld());
            } finally {
                Reference.reachabilityFence(dr);
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ memory

    /** Cleaner action of one block: back to the pool (or freed); holds no reference to the matrix. */
    private record Release(DevicePool pool, long address, long sizeClass) implements Runnable {
        @Override
        public void run() {
            pool.release(address, sizeClass);
        }
    }

    /**
     * Caching device allocator. Blocks are rounded up to size classes (at most 25 % larger) and kept
     * on per-class free lists up to a cache limit. A block released while kernels that read it are
     * still queued can be reused safely because every kernel, memset and copy of this backend is
     * issued on the legacy default stream, so later writers run after earlier readers.
     */
    static final class DevicePool {
        private final ConcurrentHashMap<Long, ConcurrentLinkedDeque<Long>> free = new ConcurrentHashMap<>();
        private final AtomicLong cached = new AtomicLong();
        private final long cacheLimit;
        private volatile boolean closed;

        DevicePool(long cacheLimit) {
            this.cacheLimit = cacheLimit;
        }

        /** Bytes actually allocated for a request: multiples of max(512, 2^⌊log2 bytes⌋ / 4). */
        static long sizeClass(long bytes) {
            if (bytes <= 512) {
                return 512;
            }
            long step = Math.max(512, Long.highestOneBit(bytes) >> 2);
            return (bytes + step - 1) / step * step;
        }

        long allocate(long cls) {
            ConcurrentLinkedDeque<Long> q = free.get(cls);
            Long addr = q == null ? null : q.pollFirst();
            if (addr != null) {
                cached.addAndGet(-cls);
                return addr;
            }
            for (int attempt = 0; ; attempt++) {
                try {
                    DevicePointer p = new DevicePointer();
                    JCuda.cudaMalloc(p, cls);
                    return p.address();
                } catch (CudaException e) {
                    if (!String.valueOf(e.getMessage()).contains("cudaErrorMemoryAllocation")) {
                        throw e;
                    }
                    clearLastError();
                    if (attempt == 4) {
                        throw new OutOfMemoryError("cudaMalloc of " + cls + " bytes failed: device memory exhausted "
                                + "(after releasing " + "cached blocks and collecting unreachable matrices)");
                    }
                    trim();
                    System.gc();
                    try {
                        Thread.sleep(10L << attempt); // let the Cleaner return the blocks of collected matrices
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    trim();
                }
            }
        }

        void release(long addr, long cls) {
            if (!closed && cached.get() + cls <= cacheLimit) {
                free.computeIfAbsent(cls, k -> new ConcurrentLinkedDeque<>()).addFirst(addr);
                cached.addAndGet(cls);
            } else {
                freeBlock(addr);
            }
        }

        /** Frees every cached block. */
        void trim() {
            for (var e : free.entrySet()) {
                Long addr;
                while ((addr = e.getValue().pollFirst()) != null) {
                    cached.addAndGet(-e.getKey());
                    freeBlock(addr);
                }
            }
        }

        void close() {
            closed = true;
            trim();
        }

        private static void freeBlock(long addr) {
            try {
                JCuda.cudaFree(new DevicePointer(addr)); // synchronizes with queued work on the device
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "cudaFree failed: " + t, t);
            }
        }

        private static void clearLastError() {
            try {
                JCuda.cudaGetLastError();
            } catch (CudaException ignored) {
                // the error just cleared is the allocation failure being handled
            }
        }
    }
}
