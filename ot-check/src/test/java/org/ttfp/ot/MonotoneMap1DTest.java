package org.ttfp.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

class MonotoneMap1DTest {

    static DoubleUnaryOperator normalCdf(double m, double s) {
        return x -> 0.5 * Erf.erfc(-(x - m) / (s * Math.sqrt(2)));
    }

    static DoubleUnaryOperator normalQuantile(double m, double s) {
        return p -> m + s * Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    }

    @Test
    void gaussianMonotoneMapIsTheGaussianOtMap() {
        MonotoneMap1D t = MonotoneMap1D.of(normalCdf(1, 2), normalQuantile(-3, 0.5));
        GaussianOt.AffineMap g = GaussianOt.map(new double[] {1}, new double[] {4}, new double[] {-3},
                new double[] {0.25});
        for (double x = -5; x <= 7; x += 0.25) {
            assertEquals(g.apply(new double[] {x})[0], t.applyAsDouble(x), 1e-9, "x = " + x);
        }
    }

    @Test
    void quantileByBisectionInvertsACdf() {
        DoubleUnaryOperator expCdf = x -> x <= 0 ? 0 : -Math.expm1(-x);
        DoubleUnaryOperator q = MonotoneMap1D.quantileByBisection(expCdf, 0, 50);
        for (double p = 0.01; p < 1; p += 0.07) {
            assertEquals(-Math.log1p(-p), q.applyAsDouble(p), 1e-12);
        }
        // exponential(1) → uniform(0, 1): T(x) = 1 − e^{−x}
        MonotoneMap1D t = MonotoneMap1D.of(expCdf, MonotoneMap1D.quantileByBisection(x -> Math.min(1, Math.max(0, x)),
                0, 1));
        assertEquals(-Math.expm1(-0.7), t.applyAsDouble(0.7), 1e-14);
        assertThrows(IllegalArgumentException.class, () -> q.applyAsDouble(1.5));
    }

    @Test
    void empiricalMapSendsOrderStatisticsToOrderStatistics() {
        SplittableRandom rng = new SplittableRandom(12);
        int n = 300;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
            y[i] = Math.exp(rng.nextGaussian());
        }
        MonotoneMap1D t = MonotoneMap1D.empirical(x, y);
        double[] xs = x.clone(), ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        assertArrayEquals(ys, t.apply(xs), 1e-12);
        // the sorted pairing is the optimal assignment and its cost is the empirical W2²
        int[] perm = MonotoneMap1D.sortedAssignment(x, y);
        double w2 = MonotoneMap1D.empiricalW2Squared(x, y);
        assertEquals(w2, PointSets.meanPairingCost(x, y, 1, perm), 1e-12);
        assertEquals(w2, LinearAssignment.solve(x, y, 1).meanCost(), 1e-12 * w2);
        // monotone between the samples, clamped outside
        assertTrue(t.applyAsDouble(xs[10] + 1e-3) >= ys[10]);
        assertEquals(ys[0], t.applyAsDouble(xs[0] - 5), 0.0);
        assertEquals(ys[n - 1], t.applyAsDouble(xs[n - 1] + 5), 0.0);
    }

    @Test
    void empiricalW2ConvergesToTheGaussianValue() {
        SplittableRandom rng = new SplittableRandom(13);
        int n = 200_000;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
            y[i] = 1 + 2 * rng.nextGaussian();
        }
        // W2²(N(0,1), N(1,4)) = 1 + 1
        assertEquals(2.0, MonotoneMap1D.empiricalW2Squared(x, y), 0.02);
        // the empirical map approximates T(x) = 1 + 2x in the bulk
        MonotoneMap1D t = MonotoneMap1D.empirical(x, y);
        for (double p = -2; p <= 2; p += 0.5) {
            assertEquals(1 + 2 * p, t.applyAsDouble(p), 0.05);
        }
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class, () -> MonotoneMap1D.empirical(new double[] {1}, new double[] {1, 2}));
        assertTrue(e.getMessage().startsWith("source has 1 points"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MonotoneMap1D.empirical(new double[] {1, 2}, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().startsWith("target[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MonotoneMap1D.sortedAssignment(new double[] {1, 2}, new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("equal sizes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MonotoneMap1D.of(null, p -> p));
        assertTrue(e.getMessage().startsWith("sourceCdf"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MonotoneMap1D.quantileByBisection(x -> x, 1, 0));
        assertTrue(e.getMessage().startsWith("bracket"), e.getMessage());
    }
}
