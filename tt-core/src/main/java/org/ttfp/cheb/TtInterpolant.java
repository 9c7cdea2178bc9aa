package org.ttfp.cheb;

import java.util.Arrays;
import java.util.concurrent.RecursiveAction;
import java.util.stream.IntStream;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.ParallelGemm;
import org.ttfp.tt.TensorTrain;

/**
 * The point evaluator of a TT of values on the Chebyshev nodes of a {@link ChebyshevBox}: values,
 * gradients and Hessians of the tensor-product interpolant p at N arbitrary points, and the
 * log-density derivatives built from them (the score ∇log p and its Jacobian ∇²log p).
 *
 * <p><b>Math.</b> With the barycentric weight row w_k(x_k) of axis k
 * ({@link ChebyshevGrid#interpolationWeights}, length n_k) and the cores G_k (r_{k−1} x n_k x r_k),
 * <pre>
 *   p(x) = M_1(x_1) M_2(x_2) ... M_d(x_d),       M_k(x_k) = Σ_i w_k(x_k)_i G_k(:, i, :)   (r_{k−1} x r_k),
 *   ∂_k p = M_1 ... A_k ... M_d,                  A_k = Σ_i w_{k,i} (D_k G_k)(:, i, :),
 *   ∂_k² p = M_1 ... B_k ... M_d,                 B_k = Σ_i w_{k,i} (D_k² G_k)(:, i, :),
 *   ∂_j ∂_k p = M_1 ... A_j ... A_k ... M_d  (j &lt; k),
 * </pre>
 * with D_k, D_k² the spectral differentiation matrices of axis k
 * ({@link ChebyshevGrid#differentiationMatrix}, {@link ChebyshevGrid#secondDerivativeMatrix}); the
 * derivative cores D_k G_k and D_k² G_k are formed once per interpolant, on first use. All three are
 * exact derivatives of the interpolant up to rounding.
 *
 * <p><b>Batching.</b> Points run in blocks of B. Per block and mode, the B weight rows W_k (B x n_k)
 * multiply the core permuted to G̃_k (n_k x r_{k−1} r_k, G̃_k(i, a + r_{k−1} b) = G_k(a, i, b)), and
 * its derivative versions: one (B x n_k)·(n_k x r_{k−1} r_k) GEMM per derivative order gives the
 * B matrices M_k (and A_k, B_k) side by side. Then left vectors L_{k+1} = L_k M_k and right vectors
 * R_k = M_k R_{k+1} (length r_k per point) are advanced by small batched contractions on the host,
 * vectorized over the points of the block, and ∂_k p = L_k A_k R_{k+1}, ∂_k² p = L_k B_k R_{k+1},
 * ∂_j∂_k p = (L_j A_j M_{j+1} ... M_{k−1} A_k) R_{k+1}.
 *
 * <p><b>Cost</b> (flops per point, n = n_k, r² = r_{k−1} r_k): GEMM 2 Σ_k n r_{k−1} r_k times
 * (1 + order) for order 0 (values), 1 (gradients), 2 (Hessians); host contractions
 * 2 Σ_k r_{k−1} r_k (order 0), about 3 times that (order 1), plus about Σ_{j&lt;k} 4 r² (order 2).
 * Per block the work arrays hold B·(1 + order)·max r_{k−1} r_k doubles.
 *
 * <p><b>Two paths</b> do the GEMMs, chosen by {@link Path#AUTO}: {@link Path#HEAP} runs them as pure
 * Java loops on heap copies of the cores, blocks of {@value #HEAP_BLOCK} points in parallel on all
 * cores; {@link Path#BACKEND} runs them as {@link Backend#gemm} calls of the TT's backend. On the
 * host BLAS (OpenBLAS) the blocks hold {@value #HEAP_BLOCK} to {@value #BLAS_BLOCK} points (their
 * GEMM results at most 4 MiB, near the caches) and run in parallel on the workers of a fork–join
 * pool, each call on one OpenBLAS thread; on a device backend blocks of up to
 * {@value #BACKEND_BLOCK} points run one after the other (the device uses its own threads; the host
 * contractions of a block then run in parallel over chunks of {@value #HEAP_BLOCK} points). AUTO
 * takes HEAP on the heap EJML backend; BACKEND on the host BLAS from {@value #BLAS_MIN_POINTS}
 * points (measured per CPU-second on 2 cores, d = 3: 1.3x the heap loops at r = 3, 2-3x at r = 22,
 * and the host BLAS runs the (B x n)(n x r²) products at about 45 GFLOP/s against 9 for the Java
 * loops), and on a device when the largest r_{k−1} r_k is at least {@value #BACKEND_MIN_RR} and
 * there are at least {@value #BACKEND_MIN_POINTS} points; otherwise HEAP. Both give the same values
 * up to rounding. The barycentric weight rows of a block are computed over the points at once
 * ({@link ChebyshevGrid#weightsBlock}, the same values).
 *
 * <p><b>Points</b> are row-major N x d: {@code x[s*d + k]} is coordinate k of point s. A
 * coordinate may lie outside [a_k, b_k] by at most {@link ChebyshevGrid#DOMAIN_TOLERANCE}·(b_k − a_k)
 * (it is evaluated there as it is); a NaN or infinite coordinate, one farther outside and arrays of
 * the wrong length are refused with an {@link IllegalArgumentException} that names the point (row),
 * the axis and the value. Outputs: values length N; gradients N x d, {@code g[s*d + k]} = ∂_k p(x_s);
 * Hessians N x d x d, {@code h[s*d*d + j*d + k]} = ∂_j∂_k p(x_s) (symmetric).
 *
 * <p>Instances are immutable after construction (the derivative cores are made once, thread-safe)
 * and may be used from several threads.
 */
