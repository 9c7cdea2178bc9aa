package org.ttfp.cross;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.TensorTrain;
import org.ttfp.tt.TestBackends;

/**
 * A warm start from the interpolation sets of an earlier run ({@link CrossIndexSets}) against a
 * warm start from the earlier TT alone: the same accuracy (measured against the closed form at
 * random points), fewer evaluations, on every CPU backend.
 */
class CrossIndexReuseTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reusedSetsGiveTheAccuracyOfAWarmStartWithFewerEvaluations(Backend be) {
        int d = 8, n = 32;
        int[] modes = new int[d];
        Arrays.fill(modes, n);
        CrossOptions opt = CrossOptions.defaults().withEps(1e-7).withSeed(3);
        TtCrossTest.InverseQuadratic f0 = new TtCrossTest.InverseQuadratic(d, n, 5.0, 1.0);
        CrossResult first = TtCross.approximate(be, modes, f0, opt);
        assertEquals(StopReason.CONVERGED, first.info().stopReason());
        CrossIndexSets sets = first.sets();
        assertArrayEquals(modes, sets.modeSizes());
        TensorTrain guess = first.tt();
        // an evolution: each step's function a little different, each cross from the last one's sets
        for (int step = 1; step <= 3; step++) {
            TtCrossTest.InverseQuadratic f = new TtCrossTest.InverseQuadratic(d, n, 5.0, 1.0 + 0.02 * step);
            CrossResult plain = TtCross.approximate(guess, f, opt);
            CrossResult reused = TtCross.approximate(guess, sets, f, opt);
            assertEquals(StopReason.CONVERGED, plain.info().stopReason(), plain.info().toString());
            assertEquals(StopReason.CONVERGED, reused.info().stopReason(), reused.info().toString());
            double ePlain = TtCrossTest.randomPointError(plain.tt(), f, 5000, 10 + step);
            double eReused = TtCrossTest.randomPointError(reused.tt(), f, 5000, 10 + step);
            assertTrue(ePlain < 1e-7, "plain warm start error " + ePlain);
            assertTrue(eReused < 1e-7, "reused sets error " + eReused + " (plain " + ePlain + ")");
            assertTrue(reused.info().evaluations() < 0.8 * plain.info().evaluations(),
                    "evaluations " + reused.info() + " vs " + plain.info());
            sets = reused.sets();
            guess = reused.tt();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void setsOfOtherModeSizesOrNullAreRefused(Backend be) {
        TtCrossTest.InverseQuadratic f = new TtCrossTest.InverseQuadratic(3, 8, 2.0, 1.0);
        CrossOptions opt = CrossOptions.defaults().withEps(1e-6);
        CrossResult r = TtCross.approximate(be, new int[] {8, 8, 8}, f, opt);
        TensorTrain other = TensorTrain.constant(be, new int[] {8, 8, 9}, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TtCross.approximate(other, r.sets(), f, opt));
        assertTrue(e.getMessage().contains("[8, 8, 9]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TtCross.approximate(r.tt(), null, f, opt));
        assertThrows(IllegalArgumentException.class, () -> TtCross.approximate(null, r.sets(), f, opt));
    }
}
