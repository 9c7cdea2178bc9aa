package org.ttfp.bench;

import java.util.Arrays;
import java.util.Locale;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.TensorTrain;

/**
 * W1: TT-SVD of the full tensor Y[i_1..i_d] = 1 / (1 + (i_1 + … + i_d)/8), shape 8^7, to relative
 * accuracy 1e−8 (docs/workloads.md). Figure: the ranks and the relative error ‖full(TT) − Y‖_F / ‖Y‖_F.
 *
 * <p>The timed part is {@link #decompose} only; the full tensor is built beforehand. The dominant
 * cost is the SVD of the first unfolding, 8 x 8^6, then of the (8 r_1) x 8^5 unfolding, about
 * 6·n^{d−k}·(r_{k−1} n)² flops per step (thin SVD with U, Σ, Vᵀ).
 */
public final class W1TtSvd {
    /** Number of modes of the reference workload. */
    public static final int D = 7;
    /** Mode size of the reference workload. */
    public static final int N = 8;
    /** Relative accuracy of the decomposition. */
    public static final double EPS = 1e-8;

    private W1TtSvd() {}

    /** The mode sizes (n, ..., n), d entries. */
    public static int[] shape(int d, int n) {
        Workloads.checkSize("d", d, 1);
        Workloads.checkSize("n", n, 1);
        int[] s = new int[d];
        Arrays.fill(s, n);
        return s;
    }

    /**
     * The full tensor Y[i] = 1 / (1 + (i_1 + … + i_d)/8), first index fastest (the layout of
     * {@link TensorTrain#fromFull}). The divisor 8 is part of the workload's definition and stays 8
     * for other sizes.
     *
     * @throws IllegalArgumentException if d &lt; 1, n &lt; 1 or n^d exceeds 2^28 entries
     */
    public static double[] tensor(int d, int n) {
        int[] s = shape(d, n);
        double size = Math.pow(n, d);
        if (size > (1 << 28)) {
            throw new IllegalArgumentException("n^d = " + n + "^" + d + " exceeds 2^28 entries");
        }
        double[] y = new double[(int) size];
        int[] idx = new int[d];
        int sum = 0;
        for (int p = 0; p < y.length; p++) {
            y[p] = 1.0 / (1.0 + sum / 8.0);
            // odometer increment, first index fastest; the index sum is kept incrementally
            for (int k = 0; k < d; k++) {
                if (++idx[k] < s[k]) {
                    sum++;
                    break;
                }
                sum -= s[k] - 1;
                idx[k] = 0;
            }
        }
        return y;
    }

    /** The timed part: TT-SVD of {@code y} to relative accuracy {@link #EPS}. */
    public static TensorTrain decompose(Backend backend, double[] y, int[] shape) {
        return TensorTrain.fromFull(backend, y, shape, EPS);
    }

    /**
     * The figure of a decomposition: ranks, relative error against {@code y} (computed from the full
     * tensor of the TT), and the check error ≤ {@link #EPS}.
     */
    public static Figure figure(TensorTrain tt, double[] y) {
        double[] f = tt.full();
        if (f.length != y.length) {
            throw new IllegalArgumentException("the TT has " + f.length + " entries but y has " + y.length);
        }
        double err = Workloads.relativeDistance(f, y);
        String ranks = Workloads.ranksText(tt.ranks());
        return Figure.of(String.format(Locale.ROOT, "ranks %s, rel. error %.2e", ranks, err))
                .withValue("relError", err)
                .withValue("maxRank", tt.maxRank())
                .withCheck("accuracy", err <= EPS, String.format(Locale.ROOT, "rel. error %.2e <= %.0e", err, EPS));
    }

    /** The whole workload once at size n^d (the reference is d = 7, n = 8): build, decompose, figure. */
    public static Workloads.Result run(Backend backend, int d, int n) {
        double[] y = tensor(d, n);
        int[] s = shape(d, n);
        long t0 = System.nanoTime();
        TensorTrain tt = decompose(backend, y, s);
        double sec = (System.nanoTime() - t0) * 1e-9;
        return new Workloads.Result("W1", sec, figure(tt, y));
    }
}