public final class TtInterpolant {

    /** Which implementation runs the per-mode GEMMs. */
    public enum Path {
        /** The rule of the class comment. */
        AUTO,
        /** Pure-Java loops on heap copies, blocks in parallel. */
        HEAP,
        /** GEMMs on the TT's backend, blocks in sequence. */
        BACKEND
    }

    /** Points per block on the heap path. */
    static final int HEAP_BLOCK = 64;
    /** Largest number of points per block on the backend path. */
    static final int BACKEND_BLOCK = 2048;
    /** AUTO uses the backend when max r_{k−1} r_k is at least this. */
    static final int BACKEND_MIN_RR = 1024;
    /** AUTO uses the backend when there are at least this many points. */
    static final int BACKEND_MIN_POINTS = 1024;
    /** Largest size (in doubles) of one block's GEMM result on the backend path. */
    private static final long BLOCK_DOUBLES = 1L << 22;
    /** Largest number of points per block on the host BLAS (blocks in parallel). */
    static final int BLAS_BLOCK = 256;
    /** Largest size (in doubles) of one block's GEMM results on the host BLAS (kept near the caches). */
    private static final long BLAS_BLOCK_DOUBLES = 1L << 19;
    /** AUTO uses the host BLAS (OpenBLAS) when there are at least this many points. */
    static final int BLAS_MIN_POINTS = 16;

    private final ChebyshevBox box;
    private final TensorTrain tt;
    private final Path path;
    private final int d;
    private final int[] n;
    private final int[] r;
    private final ChebyshevGrid[] axes;
    /** [order][k]: the permuted core G̃_k (order 0), D_k G̃_k (1), D_k² G̃_k (2), n_k x r_{k−1} r_k column-major. */
    private final double[][][] heapCores = new double[3][][];
    private final Mat[][] backendCores = new Mat[3][];

    private TtInterpolant(ChebyshevBox box, TensorTrain tt, Path path) {
        this.box = box;
        this.tt = tt;
        this.path = path;
        this.d = box.dim();
        this.n = tt.modeSizes();
        this.r = tt.ranks();
        this.axes = new ChebyshevGrid[d];
        for (int k = 0; k < d; k++) {
            axes[k] = box.axis(k);
        }
    }

