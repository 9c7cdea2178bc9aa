package org.ttfp.ot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.FpProblem;
import org.ttfp.fp.FpSolver;
import org.ttfp.fp.Solution;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.sde.VpSde;
import org.ttfp.linalg.Backends;

/** The TT solution's score Jacobian and the variational Jacobian of the TT encoder, on both CPU backends. */
class SolutionJacobianTest {

    @ParameterizedTest
    @ValueSource(strings = {"openblas", "ejml"})
    void ttScoreJacobianAndVariationalJacobianMatchTheMixture(String backend) {
        int d = 2;
        GaussianMixture g = ProbabilityFlowEncoderTest.twoComponents();
        VpSde sde = new VpSde(d);
        FpProblem problem = FpProblem.builder(sde, ChebyshevBox.cube(d, -6, 6, 64)).initial(g).finalTime(1).steps(20)
                .build();
        Solution sol = FpSolver.solve(problem, FpSolver.Settings.defaults().withMaxRank(20).withEps(1e-11)
                .withBackend(Backends.byName(backend)));
        MixtureScore exact = new MixtureScore(g, sde);
        double[] x = g.sample(new SplittableRandom(21), 40);
        // at a snapshot time and between snapshots (exact in time for VP): H = ∇²log p_t of the TT against the closed form
        for (double t : new double[] {sol.time(2), 0.1234}) {
            double[] s = new double[80], j = new double[160], se = new double[80], je = new double[160];
            sol.scoreAndJacobian(t, x, 40, s, j);
            exact.scoreAndJacobian(t, x, 40, se, je);
            double[] sOnly = new double[80];
            sol.score(t, x, 40, sOnly);
            double errJ = 0, errS = 0, scale = 0;
            for (int k = 0; k < 160; k++) {
                errJ = Math.max(errJ, Math.abs(j[k] - je[k]));
                scale = Math.max(scale, Math.abs(je[k]));
            }
            for (int k = 0; k < 80; k++) {
                errS = Math.max(errS, Math.abs(s[k] - sOnly[k]));
            }
            System.out.printf("%s t=%.4f: TT score Jacobian vs closed form %.2e (scale %.2f); score paths agree to %.1e%n",
                    backend, t, errJ, scale, errS);
            assertTrue(errS < 1e-11 * (1 + scale), "score vs scoreAndJacobian " + errS);
            assertTrue(errJ < 1e-6 * scale, "Jacobian error " + errJ);
        }
        // the variational Jacobian of the TT encoder against its finite-difference Jacobian and the exact encoder's
        ProbabilityFlowEncoder tt = new ProbabilityFlowEncoder(sde, sol, ProbabilityFlowEncoder.Settings.of(1e-10, 1e-10));
        ProbabilityFlowEncoder ex = new ProbabilityFlowEncoder(sde, exact, ProbabilityFlowEncoder.Settings.of(1e-10, 1e-10));
        double[] xm = java.util.Arrays.copyOf(x, 8 * d);
        double[] jv = tt.encodeWithJacobian(xm, 0, 1).jacobians();
        double[] jfd = VariationalJacobianTest.finiteDifferenceJacobians(tt, xm, d, 0, 1, 1e-4);
        double[] jex = ex.encodeWithJacobian(xm, 0, 1).jacobians();
        double eFd = ProbabilityFlowEncoderTest.maxAbsDiff(jv, jfd), eEx = ProbabilityFlowEncoderTest.maxAbsDiff(jv, jex);
        System.out.printf("%s: TT variational J vs finite differences %.2e, vs exact-score J %.2e%n", backend, eFd, eEx);
        assertTrue(eFd < 1e-5, "variational vs finite differences " + eFd);
        assertTrue(eEx < 1e-3, "TT vs exact-score Jacobian " + eEx);
    }
}
