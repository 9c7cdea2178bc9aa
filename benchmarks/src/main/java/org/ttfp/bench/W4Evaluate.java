package org.ttfp.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.TensorTrain;

/**
 * W4: evaluation of a random TT (d = 10, n = 64, r = 30) at 10^5 random multi-indices
 * (docs/workloads.md). Figure: evaluations per second.
 *
 * <p>The timed part is {@link #evaluate} (the batch call {@link TensorTrain#evaluate(int[], int)},
 * index validation included); the TT and the indices are built beforehand. Each value is a chain of
 * d vector–matrix products, 2 Σ_k r_{k−1} r_k flops per point (1.7e4 for the reference size). The
 * figure checks the first {@link #CHECKED} values against an independent host evaluation that
 * multiplies the slices from the right.
 */
public final class W4Evaluate {
    /** Number of modes of the reference workload. */
    public static final int D = 10;
    /** Mode size of the reference workload. */
    public static final int N = 64;
    /** TT rank of the reference workload. */
    public static final int R = 30;
    /** Number of multi-indices of the reference workload. */
    public static final int COUNT = 100_000;
    /** Seed of the random cores. */
    public static final long SEED_TT = 40_04L;
    /** Seed of the random multi-indices. */
    public static final long SEED_INDEX = 40_05L;
    /** Number of values checked against the independent evaluation. */
    public static final int CHECKED = 2_000;

    private W4Evaluate() {}

    /** The random TT: mode sizes n, interior ranks r, entries uniform in [−1, 1] from {@link #SEED_TT}. */
    public static TensorTrain tensor(Backend backend, int d, int n, int r) {
        Workloads.checkSize("d", d, 1);
        Workloads.checkSize("n", n, 1);
        Workloads.checkSize("r", r, 1);
        return TensorTrain.random(backend, W1TtSvd.shape(d, n), r, SEED_TT);
    }

    /** {@code count} multi-indices uniform on {0..n−1}^d from {@link #SEED_INDEX}, row-major count x d. */
    public static int[] indices(int d, int n, int count) {
        Workloads.checkSize("d", d, 1);
        Workloads.checkSize("n", n, 1);
        Workloads.checkSize("count", count, 1);
        SplittableRandom rnd = new SplittableRandom(SEED_INDEX);
        int[] idx = new int[Math.multiplyExact(count, d)];
        for (int t = 0; t < idx.length; t++) {
            idx[t] = rnd.nextInt(n);
        }
        return idx;
    }

    /** The timed part: the values at all multi-indices. */
    public static double[] evaluate(TensorTrain tt, int[] idx, int count) {
        return tt.evaluate(idx, count);
    }

    /**
     * The value at sample s computed on the host, independently of the backends: the row vector
     * G_d[:, i_d, 0] is multiplied from the right to the left, u ← G_k[:, i_k, :] u.
     */
    static double reference(double[][] cores, int[] r, int[] n, int[] idx, int s) {
        int d = n.length;
        double[] u = {1.0};
        for (int k = d - 1; k >= 0; k--) {
            int i = idx[s * d + k];
            double[] next = new double[r[k]];
            double[] g = cores[k];
            for (int b = 0; b < r[k + 1]; b++) {
                double ub = u[b];
                int base = r[k] * (i + n[k] * b);
                for (int a = 0; a < r[k]; a++) {
                    next[a] += g[base + a] * ub;
                }
            }
            u = next;
        }
        return u[0];
    }

    /** The figure: count evaluations per call, and the check against {@link #reference} on the first values. */
    public static Figure figure(TensorTrain tt, int[] idx, int count, double[] values) {
        if (values.length != count) {
            throw new IllegalArgumentException("values has " + values.length + " entries, expected count = " + count);
        }
        int d = tt.dim();
        double[][] cores = new double[d][];
        for (int k = 0; k < d; k++) {
            cores[k] = tt.coreArray(k);
        }
        int m = Math.min(count, CHECKED);
        double[] ref = new double[m];
        double[] got = new double[m];
        for (int s = 0; s < m; s++) {
            ref[s] = reference(cores, tt.ranks(), tt.modeSizes(), idx, s);
            got[s] = values[s];
        }
        double dev = Workloads.relativeDistance(got, ref);
        double flopsPerPoint = 0;
        for (int k = 0; k < d; k++) {
            flopsPerPoint += 2.0 * tt.rank(k) * tt.rank(k + 1);
        }
        return Figure.of(String.format(Locale.ROOT, "%d points, d=%d, r=%d", count, d, tt.maxRank()))
                .withRate(count, "evals/s")
                .withFlops(flopsPerPoint * count)
                .withValue("evaluations", count)
                .withCheck("values", dev <= 1e-12, String.format(Locale.ROOT,
                        "rel. deviation %.1e <= 1e-12 from a host evaluation of %d points", dev, m));
    }

    /** The whole workload once: build the TT and the indices, evaluate (timed), figure. */
    public static Workloads.Result run(Backend backend, int d, int n, int r, int count) {
        TensorTrain tt = tensor(backend, d, n, r);
        int[] idx = indices(d, n, count);
        long t0 = System.nanoTime();
        double[] v = evaluate(tt, idx, count);
        double sec = (System.nanoTime() - t0) * 1e-9;
        return new Workloads.Result("W4", sec, figure(tt, idx, count, v));
    }
}
