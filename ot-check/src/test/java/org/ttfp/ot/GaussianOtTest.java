package org.ttfp.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.DenseSymmetric;

class GaussianOtTest {

    static final double[] M1 = {0.3, -0.7};
    static final double[] S1 = {1.5, 0.6, 0.6, 0.8};
    static final double[] M2 = {-1.0, 2.0};
    static final double[] S2 = {0.4, -0.3, -0.3, 2.2};

    @Test
    void mapIsSymmetricPositiveDefiniteAndPushesCovariances() {
        GaussianOt.AffineMap t = GaussianOt.map(M1, S1, M2, S2);
        double[] a = t.matrix();
        assertEquals(a[1], a[2], 0.0);
        assertTrue(DenseSymmetric.eigen(a, 2).min() > 0);
        // A S1 A = S2
        double[] pushed = DenseSymmetric.multiply(DenseSymmetric.multiply(a, S1, 2), a, 2);
        assertArrayEquals(S2, pushed, 1e-13);
        // T(m1) = m2
        assertArrayEquals(M2, t.apply(M1), 1e-15);
    }

    @Test
    void w2MatchesIndependentFormulas() {
        // 1-D: (m1 − m2)² + (s1 − s2)²
        assertEquals(Math.pow(0.5 - 2, 2) + Math.pow(1.5 - 0.5, 2),
                GaussianOt.w2Squared(new double[] {0.5}, new double[] {2.25}, new double[] {2}, new double[] {0.25}),
                1e-14);
        // commuting (diagonal): Σ (sqrt a_i − sqrt b_i)²
        double w = GaussianOt.w2Squared(new double[] {0, 0, 0}, new double[] {4, 0, 0, 0, 1, 0, 0, 0, 9},
                new double[] {1, 0, 0}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        assertEquals(1 + 1 + 0 + 4, w, 1e-14);
        // 2-D general: tr((S1 S2)^{1/2}) = sqrt(tr(S1 S2) + 2 sqrt(det(S1 S2))) for 2 x 2
        double[] p = DenseSymmetric.multiply(S1, S2, 2);
        double trP = p[0] + p[3], detP = p[0] * p[3] - p[1] * p[2];
        double trRoot = Math.sqrt(trP + 2 * Math.sqrt(detP));
        double mean = Math.pow(M1[0] - M2[0], 2) + Math.pow(M1[1] - M2[1], 2);
        double expected = mean + S1[0] + S1[3] + S2[0] + S2[3] - 2 * trRoot;
        assertEquals(expected, GaussianOt.w2Squared(M1, S1, M2, S2), 1e-13);
        // and E|T(X) − X|² = |m2 − m1|² + tr((A − I) S1 (A − I)) for the map itself
        double[] a = GaussianOt.map(M1, S1, M2, S2).matrix();
        double[] b = {a[0] - 1, a[1], a[2], a[3] - 1};
        double[] q = DenseSymmetric.multiply(DenseSymmetric.multiply(b, S1, 2), b, 2);
        assertEquals(expected, mean + q[0] + q[3], 1e-13);
        // symmetric in its arguments, zero on equal laws
        assertEquals(expected, GaussianOt.w2Squared(M2, S2, M1, S1), 1e-13);
        assertEquals(0.0, GaussianOt.w2Squared(M1, S1, M1, S1), 1e-14);
    }

    @Test
    void mapPushesSamplesToTheTargetLaw() {
        int n = 100_000;
        double[] x = GaussianMixture.gaussian(M1, S1).sample(new SplittableRandom(8), n);
        double[] y = GaussianOt.map(M1, S1, M2, S2).apply(x);
        double[] m = PointSets.mean(y, 2);
        double[] c = PointSets.covariance(y, 2);
        for (int i = 0; i < 2; i++) {
            assertEquals(M2[i], m[i], 5 * Math.sqrt(S2[3 * i] / n));
            for (int j = 0; j < 2; j++) {
                double se = Math.sqrt((S2[3 * i] * S2[3 * j] + S2[2 * i + j] * S2[2 * i + j]) / n);
                assertEquals(S2[2 * i + j], c[2 * i + j], 5 * se);
            }
        }
    }

    @Test
    void identityPairingIsOptimalForMappedSamples() {
        // x ↦ T(x) is the gradient of a convex quadratic, so the pairing i ↦ i is optimal for any sample
        double[] x = GaussianMixture.gaussian(M1, S1).sample(new SplittableRandom(9), 400);
        double[] y = GaussianOt.map(M1, S1, M2, S2).apply(x);
        LinearAssignment.Result r = LinearAssignment.solve(x, y, 2);
        double identity = PointSets.meanSquaredDistance(x, y, 2);
        assertEquals(identity, r.meanCost(), 1e-12 * identity);
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianOt.map(M1, new double[] {1, 2, 2, 1}, M2, S2));
        assertTrue(e.getMessage().startsWith("s1 is not positive definite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianOt.map(M1, S1, M2, new double[] {1, 2, 2, 1}));
        assertTrue(e.getMessage().startsWith("s2 is not positive semidefinite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GaussianOt.map(M1, S1, new double[] {1}, S2));
        assertTrue(e.getMessage().startsWith("m2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianOt.w2Squared(M1, new double[] {1, 0.5, 0.4, 1}, M2, S2));
        assertTrue(e.getMessage().contains("s1 is not symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianOt.w2Squared(new double[] {Double.NaN, 0}, S1, M2, S2));
        assertTrue(e.getMessage().startsWith("m1[0]"), e.getMessage());
    }
}
