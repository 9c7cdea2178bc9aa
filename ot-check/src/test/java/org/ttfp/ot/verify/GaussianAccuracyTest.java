package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.fp.Solution;
import org.ttfp.linalg.Backends;
import org.ttfp.ot.ProbabilityFlowEncoder;
import org.ttfp.tt.Cancellation;

/**
 * The TT encoder of the Gaussian preset (VP, t0 = 0, preset grid, rank and steps) against the
 * closed-form OT map between the Gaussians p_0 and p_T: ≤ 1e−9 relative to the displacement in
 * d = 2 and d = 10, now that the score is exact in time (before: 7.6e−7 in d = 2, the time
 * interpolation of the score). Integrator tolerance 1e−11.
 */
class GaussianAccuracyTest {

    static Stream<Object[]> cases() {
        return Stream.of(new Object[] {"openblas", 2}, new Object[] {"ejml", 2}, new Object[] {"openblas", 10});
    }

    @ParameterizedTest(name = "d = {1} on {0}")
    @MethodSource("cases")
    void ttEncoderMatchesTheClosedFormMap(String backend, int d) {
        Presets.Defaults def = Presets.Defaults.GAUSSIAN;
        Scenario sc = Presets.gaussian(d, Presets.sde("vp", d), def.grid(), def.rank(), def.steps(), 0.0, 1);
        Solution sol = SolveStage.run(sc, sc.box(), sc.steps(), 7, Backends.byName(backend),
                VerificationRunner.Progress.NONE, Cancellation.NONE).solution();
        assertTrue(sol.exactInTime());
        double[] x = sc.sampler().sample(new SplittableRandom(2), 4);
        double tol = 1e-11;
        double[] e = new ProbabilityFlowEncoder(sc.sde(), sol, ProbabilityFlowEncoder.Settings.of(tol, tol))
                .encode(x, 0, sc.horizon()).points();
        double[] t = sc.reference().apply(x);
        double worst = 0;
        for (int i = 0; i < 4; i++) {
            double num = 0, den = 0;
            for (int k = 0; k < d; k++) {
                num += Math.pow(e[i * d + k] - t[i * d + k], 2);
                den += Math.pow(t[i * d + k] - x[i * d + k], 2);
            }
            worst = Math.max(worst, Math.sqrt(num / den));
        }
        System.out.printf("gaussian-vp d=%d %s: TT encoder vs closed-form OT map %.2e%n", d, backend, worst);
        assertTrue(worst <= 1e-9, "d = " + d + ": relative deviation " + worst);
    }
}
