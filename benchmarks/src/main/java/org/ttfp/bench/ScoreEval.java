package org.ttfp.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.cheb.TtInterpolant;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.TensorTrain;

/**
 * SCORE: batched score evaluation ∇log p = ∇p/p of a TT density on a Chebyshev box at N = 10^4
 * random points, d = 3 and 10, r = 20 and 40, n = 64 nodes per axis on [−8, 8]^d (the grid of
 * W6/W7): the call the probability-flow encoder makes at every stage. Figure: GFLOP/s by the flop
 * model below, as a fraction of the GEMM rate of the same run (target ≥ 30 %).
 *
 * <p><b>Inputs</b> (not timed): a positive TT (cores with entries uniform in [0, 1] from
 * {@link #SEED_TT}, so p &gt; 0 everywhere and the score is defined), ranks 1, r, ..., r, 1, and N
 * points uniform in the box from {@link #SEED_POINTS}. The {@link TtInterpolant} is built in the
 * set-up with the path of the parameter (AUTO: its own rule); the derivative cores are formed by a
 * warm-up call before timing.
 *
 * <p><b>Timed part</b> ({@link #evaluate}): {@link TtInterpolant#score} of all N points (p and the
 * score).
 *
 * <p><b>Flop model</b> per point, with R_k = r_{k−1} r_k: GEMMs of the weight rows with the core and
 * its derivative core 2·2 Σ_k n R_k; host contractions (left and right vectors and the d
 * derivative contractions) 3·2 Σ_k R_k; barycentric weights 4 Σ_k n. At d = 10, r = 40 that is
 * 3.7e6 flops per point, 3.7e10 per call.
 *
 * <p><b>Check</b>: the first {@value #CHECKED} points against an independent host evaluation per
 * point (weight rows and their derivative rows w' = Dᵀw from {@link ChebyshevGrid}, chained
 * through the cores from the right), p and ∇p to 1e−11 relative.
 */
public final class ScoreEval {
    /** Number of points of the reference workload. */
    public static final int COUNT = 10_000;
    /** Nodes per axis. */
    public static final int NODES = 64;
    /** Half-width of the box. */
    public static final double HALF_WIDTH = 8.0;
    /** Seed of the cores. */
    public static final long SEED_TT = 80_08L;
    /** Seed of the points. */
    public static final long SEED_POINTS = 80_09L;
    /** Number of points checked against the independent evaluation. */
    public static final int CHECKED = 200;

    private ScoreEval() {}

    /** The box [−8, 8]^d with n nodes per axis. */
    public static ChebyshevBox box(int d, int n) {
        Workloads.checkSize("d", d, 1);
        return ChebyshevBox.cube(d, -HALF_WIDTH, HALF_WIDTH, n);
    }

    /** The positive TT: ranks 1, r, ..., r, 1 (capped by nothing), entries uniform in [0, 1]. */
    public static TensorTrain tensor(Backend backend, int d, int n, int r) {
        Workloads.checkSize("r", r, 1);
        int[] modes = W1TtSvd.shape(d, n);
        int[] ranks = new int[d + 1];
        for (int k = 0; k <= d; k++) {
            ranks[k] = k == 0 || k == d ? 1 : r;
        }
        SplittableRandom rnd = new SplittableRandom(SEED_TT);
        double[][] cores = new double[d][];
        for (int k = 0; k < d; k++) {
            cores[k] = new double[ranks[k] * n * ranks[k + 1]];
            for (int i = 0; i < cores[k].length; i++) {
                cores[k][i] = rnd.nextDouble() / Math.sqrt(ranks[k] * (double) n / 4);
            }
        }
        return TensorTrain.ofCores(backend, cores, modes, ranks);
    }

    /** {@code count} points uniform in the box, row-major count x d. */
    public static double[] points(int d, int count) {
        Workloads.checkSize("count", count, 1);
        SplittableRandom rnd = new SplittableRandom(SEED_POINTS);
        double[] x = new double[Math.multiplyExact(count, d)];
        for (int i = 0; i < x.length; i++) {
            x[i] = -HALF_WIDTH + 2 * HALF_WIDTH * rnd.nextDouble();
        }
        return x;
    }

    /** The interpolant with the given path, its derivative cores formed by one warm-up call. */
    public static TtInterpolant interpolant(ChebyshevBox box, TensorTrain tt, TtInterpolant.Path path) {
        TtInterpolant f = TtInterpolant.of(box, tt, path);
        double[] x0 = new double[box.dim()];
        f.score(x0, 1, null, new double[box.dim()]);
        return f;
    }

