package org.ttfp.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.linalg.EjmlBackend;
import org.ttfp.tt.LogScalar;
import org.ttfp.tt.TensorTrain;

/**
 * Runs the body of every benchmark once on a tiny size, on both CPU backends, and checks the
 * workloads' inputs and reference computations against independent dense computations. No timing is
 * asserted.
 */
class WorkloadsTest {

    /** Both CPU backends; fails (does not skip) if the bundled OpenBLAS cannot load. */
    static List<Backend> backends() {
        return List.of(EjmlBackend.get(), Backends.byName("openblas"));
    }

    private static void assertAllChecksPass(Workloads.Result r) {
        assertTrue(r.figure().allChecksPass(), () -> r.workload() + " failed its checks: " + r.figure());
        assertTrue(r.seconds() >= 0, "time must be non-negative");
    }

    @Test
    void w1TensorMatchesItsFormula() {
        double[] y = W1TtSvd.tensor(3, 4);
        assertEquals(64, y.length);
        // index (i1, i2, i3) = (3, 1, 2) sits at 3 + 4 (1 + 4 * 2), first index fastest
        assertEquals(1.0 / (1.0 + 6 / 8.0), y[3 + 4 * (1 + 4 * 2)], 0.0);
        assertEquals(1.0, y[0], 0.0);
        assertEquals(1.0 / (1.0 + 9 / 8.0), y[63], 0.0);
        assertThrows(IllegalArgumentException.class, () -> W1TtSvd.tensor(0, 4));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void w1RunsOnATinySize(Backend be) {
        Workloads.Result r = W1TtSvd.run(be, 4, 5);
        assertAllChecksPass(r);
        assertTrue(r.figure().value("relError") <= W1TtSvd.EPS);
    }

    @Test
    void w2ExpectedRanksOfTheReferenceSize() {
        int[] e = W2Rounding.expectedRanks(W1TtSvd.shape(50, 32), 100);
        assertEquals(51, e.length);
        assertEquals(1, e[0]);
        assertEquals(32, e[1]);
        assertEquals(100, e[2]);
        assertEquals(100, e[48]);
        assertEquals(32, e[49]);
        assertEquals(1, e[50]);
        assertArrayEquals(new int[] {1, 3, 4, 3, 1}, W2Rounding.expectedRanks(W1TtSvd.shape(4, 3), 4));
    }

    @Test
    void w2FlopModelByHand() {
        // d = 2, n = (3, 3), ranks in (1, 4, 1), out (1, 3, 1): QR of 3 x 4 (m < c): 2·9·4 + 2·27/3 = 90;
        // carry 2·3·4·3·1 = 72; SVD 3 x 3: 6·3·9 + 20·27 = 702; product 2·1·3·3·3 = 54.
        assertEquals(918, W2Rounding.roundingFlops(new int[] {3, 3}, new int[] {1, 4, 1}, new int[] {1, 3, 1}), 1e-9);
        double big = W2Rounding.roundingFlops(W1TtSvd.shape(50, 32), W2Rounding.expectedRanks(W1TtSvd.shape(50, 32), 200),
                W2Rounding.expectedRanks(W1TtSvd.shape(50, 32), 100));
        assertTrue(big > 1e11 && big < 2e11, "r = 100 should be about 1.3e11 flops, got " + big);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void w2RunsOnATinySize(Backend be) {
        Workloads.Result r = W2Rounding.run(be, 6, 4, 5);
        assertAllChecksPass(r);
        assertEquals(5, r.figure().value("maxRank"));
        assertTrue(r.figure().flops() > 0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void w2RandomizedRunsOnATinySize(Backend be) {
        TensorTrain y = W2Rounding.y(be, 6, 4, 5);
        TensorTrain sum = W2Rounding.input(y);
        Figure f = W2Rounding.figure(sum, W2Rounding.roundRandomized(sum), y, 5);
        assertTrue(f.allChecksPass(), f::toString);
        assertEquals(5, f.value("maxRank"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void w2FigureFailsAWrongRounding(Backend be) {
        TensorTrain y = W2Rounding.y(be, 5, 4, 4);
        TensorTrain sum = W2Rounding.input(y);
        // rounding capped below the true rank: both the rank and the accuracy checks must fail
        TensorTrain bad = sum.round(W2Rounding.EPS, 2);
        Figure f = W2Rounding.figure(sum, bad, y, 4);
        assertEquals(2, f.checks().size());
        assertTrue(f.checks().stream().noneMatch(Figure.Check::pass), f::toString);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void w3RunsOnATinySize(Backend be) {
        Workloads.Result r = W3Cross.run(be, 3, 12, 200);
        assertAllChecksPass(r);
        assertTrue(r.figure().value("evaluations") > 0 && r.figure().value("evaluations") <= 12 * 12 * 12,
                "evaluations are distinct grid points: " + r.figure());
    }

    @Test
    void w3FunctionIsOneOverOnePlusSquaredNorm() {
        var box = W3Cross.box(2, 5);
        double[] out = new double[2];
        W3Cross.function(box).evaluate(new int[] {0, 2, 4, 4}, 2, out);
        // Chebyshev–Lobatto nodes on [−5, 5], n = 5: 5, 5/√2, 0, −5/√2, −5
        assertEquals(1.0 / (1 + 25), out[0], 1e-15);
        assertEquals(1.0 / (1 + 50), out[1], 1e-15);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void w4RunsOnATinySize(Backend be) {
        assertAllChecksPass(W4Evaluate.run(be, 4, 5, 3, 50));
    }

    @Test
    void w4ReferenceMatchesTheFullTensor() {
        TensorTrain tt = W4Evaluate.tensor(EjmlBackend.get(), 3, 4, 2);
        double[] full = tt.full();
        double[][] cores = {tt.coreArray(0), tt.coreArray(1), tt.coreArray(2)};
        int[] idx = W4Evaluate.indices(3, 4, 20);
        for (int s = 0; s < 20; s++) {
            int off = idx[3 * s] + 4 * (idx[3 * s + 1] + 4 * idx[3 * s + 2]);
            assertEquals(full[off], W4Evaluate.reference(cores, tt.ranks(), tt.modeSizes(), idx, s), 1e-14);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void w5RunsOnATinySize(Backend be) {
        Workloads.Result r = W5Dot.run(be, 5, 4, 3);
        assertAllChecksPass(r);
        // flops: ranks (1,3,3,3,3,1), n = 4: Σ 2·4·(ra rb rb' + ra ra' rb')
        double expected = 0;
        int[] rk = {1, 3, 3, 3, 3, 1};
        for (int k = 0; k < 5; k++) {
            expected += 2 * 4 * (rk[k] * rk[k] * rk[k + 1] + rk[k] * rk[k + 1] * rk[k + 1]);
        }
        assertEquals(expected, r.figure().flops(), 0);
    }

    @Test
    void w5ReferenceMatchesTheFullTensors() {
        Backend be = EjmlBackend.get();
        TensorTrain a = W5Dot.a(be, 4, 3, 2), b = W5Dot.b(be, 4, 3, 3);
        double[] fa = a.full(), fb = b.full();
        double dot = 0;
        for (int i = 0; i < fa.length; i++) {
            dot += fa[i] * fb[i];
        }
        LogScalar ref = W5Dot.reference(a, b);
        assertEquals(dot, ref.value(), 1e-12 * Math.abs(dot) + 1e-14);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gemmRunsOnATinySize(Backend be) {
        Workloads.Result r = GemmRate.run(be, 40);
        assertAllChecksPass(r);
        assertEquals(2.0 * 40 * 40 * 40, r.figure().flops(), 0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void w6RunsOnATinySize(Backend be) {
        Workloads.Result exact = W6FpSolve.run(be, 2, 64, 4, org.ttfp.fp.FpMethod.EXACT);
        assertAllChecksPass(exact);
        // the split path is second order: halving the step divides the error by about 4 (the grid error,
        // far below, does not mask it); measured on both backends: 40 steps 1.40e-2, 80 steps 3.57e-3
        Workloads.Result split = W6FpSolve.run(be, 2, 64, 40, org.ttfp.fp.FpMethod.SPLIT);
        Workloads.Result half = W6FpSolve.run(be, 2, 64, 80, org.ttfp.fp.FpMethod.SPLIT);
        double err = split.figure().value("relError"), errHalf = half.figure().value("relError");
        assertTrue(err > 1.4e-2 / 3 && err < 1.4e-2 * 3, "error at 40 steps " + err + ": expected 1.4e-2 within 3x");
        assertTrue(err / errHalf > 3.5 && err / errHalf < 4.5, "error ratio " + err / errHalf + " of " + err + " and "
                + errHalf + ": expected about 4 (second order)");
        assertTrue(split.figure().value("maxRank") >= 1);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void w7RunsOnATinySize(Backend be) {
        Workloads.Result r = W7Encoder.run(be, 2, 64, 20, 40);
        assertAllChecksPass(r);
        assertTrue(r.figure().value("relError") > 0, "the solved score is not the exact one: " + r.figure());
    }

    /** W8 uses no dense backend: one run per kind of point set, on both solvers' sizes. */
    @Test
    void w8RunsOnATinySize() {
        for (String points : new String[] {"uniform-d2", "uniform-d7", "near-d2", "near-d7"}) {
            for (int n : new int[] {50, 400}) {
                Workloads.Result r = W8Assignment.run(points, n);
                assertAllChecksPass(r);
                assertEquals("W8", r.workload());
                // near-identity pairs stay close to the identity pairing, independent ones do not
                double identity = org.ttfp.ot.PointSets.meanSquaredDistance(W8Assignment.inputs(points, n)[0],
                        W8Assignment.inputs(points, n)[1], W8Assignment.dimension(points));
                double mean = r.figure().value("meanCost");
                assertTrue(mean <= identity, points + ": " + r.figure());
                if (points.startsWith("near-")) {
                    assertTrue(identity < 2e-4 * W8Assignment.dimension(points), points + ": identity cost " + identity);
                }
            }
        }
        assertEquals(7, W8Assignment.dimension("near-d7"));
        assertThrows(IllegalArgumentException.class, () -> W8Assignment.dimension("gauss-d2"));
        assertThrows(IllegalArgumentException.class, () -> W8Assignment.inputs("uniform-dx", 10));
        assertThrows(IllegalArgumentException.class, () -> W8Assignment.inputs("uniform-d2", 1));
    }

    @Test
    void w6ExactDensityMatchesTheMixtureAndItsL2Error() {
        Backend be = EjmlBackend.get();
        var box = org.ttfp.cheb.ChebyshevBox.cube(2, -W6FpSolve.HALF_WIDTH, W6FpSolve.HALF_WIDTH, 9);
        var p0 = W6FpSolve.mixture(2);
        double t = 0.3;
        TensorTrain q = W6FpSolve.exact(be, box, p0, t);
        var pt = p0.evolve(new org.ttfp.fp.sde.VpSde(2, 0.1, 20, 1), t);
        double[] full = q.full();
        double[] x = box.points(new int[] {4, 4, 3, 5}, 2);
        double[] ref = new double[2];
        pt.density(x, 2, ref);
        assertTrue(ref[0] > 1e-3 && ref[1] > 1e-6, "points in the bulk of the density");
        assertEquals(ref[0], full[4 + 9 * 4], 1e-13 * ref[0]);
        assertEquals(ref[1], full[3 + 9 * 5], 1e-13 * ref[1]);
        // discrete L2 distance of q and 1.1 q is 0.1 relative; of q and q + a bump, the dense weighted formula
        assertEquals(0.1, W6FpSolve.relativeL2(q.scale(1.1), q, box), 1e-12);
        TensorTrain bump = TensorTrain.random(be, new int[] {9, 9}, 2, 3).scale(1e-3);
        double[][] w = box.quadratureWeights();
        double[] fb = q.add(bump).full();
        double num = 0, den = 0;
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                double ww = w[0][i] * w[1][j], diff = fb[i + 9 * j] - full[i + 9 * j];
                num += ww * diff * diff;
                den += ww * full[i + 9 * j] * full[i + 9 * j];
            }
        }
        assertEquals(Math.sqrt(num / den), W6FpSolve.relativeL2(q.add(bump), q, box), 1e-12 * Math.sqrt(num / den));
    }

    @Test
    void relativeDistanceAndRanksText() {
        assertEquals(0.5, Workloads.relativeDistance(new double[] {3, 4}, new double[] {6, 8}), 1e-15);
        assertEquals("1-32-100×3-32-1", Workloads.ranksText(new int[] {1, 32, 100, 100, 100, 32, 1}));
        assertEquals("1", Workloads.ranksText(new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Workloads.relativeDistance(new double[] {1}, new double[] {0}));
    }
}
