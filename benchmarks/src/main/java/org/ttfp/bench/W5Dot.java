package org.ttfp.bench;

import java.util.Locale;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.LogScalar;
import org.ttfp.tt.TensorTrain;

/**
 * W5: inner product of two random TTs, d = 50, n = 32, r = 50 (docs/workloads.md). Figure: GFLOP/s.
 *
 * <p>The timed part is {@link #dot} ({@link TensorTrain#dotLog}, log-scaled: the value of two
 * random TTs of this size is far outside the double range). Flop count: per core the product of
 * the r_a x r_b interface matrix with B_k and of A_kᵀ with the result,
 * Σ_k 2 n_k ra_k rb_k rb_{k+1} + 2 n_k ra_k ra_{k+1} rb_{k+1} ≈ 4 d n r³ (8.0e8 for the reference
 * size). The figure checks the value against an independent host contraction that sweeps from the
 * right.
 */
public final class W5Dot {
    /** Number of modes of the reference workload. */
    public static final int D = 50;
    /** Mode size of the reference workload. */
    public static final int N = 32;
    /** TT rank of both tensors in the reference workload. */
    public static final int R = 50;
    /** Seed of the cores of the first tensor. */
    public static final long SEED_A = 50_05L;
    /** Seed of the cores of the second tensor. */
    public static final long SEED_B = 50_06L;
    /** Largest accepted |log|dot| − log|reference||, i.e. about the relative deviation. */
    public static final double TOLERANCE = 1e-10;

    private W5Dot() {}

    /** The first random TT (seed {@link #SEED_A}). */
    public static TensorTrain a(Backend backend, int d, int n, int r) {
        Workloads.checkSize("d", d, 1);
        Workloads.checkSize("n", n, 1);
        Workloads.checkSize("r", r, 1);
        return TensorTrain.random(backend, W1TtSvd.shape(d, n), r, SEED_A);
    }

    /** The second random TT (seed {@link #SEED_B}). */
    public static TensorTrain b(Backend backend, int d, int n, int r) {
        Workloads.checkSize("d", d, 1);
        Workloads.checkSize("n", n, 1);
        Workloads.checkSize("r", r, 1);
        return TensorTrain.random(backend, W1TtSvd.shape(d, n), r, SEED_B);
    }

    /** The timed part: ⟨A, B⟩ as a log-scaled number. */
    public static LogScalar dot(TensorTrain a, TensorTrain b) {
        return a.dotLog(b);
    }

    /** Flops of the contraction, see the class comment. */
    public static double flops(TensorTrain a, TensorTrain b) {
        double f = 0;
        for (int k = 0; k < a.dim(); k++) {
            double n = a.modeSize(k);
            f += 2 * n * a.rank(k) * b.rank(k) * b.rank(k + 1) + 2 * n * a.rank(k) * a.rank(k + 1) * b.rank(k + 1);
        }
        return f;
    }

    /**
     * ⟨A, B⟩ on the host, independently of the backends, sweeping from the right:
     * W_{k} = Σ_i A_k[:, i, :] W_{k+1} B_k[:, i, :]ᵀ with W_d = 1, each W rescaled by a power of two.
     */
    static LogScalar reference(TensorTrain a, TensorTrain b) {
        int d = a.dim();
        double[] w = {1.0};
        double log = 0;
        for (int k = d - 1; k >= 0; k--) {
            int n = a.modeSize(k), ra = a.rank(k), ra1 = a.rank(k + 1), rb = b.rank(k), rb1 = b.rank(k + 1);
            double[] ga = a.coreArray(k), gb = b.coreArray(k);
            double[] next = new double[ra * rb]; // next[x + ra*y]
            double[] t = new double[ra * rb1];   // t = A_k[:, i, :] W, ra x rb1
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(t, 0);
                for (int q = 0; q < rb1; q++) {
                    for (int p = 0; p < ra1; p++) {
                        double wpq = w[p + ra1 * q];
                        int base = ra * (i + n * p);
                        for (int x = 0; x < ra; x++) {
                            t[x + ra * q] += ga[base + x] * wpq;
                        }
                    }
                }
                for (int q = 0; q < rb1; q++) {
                    int base = rb * (i + n * q);
                    for (int y = 0; y < rb; y++) {
                        double bv = gb[base + y];
                        for (int x = 0; x < ra; x++) {
                            next[x + ra * y] += t[x + ra * q] * bv;
                        }
                    }
                }
            }
            double big = 0;
            for (double v : next) {
                big = Math.max(big, Math.abs(v));
            }
            if (big == 0) {
                return LogScalar.ZERO;
            }
            int e = Math.getExponent(big);
            for (int j = 0; j < next.length; j++) {
                next[j] = Math.scalb(next[j], -e);
            }
            log += e * Math.log(2);
            w = next;
        }
        return LogScalar.of(w[0], log);
    }

    /** The figure: flops for GFLOP/s, and the check of the value against {@link #reference}. */
    public static Figure figure(TensorTrain a, TensorTrain b, LogScalar value) {
        LogScalar ref = reference(a, b);
        double dev = Math.abs(value.logAbs() - ref.logAbs());
        boolean ok = value.sign() == ref.sign() && dev <= TOLERANCE;
        double f = flops(a, b);
        double dnr3 = (double) a.dim() * a.modeSize(0) * Math.pow(Math.max(a.maxRank(), b.maxRank()), 3);
        return Figure.of(String.format(Locale.ROOT, "<A,B> = %s1e%.4f; %.2f·d n r³ flops", value.sign() < 0 ? "-" : "",
                        value.log10Abs(), f / dnr3))
                .withFlops(f)
                .withCheck("value", ok, String.format(Locale.ROOT,
                        "sign %d vs %d, |Δ log| %.1e <= %.0e against a host contraction", value.sign(), ref.sign(), dev, TOLERANCE));
    }

    /** The whole workload once: build A and B, contract (timed), figure. */
    public static Workloads.Result run(Backend backend, int d, int n, int r) {
        TensorTrain a = a(backend, d, n, r);
        TensorTrain b = b(backend, d, n, r);
        long t0 = System.nanoTime();
        LogScalar v = dot(a, b);
        double sec = (System.nanoTime() - t0) * 1e-9;
        return new Workloads.Result("W5", sec, figure(a, b, v));
    }
}