    /** The result of a timed call: p (length N) and the score (N x d). */
    public record Output(double[] values, double[] score) {}

    /** The timed part: p and the score at all points. */
    public static Output evaluate(TtInterpolant f, double[] x, int count) {
        double[] v = new double[count];
        double[] s = new double[Math.multiplyExact(count, f.dim())];
        f.score(x, count, v, s);
        return new Output(v, s);
    }

    /** Flops per point of the model in the class comment. */
    public static double flopsPerPoint(TensorTrain tt) {
        double f = 0;
        for (int k = 0; k < tt.dim(); k++) {
            double rr = (double) tt.rank(k) * tt.rank(k + 1);
            int n = tt.modeSizes()[k];
            f += 4.0 * n * rr + 6.0 * rr + 4.0 * n;
        }
        return f;
    }

    /** p and ∇p (d entries) at point s by the independent host evaluation: out[0] = p, out[1 + k] = ∂_k p. */
    static double[] reference(ChebyshevBox box, double[][] cores, int[] r, double[] x, int s) {
        int d = box.dim();
        double[][] w = new double[d][], dw = new double[d][];
        for (int k = 0; k < d; k++) {
            ChebyshevGrid g = box.axis(k);
            int n = g.size();
            w[k] = g.interpolationWeights(x[s * d + k]);
            double[] dm = g.differentiationMatrix();
            dw[k] = new double[n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    dw[k][j] += w[k][i] * dm[i + n * j];
                }
            }
        }
        double[] out = new double[d + 1];
        for (int q = -1; q < d; q++) { // q = −1: p; else ∂_q p
            double[] u = {1.0};
            for (int k = d - 1; k >= 0; k--) {
                double[] row = k == q ? dw[k] : w[k];
                int n = row.length;
                double[] next = new double[r[k]];
                for (int b = 0; b < r[k + 1]; b++) {
                    for (int i = 0; i < n; i++) {
                        double f = row[i] * u[b];
                        int base = r[k] * (i + n * b);
                        for (int a = 0; a < r[k]; a++) {
                            next[a] += cores[k][base + a] * f;
                        }
                    }
                }
                u = next;
            }
            out[q + 1] = u[0];
        }
        return out;
    }

    /** The figure: flops, points per second, the path taken, and the check of p and ∇p = p·score. */
    public static Figure figure(TtInterpolant f, double[] x, int count, Output got) {
        TensorTrain tt = f.values();
        ChebyshevBox box = f.box();
        int d = tt.dim();
        double[][] cores = new double[d][];
        for (int k = 0; k < d; k++) {
            cores[k] = tt.coreArray(k);
        }
        int m = Math.min(count, CHECKED);
        double[] ref = new double[m * (d + 1)];
        double[] mine = new double[m * (d + 1)];
        for (int s = 0; s < m; s++) {
            double[] e = reference(box, cores, tt.ranks(), x, s);
            System.arraycopy(e, 0, ref, s * (d + 1), d + 1);
            mine[s * (d + 1)] = got.values()[s];
            for (int k = 0; k < d; k++) {
                mine[s * (d + 1) + 1 + k] = got.score()[s * d + k] * got.values()[s];
            }
        }
        double dev = Workloads.relativeDistance(mine, ref);
        return Figure.of(String.format(Locale.ROOT, "%d points, d=%d, r=%d, %s path", count, d, tt.maxRank(),
                        f.pathFor(count).name().toLowerCase(Locale.ROOT)))
                .withRate(count, "points/s")
                .withFlops(flopsPerPoint(tt) * count)
                .withValue("points", count)
                .withCheck("values", dev <= 1e-11, String.format(Locale.ROOT,
                        "p and ∇p: rel. deviation %.1e <= 1e-11 from a host evaluation of %d points", dev, m));
    }

    /** The whole workload once (for tests and the GPU check). */
    public static Workloads.Result run(Backend backend, int d, int n, int r, int count, TtInterpolant.Path path) {
        ChebyshevBox box = box(d, n);
        TtInterpolant f = interpolant(box, tensor(backend, d, n, r), path);
        double[] x = points(d, count);
        long t0 = System.nanoTime();
        Output o = evaluate(f, x, count);
        double sec = (System.nanoTime() - t0) * 1e-9;
        return new Workloads.Result("SCORE", sec, figure(f, x, count, o));
    }
}
