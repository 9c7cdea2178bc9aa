package org.ttfp.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.ScoreField;
import org.ttfp.fp.density.DenseSymmetric;

class ProbabilityFlowEncoderTest {

    static final double[] MEAN = {0.5, -1.0, 2.0};
    static final double[] COV = {1.2, 0.4, -0.3, 0.4, 0.7, 0.1, -0.3, 0.1, 0.5};

    static double maxAbsDiff(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static GaussianMixture twoComponents() {
        return GaussianMixture.of(new double[] {0.4, 0.6}, new double[][] {{-1.5, 0.5}, {1.0, -0.5}},
                new double[][] {{0.3, 0.1, 0.1, 0.5}, {0.6, -0.2, -0.2, 0.4}});
    }

    @Test
    void gaussianEncoderMatchesClosedFormToOneMillionth() {
        TestVpSde sde = new TestVpSde(3);
        GaussianMixture p0 = GaussianMixture.gaussian(MEAN, COV);
        ProbabilityFlowEncoder enc = new ProbabilityFlowEncoder(sde, p0.scoreField(sde),
                ProbabilityFlowEncoder.Settings.of(1e-10, 1e-10));
        GaussianEncoder exact = new GaussianEncoder(sde, MEAN, COV);
        double[] x = p0.sample(new SplittableRandom(1), 200);
        ProbabilityFlowEncoder.Result r = enc.encode(x, 0, 1);
        double err = maxAbsDiff(exact.encode(x, 1), r.points());
        System.out.printf("Gaussian encoder 0->1: max error %.2e, %d batched score evaluations, %d steps%n", err,
                r.scoreEvaluations(), r.steps());
        assertTrue(err < 1e-6, "max error " + err);
        assertEquals(200, r.count());
        assertEquals(3, r.dim());
        assertEquals(200L * r.scoreEvaluations(), r.pointEvaluations());
        assertTrue(r.steps() > 0 && r.scoreEvaluations() >= r.steps());
        // from a later start time t0 > 0, mapping points of p_t0
        double[] xt = exact.map(x, 0, 0.3);
        double err2 = maxAbsDiff(exact.map(xt, 0.3, 1), enc.encode(xt, 0.3, 1).points());
        assertTrue(err2 < 1e-6, "max error from t0 = 0.3: " + err2);
        // the cheaper pair at looser tolerance is correspondingly less accurate but consistent
        ProbabilityFlowEncoder enc54 = new ProbabilityFlowEncoder(sde, p0.scoreField(sde),
                new ProbabilityFlowEncoder.Settings(ProbabilityFlowEncoder.Method.DORMAND_PRINCE_54, 1e-7, 1e-7, 0,
                        0.5, 100_000));
        double err54 = maxAbsDiff(exact.encode(x, 1), enc54.encode(x, 0, 1).points());
        assertTrue(err54 < 1e-4, "DP54 error " + err54);
    }

    @Test
    void decodeInvertsEncodeForAMixture() {
        TestVpSde sde = new TestVpSde(2);
        GaussianMixture p0 = twoComponents();
        ProbabilityFlowEncoder enc = new ProbabilityFlowEncoder(sde, p0.scoreField(sde),
                ProbabilityFlowEncoder.Settings.of(1e-10, 1e-10));
        double[] x = p0.sample(new SplittableRandom(2), 300);
        ProbabilityFlowEncoder.Result y = enc.encode(x, 0, 1);
        ProbabilityFlowEncoder.Result back = enc.decode(y.points(), 1, 0);
        double err = maxAbsDiff(x, back.points());
        assertTrue(err < 1e-6, "round trip error " + err);
        assertEquals(1.0, back.startTime());
        assertEquals(0.0, back.endTime());
        // the flow map of the identity interval is the identity
        assertArrayEquals(x, enc.map(x, 0.5, 0.5).points(), 0.0);
    }

    @Test
    void encodedMixtureSamplesFollowTheFinalLaw() {
        // p_1 is N(0, I) up to α(1) ≈ 6.6e-3 in the mean and α² in the covariance
        TestVpSde sde = new TestVpSde(2);
        GaussianMixture p0 = twoComponents();
        ProbabilityFlowEncoder enc = new ProbabilityFlowEncoder(sde, p0.scoreField(sde),
                ProbabilityFlowEncoder.Settings.of(1e-8, 1e-8));
        int n = 4000;
        double[] y = enc.encode(p0.sample(new SplittableRandom(3), n), 0, 1).points();
        double[] m = PointSets.mean(y, 2);
        double[] c = PointSets.covariance(y, 2);
        GaussianMixture p1 = p0.evolve(sde, 1);
        double[] m1 = p1.mean(), c1 = p1.covariance();
        for (int i = 0; i < 2; i++) {
            assertEquals(m1[i], m[i], 5 / Math.sqrt(n));
            for (int j = 0; j < 2; j++) {
                assertEquals(c1[2 * i + j], c[2 * i + j], 5 * Math.sqrt(2.0 / n));
            }
        }
    }

    @Test
    void gaussianEncoderIsTheGaussianOtMapAndSymmetricPositiveDefinite() {
        TestVpSde sde = new TestVpSde(3);
        GaussianEncoder exact = new GaussianEncoder(sde, MEAN, COV);
        for (double t : new double[] {0.1, 0.5, 1.0}) {
            double[] a = exact.matrix(0, t);
            GaussianOt.AffineMap ot = GaussianOt.map(MEAN, COV, exact.meanAt(t), exact.covarianceAt(t));
            assertArrayEquals(ot.matrix(), a, 1e-12);
            DenseSymmetric.Eigen e = DenseSymmetric.eigen(DenseSymmetric.symmetrize(a, 3), 3);
            assertTrue(e.min() > 0);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(a[3 * i + j], a[3 * j + i], 0.0);
                }
            }
        }
        // p_t marginals: covariance α²S + σ²I
        double t = 0.4, a = sde.alpha(t), s2 = sde.sigma2(t);
        double[] st = exact.covarianceAt(t);
        for (int k = 0; k < 9; k++) {
            assertEquals(a * a * COV[k] + (k % 4 == 0 ? s2 : 0), st[k], 1e-14);
        }
    }

    @Test
    void tailEstimateMatchesClosedForm() {
        TestVpSde sde = new TestVpSde(3);
        GaussianMixture p0 = GaussianMixture.gaussian(MEAN, COV);
        ProbabilityFlowEncoder enc = new ProbabilityFlowEncoder(sde, p0.scoreField(sde),
                ProbabilityFlowEncoder.Settings.of(1e-10, 1e-10));
        GaussianEncoder exact = new GaussianEncoder(sde, MEAN, COV);
        int n = 100;
        double[] x = p0.sample(new SplittableRandom(4), n);
        ProbabilityFlowEncoder.TailEstimate tail = enc.tail(x, 0, 0.5, 1.0);
        // the reference, inline from the closed-form flow map: distances |E_1(x) − E_0.5(x)| and |E_0.5(x) − x|
        double[] e1 = exact.encode(x, 0.5), e2 = exact.encode(x, 1.0);
        double sum = 0, sumSq = 0, max = 0, disp = 0;
        for (int s = 0; s < n; s++) {
            double r2 = 0, d2 = 0;
            for (int k = 0; k < 3; k++) {
                r2 += (e2[3 * s + k] - e1[3 * s + k]) * (e2[3 * s + k] - e1[3 * s + k]);
                d2 += (e1[3 * s + k] - x[3 * s + k]) * (e1[3 * s + k] - x[3 * s + k]);
            }
            double r = Math.sqrt(r2);
            assertEquals(r, tail.remaining()[s], 1e-7, "remaining of point " + s);
            sum += r;
            sumSq += r2;
            max = Math.max(max, r);
            disp += Math.sqrt(d2);
        }
        assertEquals(sum / n, tail.meanRemaining(), 1e-7);
        assertEquals(Math.sqrt(sumSq / n), tail.rmsRemaining(), 1e-7);
        assertEquals(max, tail.maxRemaining(), 1e-7);
        assertEquals(disp / n, tail.meanDisplacement(), 1e-7);
        assertArrayEquals(e1, tail.atT(), 1e-7);
        assertArrayEquals(e2, tail.atLaterTime(), 1e-7);
        // relativeRemaining is the ratio of the two means, here far from 0 and 1: from T = 0.5
        // (α ≈ 0.07) to 1 the points still move by a sizable fraction of what they moved so far
        double rel = (sum / n) / (disp / n);
        assertEquals(rel, tail.relativeRemaining(), 1e-7);
        assertTrue(rel > 0.01 && rel < 0.99, "relative remaining " + rel);
        // a later horizon leaves less: from T = 0.9 to 1 the remaining displacement is smaller
        ProbabilityFlowEncoder.TailEstimate late = enc.tail(x, 0, 0.9, 1.0);
        assertTrue(late.relativeRemaining() < 0.5 * rel, late.relativeRemaining() + " vs " + rel);
    }

    @Test
    void oneScoreCallPerStageForTheWholeBatch() {
        TestVpSde sde = new TestVpSde(2);
        GaussianMixture p0 = twoComponents();
        ScoreField exact = p0.scoreField(sde);
        int[] calls = new int[1];
        int n = 50;
        ScoreField counting = new ScoreField() {
            @Override
            public int dim() {
                return 2;
            }

            @Override
            public void score(double t, double[] x, int count, double[] out) {
                assertEquals(n, count);
                calls[0]++;
                exact.score(t, x, count, out);
            }
        };
        ProbabilityFlowEncoder enc = new ProbabilityFlowEncoder(sde, counting,
                ProbabilityFlowEncoder.Settings.of(1e-8, 1e-8));
        ProbabilityFlowEncoder.Result r = enc.encode(p0.sample(new SplittableRandom(5), n), 0, 1);
        assertEquals(calls[0], r.scoreEvaluations());
    }

    @Test
    void rejectsBadInput() {
        TestVpSde sde = new TestVpSde(2);
        GaussianMixture p0 = twoComponents();
        ProbabilityFlowEncoder enc = new ProbabilityFlowEncoder(sde, p0.scoreField(sde),
                ProbabilityFlowEncoder.Settings.defaults());
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class, () -> enc.encode(new double[] {0, Double.NaN}, 0, 1));
        assertTrue(e.getMessage().startsWith("x[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> enc.encode(new double[] {0, 1, 2}, 0, 1));
        assertTrue(e.getMessage().contains("multiple of d"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> enc.encode(new double[] {0, 1}, -0.1, 1));
        assertTrue(e.getMessage().startsWith("t0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> enc.encode(new double[] {0, 1}, 0.5, 0.5));
        assertTrue(e.getMessage().startsWith("T"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ProbabilityFlowEncoder(new TestVpSde(3), p0.scoreField(sde),
                        ProbabilityFlowEncoder.Settings.defaults()));
        assertTrue(e.getMessage().contains("score.dim()"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProbabilityFlowEncoder.Settings.of(0, 1e-6));
        assertTrue(e.getMessage().startsWith("absoluteTolerance"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> enc.tail(new double[] {0, 1}, 0, 1, 1));
        assertTrue(e.getMessage().startsWith("laterTime"), e.getMessage());
        // a score that is not finite stops the integration with a clear message
        ScoreField broken = new ScoreField() {
            @Override
            public int dim() {
                return 2;
            }

            @Override
            public void score(double t, double[] x, int count, double[] out) {
                java.util.Arrays.fill(out, 0, count * 2, t > 0.5 ? Double.NaN : 0.0);
            }
        };
        ProbabilityFlowEncoder bad = new ProbabilityFlowEncoder(sde, broken, ProbabilityFlowEncoder.Settings.defaults());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> bad.encode(new double[] {0, 1}, 0, 1));
        assertTrue(s.getMessage().contains("score at t ="), s.getMessage());
        // too few evaluations allowed
        ProbabilityFlowEncoder capped = new ProbabilityFlowEncoder(sde, p0.scoreField(sde),
                new ProbabilityFlowEncoder.Settings(ProbabilityFlowEncoder.Method.DORMAND_PRINCE_853, 1e-10, 1e-10, 0,
                        Double.POSITIVE_INFINITY, 20));
        assertThrows(IllegalStateException.class, () -> capped.encode(new double[] {0, 1}, 0, 1));
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> new GaussianEncoder(sde, new double[] {0, 0}, new double[] {1, 2, 2, 1}));
        assertTrue(g.getMessage().startsWith("covariance"), g.getMessage());
    }
}
