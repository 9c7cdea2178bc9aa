package org.ttfp.fp;

import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.sde.DiagonalOuSde;
import org.ttfp.fp.sde.DoubleWellSde;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.sde.MatrixOuSde;
import org.ttfp.fp.sde.OuSde;
import org.ttfp.fp.sde.SubVpSde;
import org.ttfp.fp.sde.VeSde;
import org.ttfp.fp.sde.VpSde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttfp.cheb.ChebyshevBox;

/** The solver against exact solutions (docs/math.md §1) and an independent dense reference. */
class FpSolverTest {

    static final FpSolver.Settings EPS11 = FpSolver.Settings.defaults().withEps(1e-11);

    static GaussianMixture gaussian(int d, double rho) {
        double[] m0 = new double[d];
        double[] sd = new double[d];
        for (int i = 0; i < d; i++) {
            m0[i] = 0.6 - 0.5 * i;
            sd[i] = 0.8 + 0.1 * i;
        }
        double[] cov = FpTestSupport.covariance(sd, rho);
        if (d == 3) { // correlate axes 0 and 1 only: TT ranks (1, r, 1, 1)
            cov[2] = cov[6] = cov[5] = cov[7] = 0;
        }
        return GaussianMixture.gaussian(m0, cov);
    }

    /** The exact separable propagator (the default for OU) from a correlated Gaussian, d = 1, 2, 3. */
    @Test
    void ouExactPathFromGaussian() {
        for (int d = 1; d <= 3; d++) {
            OuSde sde = OuSde.paper(d);
            GaussianMixture g0 = gaussian(d, 0.3);
            ChebyshevBox box = ChebyshevBox.cube(d, -7, 7, 56);
            FpProblem pr = FpProblem.builder(sde, box).initial(g0).finalTime(1).steps(4).build();
            Solution sol = FpSolver.solve(pr, EPS11);
            assertEquals(FpMethod.EXACT, sol.method());
            for (int j = 0; j < sol.snapshotCount(); j++) {
                double err = FpTestSupport.relativeL2(box, sol.snapshot(j), g0.evolve(sde, sol.time(j)));
                assertTrue(err < 1e-8, "d=" + d + " t=" + sol.time(j) + " error " + err);
            }
        }
    }

    /** The split scheme (cross, characteristics, heat matrices) from a Gaussian, d = 1, 2, 3: error below 1e−6. */
    @Test
    void ouSplitPathFromGaussian() {
        int[] steps = {80, 120, 120};
        for (int d = 1; d <= 3; d++) {
            OuSde sde = new OuSde(d, 0.5, 1.0);
            GaussianMixture g0 = gaussian(d, 0.3);
            ChebyshevBox box = ChebyshevBox.cube(d, -7, 7, d == 3 ? 48 : 56);
            FpProblem pr = FpProblem.builder(sde, box).initial(g0).finalTime(0.5).steps(steps[d - 1])
                    .snapshotEvery(1000).build();
            Solution sol = FpSolver.solve(pr, EPS11.withMethod(FpMethod.SPLIT));
            double err = FpTestSupport.relativeL2(box, sol.finalDensity(), g0.evolve(sde, 0.5));
            assertTrue(err < 1e-6, "d=" + d + " error " + err);
            StepDiagnostics last = sol.diagnostics().get(sol.diagnostics().size() - 1);
            assertTrue(last.crossEvaluations() > 0 && last.crossSweeps() >= 1, last.toString());
            assertTrue(Math.abs(last.massDrift()) < 1e-8, last.toString());
        }
    }

