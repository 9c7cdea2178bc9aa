package org.ttfp.cross;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.EjmlBackend;
import org.ttfp.tt.TensorTrain;
import org.ttfp.tt.TestBackends;

/** Elementwise functions of TTs against the function applied to a naive dense expansion. */
class TtFunctionsTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    private static final CrossOptions TIGHT = CrossOptions.defaults().withEps(1e-11);

    /** A smooth TT of moderate values: 0.3 · random TT of ranks 2 (entries of size about 1). */
    private static TensorTrain smooth(Backend be, long seed) {
        return TensorTrain.random(be, new int[] {6, 7, 5, 6}, new int[] {1, 2, 2, 2, 1}, seed).scale(0.3);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void expMatchesDenseExp(Backend be) {
        TensorTrain x = smooth(be, 1);
        double[] xs = TtCrossTest.naiveFull(x);
        double[] ref = Arrays.stream(xs).map(Math::exp).toArray();
        CrossResult res = TtFunctions.exp(x, TIGHT);
        assertEquals(StopReason.CONVERGED, res.info().stopReason(), res.info().toString());
        double err = TtCrossTest.relErr(TtCrossTest.naiveFull(res.tt()), ref);
        assertTrue(err < 1e-10, "exp error " + err);
        assertTrue(res.info().evaluations() < ref.length, res.info().toString());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reciprocalOfAPositiveTensor(Backend be) {
        // x = 2 + 0.3·random: bounded away from zero
        TensorTrain x = smooth(be, 2).add(TensorTrain.constant(be, new int[] {6, 7, 5, 6}, 2.0));
        double[] ref = Arrays.stream(TtCrossTest.naiveFull(x)).map(v -> 1 / v).toArray();
        CrossResult res = TtFunctions.reciprocal(x, TIGHT);
        assertTrue(TtCrossTest.relErr(TtCrossTest.naiveFull(res.tt()), ref) < 1e-10);
    }

    @Test
    void reciprocalOfZeroNamesTheMultiIndex() {
        Backend be = EjmlBackend.get();
        double[] withZero = {1, 2, 0, 3};
        TensorTrain x = TensorTrain.rankOne(be, new double[] {1, 2, 3}, withZero, new double[] {1, 1});
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> TtFunctions.reciprocal(x, TIGHT));
        assertTrue(e.getMessage().matches(".*multi-index \\[\\d, 2, \\d\\].*"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void combineMatchesDense(Backend be) {
        TensorTrain a = smooth(be, 3);
        TensorTrain b = smooth(be, 4);
        double[] av = TtCrossTest.naiveFull(a), bv = TtCrossTest.naiveFull(b);
        double[] ref = new double[av.length];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = av[i] * bv[i] + Math.sin(bv[i]);
        }
        CrossResult res = TtFunctions.combine(List.of(a, b), v -> v[0] * v[1] + Math.sin(v[1]), TIGHT);
        assertEquals(StopReason.CONVERGED, res.info().stopReason());
        assertTrue(TtCrossTest.relErr(TtCrossTest.naiveFull(res.tt()), ref) < 1e-10);
    }

    @Test
    void applyGivesTheExactResultForAnAffineMap() {
        TensorTrain x = smooth(EjmlBackend.get(), 5);
        double[] ref = Arrays.stream(TtCrossTest.naiveFull(x)).map(v -> 3 * v).toArray();
        CrossResult res = TtFunctions.apply(x, v -> 3 * v, TIGHT);
        assertTrue(TtCrossTest.relErr(TtCrossTest.naiveFull(res.tt()), ref) < 1e-12);
        assertTrue(res.tt().maxRank() <= 2);
    }

    @Test
    void rejectsBadInputs() {
        Backend be = EjmlBackend.get();
        TensorTrain x = smooth(be, 6);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> TtFunctions.apply(x, v -> Math.sqrt(v), TIGHT)); // x has negative entries
        assertTrue(nan.getMessage().contains("NaN") && nan.getMessage().contains("multi-index"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TtFunctions.apply(null, Math::exp, TIGHT));
        assertThrows(IllegalArgumentException.class, () -> TtFunctions.apply(x, null, TIGHT));
        assertThrows(IllegalArgumentException.class, () -> TtFunctions.exp(x, null));
        assertThrows(IllegalArgumentException.class, () -> TtFunctions.combine(List.of(), v -> 0, TIGHT));
        assertThrows(IllegalArgumentException.class, () -> TtFunctions.combine(List.of(x), null, TIGHT));
        TensorTrain other = TensorTrain.random(be, new int[] {6, 7, 5, 5}, 2, 1);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> TtFunctions.combine(List.of(x, other), v -> v[0] + v[1], TIGHT));
        assertTrue(shape.getMessage().contains("inputs[1]"), shape.getMessage());
    }
}
