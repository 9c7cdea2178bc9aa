package org.ttfp.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.ScoreField;
import org.ttfp.fp.density.ScoreJacobianField;
import org.ttfp.fp.sde.OuSde;
import org.ttfp.ot.ProbabilityFlowEncoder.Result;
import org.ttfp.ot.ProbabilityFlowEncoder.Settings;
import org.ttfp.ot.ProbabilityFlowEncoder.TimeVariable;
import org.ttfp.ot.verify.MapMetrics;

/** The flow map's Jacobian by the variational equation, the closed-form mixture score Jacobian and the noise-scale time. */
class VariationalJacobianTest {

    static final double[] MEAN = ProbabilityFlowEncoderTest.MEAN;
    static final double[] COV = ProbabilityFlowEncoderTest.COV;

    /** Central-difference Jacobians of x ↦ enc.map(x) at the points (row-major count x d x d). */
    static double[] finiteDifferenceJacobians(ProbabilityFlowEncoder enc, double[] x, int d, double from, double to,
            double h) {
        int m = x.length / d;
        double[][] st = MapMetrics.jacobianStencil(x, m, d, h);
        double[] img = enc.map(st[0], from, to).points();
        double[] jac = new double[m * d * d];
        for (int p = 0; p < m; p++) {
            for (int j = 0; j < d; j++) {
                int plus = ((p * d + j) * 2) * d, minus = plus + d;
                for (int i = 0; i < d; i++) {
                    jac[p * d * d + i * d + j] = (img[plus + i] - img[minus + i]) / (2 * st[1][p]);
                }
            }
        }
        return jac;
    }

