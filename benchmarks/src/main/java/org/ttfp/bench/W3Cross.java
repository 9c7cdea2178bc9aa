package org.ttfp.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cross.BatchFunction;
import org.ttfp.cross.CrossOptions;
import org.ttfp.cross.CrossResult;
import org.ttfp.cross.TtCross;
import org.ttfp.linalg.Backend;

/**
 * W3: TT-cross of f(x) = 1/(1+|x|²) on the Chebyshev grid with n = 64 nodes per mode, d = 10, box
 * [−5, 5]^d, relative accuracy 1e−8, rank-adaptive from rank 2, then rounding (docs/workloads.md).
 * Figure: function evaluations, max rank, relative error ‖f − TT‖₂ / ‖f‖₂ on 10^4 random grid
 * points.
 *
 * <p>The timed part is {@link #cross}: {@link TtCross#approximate} from a random rank-2 start (seed
 * {@link #SEED}) with eps = 1e−8, whose result is rounded to eps. The black box evaluates f at the
 * Chebyshev–Lobatto nodes of {@link ChebyshevBox#cube}, one batch per fibre set; the evaluations
 * counted are the distinct multi-indices (the cross caches repeats). The validation points are
 * uniform random multi-indices from {@link #SEED_VALIDATION}, evaluated after the timed part. For
 * the comparison "half of teneva's evaluations at the same accuracy" (teneva: 1.41 M evaluations to
 * 1.9e−9) the figure also records the evaluations of the first tighter eps whose error reaches
 * 1.9e−9 (untimed).
 */
public final class W3Cross {
    /** Number of modes of the reference workload. */
    public static final int D = 10;
    /** Chebyshev nodes per mode of the reference workload. */
    public static final int N = 64;
    /** Half-width of the box [−5, 5]^d. */
    public static final double HALF_WIDTH = 5;
    /** Relative accuracy of the cross and of its final rounding. */
    public static final double EPS = 1e-8;
    /** Starting rank of the rank-adaptive cross. */
    public static final int INITIAL_RANK = 2;
    /** Number of random grid points of the error estimate. */
    public static final int VALIDATION_POINTS = 10_000;
    /** Seed of the cross's random start. */
    public static final long SEED = 30_03L;
    /** Seed of the validation points. */
    public static final long SEED_VALIDATION = 30_04L;

    private W3Cross() {}

    /** The box [−5, 5]^d with n Chebyshev–Lobatto nodes per axis. */
    public static ChebyshevBox box(int d, int n) {
        Workloads.checkSize("d", d, 1);
        Workloads.checkSize("n", n, 2);
        return ChebyshevBox.cube(d, -HALF_WIDTH, HALF_WIDTH, n);
    }

