package org.ttfp.bench;

import java.util.Arrays;
import java.util.Locale;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.Rounding;
import org.ttfp.tt.TensorTrain;

/**
 * W2: rounding of Y+Y, Y a random TT with d = 50, n = 32 and rank r ∈ {20, 50, 100} (Y+Y has rank
 * 2r), to relative accuracy 1e−8 (docs/workloads.md). Figure: the ranks after rounding, which must be
 * those of Y (max rank r), and the relative error ‖round(Y+Y) − 2Y‖_F / ‖2Y‖_F, which must be below
 * 1e−8.
 *
 * <p>The timed part is {@link #round} only; Y and Y+Y are built beforehand. The ranks a generic
 * random Y has are r_k = min(r, n^k, n^{d−k}) (the first and last interior ranks are n = 32 when
 * r &gt; 32), so those are what the rounding must return.
 *
 * <p>Flop model ({@link #roundingFlops}), used for GFLOP/s: the left-orthogonalization sweep costs,
 * per core, the carry product 2 ρ_{k−1} R_{k−1} n R_k and a Householder QR of the
 * (ρ_{k−1} n) x R_k unfolding with Q formed (4 m c² − 4c³/3 for m ≥ c, 2 m² c + 2m³/3 for
 * m &lt; c); the truncation sweep costs a thin SVD of the ρ_k x (n t_{k+1}) unfolding (R-SVD with U,
 * Σ, V: 6 l s² + 20 s³, l = max and s = min of the dimensions) and the product of the next core with
 * U Σ, 2 ρ_{k−1} n ρ_k t_k. R = ranks of Y+Y, ρ = ranks after orthogonalization, t = ranks after
 * truncation. For r = 100 that is about 1.3e11 flops.
 */
public final class W2Rounding {
    /** Number of modes of the reference workload. */
    public static final int D = 50;
    /** Mode size of the reference workload. */
    public static final int N = 32;
    /** Relative accuracy of the rounding. */
    public static final double EPS = 1e-8;
    /** Seed of the random cores of Y. */
    public static final long SEED = 20_02L;

    private W2Rounding() {}

    /** Y: the random TT with mode sizes n, all interior ranks r, entries uniform in [−1, 1] from {@link #SEED}. */
    public static TensorTrain y(Backend backend, int d, int n, int r) {
        Workloads.checkSize("d", d, 2);
        Workloads.checkSize("n", n, 1);
        Workloads.checkSize("r", r, 1);
        return TensorTrain.random(backend, W1TtSvd.shape(d, n), r, SEED);
    }

    /** The input Y+Y (ranks 2r). */
    public static TensorTrain input(TensorTrain y) {
        return y.add(y);
    }

    /** The timed part: rounding to relative accuracy {@link #EPS} (the default, deterministic method). */
    public static TensorTrain round(TensorTrain sum) {
        return sum.round(EPS);
    }

    /**
     * The timed part of the rows "W2 randomized": the same rounding by {@link Rounding#RANDOMIZED}
     * (sketched left sweep, a posteriori check, deterministic fallback), with the same figure.
     */
    public static TensorTrain roundRandomized(TensorTrain sum) {
        return sum.round(EPS, Integer.MAX_VALUE, Rounding.RANDOMIZED);
    }

    /** The ranks a generic random TT of rank r has: min(r, n_1⋯n_k, n_{k+1}⋯n_d) at bond k. */
    public static int[] expectedRanks(int[] n, int r) {
        int d = n.length;
        int[] out = new int[d + 1];
        for (int k = 0; k <= d; k++) {
            long left = 1, right = 1;
            for (int j = 0; j < k && left < r; j++) {
                left *= n[j];
            }
            for (int j = k; j < d && right < r; j++) {
                right *= n[j];
            }
            out[k] = (int) Math.min(r, Math.min(left, right));
        }
        return out;
    }

    /**
     * The nominal flops of rounding a TT with ranks {@code in} to ranks {@code out} (see the class
     * comment for the model).
     */
    public static double roundingFlops(int[] n, int[] in, int[] out) {
        int d = n.length;
        if (in.length != d + 1 || out.length != d + 1) {
            throw new IllegalArgumentException("ranks must have d+1 = " + (d + 1) + " entries, got " + in.length
                    + " and " + out.length);
        }
        double f = 0;
        int[] rho = new int[d + 1];
        rho[0] = 1;
        rho[d] = 1;
        for (int k = 0; k < d; k++) {
            if (k > 0) {
                f += 2.0 * rho[k] * in[k] * n[k] * in[k + 1]; // carry times core
            }
            if (k == d - 1) {
                break;
            }
            double m = (double) rho[k] * n[k], c = in[k + 1];
            f += m >= c ? 4 * m * c * c - 4 * c * c * c / 3 : 2 * m * m * c + 2 * m * m * m / 3;
            rho[k + 1] = (int) Math.min(m, c);
        }
        for (int k = d - 1; k >= 1; k--) {
            double rows = rho[k], cols = (double) n[k] * out[k + 1];
            double l = Math.max(rows, cols), s = Math.min(rows, cols);
            f += 6 * l * s * s + 20 * s * s * s;
            f += 2.0 * rho[k - 1] * n[k - 1] * rho[k] * out[k];
        }
        return f;
    }

    /**
     * The figure: ranks after rounding (checked against {@link #expectedRanks}), the relative error
     * against 2Y (checked &lt; {@link #EPS}), and the flop count for GFLOP/s.
     */
    public static Figure figure(TensorTrain sum, TensorTrain rounded, TensorTrain y, int r) {
        int[] n = y.modeSizes();
        int[] expected = expectedRanks(n, r);
        int[] got = rounded.ranks();
        double err = TtDistance.relative(rounded, y, 2.0);
        boolean ranksOk = Arrays.equals(expected, got);
        return Figure.of(String.format(Locale.ROOT, "rank %d → %d, rel. error %.2e", sum.maxRank(), rounded.maxRank(), err))
                .withFlops(roundingFlops(n, sum.ranks(), got))
                .withValue("maxRank", rounded.maxRank())
                .withValue("relError", err)
                .withCheck("rank", ranksOk,
                        "ranks " + Workloads.ranksText(got) + (ranksOk ? " = " : " != expected ") + Workloads.ranksText(expected))
                .withCheck("accuracy", err < EPS, String.format(Locale.ROOT, "rel. error %.2e < %.0e", err, EPS));
    }

    /** The whole workload once: build Y and Y+Y, round (timed), figure. */
    public static Workloads.Result run(Backend backend, int d, int n, int r) {
        TensorTrain y = y(backend, d, n, r);
        TensorTrain sum = input(y);
        long t0 = System.nanoTime();
        TensorTrain rounded = round(sum);
        double sec = (System.nanoTime() - t0) * 1e-9;
        return new Workloads.Result("W2", sec, figure(sum, rounded, y, r));
    }
}