    /**
     * The interpolant of a TT of values on the box, path {@link Path#AUTO}. Cost: a heap copy of the
     * cores (derivative cores are formed on the first gradient or Hessian call, 2 Σ_k n_k² r_{k−1} r_k
     * flops per order).
     *
     * @throws IllegalArgumentException if box or values is null, the TT's mode sizes differ from the
     *                                  box's node counts, or a core holds NaN/Inf
     */
    public static TtInterpolant of(ChebyshevBox box, TensorTrain values) {
        return of(box, values, Path.AUTO);
    }

    /**
     * The interpolant with a chosen path (for tests and benchmarks; results agree up to rounding).
     *
     * @throws IllegalArgumentException as {@link #of(ChebyshevBox, TensorTrain)}, or path is null
     */
    public static TtInterpolant of(ChebyshevBox box, TensorTrain values, Path path) {
        if (box == null) {
            throw new IllegalArgumentException("box must not be null");
        }
        if (path == null) {
            throw new IllegalArgumentException("path must not be null (AUTO, HEAP or BACKEND)");
        }
        box.checkTensor("values", values);
        TtInterpolant t = new TtInterpolant(box, values, path);
        t.heapCores[0] = t.permutedCores();
        return t;
    }

    /** The box. */
    public ChebyshevBox box() { return box; }

    /** The TT of values. */
    public TensorTrain values() { return tt; }

    /** The number of axes d. */
    public int dim() { return d; }

    /** The path requested at construction ({@link Path#AUTO} unless chosen). */
    public Path path() { return path; }

    /** The path that a call on {@code count} points takes. */
    public Path pathFor(int count) {
        if (path != Path.AUTO) {
            return path;
        }
        long rr = 0;
        for (int k = 0; k < d; k++) {
            rr = Math.max(rr, (long) r[k] * r[k + 1]);
        }
        if ("ejml".equals(tt.backend().name())) {
            return Path.HEAP;
        }
        if (hostBlas()) {
            return count >= BLAS_MIN_POINTS ? Path.BACKEND : Path.HEAP;
        }
        return rr >= BACKEND_MIN_RR && count >= BACKEND_MIN_POINTS ? Path.BACKEND : Path.HEAP;
    }

    // ------------------------------------------------------------------ evaluation

    /** p(x_s) for {@code count} points (row-major count x d). Cost: see the class comment, order 0. */
    public double[] values(double[] x, int count) {
        double[] v = new double[checkPoints(x, count)];
        evaluate(x, count, v, null, null);
        return v;
    }

    /** ∇p(x_s) for {@code count} points: a row-major count x d array. Cost: order 1. */
    public double[] gradients(double[] x, int count) {
        double[] g = new double[Math.multiplyExact(checkPoints(x, count), d)];
        evaluate(x, count, null, g, null);
        return g;
    }

    /** ∇²p(x_s) for {@code count} points: a row-major count x d x d array. Cost: order 2. */
    public double[] hessians(double[] x, int count) {
        double[] h = new double[Math.multiplyExact(Math.multiplyExact(checkPoints(x, count), d), d)];
        evaluate(x, count, null, null, h);
        return h;
    }

