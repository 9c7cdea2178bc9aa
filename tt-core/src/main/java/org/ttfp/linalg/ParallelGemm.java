package org.ttfp.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * A matrix product op(A) op(B) split into column (or row) blocks of C that run as
 * {@link Backend#gemm} calls on the workers of a fork-join pool with one thread per core.
 *
 * <p>Why: OpenBLAS's own threads synchronize by spinning, so a two-thread GEMM stalls whenever
 * another process holds one of the two cores (W2 measured up to 10x slower at load 10–20 on the
 * shared 2-core machine, benchmarks/README.md). {@link OpenBlasBackend} runs calls made from a
 * {@link java.util.concurrent.ForkJoinWorkerThread} on one OpenBLAS thread, so here both cores work
 * on independent blocks; a descheduled worker only delays the join (blocking, not spinning), and
 * work stealing over a few more blocks than cores balances the rest. On EJML the blocks run in
 * parallel Java threads as well. Products below {@value #MIN_FLOPS} flops, and backends other than
 * the two CPU ones (a device backend queues its own work), call {@link Backend#mul} directly.
 *
 * <p>Cost: the flops of the product, 2 m n p; each block re-reads the undivided factor.
 */
public final class ParallelGemm {
    /** Products below this many flops are not split (the measured OpenBLAS crossover is 4e6–1e7). */
    public static final double MIN_FLOPS = 1e7;
    /** Smallest block, in flops, worth a task of its own. */
    static final double MIN_BLOCK_FLOPS = 4e6;

    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));

    private ParallelGemm() {}

    /**
     * The workers (one per core): ForkJoinWorkerThreads, on which {@link OpenBlasBackend} runs every
     * call on one BLAS thread. Other host work that runs BLAS calls in parallel blocks (the point
     * evaluation of {@code org.ttfp.cheb.TtInterpolant}) uses the same pool.
     */
    public static ForkJoinPool pool() { return POOL; }

    /** The number of worker threads (the cores the JVM sees). */
    public static int parallelism() { return POOL.getParallelism(); }

    /** A new matrix A B; see {@link #mul(Backend, Mat, boolean, Mat, boolean)}. */
    public static Mat mul(Backend be, Mat a, Mat b) { return mul(be, a, false, b, false); }

    /**
     * A new matrix op(A) op(B) (op(X) = X or Xᵀ), computed in blocks of C on the pool's workers
     * (see the class comment).
     *
     * @throws IllegalArgumentException if the shapes do not fit or a matrix belongs to another backend
     */
    public static Mat mul(Backend be, Mat a, boolean transA, Mat b, boolean transB) {
        if (be == null || a == null || b == null) {
            throw new IllegalArgumentException("ParallelGemm.mul: backend and matrices must be non-null");
        }
        int m = transA ? a.cols() : a.rows();
        int n = transB ? b.rows() : b.cols();
        if (!splits(be, 2.0 * m * n * (transA ? a.rows() : a.cols()), m, n)) {
            return be.mul(a, transA, b, transB);
        }
        Mat c = be.zeros(m, n);
        gemm(be, transA, transB, 1.0, a, b, 0.0, c);
        return c;
    }

    /**
     * C = alpha op(A) op(B) + beta C into the caller's matrix C (see {@link Backend#gemm}), in blocks
     * of C on the pool's workers.
     *
     * @throws IllegalArgumentException if the shapes do not fit or a matrix belongs to another backend
     */
    public static void gemm(Backend be, boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c) {
        if (be == null || a == null || b == null || c == null) {
            throw new IllegalArgumentException("ParallelGemm.gemm: backend and matrices must be non-null");
        }
        int[] mnp = Backend.gemmShape(transA, transB, a, b, c);
        int m = mnp[0], n = mnp[1];
        double flops = 2.0 * m * n * mnp[2];
        if (!splits(be, flops, m, n)) {
            be.gemm(transA, transB, alpha, a, b, beta, c);
            return;
        }
        int parts = POOL.getParallelism();
        boolean byColumns = n >= m || n >= 4 * parts;
        int dim = byColumns ? n : m;
        int blocks = (int) Math.max(2, Math.min(Math.min(4L * parts, dim), (long) (flops / MIN_BLOCK_FLOPS)));
        List<RecursiveAction> tasks = new ArrayList<>(blocks);
        for (int j = 0; j < blocks; j++) {
            int lo = (int) ((long) dim * j / blocks), hi = (int) ((long) dim * (j + 1) / blocks);
            if (lo == hi) {
                continue;
            }
            Mat aj = byColumns ? a : (transA ? a.columns(lo, hi) : a.rowRange(lo, hi));
            Mat bj = byColumns ? (transB ? b.rowRange(lo, hi) : b.columns(lo, hi)) : b;
            Mat cj = byColumns ? c.columns(lo, hi) : c.rowRange(lo, hi);
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    be.gemm(transA, transB, alpha, aj, bj, beta, cj);
                }
            });
        }
        POOL.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
    }

    private static boolean splits(Backend be, double flops, int m, int n) {
        String name = be.name();
        boolean cpu = "openblas".equals(name) || "ejml".equals(name);
        return POOL.getParallelism() >= 2 && cpu && flops >= MIN_FLOPS && Math.max(m, n) >= 2;
    }
}
