package org.ttfp.linalg;

import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;
import static jcuda.jcublas.cublasSideMode.CUBLAS_SIDE_LEFT;
import static jcuda.jcublas.cublasSideMode.CUBLAS_SIDE_RIGHT;
import static jcuda.runtime.cudaMemcpyKind.cudaMemcpyDeviceToDevice;
import static jcuda.runtime.cudaMemcpyKind.cudaMemcpyDeviceToHost;
import static jcuda.runtime.cudaMemcpyKind.cudaMemcpyHostToDevice;
import static org.ttfp.linalg.DeviceChunks.at;
import static org.ttfp.linalg.DeviceChunks.foldChunks;
import static org.ttfp.linalg.DeviceChunks.forChunks;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.logging.Logger;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.runtime.JCuda;
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
 * cuBLAS error surfaces as a {@code CudaException}.
 *
 * <p>Layout: this class holds the storage and the BLAS kernels; {@link CudaDevice} opens the
 * device, {@link DevicePool} is the caching allocator, {@link CublasTtKernels} the batched
 * TT-shaped kernels and {@link CublasFactorizations} QR, SVD and solve. Argument checks are
 * {@link AbstractBackend}'s.
 */
public final class CublasBackend extends StorageBackend<DeviceMat> {
    private static final Logger LOG = Logger.getLogger(CublasBackend.class.getName());
    private static final Object LOCK = new Object();
    private static CublasBackend instance;
    private static String failure;

    /** Largest batch passed to one batched cuBLAS call (grid-dimension limit of older cuBLAS). */
    static final int MAX_BATCH = CublasTtKernels.MAX_BATCH;

    private final long totalBytes;
    private final cublasHandle handle;
    private final DevicePool pool;
    private final String description;
    /** A device constant 1.0 (the A operand of the gather product). */
    private final DeviceMat one;
    private final CublasTtKernels tt;
    private final CublasFactorizations lapack;
    private volatile boolean closed;

