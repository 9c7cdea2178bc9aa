package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The figures against hand-computed cases. */
class MapMetricsTest {

    @Test
    void brenierTestSeesSymmetricAndRotationalJacobians() {
        int d = 2;
        double[] x = {0.3, -0.2, 1.0, 0.5};
        double[][] st = MapMetrics.jacobianStencil(x, 2, d, 1e-4);
        // E(x) = S x with S symmetric positive definite: asymmetry 0, min eigenvalue of S
        double[] sym = apply(st[0], new double[] {2, 0.5, 0.5, 1});
        double[][] b = MapMetrics.brenier(sym, st[1], d);
        assertEquals(0, b[0][0], 1e-9);
        double lmin = 1.5 - Math.sqrt(0.25 + 0.25);
        assertEquals(lmin, b[1][1], 1e-8);
        // a rotation by 90 degrees: J = [[0,-1],[1,0]], ‖J − Jᵀ‖/‖J‖ = 2
        double[][] rot = MapMetrics.brenier(apply(st[0], new double[] {0, -1, 1, 0}), st[1], d);
        assertEquals(2.0, rot[0][0], 1e-8);
    }

    static double[] apply(double[] pts, double[] m) {
        double[] out = new double[pts.length];
        for (int p = 0; p < pts.length / 2; p++) {
            out[2 * p] = m[0] * pts[2 * p] + m[1] * pts[2 * p + 1];
            out[2 * p + 1] = m[2] * pts[2 * p] + m[3] * pts[2 * p + 1];
        }
        return out;
    }

    @Test
    void paperMetricOfAShuffledPairingIsPositive() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 50, d = 2;
        double[] x = r.doubles(n * d, -1, 1).toArray();
        double[] y = new double[n * d];
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n; // a cyclic shift: not optimal
            y[i * d] = x[j * d] + 0.01;
            y[i * d + 1] = x[j * d + 1];
        }
        MapMetrics.PaperMetric m = MapMetrics.paperMetric(x, y, d);
        assertTrue(m.relativeGap() > 0.5, "gap " + m.relativeGap());
        assertTrue(m.identityFraction() < 0.1);
        assertTrue(m.costOptimal() < m.costIdentity());
    }

    @Test
    void relativeDeviationAndStatistics() {
        double[] x = {0, 0, 1, 1};
        double[] t = {1, 0, 1, 3};
        double[] e = {1, 0.1, 1, 3.2};
        double[] dev = MapMetrics.relativeDeviation(x, e, t, 2);
        assertEquals(0.1, dev[0], 1e-12);
        assertEquals(0.1, dev[1], 1e-12);
        Stat s = Stat.of(new double[] {1, 2, 3, Double.NaN});
        assertEquals(2, s.mean(), 1e-12);
        assertEquals(3, s.count());
        assertEquals(Math.sqrt(1.0 / 3), s.stdErr(), 1e-12);
        assertEquals(0, Stat.of(new double[] {Double.NaN}).count());
    }
}