    /**
     * VP-SDE from a 3-component anisotropic mixture in d = 3: p_t at t = 0.1, 0.5, 1 against the
     * exact mixture (relative L2 below 1e−5) and the score at points drawn from p_t (below 1e−4).
     */
    @Test
    void vpMixtureAgainstExactMixture() {
        GaussianMixture g0 = GaussianMixture.of(new double[] {0.5, 0.3, 0.2},
                new double[][] {{1.0, -0.5, 0.3}, {-1.0, 0.8, -0.2}, {0.2, 0.0, -1.2}},
                new double[][] {
                    {0.6, 0.25, 0.1, 0.25, 0.5, -0.15, 0.1, -0.15, 0.8},
                    {0.9, -0.3, 0.0, -0.3, 0.45, 0.1, 0.0, 0.1, 0.7},
                    {0.5, 0.0, 0.2, 0.0, 1.0, 0.3, 0.2, 0.3, 0.6}});
        VpSde sde = new VpSde(3);
        ChebyshevBox box = ChebyshevBox.cube(3, -8, 8, 80);
        FpProblem pr = FpProblem.builder(sde, box).initial(g0).finalTime(1).steps(10).snapshotTimes(0.1, 0.5, 1.0)
                .build();
        Solution sol = FpSolver.solve(pr, FpSolver.Settings.defaults().withEps(1e-10));
        assertEquals(4, sol.snapshotCount());
        for (double t : new double[] {0.1, 0.5, 1.0}) {
            int j = sol.snapshotAt(t);
            assertTrue(j > 0, "snapshot at " + t);
            GaussianMixture exact = g0.evolve(sde, t);
            double err = FpTestSupport.relativeL2(box, sol.snapshot(j), exact);
            assertTrue(err < 1e-5, "t=" + t + " density error " + err);
            int count = 400;
            double[] x = exact.sample(new SplittableRandom(11), count);
            double[] s = new double[3 * count];
            double[] ref = new double[3 * count];
            sol.score(t, x, count, s);
            exact.score(x, count, ref);
            double num = 0, den = 0;
            for (int q = 0; q < 3 * count; q++) {
                num += (s[q] - ref[q]) * (s[q] - ref[q]);
                den += ref[q] * ref[q];
            }
            assertTrue(Math.sqrt(num / den) < 1e-4, "t=" + t + " score error " + Math.sqrt(num / den));
        }
        for (StepDiagnostics dg : sol.diagnostics()) {
            assertTrue(Math.abs(dg.massDrift()) < 1e-8, dg.toString());
        }
    }

    /**
     * The split scheme on the VP-SDE (time-dependent β) in d = 2: halving the step divides the error
     * by 4 (second order), and the mass is conserved to 1e−8.
     */
    @Test
    void splitSchemeIsSecondOrderWithTimeDependentCoefficients() {
        GaussianMixture g0 = GaussianMixture.of(new double[] {0.6, 0.4}, new double[][] {{1.0, -0.5}, {-1.0, 0.8}},
                new double[][] {{0.9, 0.25, 0.25, 0.7}, {1.0, -0.3, -0.3, 0.8}});
        VpSde sde = new VpSde(2);
        ChebyshevBox box = ChebyshevBox.cube(2, -7.5, 7.5, 64);
        double t = 0.4;
        GaussianMixture exact = g0.evolve(sde, t);
        double[] err = new double[3];
        for (int level = 0; level < 3; level++) {
            int steps = 10 << level;
            FpProblem pr = FpProblem.builder(sde, box).initial(g0).finalTime(t).steps(steps).snapshotEvery(steps).build();
            Solution sol = FpSolver.solve(pr, EPS11.withMethod(FpMethod.SPLIT).withCharacteristicSubsteps(2));
            err[level] = FpTestSupport.relativeL2(box, sol.finalDensity(), exact);
            if (level == 2) {
                for (StepDiagnostics dg : sol.diagnostics()) {
                    assertTrue(Math.abs(dg.massDrift()) < 1e-8, dg.toString());
                }
            }
        }
        for (int level = 1; level < 3; level++) {
            double ratio = err[level - 1] / err[level];
            assertTrue(ratio > 3.6 && ratio < 4.4, "error ratio " + ratio + " between " + err[level - 1] + " and " + err[level]);
        }
    }

    /** Split path with the exact propagator run alongside: the reported difference is the true split error. */
    @Test
    void splitAgainstExactOracleDiagnostics() {
        DiagonalOuSde sde = new DiagonalOuSde(new double[] {0.5, 2.0}, new double[] {1.0, 0.6});
        GaussianMixture g0 = gaussian(2, 0.4);
        ChebyshevBox box = ChebyshevBox.cube(2, -6.5, 6.5, 56);
        FpProblem pr = FpProblem.builder(sde, box).initial(g0).finalTime(0.3).steps(12).build();
        Solution sol = FpSolver.solve(pr, EPS11.withMethod(FpMethod.SPLIT).withCompareWithExact(true));
        Problems.Preset ref = new Problems.Preset("test", sde, box, InitialDensity.of(g0), 0.3, 12, g0);
        for (int j = 1; j < sol.snapshotCount(); j++) {
            StepDiagnostics dg = sol.diagnostics().get(j);
            double trueErr = FpTestSupport.relativeL2(box, sol.snapshot(j), ref.exact(sol.time(j)));
            assertTrue(dg.exactDifference() > 0 && dg.exactDifference() < 1e-3, dg.toString());
            assertEquals(trueErr, dg.exactDifference(), 0.02 * trueErr + 1e-9, "step " + j);
        }
    }