    private CublasBackend(cublasHandle handle, long totalBytes, String description) {
        super(DeviceMat.class);
        this.handle = handle;
        this.totalBytes = totalBytes;
        this.pool = new DevicePool(totalBytes / 4);
        this.description = description;
        this.one = fromArray(new double[] {1.0}, 1, 1);
        this.tt = new CublasTtKernels(this);
        this.lapack = new CublasFactorizations(this);
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
                LOG.fine(() -> "cuBLAS backend: " + instance.description);
                return instance;
            } catch (BackendUnavailableException e) {
                failure = e.getMessage();
                throw e;
            }
        }
    }

    private static CublasBackend open() {
        CudaDevice.Opened d = CudaDevice.open();
        try {
            CublasBackend be = new CublasBackend(d.handle(), d.totalBytes() > 0 ? d.totalBytes() : 4L << 30, d.description());
            if (be.get(be.one, 0, 0) != 1.0) {
                throw new IllegalStateException("a device memory round trip returned a wrong value");
            }
            return be;
        } catch (Throwable t) {
            CudaDevice.destroyQuietly(d.handle());
            throw CudaDevice.unavailable("device memory test failed: " + CudaDevice.summary(t));
        }
    }

    /** Device name, memory and library versions (the line logged at creation). */
    public String description() { return description; }

    @Override
    public String name() { return "cublas"; }

    cublasHandle handle() { return handle; }

    /** The device constant 1.0. */
    DeviceMat one() { return one; }

    @Override
    protected void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the cuBLAS backend has been closed");
        }
    }

    // ------------------------------------------------------------------ storage

    /** The device memory, in doubles. */
    @Override
    protected long maxElements() { return totalBytes / Double.BYTES; }

    @Override
    protected String limitReason() {
        return String.format(java.util.Locale.ROOT, "device 0 has %.1f GiB of memory", totalBytes / 1073741824.0);
    }

    /** A new contiguous rows x cols matrix with undefined contents. */
    @Override
    protected DeviceMat doAllocate(int rows, int cols) {
        long n = (long) rows * cols;
        DeviceMat.Storage s;
        if (n == 0) {
            s = new DeviceMat.Storage(0, 0, null);
        } else {
            long cls = DevicePool.sizeClass(n * Double.BYTES);
            long addr = pool.allocate(cls);
            s = new DeviceMat.Storage(addr, n, new DevicePool.Release(pool, addr, cls));
        }
        return new DeviceMat(this, s, 0, rows, cols, Math.max(1, rows));
    }

    /** {@link #doAllocate} for the helpers of this package (shape checked). */
    DeviceMat allocate(int rows, int cols) {
        checkOpen();
        checkShape("allocate", rows, cols);
        return doAllocate(rows, cols);
    }

    @Override
    protected void doClear(DeviceMat m, long n) {
        JCuda.cudaMemset(m.pointer(), 0, n * Double.BYTES);
    }

    @Override
    protected void doUpload(double[] data, int offset, DeviceMat m, long n) {
        double[] src = offset == 0 ? data : Arrays.copyOfRange(data, offset, offset + (int) n);
        JCuda.cudaMemcpy(m.pointer(), Pointer.to(src), n * Double.BYTES, cudaMemcpyHostToDevice);
    }

    @Override
    protected double[] doToArray(DeviceMat m, int n) {
        double[] out = new double[n];
        try {
            if (m.isContiguous()) {
                JCuda.cudaMemcpy(Pointer.to(out), m.pointer(), (long) n * Double.BYTES, cudaMemcpyDeviceToHost);
            } else {
                JCublas2.cublasGetMatrix(m.rows(), m.cols(), Double.BYTES, m.pointer(), m.ld(), Pointer.to(out), m.rows());
            }
        } finally {
            Reference.reachabilityFence(m);
        }
        return out;
    }

    @Override
    protected double doGet(DeviceMat m, int i, int j) {
        double[] v = new double[1];
        try {
            JCuda.cudaMemcpy(Pointer.to(v), new DevicePointer(m.address(i, j)), Double.BYTES, cudaMemcpyDeviceToHost);
        } finally {
            Reference.reachabilityFence(m);
        }
        return v[0];
    }

    @Override
    protected void doCopyInto(DeviceMat s, DeviceMat t) {
        try {
            JCuda.cudaMemcpy2D(t.pointer(), (long) t.ld() * Double.BYTES, s.pointer(), (long) s.ld() * Double.BYTES,
                    (long) s.rows() * Double.BYTES, s.cols(), cudaMemcpyDeviceToDevice);
        } finally {
            Reference.reachabilityFence(s);
            Reference.reachabilityFence(t);
        }
    }

    /** A contiguous matrix with the contents of m: m itself when already contiguous. */
    private DeviceMat compact(DeviceMat m) {
        return m.isContiguous() ? m : copy(m);
    }

    static Pointer scalar(double x) {
        return Pointer.to(new double[] {x});
    }

    // ------------------------------------------------------------------ BLAS

    @Override
    protected void doGemm(boolean transA, boolean transB, double alpha, DeviceMat da, DeviceMat db, double beta, DeviceMat dc,
            int m, int n, int p) {
        try {
            if (p == 0) {
                if (beta == 0.0) {
                    zeroFill(dc);
                } else if (beta != 1.0) {
                    doScale(beta, dc);
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
    protected void doTranspose(DeviceMat m, DeviceMat out) {
        try {
            // C (c x r) = 1·Aᵀ + 0·C; B = C is geam's in-place form and is not read when beta = 0
            JCublas2.cublasDgeam(handle, CUBLAS_OP_T, CUBLAS_OP_N, m.cols(), m.rows(), scalar(1.0), m.pointer(), m.ld(),
                    scalar(0.0), out.pointer(), out.ld(), out.pointer(), out.ld());
        } finally {
            Reference.reachabilityFence(m);
        }
    }

    @Override
    protected void doScale(double alpha, DeviceMat m) {
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
    protected void doAxpy(double alpha, DeviceMat dx, DeviceMat dy) {
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
    protected double doDot(DeviceMat da, DeviceMat db) {
        DeviceMat ca = compact(da), cb = compact(db);
        double[] part = new double[1];
        try {
            return foldChunks(ca.size(), (off, len) -> {
                JCublas2.cublasDdot(handle, len, at(ca, off), 1, at(cb, off), 1, Pointer.to(part));
                return part[0];
            }, Double::sum);
        } finally {
            Reference.reachabilityFence(ca);
            Reference.reachabilityFence(cb);
        }
    }

    @Override
    protected double doNormF(DeviceMat a) {
        DeviceMat m = compact(a);
        double[] part = new double[1];
        try {
            return foldChunks(m.size(), (off, len) -> {
                JCublas2.cublasDnrm2(handle, len, at(m, off), 1, Pointer.to(part));
                return part[0];
            }, Math::hypot);
        } finally {
            Reference.reachabilityFence(m);
        }
    }

    @Override
    protected double doMaxAbs(DeviceMat a) {
        DeviceMat m = compact(a);
        int[] idx = new int[1];
        double[] v = new double[1];
        try {
            // Math.max propagates a chunk's NaN to the result
            return foldChunks(m.size(), (off, len) -> {
                // Idamax may skip NaN: Dasum (a sum of |x|, no cancellation) is NaN exactly when an entry is NaN.
                JCublas2.cublasDasum(handle, len, at(m, off), 1, Pointer.to(v));
                if (Double.isNaN(v[0])) {
                    return Double.NaN;
                }
                JCublas2.cublasIdamax(handle, len, at(m, off), 1, Pointer.to(idx));
                JCuda.cudaMemcpy(Pointer.to(v), at(m, off + idx[0] - 1), Double.BYTES, cudaMemcpyDeviceToHost);
                return Math.abs(v[0]);
            }, Math::max);
        } finally {
            Reference.reachabilityFence(m);
        }
    }

    @Override
    protected void doScaleRows(DeviceMat m, double[] s) { dgmm(m, s, CUBLAS_SIDE_LEFT); }

    @Override
    protected void doScaleColumns(DeviceMat m, double[] s) { dgmm(m, s, CUBLAS_SIDE_RIGHT); }

    /** In place: A := diag(s) A (left) or A diag(s) (right); dgmm is elementwise, so C = A is safe. */
    private void dgmm(DeviceMat m, double[] s, int side) {
        DeviceMat ds = fromArray(s, s.length, 1);
        try {
            JCublas2.cublasDdgmm(handle, side, m.rows(), m.cols(), m.pointer(), m.ld(), ds.pointer(), 1, m.pointer(), m.ld());
        } finally {
            Reference.reachabilityFence(m);
            Reference.reachabilityFence(ds);
        }
    }

    // ------------------------------------------------------------------ batched TT-shaped kernels (CublasTtKernels)

    /** {@inheritDoc} One {@code cublasDgemmBatched} of 1 x 1 times 1 x c products (see {@link CublasTtKernels}). */
    @Override
    protected DeviceMat doGatherRows(DeviceMat a, int[] idx) { return tt.gatherRows(a, idx); }

    /** One {@code cublasDgemmStridedBatched}: for each b, M[:, b] = G[:, :, b] w (r0 x n times n x 1). */
    @Override
    protected DeviceMat doContractMiddle(DeviceMat core, int r0, int n, int r1, DeviceMat w) {
        return tt.contractMiddle(core, r0, n, r1, w);
    }

    /** One {@code cublasDgemmStridedBatched}: for each b, G'[:, :, b] = G[:, :, b] Mᵀ (r0 x n times n x n'). */
    @Override
    protected DeviceMat doModeProduct(DeviceMat core, int r0, int n, int r1, DeviceMat m) {
        return tt.modeProduct(core, r0, n, r1, m);
    }

    /**
     * Batched evaluation on the device: V (r_k x N) starts as ones(1, N) and for every core one
     * {@code cublasDgemmBatched} computes V'[:, s] = G_k[:, i_k(s), :]ᵀ V[:, s]; only the N final
     * values come back. Indices are range-checked on the host first ({@link AbstractBackend#evaluate}):
     * an out-of-range index never reaches the device.
     */
    @Override
    protected void doEvaluate(DeviceMat[] cores, int[] n, int[] r, int[] idx, int count, double[] out) {
        tt.evaluate(cores, n, r, idx, count, out);
    }

    /** One {@code cublasDgemmBatched} of rank-1 products: C[(:, :), i, b + rb b'] = A[:, i, b] B[:, i, b']ᵀ. */
    @Override
    protected DeviceMat doHadamardCore(DeviceMat a, int ra, int rb, DeviceMat b, int sa, int sb, int n) {
        return tt.hadamardCore(a, ra, rb, b, sa, sb, n);
    }

    // ------------------------------------------------------------------ factorizations (CublasFactorizations)

    @Override
    protected QR doQr(DeviceMat a) { return lapack.qr(a); }

    /**
     * {@link #qr} of a tall matrix (rows ≥ cols) with the algorithm that was used (CholeskyQR2,
     * shifted CholeskyQR3 or host Householder), for diagnostics and tests.
     *
     * @throws IllegalArgumentException if rows &lt; cols
     */
    public TallSkinnyQr.Result qrWithPath(Mat a) { return lapack.qrWithPath(own(a, "a")); }

    /** {@inheritDoc} QR on the device, SVD of the small triangular factor on the host. */
    @Override
    protected SVD doSvd(DeviceMat a) { return lapack.svd(a); }

    /**
     * Solves A X = B by LU with partial pivoting on the host CPU backend: A and B are copied to the
     * host and X back (2n³/3 + 2n² nrhs host flops). Meant for the small systems of the TT
     * algorithms, where a device LU would be launch-bound.
     */
    @Override
    protected DeviceMat doSolve(DeviceMat a, DeviceMat b) { return lapack.solve(a, b); }

    // ------------------------------------------------------------------ lifecycle

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
}
