package org.ttfp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.EjmlBackend;
import org.ttfp.tt.TensorTrain;

class TtDistanceTest {

    static java.util.List<Backend> backends() {
        return WorkloadsTest.backends();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matchesTheDenseDistance(Backend be) {
        int[] n = {3, 4, 2, 3};
        TensorTrain a = TensorTrain.random(be, n, new int[] {1, 2, 3, 2, 1}, 1);
        TensorTrain b = TensorTrain.random(be, n, new int[] {1, 3, 4, 3, 1}, 2);
        double[] fa = a.full(), fb = b.full();
        double s = -1.7, num = 0, den = 0;
        for (int i = 0; i < fa.length; i++) {
            num += (fa[i] - s * fb[i]) * (fa[i] - s * fb[i]);
            den += s * fb[i] * s * fb[i];
        }
        assertEquals(0.5 * Math.log(num), TtDistance.logDistance(a, b, s), 1e-12);
        assertEquals(Math.sqrt(num / den), TtDistance.relative(a, b, s), 1e-12 * Math.sqrt(num / den));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void seesTinyDifferencesWithoutCancellation(Backend be) {
        int[] n = {4, 4, 4, 4, 4, 4};
        TensorTrain y = TensorTrain.random(be, n, 3, 5);
        TensorTrain z = y.scale(2 * (1 + 1e-11));
        // ‖z − 2y‖ / ‖2y‖ = 1e-11 exactly in exact arithmetic; a Gram-matrix formula would give noise ~1e-8
        assertEquals(1e-11, TtDistance.relative(z, y, 2.0), 1e-13);
    }

    @Test
    void doesNotOverflowForManyModes() {
        Backend be = EjmlBackend.get();
        int[] n = new int[500];
        java.util.Arrays.fill(n, 16);
        TensorTrain y = TensorTrain.random(be, n, 4, 9);
        double logNorm = y.logNorm();
        assertTrue(logNorm > 710, "the test needs a norm beyond the double range, got log " + logNorm);
        assertEquals(Math.log(3) + logNorm, TtDistance.logDistance(y, y, -2.0), 1e-9 * logNorm);
    }

    @Test
    void rejectsMismatchedTensors() {
        Backend be = EjmlBackend.get();
        TensorTrain a = TensorTrain.random(be, new int[] {2, 3}, 2, 1);
        TensorTrain b = TensorTrain.random(be, new int[] {3, 2}, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> TtDistance.logDistance(a, b, 1.0));
        assertThrows(IllegalArgumentException.class, () -> TtDistance.logDistance(a, a, Double.NaN));
    }
}