    /** f(x) = 1/(1+|x|²) on the grid of {@code box} as a batched black box over multi-indices. */
    public static BatchFunction function(ChebyshevBox box) {
        int d = box.dim();
        double[][] sq = new double[d][];
        for (int k = 0; k < d; k++) {
            double[] x = box.axis(k).nodes();
            sq[k] = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                sq[k][i] = x[i] * x[i];
            }
        }
        return (indices, count, out) -> {
            for (int s = 0; s < count; s++) {
                double r2 = 0;
                for (int k = 0; k < d; k++) {
                    r2 += sq[k][indices[s * d + k]];
                }
                out[s] = 1.0 / (1.0 + r2);
            }
        };
    }

    /** The cross options of the workload: eps 1e−8, start rank 2, seed {@link #SEED}; the rest are the defaults. */
    public static CrossOptions options() {
        return CrossOptions.defaults().withEps(EPS).withInitialRank(INITIAL_RANK).withSeed(SEED);
    }

    /** The timed part: the cross (with its final rounding). */
    public static CrossResult cross(Backend backend, ChebyshevBox box, BatchFunction f) {
        return TtCross.approximate(backend, box.modeSizes(), f, options());
    }

    /** {@code count} uniform random multi-indices of the grid from {@link #SEED_VALIDATION}, row-major count x d. */
    public static int[] validationIndices(int[] n, int count) {
        Workloads.checkSize("count", count, 1);
        SplittableRandom rnd = new SplittableRandom(SEED_VALIDATION);
        int d = n.length;
        int[] idx = new int[Math.multiplyExact(count, d)];
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < d; k++) {
                idx[s * d + k] = rnd.nextInt(n[k]);
            }
        }
        return idx;
    }

    /** The tolerances tried, in order, to find the cross's evaluations at a given accuracy. */
    static final double[] EPS_LADDER = {1e-8, 5e-9, 2e-9, 1e-9, 5e-10, 2e-10};

    /** The relative error ‖f − TT‖₂ / ‖f‖₂ of a cross result on {@code count} random grid points. */
    public static double validationError(CrossResult res, ChebyshevBox box, BatchFunction f, int count) {
        int[] idx = validationIndices(box.modeSizes(), count);
        double[] exact = new double[count];
        f.evaluate(idx, count, exact);
        return Workloads.relativeDistance(res.tt().evaluate(idx, count), exact);
    }

    /**
     * The cost of reaching a given accuracy: the first eps of {@link #EPS_LADDER} whose cross has a
     * validation error ≤ {@code target}, as {eps, evaluations, error}; NaNs when none reaches it.
     */
    public static double[] evaluationsAtAccuracy(Backend backend, ChebyshevBox box, BatchFunction f, int count, double target) {
        for (double eps : EPS_LADDER) {
            CrossResult r = TtCross.approximate(backend, box.modeSizes(), f, options().withEps(eps));
            double err = validationError(r, box, f, count);
            if (err <= target) {
                return new double[] {eps, r.info().evaluations(), err};
            }
        }
        return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }

    /**
     * The figure: evaluations, max rank, the error on {@code count} random grid points (checked
     * ≤ eps) and whether the cross reports convergence (checked); and, for the comparison with
     * teneva "at the same accuracy", the evaluations of the first eps of {@link #EPS_LADDER} whose
     * error is at most {@code matchError} (values evaluationsMatched, epsMatched, errorMatched).
     */
    public static Figure figure(CrossResult res, ChebyshevBox box, BatchFunction f, int count, double matchError) {
        double err = validationError(res, box, f, count);
        long ev = res.info().evaluations();
        double[] matched = err <= matchError ? new double[] {EPS, ev, err}
                : evaluationsAtAccuracy(res.tt().backend(), box, f, count, matchError);
        return Figure.of(String.format(Locale.ROOT, "%s evals, max rank %d, rel. error %.2e, %d sweeps; to error ≤ %.2g: %s evals at eps %.0e (error %.2e)",
                        Report.sig(ev), res.tt().maxRank(), err, res.info().sweeps(), matchError, Report.sig(matched[1]),
                        matched[0], matched[2]))
                .withRate(ev, "evals/s")
                .withValue("evaluations", ev)
                .withValue("maxRank", res.tt().maxRank())
                .withValue("relError", err)
                .withValue("evaluationsMatched", matched[1])
                .withValue("epsMatched", matched[0])
                .withValue("errorMatched", matched[2])
                .withCheck("converged", res.info().converged(), "stop reason " + res.info().stopReason())
                .withCheck("accuracy", err <= EPS, String.format(Locale.ROOT, "rel. error %.2e <= %.0e on %d points", err, EPS, count));
    }

    /** The whole workload once on the cube [−5, 5]^d with n nodes per axis. */
    public static Workloads.Result run(Backend backend, int d, int n, int count) {
        ChebyshevBox box = box(d, n);
        BatchFunction f = function(box);
        long t0 = System.nanoTime();
        CrossResult res = cross(backend, box, f);
        double sec = (System.nanoTime() - t0) * 1e-9;
        return new Workloads.Result("W3", sec, figure(res, box, f, count, Targets.W3_TENEVA_ERROR));
    }
}
