package org.ttfp.linalg;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The host algorithm of {@link Backend#evaluate} for the CPU backends: values of a tensor train at
 * N multi-indices, v(s) = G1[:, i1(s), :] ... Gd[:, id(s), :], batched by index value.
 *
 * <p>The samples are cut into chunks of a few thousand, processed in parallel on several Java
 * threads. In a chunk the running row vectors form a column-major (samples x r_k) block W. For
 * each mode k the rows are permuted (a counting sort by i_k) into V so that samples with equal
 * i_k are adjacent, and each such group of m_i rows is multiplied by the core slice G_k[:, i, :]
 * (r_k x r_{k+1}) in one small product: W(group) = V(group) G_k[:, i, :], (m_i x r_k)(r_k x r_{k+1}).
 * Cost: 2 N sum_k r_k r_{k+1} flops plus one gather of N r_k doubles per mode. Where the blocks
 * live and how the group product is computed is the {@link Workspace}'s business: heap arrays and
 * Java loops ({@link #heap}), or native buffers and {@code dgemm} (the OpenBLAS backend).
 *
 * <p>The caller has validated the shapes and the indices (see {@link AbstractBackend#evaluate}).
 */
final class HostEvaluation {
    /** Bound on the rows*rank of one evaluation work buffer (doubles), keeping it cache-sized. */
    static final int BUFFER_MAX = 1 << 22;

    private HostEvaluation() {}

    /** The blocks V and W of one worker and the group product on them. */
    interface Workspace extends AutoCloseable {
        /** W := ones(len x 1), the product of no cores. */
        void start(int len);

        /** V(t, a) := W(src[t], a) for t &lt; len, a &lt; r0 (both len x r0, column-major). */
        void gather(int[] src, int len, int r0);

        /** W(from..from+m-1, :) := V(from..from+m-1, :) G_k[:, i, :] (blocks have len rows). */
        void product(int k, int i, int from, int m, int len);

        /** W(row, 0) after the last mode. */
        double value(int row);

        @Override
        void close();
    }

    /** Makes the workspace of one worker: blocks of chunk x rmax doubles. */
    @FunctionalInterface
    interface WorkspaceFactory {
        Workspace create(int rmax, int chunk);
    }

    /**
     * Evaluates count &gt; 0 samples of d &gt;= 1 modes into {@code out} with at most {@code threads}
     * workers (1 when the caller is already parallel).
     */
    static void evaluate(WorkspaceFactory factory, int[] n, int[] r, int[] idx, int count, double[] out, int threads) {
        int d = n.length;
        int rmax = 1, nmax = 1;
        for (int k = 0; k < d; k++) {
            rmax = Math.max(rmax, r[k]);
            nmax = Math.max(nmax, n[k]);
        }
        // chunk: about 32 samples per index value on average, work buffers of at most BUFFER_MAX doubles
        int chunk = Math.max(2048, 32 * nmax);
        chunk = Math.max(64, Math.min(chunk, BUFFER_MAX / rmax));
        chunk = Math.min(chunk, count);
        int chunks = (count + chunk - 1) / chunk;
        int workers = Math.max(1, Math.min(threads, chunks));
        AtomicInteger next = new AtomicInteger();
        final int chunkSize = chunk, rm = rmax, nm = nmax;
        Runnable worker = () -> {
            try (Workspace w = factory.create(rm, chunkSize)) {
                Order order = new Order(chunkSize, nm);
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    int lo = c * chunkSize;
                    run(w, order, n, r, idx, lo, Math.min(count, lo + chunkSize), out);
                }
            }
        };
        if (workers <= 1) {
            worker.run();
        } else {
            IntStream.range(0, workers).parallel().forEach(t -> worker.run());
        }
    }

    /** Permutation buffers of one worker. */
    private static final class Order {
        final int[] pos, order, src, cnt;

        Order(int chunk, int nmax) {
            pos = new int[chunk];
            order = new int[chunk];
            src = new int[chunk];
            cnt = new int[nmax + 1];
        }
    }

    /** Samples lo..hi-1 into out[lo..hi-1]. */
    private static void run(Workspace w, Order o, int[] n, int[] r, int[] idx, int lo, int hi, double[] out) {
        int d = n.length, len = hi - lo;
        int[] pos = o.pos, order = o.order, src = o.src, cnt = o.cnt;
        w.start(len);
        for (int s = 0; s < len; s++) {
            pos[s] = s; // sample s sits in row pos[s] of W
        }
        for (int k = 0; k < d; k++) {
            int nk = n[k];
            // counting sort of the chunk's samples by i_k
            Arrays.fill(cnt, 0, nk + 1, 0);
            for (int s = 0; s < len; s++) {
                cnt[idx[(lo + s) * d + k] + 1]++;
            }
            for (int i = 0; i < nk; i++) {
                cnt[i + 1] += cnt[i];
            }
            for (int s = 0; s < len; s++) {
                order[cnt[idx[(lo + s) * d + k]]++] = s;
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
            w.gather(src, len, r[k]);
            for (int i = 0; i < nk; i++) {
                int m = cnt[i + 1] - cnt[i];
                if (m > 0) {
                    w.product(k, i, cnt[i], m, len);
                }
            }
        }
        for (int s = 0; s < len; s++) {
            out[lo + s] = w.value(pos[s]);
        }
    }

    /**
     * Workspaces on heap arrays for cores given as heap copies, core k column-major (r[k] n[k]) x
     * r[k+1] with element (a, i, b) at a + r[k] (i + n[k] b); the group product is a Java loop
     * whose inner loop runs over the group's contiguous rows.
     */
    static WorkspaceFactory heap(double[][] cores, int[] n, int[] r) {
        return (rmax, chunk) -> new HeapWorkspace(cores, n, r, rmax, chunk);
    }

    private static final class HeapWorkspace implements Workspace {
        private final double[][] g;
        private final int[] n, r;
        private final double[] v, w;

        HeapWorkspace(double[][] cores, int[] n, int[] r, int rmax, int chunk) {
            this.g = cores;
            this.n = n;
            this.r = r;
            v = new double[rmax * chunk];
            w = new double[rmax * chunk];
        }

        @Override
        public void start(int len) { Arrays.fill(w, 0, len, 1.0); }

        @Override
        public void gather(int[] src, int len, int r0) {
            for (int a = 0; a < r0; a++) {
                int col = a * len;
                for (int t = 0; t < len; t++) {
                    v[col + t] = w[col + src[t]];
                }
            }
        }

        @Override
        public void product(int k, int i, int from, int m, int len) {
            double[] gk = g[k];
            int r0 = r[k], r1 = r[k + 1], nk = n[k];
            for (int b = 0; b < r1; b++) {
                int wc = b * len + from;
                Arrays.fill(w, wc, wc + m, 0.0);
                int gb = r0 * (i + nk * b);
                for (int a = 0; a < r0; a++) {
                    double gab = gk[gb + a];
                    int vc = a * len + from;
                    for (int t = 0; t < m; t++) {
                        w[wc + t] += v[vc + t] * gab;
                    }
                }
            }
        }

        @Override
        public double value(int row) { return w[row]; }

        @Override
        public void close() {}
    }
}