    /** A coupled linear drift (full matrix A, not separable): the split path against the exact Gaussian law. */
    @Test
    void coupledOuAgainstExactGaussian() {
        MatrixOuSde sde = new MatrixOuSde(new double[] {1.0, 0.6, -0.4, 1.5}, new double[] {0.8, 1.2});
        GaussianMixture g0 = gaussian(2, 0.2);
        ChebyshevBox box = ChebyshevBox.cube(2, -6.5, 6.5, 56);
        FpProblem pr = FpProblem.builder(sde, box).initial(g0).finalTime(0.5).steps(60).snapshotEvery(20).build();
        Solution sol = FpSolver.solve(pr, EPS11);
        assertEquals(FpMethod.SPLIT, sol.method());
        double err = FpTestSupport.relativeL2(box, sol.finalDensity(), sde.evolve(g0, 0.5));
        assertTrue(err < 3e-5, "error " + err);
    }

    /** VE and sub-VP on the exact path against the exact mixtures. */
    @Test
    void veAndSubVpExactPaths() {
        GaussianMixture g0 = GaussianMixture.of(new double[] {0.5, 0.5}, new double[][] {{0.8, -0.4}, {-0.7, 0.5}},
                new double[][] {{0.5, 0.1, 0.1, 0.6}, {0.7, -0.2, -0.2, 0.5}});
        LinearGaussianSde[] sdes = {new VeSde(2, 0.01, 1.5, 1), new SubVpSde(2)};
        for (LinearGaussianSde sde : sdes) {
            ChebyshevBox box = ChebyshevBox.cube(2, -11, 11, 88);
            FpProblem pr = FpProblem.builder(sde, box).initial(g0).finalTime(1).steps(5).build();
            Solution sol = FpSolver.solve(pr, EPS11);
            for (int j = 1; j < sol.snapshotCount(); j++) {
                double err = FpTestSupport.relativeL2(box, sol.snapshot(j), g0.evolve(sde, sol.time(j)));
                assertTrue(err < 1e-8, sde + " t=" + sol.time(j) + " error " + err);
            }
        }
    }

    /**
     * The nonlinear coupled double well in d = 2 (rank grows, the cross works in earnest) against
     * an independent dense spectral reference: agreement within the O(h²) splitting error, which
     * falls by 4 when the step halves.
     */
    @Test
    void doubleWellAgainstDenseReference() {
        DoubleWellSde sde = new DoubleWellSde(2, 0.5, 1.0);
        GaussianMixture g0 = GaussianMixture.of(new double[] {0.5, 0.5}, new double[][] {{-0.6, 0.3}, {0.5, -0.4}},
                new double[][] {{0.2, 0.04, 0.04, 0.25}, {0.25, -0.06, -0.06, 0.2}});
        int n = 48;
        double t = 0.5;
        ChebyshevBox box = ChebyshevBox.cube(2, -3, 3, n);
        double[] x = FpTestSupport.gridPoints(box);
        double[] p0 = new double[n * n];
        g0.density(x, n * n, p0);
        double[] ref = DenseFokkerPlanck2d.solve(sde, box.axis(0), p0, t, 200);
        double[] w = FpTestSupport.gridWeights(box);
        double[] err = new double[2];
        for (int level = 0; level < 2; level++) {
            int steps = 50 << level;
            FpProblem pr = FpProblem.builder(sde, box).initial(g0).finalTime(t).steps(steps).snapshotEvery(steps).build();
            Solution sol = FpSolver.solve(pr, FpSolver.Settings.defaults().withEps(1e-10).withBoxMassTolerance(1e-6));
            err[level] = FpTestSupport.relativeL2(sol.finalDensity().full(), ref, w);
            assertTrue(sol.finalDensity().maxRank() > 5, "rank " + sol.finalDensity().maxRank());
        }
        assertTrue(err[1] < 1e-4, "error " + err[1]);
        double ratio = err[0] / err[1];
        assertTrue(ratio > 3.5 && ratio < 4.5, "ratio " + ratio + " of " + err[0] + " and " + err[1]);
    }
}