    /**
     * Values, gradients and Hessians at once into the given arrays; pass null for what is not wanted
     * (the derivative order is that of the highest non-null output; the lower ones come with it at
     * no extra GEMM). Lengths: count, count·d, count·d·d (longer arrays are accepted; only the first
     * entries are written).
     *
     * @throws IllegalArgumentException on a wrong length, a NaN/Inf or out-of-box coordinate
     */
    public void evaluate(double[] x, int count, double[] values, double[] gradients, double[] hessians) {
        checkPoints(x, count);
        PointBatches.checkOut("values", values, count);
        PointBatches.checkOut("gradients", gradients, (long) count * d);
        PointBatches.checkOut("hessians", hessians, (long) count * d * d);
        int order = hessians != null ? 2 : gradients != null ? 1 : 0;
        if (count == 0 || (values == null && order == 0)) {
            return;
        }
        ensureCores(order);
        Path p = pathFor(count);
        if (p == Path.BACKEND && !hostBlas()) {
            // a device backend: large blocks one after the other (the device queues its own work)
            ensureBackendCores(order);
            int block = backendBlock(order);
            for (int start = 0; start < count; start += block) {
                block(x, start, Math.min(block, count - start), order, true, true, values, gradients, hessians);
            }
            return;
        }
        boolean via = p == Path.BACKEND;
        if (via) {
            ensureBackendCores(order);
        }
        int bs = p == Path.BACKEND ? blasBlock(order) : HEAP_BLOCK;
        int blocks = (count + bs - 1) / bs;
        if (blocks == 1) {
            block(x, 0, count, order, via, false, values, gradients, hessians);
            return;
        }
        // blocks in parallel on the pool's workers; OpenBLAS runs the calls of a ForkJoinWorkerThread on one thread
        ParallelGemm.pool().invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                IntStream.range(0, blocks).parallel().forEach(c -> block(x, c * bs, Math.min(bs, count - c * bs), order,
                        via, false, values, gradients, hessians));
            }
        });
    }

    /** Whether the TT's backend is the native host BLAS (blocks then run in parallel, one BLAS thread each). */
    private boolean hostBlas() {
        return "openblas".equals(tt.backend().name());
    }

    /**
     * The score ∇log p(x_s) = ∇p/p (row-major count x d) into {@code score}, and p into
     * {@code values} when not null. NaN where p ≤ 0 (the score is undefined there). Cost: order 1.
     */
    public void score(double[] x, int count, double[] values, double[] score) {
        checkPoints(x, count);
        PointBatches.checkOut("score", score, (long) count * d);
        if (score == null) {
            throw new IllegalArgumentException("score must not be null");
        }
        double[] p = values != null ? values : new double[count];
        evaluate(x, count, p, score, null);
        PointBatches.logDerivatives(count, d, p, score, null, score, null);
    }

    /**
     * The score s = ∇p/p and its Jacobian ∇²log p = ∇²p/p − ∇p ∇pᵀ/p² (row-major count x d x d) at
     * once; p into {@code values} when not null. NaN where p ≤ 0. Cost: order 2.
     */
    public void scoreAndJacobian(double[] x, int count, double[] values, double[] score, double[] jacobian) {
        checkPoints(x, count);
        if (score == null || jacobian == null) {
            throw new IllegalArgumentException("score and jacobian must not be null");
        }
        PointBatches.checkOut("score", score, (long) count * d);
        PointBatches.checkOut("jacobian", jacobian, (long) count * d * d);
        double[] p = values != null ? values : new double[count];
        evaluate(x, count, p, score, jacobian);
        PointBatches.logDerivatives(count, d, p, score, jacobian, score, jacobian);
    }

    // ------------------------------------------------------------------ one block

    /**
     * Evaluates points start..start+bs−1 up to the given order and writes the wanted outputs; the
     * GEMMs on the backend when {@code onBackend}, else on the heap. {@code splitHost}: run the host
     * contractions in parallel chunks (a large device block).
     */
    private void block(double[] x, int start, int bs, int order, boolean onBackend, boolean splitHost,
                       double[] values, double[] gradients, double[] hessians) {
        double[][][] m = new double[order + 1][d][];
        Backend be = tt.backend();
        double[] xs = new double[bs];
        double[] sum = new double[bs];
        double[][] rows = null;
        for (int k = 0; k < d; k++) {
            for (int s = 0; s < bs; s++) {
                xs[s] = x[(start + s) * d + k];
            }
            if (rows == null || rows.length < n[k]) {
                rows = new double[n[k]][bs];
            }
            double[] w = new double[bs * n[k]];
            axes[k].weightsBlock(xs, bs, w, 0, bs, rows, sum);
            int cols = r[k] * r[k + 1];
            if (onBackend) {
                Mat wm = be.fromArray(w, bs, n[k]);
                for (int q = 0; q <= order; q++) {
                    Mat c = be.mul(wm, backendCores[q][k]);
                    m[q][k] = c.toArray();
                    be.release(c);
                }
                be.release(wm);
            } else {
                for (int q = 0; q <= order; q++) {
                    m[q][k] = new double[bs * cols];
                    PointKernels.gemm(w, bs, n[k], heapCores[q][k], cols, m[q][k]);
                }
            }
        }
        if (splitHost && bs > HEAP_BLOCK) {
            // the host contractions in parallel over chunks of points (the GEMMs above used the backend's threads)
            int chunks = (bs + HEAP_BLOCK - 1) / HEAP_BLOCK;
            IntStream.range(0, chunks).parallel().forEach(c -> contract(m, bs, c * HEAP_BLOCK,
                    Math.min(HEAP_BLOCK, bs - c * HEAP_BLOCK), start, order, values, gradients, hessians));
        } else {
            contract(m, bs, 0, bs, start, order, values, gradients, hessians);
        }
    }

    /**
     * The host part for rows s0..s0+cs−1 of a block of bs points (global index start + s0 + s):
     * left and right vectors, then the outputs, from the block's M_k, A_k, B_k (leading dimension bs).
     */
    private void contract(double[][][] m, int bs, int s0, int cs, int start, int order,
                          double[] values, double[] gradients, double[] hessians) {
        int first = start + s0;
        // left vectors L_k (cs x r_k; null = ones for k = 0)
        double[][] left = new double[d + 1][];
        for (int k = 0; k < d; k++) {
            left[k + 1] = left[k] == null ? PointKernels.slice(m[0][k], bs, s0, cs, r[k + 1])
                    : PointKernels.rowReduce(left[k], m[0][k], bs, s0, cs, r[k], r[k + 1]);
        }
        if (values != null) {
            System.arraycopy(left[d], 0, values, first, cs);
        }
        if (order == 0) {
            return;
        }
        double[][] right = new double[d + 1][]; // R_k (cs x r_k; null = ones for k = d)
        for (int k = d - 1; k >= 1; k--) {
            right[k] = right[k + 1] == null ? PointKernels.slice(m[0][k], bs, s0, cs, r[k])
                    : PointKernels.rowReduceRight(m[0][k], bs, s0, right[k + 1], cs, r[k], r[k + 1]);
        }
        int dd = d * d;
        for (int k = 0; k < d; k++) {
            double[] t = left[k] == null ? PointKernels.slice(m[1][k], bs, s0, cs, r[k + 1])
                    : PointKernels.rowReduce(left[k], m[1][k], bs, s0, cs, r[k], r[k + 1]); // L_k A_k
            if (gradients != null) {
                PointKernels.rowDot(t, right[k + 1], cs, r[k + 1], gradients, first * d + k, d);
            }
            if (order == 2) {
                double[] t2 = left[k] == null ? PointKernels.slice(m[2][k], bs, s0, cs, r[k + 1])
                        : PointKernels.rowReduce(left[k], m[2][k], bs, s0, cs, r[k], r[k + 1]);
                PointKernels.rowDot(t2, right[k + 1], cs, r[k + 1], hessians, first * dd + k * d + k, dd);
                if (k < d - 1) {
                    offDiagonal(m, bs, s0, cs, right, t, k, first, hessians);
                }
            }
        }
    }

    /** ∂_j∂_k p for k &gt; j from G = L_j A_j (cs x r_{j+1}); writes both symmetric entries. */
    private void offDiagonal(double[][][] m, int bs, int s0, int cs, double[][] right, double[] g, int j,
                             int first, double[] hessians) {
        int dd = d * d;
        double[] run = g;
        for (int k = j + 1; k < d; k++) {
            double[] t = PointKernels.rowReduce(run, m[1][k], bs, s0, cs, r[k], r[k + 1]);
            PointKernels.rowDot(t, right[k + 1], cs, r[k + 1], hessians, first * dd + j * d + k, dd);
            for (int s = 0; s < cs; s++) {
                int o = (first + s) * dd;
                hessians[o + k * d + j] = hessians[o + j * d + k];
            }
            if (k < d - 1) {
                run = PointKernels.rowReduce(run, m[0][k], bs, s0, cs, r[k], r[k + 1]);
            }
        }
    }

    // ------------------------------------------------------------------ cores

    /** G̃_k(i, a + r_{k−1} b) = G_k(a, i, b) as n_k x r_{k−1} r_k column-major, for every k. */
    private double[][] permutedCores() {
        double[][] out = new double[d][];
        for (int k = 0; k < d; k++) {
            out[k] = PointKernels.permuted(tt.coreArray(k), r[k], n[k], r[k + 1]);
        }
        return out;
    }

    /** Makes the heap derivative cores up to {@code order} (once). */
    private synchronized void ensureCores(int order) {
        for (int q = 1; q <= order; q++) {
            if (heapCores[q] != null) {
                continue;
            }
            double[][] out = new double[d][];
            for (int k = 0; k < d; k++) {
                // D_k G_k (or D_k² G_k) along mode k: the box's spectral operator, then permuted
                double[] dm = q == 1 ? axes[k].differentiationMatrix() : axes[k].secondDerivativeMatrix();
                TensorTrain dk = tt.applyAlongMode(k, dm, n[k]);
                out[k] = PointKernels.permuted(dk.coreArray(k), r[k], n[k], r[k + 1]);
            }
            heapCores[q] = out;
        }
    }

    /** Uploads the cores up to {@code order} to the backend (once). */
    private synchronized void ensureBackendCores(int order) {
        Backend be = tt.backend();
        for (int q = 0; q <= order; q++) {
            if (backendCores[q] != null) {
                continue;
            }
            Mat[] out = new Mat[d];
            for (int k = 0; k < d; k++) {
                out[k] = be.fromArray(heapCores[q][k], n[k], r[k] * r[k + 1]);
            }
            backendCores[q] = out;
        }
    }

    /** Points per backend block: at most BACKEND_BLOCK, with GEMM results of at most BLOCK_DOUBLES doubles. */
    private int backendBlock(int order) {
        long widest = 1;
        for (int k = 0; k < d; k++) {
            widest = Math.max(widest, (long) r[k] * r[k + 1] * (order + 1));
            widest = Math.max(widest, n[k]);
        }
        return (int) Math.max(1, Math.min(BACKEND_BLOCK, BLOCK_DOUBLES / widest));
    }

    /**
     * Points per block on the host BLAS: the block's GEMM results, (1 + order) Σ_k bs r_{k−1} r_k
     * doubles, at most {@value #BLAS_BLOCK_DOUBLES}, and bs between {@value #HEAP_BLOCK} and
     * {@value #BLAS_BLOCK}.
     */
    private int blasBlock(int order) {
        long perPoint = 0;
        for (int k = 0; k < d; k++) {
            perPoint += (long) r[k] * r[k + 1] * (order + 1) + n[k];
        }
        return (int) Math.max(HEAP_BLOCK, Math.min(BLAS_BLOCK, BLAS_BLOCK_DOUBLES / perPoint));
    }

    // ------------------------------------------------------------------ validation

    /** Requires count ≥ 0 and count x d finite coordinates inside the box; returns count. */
    private int checkPoints(double[] x, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (x == null || x.length != (long) count * d) {
            throw new IllegalArgumentException("x must hold count*d = " + count + "*" + d + " = " + (long) count * d
                    + " coordinates (row-major), got " + (x == null ? "null" : x.length));
        }
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < d; k++) {
                double v = x[s * d + k];
                if (!Double.isFinite(v) || v < axes[k].a() || v > axes[k].b()) {
                    axes[k].checkPoint("x[" + (s * d + k) + "] (point " + s + ", axis " + k + ")", v);
                }
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return "TtInterpolant[d=" + d + ", n=" + Arrays.toString(n) + ", ranks=" + Arrays.toString(r) + ", " + path + "]";
    }
}
