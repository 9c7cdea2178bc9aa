package org.ttfp.tt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;

/**
 * Property-style checks of the TensorTrain factories on both CPU backends: a NaN or infinite value
 * planted at a random core and position is refused with the core index and the position (a, i, b)
 * named; sizes that do not fit are refused naming the core and its shape.
 */
class TensorTrainInputTest {

    static List<Backend> backends() {
        return TestBackends.all();
    }

    private static void fails(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(p),
                    "message '" + e.getMessage() + "' should mention '" + p + "'");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void ofCoresNamesTheCoreAndPositionOfAnyNonFiniteEntry(Backend be) {
        Random rnd = new Random(11);
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int t = 0; t < 100; t++) {
            int d = 1 + rnd.nextInt(4);
            int[] n = new int[d], r = new int[d + 1];
            r[0] = 1;
            r[d] = 1;
            for (int k = 0; k < d; k++) {
                n[k] = 1 + rnd.nextInt(5);
                if (k > 0) {
                    r[k] = 1 + rnd.nextInt(3);
                }
            }
            int k = rnd.nextInt(d);
            int a = rnd.nextInt(r[k]), i = rnd.nextInt(n[k]), b = rnd.nextInt(r[k + 1]);
            double v = bad[t % 3];
            List<Mat> cores = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                double[] x = new double[r[j] * n[j] * r[j + 1]];
                for (int e = 0; e < x.length; e++) {
                    x[e] = rnd.nextDouble();
                }
                if (j == k) {
                    x[a + r[j] * (i + n[j] * b)] = v;
                }
                cores.add(be.fromArray(x, r[j] * n[j], r[j + 1]));
            }
            fails(() -> TensorTrain.ofCores(cores, n), "core " + k + " ", "(a, i, b) = (" + a + ", " + i + ", " + b + ") is " + v,
                    "expected finite");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void ofCoresStillAcceptsFiniteCoresAndViews(Backend be) {
        TensorTrain x = TensorTrain.random(be, new int[] {3, 4, 2}, 2, 5);
        Mat parent = be.zeros(x.core(1).rows() + 2, x.core(1).cols());
        be.copyInto(x.core(1), parent.rowRange(1, 1 + x.core(1).rows()));
        Mat view = parent.rowRange(1, 1 + x.core(1).rows());
        TensorTrain y = TensorTrain.ofCores(List.of(x.core(0), view, x.core(2)), x.modeSizes());
        assertArrayEquals(x.full(), y.full(), 0);
        List<Mat> withNull = new ArrayList<>(List.of(x.core(0), x.core(1)));
        withNull.add(null);
        fails(() -> TensorTrain.ofCores(withNull, x.modeSizes()), "core 2 is null");
        fails(() -> TensorTrain.ofCores(List.of(), x.modeSizes()), "at least one core", "[]");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void factoriesRefuseSizesThatDoNotFitNamingTheCore(Backend be) {
        // ranks whose core r0 * n * r1 overflows an int
        fails(() -> TensorTrain.random(be, new int[] {4, 100_000, 4}, new int[] {1, 50_000, 50_000, 1}, 1),
                "core 1 of shape 50000 x 100000 x 50000", "250000000000000 entries", "lower the ranks");
        fails(() -> TensorTrain.ofCores(be, new double[][] {new double[70_000], {1}}, new int[] {1, 100_000},
                new int[] {1, 70_000, 1}), "core 1 of shape 70000 x 100000 x 1");
        fails(() -> TensorTrain.random(null, new int[] {2}, 1, 1), "backend must not be null");
        fails(() -> TensorTrain.rankOne(null, new double[] {1}), "backend must not be null");
        fails(() -> TensorTrain.ofCores(be, new double[][] {{1, Double.NaN}}, new int[] {2}, new int[] {1, 1}),
                "cores[0][1] must be finite", "NaN");
    }
}
