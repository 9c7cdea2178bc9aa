package org.ttfp.cross;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.EjmlBackend;
import org.ttfp.tt.TensorTrain;
import org.ttfp.tt.TestBackends;

/** TT-cross against closed forms and naive dense references, on every CPU backend. */
class TtCrossTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    /** f(x) = 1/(1+|x|²) on the Chebyshev grid x_j = h cos(π j/(n−1)) per mode (W3 for h = 5). */
    static final class InverseQuadratic implements BatchFunction {
        final int d;
        final double[] x;
        final double scale;

        InverseQuadratic(int d, int n, double halfWidth, double scale) {
            this.d = d;
            this.scale = scale;
            x = new double[n];
            for (int j = 0; j < n; j++) {
                x[j] = halfWidth * Math.cos(Math.PI * j / (n - 1));
            }
        }

        double at(int[] idx, int s) {
            double q = 0;
            for (int k = 0; k < d; k++) {
                double v = x[idx[s * d + k]];
                q += v * v;
            }
            return 1 / (1 + scale * q);
        }

        @Override
        public void evaluate(int[] indices, int count, double[] out) {
            for (int s = 0; s < count; s++) {
                out[s] = at(indices, s);
            }
        }
    }

    /** Relative 2-norm error of tt against f at count random multi-indices (seeded). */
    static double randomPointError(TensorTrain tt, InverseQuadratic f, int count, long seed) {
        int d = tt.dim();
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] idx = new int[count * d];
        for (int t = 0; t < idx.length; t++) {
            idx[t] = rnd.nextInt(tt.modeSize(t % d));
        }
        double[] y = tt.evaluate(idx, count);
        double num = 0, den = 0;
        for (int s = 0; s < count; s++) {
            double e = f.at(idx, s) - y[s];
            num += e * e;
            den += f.at(idx, s) * f.at(idx, s);
        }
        return Math.sqrt(num / den);
    }

    /** The full tensor of a TT (first index fastest) by explicit products of core slices. */
    static double[] naiveFull(TensorTrain tt) {
        int d = tt.dim();
        int[] n = tt.modeSizes(), r = tt.ranks();
        double[][] cores = new double[d][];
        long size = 1;
        for (int k = 0; k < d; k++) {
            cores[k] = tt.coreArray(k);
            size *= n[k];
        }
        double[] out = new double[(int) size];
        for (int lin = 0; lin < size; lin++) {
            double[] v = {1.0};
            int rem = lin;
            for (int k = 0; k < d; k++) {
                int i = rem % n[k];
                rem /= n[k];
                double[] w = new double[r[k + 1]];
                for (int b = 0; b < r[k + 1]; b++) {
                    for (int a = 0; a < r[k]; a++) {
                        w[b] += v[a] * cores[k][a + r[k] * (i + n[k] * b)];
                    }
                }
                v = w;
            }
            out[lin] = v[0];
        }
        return out;
    }

    static double relErr(double[] x, double[] ref) {
        double num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - ref[i]) * (x[i] - ref[i]);
            den += ref[i] * ref[i];
        }
        return Math.sqrt(num / den);
    }

    static BatchFunction blackBox(TensorTrain t) {
        int d = t.dim();
        return (idx, count, out) -> System.arraycopy(t.evaluate(Arrays.copyOf(idx, count * d), count), 0, out, 0, count);
    }

    // ------------------------------------------------------------------ accuracy

    @ParameterizedTest
    @MethodSource("backends")
    void recoversALowRankTensorTrainExactly(Backend be) {
        int[] n = {5, 7, 6, 8, 5, 4};
        int[] ranks = {1, 3, 4, 4, 3, 2, 1};
        TensorTrain t = TensorTrain.random(be, n, ranks, 17);
        double[] ref = naiveFull(t);
        CrossResult res = TtCross.approximate(be, n, blackBox(t), CrossOptions.defaults().withEps(1e-10).withSeed(3));
        assertEquals(StopReason.CONVERGED, res.info().stopReason(), res.info().toString());
        assertTrue(relErr(naiveFull(res.tt()), ref) < 1e-9, "error " + relErr(naiveFull(res.tt()), ref));
        assertArrayEquals(ranks, res.tt().ranks());
        assertTrue(res.info().evaluations() < ref.length / 3,
                res.info().evaluations() + " evaluations for a tensor of " + ref.length + " entries");
        assertSame(be, res.tt().backend());
    }

    /** Workload W3: d = 10, n = 64, [−5, 5]^d, eps 1e−8, from rank 2. */
    @ParameterizedTest
    @MethodSource("backends")
    void w3InverseQuadraticToOneInHundredMillion(Backend be) {
        int d = 10, n = 64;
        InverseQuadratic f = new InverseQuadratic(d, n, 5.0, 1.0);
        int[] modes = new int[d];
        Arrays.fill(modes, n);
        CrossOptions opt = CrossOptions.defaults().withEps(1e-8).withInitialRank(2).withValidationSize(1000);
        CrossResult res = TtCross.approximate(be, modes, f, opt);
        CrossInfo info = res.info();
        assertEquals(StopReason.CONVERGED, info.stopReason(), info.toString());
        double err = randomPointError(res.tt(), f, 10_000, 2024);
        assertTrue(err <= 1e-8, "relative error " + err + " on 10^4 random grid points; " + info);
        assertTrue(info.validationError() <= 1e-8, info.toString());
        assertTrue(info.evaluations() <= 700_000, "too many evaluations: " + info);
        assertTrue(info.cacheHits() > 0, info.toString());
        assertTrue(info.maxRank() >= 8 && info.maxRank() <= 20, "rank " + info.maxRank());
        assertEquals(res.tt().maxRank(), info.maxRank());
    }

    @Test
    void oneDimensionalTensorIsEvaluatedInFull() {
        InverseQuadratic f = new InverseQuadratic(1, 9, 2.0, 1.0);
        CrossResult res = TtCross.approximate(EjmlBackend.get(), new int[] {9}, f, CrossOptions.defaults());
        assertEquals(StopReason.CONVERGED, res.info().stopReason());
        assertEquals(9, res.info().evaluations());
        for (int i = 0; i < 9; i++) {
            assertEquals(f.at(new int[] {i}, 0), res.tt().get(i), 1e-15);
        }
    }

    @Test
    void zeroFunctionGivesTheZeroTensorReportedAsAllZero() {
        // the cross cannot tell f = 0 from a function its fibres missed: ALL_ZERO, not CONVERGED
        CrossResult res = TtCross.approximate(EjmlBackend.get(), new int[] {4, 5, 6},
                (idx, count, out) -> Arrays.fill(out, 0, count, 0.0), CrossOptions.defaults());
        assertEquals(StopReason.ALL_ZERO, res.info().stopReason());
        assertEquals(CrossOptions.defaults().maxSweeps(), res.info().sweeps());
        assertEquals(0.0, res.tt().norm());
    }

    @Test
    void rankCapIsRespectedNearTheBestApproximationOfThatRankAndReportedAsRankCap() {
        // d = 4, n = 16: small enough for the full tensor, whose truncated TT-SVD of rank 3 is the
        // reference (quasi-optimal: its error is within √(d−1) of the best rank-3 TT)
        int d = 4, n = 16;
        InverseQuadratic f = new InverseQuadratic(d, n, 5.0, 1.0);
        int[] modes = {n, n, n, n};
        int[] all = new int[(int) Math.pow(n, d) * d];
        for (int lin = 0, s = 0; s < all.length / d; s++, lin++) {
            int rem = lin;
            for (int k = 0; k < d; k++) {
                all[s * d + k] = rem % n;
                rem /= n;
            }
        }
        double[] full = new double[all.length / d];
        f.evaluate(all, full.length, full);
        TensorTrain svd3 = TensorTrain.fromFull(EjmlBackend.get(), full, modes, 1e-15, 3);
        double best = relativeDistance(svd3.full(), full);
        assertTrue(best > 1e-4, "the cap must bind: rank-3 SVD error " + best);

        CrossOptions opt = CrossOptions.defaults().withEps(1e-10).withMaxRank(3).withMaxSweeps(8).withValidationSize(500);
        List<Integer> ranksSeen = new ArrayList<>();
        CrossResult res = TtCross.approximate(EjmlBackend.get(), modes, f, opt.withProgress(i -> ranksSeen.add(i.maxRank())));
        assertTrue(res.tt().maxRank() <= 3);
        assertTrue(ranksSeen.stream().allMatch(r -> r <= 3), ranksSeen.toString());
        double err = relativeDistance(res.tt().full(), full);
        // cross at a binding cap is not optimal (maxvol bounds grow with the rank); within 10x of TT-SVD
        assertTrue(err <= 10 * best && err < 0.05, "capped cross error " + err + " vs rank-3 TT-SVD " + best);
        // settled at the cap: not CONVERGED, and the validation error shows why
        assertTrue(res.info().stopReason() == StopReason.RANK_CAP || res.info().stopReason() == StopReason.MAX_SWEEPS,
                res.info().toString());
        assertTrue(!res.info().converged() && res.info().validationError() > 1e3 * opt.eps(), res.info().toString());
        CrossNotConvergedException e = assertThrows(CrossNotConvergedException.class,
                () -> TtCross.approximate(EjmlBackend.get(), modes, f, opt.withThrowOnNonConvergence(true)));
        assertEquals(res.info().stopReason(), e.info().stopReason());

        // the same function with room to spare converges, at eps
        CrossResult free = TtCross.approximate(EjmlBackend.get(), modes, f, CrossOptions.defaults().withEps(1e-10));
        assertEquals(StopReason.CONVERGED, free.info().stopReason(), free.info().toString());
        assertTrue(relativeDistance(free.tt().full(), full) < 1e-9);
    }

    @Test
    void maxRankOneNeedsNoInitialRankAndSettlesAtTheCap() {
        CrossOptions one = CrossOptions.defaults().withMaxRank(1);
        assertEquals(1, one.initialRank());
        assertEquals(1, one.maxRank());
        InverseQuadratic f = new InverseQuadratic(3, 12, 3.0, 1.0);
        int[] modes = {12, 12, 12};
        CrossResult res = TtCross.approximate(EjmlBackend.get(), modes, f, one.withValidationSize(200));
        assertEquals(1, res.tt().maxRank());
        assertEquals(StopReason.RANK_CAP, res.info().stopReason(), res.info().toString());
        CrossNotConvergedException e = assertThrows(CrossNotConvergedException.class,
                () -> TtCross.approximate(EjmlBackend.get(), modes, f, one.withThrowOnNonConvergence(true)));
        assertTrue(e.getMessage().contains("RANK_CAP"), e.getMessage());
        // a rank-1 function at rank 1 saturates the cap too: unverified it is RANK_CAP, with a
        // validation that measures it within eps it is CONVERGED
        BatchFunction separable = (idx, count, out) -> {
            for (int s = 0; s < count; s++) {
                out[s] = (1 + idx[3 * s]) * (2 + idx[3 * s + 1]) * (3 + idx[3 * s + 2]);
            }
        };
        assertEquals(StopReason.RANK_CAP, TtCross.approximate(EjmlBackend.get(), modes, separable, one).info().stopReason());
        CrossInfo checked = TtCross.approximate(EjmlBackend.get(), modes, separable, one.withValidationSize(100)).info();
        assertEquals(StopReason.CONVERGED, checked.stopReason(), checked.toString());
        assertTrue(checked.validationError() < 1e-12, checked.toString());
    }

    static double relativeDistance(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    // ------------------------------------------------------------------ cache and budget

    @Test
    void everyMultiIndexIsEvaluatedOnceAndRepeatsAreCacheHits() {
        int d = 5, n = 12;
        InverseQuadratic g = new InverseQuadratic(d, n, 3.0, 1.0);
        Set<List<Integer>> seen = new HashSet<>();
        AtomicLong calls = new AtomicLong();
        AtomicLong total = new AtomicLong();
        BatchFunction f = (idx, count, out) -> {
            calls.incrementAndGet();
            total.addAndGet(count);
            for (int s = 0; s < count; s++) {
                List<Integer> key = new ArrayList<>();
                for (int k = 0; k < d; k++) {
                    key.add(idx[s * d + k]);
                }
                assertTrue(seen.add(key), "multi-index " + key + " evaluated twice");
            }
            g.evaluate(idx, count, out);
        };
        int[] modes = {n, n, n, n, n};
        CrossResult res = TtCross.approximate(EjmlBackend.get(), modes, f, CrossOptions.defaults().withEps(1e-9));
        CrossInfo info = res.info();
        assertEquals(total.get(), info.evaluations());
        assertTrue(info.cacheHits() > 0, info.toString());
        assertTrue(calls.get() <= (long) d * info.sweeps(), "one call per fibre set at most: " + calls.get());
        assertTrue(randomPointError(res.tt(), g, 2000, 5) < 1e-8);
    }

    @Test
    void budgetStopsTheRunWithItsReason() {
        int d = 10, n = 64;
        InverseQuadratic f = new InverseQuadratic(d, n, 5.0, 1.0);
        int[] modes = new int[d];
        Arrays.fill(modes, n);
        AtomicLong total = new AtomicLong();
        BatchFunction counted = (idx, count, out) -> {
            total.addAndGet(count);
            f.evaluate(idx, count, out);
        };
        CrossResult res = TtCross.approximate(EjmlBackend.get(), modes, counted,
                CrossOptions.defaults().withEps(1e-8).withMaxEvaluations(20_000));
        assertEquals(StopReason.MAX_EVALUATIONS, res.info().stopReason());
        assertTrue(total.get() <= 20_000 && res.info().evaluations() == total.get(), res.info().toString());
        assertTrue(res.info().sweeps() >= 1);
        // the last complete sweep is returned: the same seed without a budget, stopped after as many
        // sweeps, gives the identical TT
        CrossResult same = TtCross.approximate(EjmlBackend.get(), modes, f,
                CrossOptions.defaults().withEps(1e-8).withMaxSweeps(res.info().sweeps()));
        assertEquals(res.info().sweeps(), same.info().sweeps());
        assertArrayEquals(same.tt().ranks(), res.tt().ranks());
        for (int k = 0; k < d; k++) {
            assertArrayEquals(same.tt().coreArray(k), res.tt().coreArray(k), 0.0, "core " + k);
        }
        assertTrue(randomPointError(res.tt(), f, 1000, 1) < 0.5);
        CrossNotConvergedException e = assertThrows(CrossNotConvergedException.class, res::requireConverged);
        assertTrue(e.getMessage().contains("MAX_EVALUATIONS"), e.getMessage());
        assertSame(res, e.result());

        // a budget below one sweep: nothing complete, the zero tensor
        CrossResult none = TtCross.approximate(EjmlBackend.get(), modes, f,
                CrossOptions.defaults().withMaxEvaluations(500));
        assertEquals(StopReason.MAX_EVALUATIONS, none.info().stopReason());
        assertEquals(0, none.info().sweeps());
        assertEquals(0.0, none.tt().norm());

        CrossNotConvergedException thrown = assertThrows(CrossNotConvergedException.class,
                () -> TtCross.approximate(EjmlBackend.get(), modes, f,
                        CrossOptions.defaults().withMaxEvaluations(500).withThrowOnNonConvergence(true)));
        assertEquals(StopReason.MAX_EVALUATIONS, thrown.info().stopReason());
    }

    @Test
    void sweepLimitStopsTheRun() {
        InverseQuadratic f = new InverseQuadratic(6, 16, 5.0, 1.0);
        int[] modes = {16, 16, 16, 16, 16, 16};
        CrossResult res = TtCross.approximate(EjmlBackend.get(), modes, f, CrossOptions.defaults().withEps(1e-12).withMaxSweeps(2));
        assertEquals(StopReason.MAX_SWEEPS, res.info().stopReason());
        assertEquals(2, res.info().sweeps());
        assertTrue(res.info().lastChange() >= 1e-12);
    }

    // ------------------------------------------------------------------ listener and cancellation

    @Test
    void progressIsReportedAfterEverySweepAndCancellationStops() {
        InverseQuadratic f = new InverseQuadratic(6, 16, 5.0, 1.0);
        int[] modes = {16, 16, 16, 16, 16, 16};
        List<CrossInfo> reports = new ArrayList<>();
        AtomicBoolean cancel = new AtomicBoolean();
        CrossOptions opt = CrossOptions.defaults().withEps(1e-10)
                .withProgress(i -> {
                    reports.add(i);
                    if (i.sweeps() == 2) {
                        cancel.set(true);
                    }
                })
                .withCancellation(cancel::get);
        CancellationException c = assertThrows(CancellationException.class, () -> TtCross.approximate(EjmlBackend.get(), modes, f, opt));
        assertTrue(c.getMessage().contains("cancelled in sweep 3 of TT-cross, before the fibre of core 0 of 6"), c.getMessage());
        assertEquals(2, reports.size());
        assertEquals(1, reports.get(0).sweeps());
        assertNull(reports.get(0).stopReason());
        assertTrue(reports.get(1).evaluations() > reports.get(0).evaluations());

        // cancelled before anything is evaluated, through the Cancellation interface
        AtomicLong calls = new AtomicLong();
        CancellationException early = assertThrows(CancellationException.class, () -> TtCross.approximate(EjmlBackend.get(),
                modes, (idx, count, out) -> {
                    calls.incrementAndGet();
                    f.evaluate(idx, count, out);
                }, CrossOptions.defaults().withCancellation(() -> true)));
        assertTrue(early.getMessage().contains("sweep 1"), early.getMessage());
        assertEquals(0, calls.get());
        assertSame(org.ttfp.tt.Cancellation.NONE, CrossOptions.defaults().withCancellation(null).cancellation());
    }

    @Test
    void convergedRunReportsItsReasonToTheListener() {
        InverseQuadratic f = new InverseQuadratic(4, 10, 2.0, 1.0);
        List<CrossInfo> reports = new ArrayList<>();
        CrossResult res = TtCross.approximate(EjmlBackend.get(), new int[] {10, 10, 10, 10}, f,
                CrossOptions.defaults().withProgress(reports::add));
        assertEquals(StopReason.CONVERGED, res.info().stopReason());
        assertEquals(res.info().sweeps(), reports.size());
        assertEquals(StopReason.CONVERGED, reports.get(reports.size() - 1).stopReason());
        assertTrue(res.info().lastChange() < 1e-6);
        assertTrue(Double.isNaN(res.info().validationError()));
        assertSame(res, res.requireConverged());
    }

    // ------------------------------------------------------------------ callback failures

    @Test
    void nonFiniteValueNamesTheMultiIndex() {
        int d = 4, n = 8;
        InverseQuadratic g = new InverseQuadratic(d, n, 2.0, 1.0);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            int[][] first = new int[1][];
            BatchFunction f = (idx, count, out) -> {
                g.evaluate(idx, count, out);
                for (int s = 0; s < count; s++) {
                    if (idx[s * d + 2] == 5) {
                        out[s] = bad;
                        if (first[0] == null) {
                            first[0] = Arrays.copyOfRange(idx, s * d, s * d + d);
                        }
                    }
                }
            };
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TtCross.approximate(EjmlBackend.get(), new int[] {n, n, n, n}, f, CrossOptions.defaults()));
            assertTrue(e.getMessage().contains(Arrays.toString(first[0])), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
        // a callback that leaves values unwritten is caught the same way
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TtCross.approximate(EjmlBackend.get(), new int[] {n, n}, (idx, count, out) -> { }, CrossOptions.defaults()));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void exceptionFromTheCallbackPropagates() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TtCross.approximate(EjmlBackend.get(), new int[] {3, 3}, (idx, count, out) -> {
                    throw boom;
                }, CrossOptions.defaults()));
        assertSame(boom, e);
    }

    // ------------------------------------------------------------------ warm start

    @ParameterizedTest
    @MethodSource("backends")
    void warmStartFromAnAccurateGuessConvergesInOneOrTwoSweeps(Backend be) {
        int d = 8, n = 32;
        int[] modes = new int[d];
        Arrays.fill(modes, n);
        InverseQuadratic f = new InverseQuadratic(d, n, 5.0, 1.0);
        CrossOptions opt = CrossOptions.defaults().withEps(1e-7);
        CrossResult cold = TtCross.approximate(be, modes, f, opt);
        assertEquals(StopReason.CONVERGED, cold.info().stopReason());

        CrossResult warm = TtCross.approximate(cold.tt(), f, opt);
        assertEquals(StopReason.CONVERGED, warm.info().stopReason(), warm.info().toString());
        assertTrue(warm.info().sweeps() <= 2, warm.info().toString());
        assertTrue(randomPointError(warm.tt(), f, 5000, 8) < 1e-7);
        assertTrue(warm.info().sweeps() < cold.info().sweeps(), warm.info() + " vs " + cold.info());

        // a slightly different function (the next step of an evolution): still quick and accurate
        InverseQuadratic g = new InverseQuadratic(d, n, 5.0, 1.02);
        CrossResult next = TtCross.approximate(cold.tt(), g, opt);
        assertEquals(StopReason.CONVERGED, next.info().stopReason(), next.info().toString());
        assertTrue(next.info().sweeps() <= 3, next.info().toString());
        assertTrue(randomPointError(next.tt(), g, 5000, 9) < 1e-7);
    }

    // ------------------------------------------------------------------ arguments

    @Test
    void rejectsInvalidArguments() {
        Backend be = EjmlBackend.get();
        BatchFunction f = (idx, count, out) -> Arrays.fill(out, 0, count, 1.0);
        CrossOptions o = CrossOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> TtCross.approximate(null, new int[] {3}, f, o));
        assertThrows(IllegalArgumentException.class, () -> TtCross.approximate(be, null, f, o));
        assertThrows(IllegalArgumentException.class, () -> TtCross.approximate(be, new int[0], f, o));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TtCross.approximate(be, new int[] {3, 0}, f, o));
        assertTrue(e.getMessage().contains("modeSizes[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TtCross.approximate(be, new int[] {3}, null, o));
        assertThrows(IllegalArgumentException.class, () -> TtCross.approximate(be, new int[] {3}, f, null));
        assertThrows(IllegalArgumentException.class, () -> TtCross.approximate((TensorTrain) null, f, o));

        assertThrows(IllegalArgumentException.class, () -> o.withEps(0));
        assertThrows(IllegalArgumentException.class, () -> o.withEps(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> o.withEps(1.5));
        assertThrows(IllegalArgumentException.class, () -> o.withMaxSweeps(0));
        assertThrows(IllegalArgumentException.class, () -> o.withMaxEvaluations(0));
        assertThrows(IllegalArgumentException.class, () -> o.withInitialRank(0));
        assertThrows(IllegalArgumentException.class, () -> o.withMaxRank(0));
        assertThrows(IllegalArgumentException.class, () -> o.withMaxRank(5).withInitialRank(6));
        assertEquals(5, o.withInitialRank(6).withMaxRank(5).initialRank(), "a cap below the initial rank lowers it");
        assertThrows(IllegalArgumentException.class, () -> o.withRankIncrement(-1));
        assertThrows(IllegalArgumentException.class, () -> o.withValidationSize(-1));
        CrossOptions changed = o.withEps(1e-4).withSeed(7).withMaxSweeps(3);
        assertEquals(1e-4, changed.eps());
        assertEquals(7, changed.seed());
        assertEquals(3, changed.maxSweeps());
        assertEquals(1e-6, o.eps(), "withers leave the original unchanged");
    }

    @Test
    void infoRecordsValidationWhenAsked() {
        int[] n = {6, 5, 7};
        TensorTrain t = TensorTrain.random(EjmlBackend.get(), n, new int[] {1, 2, 2, 1}, 4);
        CrossResult res = TtCross.approximate(EjmlBackend.get(), n, blackBox(t),
                CrossOptions.defaults().withEps(1e-10).withValidationSize(200));
        assertTrue(res.info().validationError() < 1e-9, res.info().toString());
        assertTrue(res.info().seconds() >= 0);
    }

    /**
     * A function that vanishes except at one of the 48^5 multi-indices: the random rows of a cold
     * start never meet it. The run must say so (ALL_ZERO after every sweep, not CONVERGED on the
     * 0/0 change of two zero sweeps), and a warm start from a guess that locates the corner finds it.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void functionThatNoFibreMeetsIsReportedAllZeroNotConverged(Backend be) {
        int d = 5, nn = 48;
        int[] modes = new int[d];
        Arrays.fill(modes, nn);
        BatchFunction corner = (idx, count, out) -> {
            for (int s = 0; s < count; s++) {
                boolean at = true;
                for (int k = 0; k < d; k++) {
                    at &= idx[s * d + k] == 17;
                }
                out[s] = at ? 2.5 : 0;
            }
        };
        CrossOptions o = CrossOptions.defaults().withEps(1e-10).withMaxSweeps(6).withSeed(3);
        CrossResult cold = TtCross.approximate(be, modes, corner, o);
        assertEquals(StopReason.ALL_ZERO, cold.info().stopReason(), cold.info().toString());
        assertEquals(6, cold.info().sweeps());
        assertTrue(cold.info().evaluations() > 0, cold.info().toString());
        assertEquals(Double.NEGATIVE_INFINITY, cold.tt().logNorm());
        CrossNotConvergedException e = assertThrows(CrossNotConvergedException.class,
                () -> TtCross.approximate(be, modes, corner, o.withThrowOnNonConvergence(true)));
        assertTrue(e.getMessage().contains("ALL_ZERO"), e.getMessage());
        double[][] v = new double[d][nn];
        for (double[] row : v) {
            row[17] = 1;
        }
        CrossResult warm = TtCross.approximate(TensorTrain.rankOne(be, v), corner, o);
        assertEquals(StopReason.CONVERGED, warm.info().stopReason(), warm.info().toString());
        assertEquals(2.5, warm.tt().sum(), 1e-12);
    }
}