    @Test
    void mixtureScoreMatchesTheMixtureAndItsJacobianMatchesDifferences() {
        TestVpSde sde = new TestVpSde(2);
        GaussianMixture p0 = ProbabilityFlowEncoderTest.twoComponents();
        MixtureScore ms = new MixtureScore(p0, sde);
        ScoreField ref = p0.scoreField(sde);
        ScoreJacobianField fd = ScoreJacobians.centralDifference(ref, 1e-4);
        double[] x = p0.sample(new SplittableRandom(11), 50);
        for (double t : new double[] {0, 0.05, 0.3}) {
            double[] s = new double[100], sRef = new double[100], jac = new double[200], jFd = new double[200];
            double[] sFd = new double[100];
            ms.scoreAndJacobian(t, x, 50, s, jac);
            ref.score(t, x, 50, sRef);
            fd.scoreAndJacobian(t, x, 50, sFd, jFd);
            for (int k = 0; k < 100; k++) {
                assertEquals(sRef[k], s[k], 1e-11 * (1 + Math.abs(sRef[k])), "score t=" + t);
            }
            for (int k = 0; k < 200; k++) {
                assertEquals(jFd[k], jac[k], 1e-6 * (1 + Math.abs(jac[k])), "Jacobian t=" + t + " entry " + k);
            }
            for (int p = 0; p < 50; p++) {
                assertEquals(jac[p * 4 + 1], jac[p * 4 + 2], 1e-12 * (1 + Math.abs(jac[p * 4 + 1])), "symmetry");
            }
        }
        // a single Gaussian: ∇²log p_t = −(α²S + σ²I)⁻¹ exactly, whatever x
        MixtureScore g = new MixtureScore(GaussianMixture.gaussian(MEAN, COV), new TestVpSde(3));
        double t = 0.2;
        double[] jac = new double[9];
        g.scoreAndJacobian(t, new double[] {0.3, -0.2, 1.0}, 1, new double[3], jac);
        double[] cov = new GaussianEncoder(new TestVpSde(3), MEAN, COV).covarianceAt(t);
        double[] prod = org.ttfp.fp.density.DenseSymmetric.multiply(jac, cov, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i == j ? -1 : 0, prod[i * 3 + j], 1e-12);
            }
        }
    }

    @Test
    void variationalJacobianOfTheGaussianEncoderIsTheClosedFormMatrix() {
        TestVpSde sde = new TestVpSde(3);
        GaussianMixture p0 = GaussianMixture.gaussian(MEAN, COV);
        GaussianEncoder exact = new GaussianEncoder(sde, MEAN, COV);
        double[] a = exact.matrix(0, 1);
        double[] x = p0.sample(new SplittableRandom(12), 20);
        for (ScoreJacobianField field : new ScoreJacobianField[] {new MixtureScore(p0, sde),
                ScoreJacobians.centralDifference(p0.scoreField(sde), 1e-4)}) {
            ProbabilityFlowEncoder enc = new ProbabilityFlowEncoder(sde, field, Settings.of(1e-11, 1e-11));
            Result r = enc.encodeWithJacobian(x, 0, 1);
            assertEquals(20 * 9, r.jacobians().length);
            double err = 0, errX = ProbabilityFlowEncoderTest.maxAbsDiff(exact.encode(x, 1), r.points());
            for (int p = 0; p < 20; p++) {
                for (int k = 0; k < 9; k++) {
                    err = Math.max(err, Math.abs(r.jacobians()[p * 9 + k] - a[k]));
                }
            }
            System.out.printf("variational J vs closed form: %.2e (x: %.2e), %d evaluations%n", err, errX,
                    r.scoreEvaluations());
            assertTrue(errX < 1e-8, "points " + errX);
            // the finite-difference score Jacobian adds its O(h²) error, the closed form only the tolerance
            assertTrue(err < (field instanceof MixtureScore ? 1e-8 : 1e-6), "Jacobian error " + err);
        }
        assertNull(new ProbabilityFlowEncoder(sde, p0.scoreField(sde), Settings.of(1e-8, 1e-8)).encode(x, 0, 1)
                .jacobians());
    }

    @Test
    void variationalJacobianMatchesFiniteDifferencesForAMixtureUnderOu() {
        OuSde sde = new OuSde(2, 1.0, 1.0);
        GaussianMixture p0 = ProbabilityFlowEncoderTest.twoComponents();
        ProbabilityFlowEncoder enc = new ProbabilityFlowEncoder(sde, new MixtureScore(p0, sde), Settings.of(1e-12, 1e-12));
        double[] x = p0.sample(new SplittableRandom(13), 10);
        Result r = enc.encodeWithJacobian(x, 0, 2);
        double[] fd = finiteDifferenceJacobians(enc, x, 2, 0, 2, 1e-4);
        double err = 0, asym = 0;
        for (int k = 0; k < fd.length; k++) {
            err = Math.max(err, Math.abs(fd[k] - r.jacobians()[k]));
        }
        for (int p = 0; p < 10; p++) {
            asym = Math.max(asym, Math.abs(r.jacobians()[p * 4 + 1] - r.jacobians()[p * 4 + 2]));
        }
        System.out.printf("mixture OU: variational vs finite-difference J %.2e, max |J12 - J21| %.2e%n", err, asym);
        assertTrue(err < 1e-6, "variational vs finite differences " + err);
        // a mixture's encoder is not a gradient map: the asymmetry is far above the agreement
        assertTrue(asym > 100 * err, "asymmetry " + asym);
        // the points agree with the plain map
        assertTrue(ProbabilityFlowEncoderTest.maxAbsDiff(enc.encode(x, 0, 2).points(), r.points()) < 1e-9);
        // the Jacobians of the first 3 points only, in the same pass as the images of all 10
        Result firstThree = enc.encodeWithJacobian(x, 0, 2, 3);
        assertEquals(3 * 4, firstThree.jacobians().length);
        for (int k = 0; k < 12; k++) {
            assertEquals(r.jacobians()[k], firstThree.jacobians()[k], 1e-9);
        }
        assertTrue(ProbabilityFlowEncoderTest.maxAbsDiff(r.points(), firstThree.points()) < 1e-9);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> enc.encodeWithJacobian(x, 0, 2, 11));
        // decoding with the Jacobian inverts it: J_dec(E(x)) J_enc(x) = I
        Result back = enc.mapWithJacobian(r.points(), 2, 0);
        for (int p = 0; p < 10; p++) {
            double[] prod = org.ttfp.fp.density.DenseSymmetric.multiply(java.util.Arrays.copyOfRange(back.jacobians(), 4 * p,
                    4 * p + 4), java.util.Arrays.copyOfRange(r.jacobians(), 4 * p, 4 * p + 4), 2);
            for (int k = 0; k < 4; k++) {
                assertEquals(k % 3 == 0 ? 1 : 0, prod[k], 1e-8);
            }
        }
    }

    @Test
    void noiseScaleTimeIsAsAccurateWithFewerEvaluationsUnderOu() {
        // a narrow mixture under the OU form: the flow is fast near t0 = 0 in physical time
        OuSde sde = new OuSde(2, 1.0, 2.0);
        GaussianMixture p0 = GaussianMixture.of(new double[] {0.5, 0.5}, new double[][] {{-1, 0}, {1, 0}},
                new double[][] {{0.01, 0, 0, 0.01}, {0.01, 0, 0, 0.01}});
        double[] x = p0.sample(new SplittableRandom(14), 200);
        ScoreField sc = new MixtureScore(p0, sde);
        Settings s = Settings.of(1e-9, 1e-9);
        Result tau = new ProbabilityFlowEncoder(sde, sc, s.withTimeVariable(TimeVariable.NOISE_SCALE)).encode(x, 0, 5);
        Result phys = new ProbabilityFlowEncoder(sde, sc, s.withTimeVariable(TimeVariable.PHYSICAL)).encode(x, 0, 5);
        Result auto = new ProbabilityFlowEncoder(sde, sc, s).encode(x, 0, 5);
        Result ref = new ProbabilityFlowEncoder(sde, sc, Settings.of(1e-12, 1e-12)).encode(x, 0, 5);
        double eTau = ProbabilityFlowEncoderTest.maxAbsDiff(ref.points(), tau.points());
        double ePhys = ProbabilityFlowEncoderTest.maxAbsDiff(ref.points(), phys.points());
        System.out.printf("OU 0->5: noise-scale time %d steps, %d evaluations, error %.2e; physical %d steps, %d, %.2e%n",
                tau.steps(), tau.scoreEvaluations(), eTau, phys.steps(), phys.scoreEvaluations(), ePhys);
        assertTrue(eTau < 1e-7 && ePhys < 1e-7, eTau + " " + ePhys);
        assertTrue(tau.scoreEvaluations() < 0.9 * phys.scoreEvaluations(),
                tau.scoreEvaluations() + " vs " + phys.scoreEvaluations());
        assertEquals(tau.scoreEvaluations(), auto.scoreEvaluations(), "AUTO takes the noise scale for OU");
        // VP ramps β(t): AUTO keeps physical time; a Gaussian's closed form checks both variables
        TestVpSde vp = new TestVpSde(3);
        GaussianMixture g = GaussianMixture.gaussian(MEAN, COV);
        double[] y = g.sample(new SplittableRandom(15), 100);
        double[] exact = new GaussianEncoder(vp, MEAN, COV).encode(y, 1);
        for (TimeVariable v : TimeVariable.values()) {
            Result r = new ProbabilityFlowEncoder(vp, g.scoreField(vp), Settings.of(1e-10, 1e-10).withTimeVariable(v))
                    .encode(y, 0, 1);
            double err = ProbabilityFlowEncoderTest.maxAbsDiff(exact, r.points());
            System.out.printf("VP 0->1 %s: %d steps, %d evaluations, error %.2e%n", v, r.steps(), r.scoreEvaluations(), err);
            assertTrue(err < 1e-8, v + ": " + err);
        }
        assertTrue(FlowTime.defaultFor(vp, 0, 1).isPhysical());
        assertTrue(!FlowTime.defaultFor(sde, 0, 5).isPhysical());
    }

    @Test
    void flowTimeIsMonotoneAndInvertsExactlyAtTheEnds() {
        TestVpSde sde = new TestVpSde(2);
        FlowTime c = FlowTime.noiseScale(sde, 1e-3);
        double lo = 0, hi = 1, tl = c.tau(lo), th = c.tau(hi);
        assertEquals(lo, c.time(tl, lo, hi, tl, th), 0.0);
        assertEquals(hi, c.time(th, lo, hi, tl, th), 0.0);
        double prev = Double.NEGATIVE_INFINITY;
        for (int k = 1; k < 100; k++) {
            double t = k / 100.0, tau = c.tau(t);
            assertTrue(tau > prev);
            prev = tau;
            assertEquals(t, c.time(tau, lo, hi, tl, th), 1e-14);
            // dt/dτ against a central difference of τ(t)
            double h = 1e-6, num = 2 * h / (c.tau(t + h) - c.tau(t - h));
            assertEquals(num, c.timeDerivative(t), 1e-6 * num);
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FlowTime.noiseScale(sde, 0));
        assertTrue(e.getMessage().startsWith("offset = 0"), e.getMessage());
    }
}
