package org.ttfp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cross.CrossOptions;
import org.ttfp.cross.CrossResult;
import org.ttfp.cross.TtCross;
import org.ttfp.fp.FpProblem;
import org.ttfp.fp.FpSolver;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.Solution;
import org.ttfp.fp.sde.VpSde;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.ot.GaussianEncoder;
import org.ttfp.ot.ProbabilityFlowEncoder;
import org.ttfp.tt.TensorTrain;

/** The modules together: cross + Chebyshev + FP solve + encoder, against closed forms. */
class PipelineTest {

    @Test
    void crossBuiltGaussianIntegratesToOneAndHasTheExactMarginal() {
        Backend be = Backends.defaultBackend();
        int d = 4;
        ChebyshevBox box = ChebyshevBox.cube(d, -7, 7, 48);
        CrossResult r = TtCross.approximate(be, box.modeSizes(), (idx, count, out) -> {
            double[] x = box.points(idx, count);
            for (int s = 0; s < count; s++) {
                double q = 0;
                for (int k = 0; k < d; k++) {
                    q += x[s * d + k] * x[s * d + k];
                }
                out[s] = Math.exp(-0.5 * q) / Math.pow(2 * Math.PI, d / 2.0);
            }
        }, CrossOptions.defaults().withEps(1e-10));
        TensorTrain p = r.tt();
        assertEquals(1.0, box.integrate(p), 1e-9);
        double[] m = box.marginal(p, 2).full();
        double[] x = box.axis(2).nodes();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.exp(-0.5 * x[i] * x[i]) / Math.sqrt(2 * Math.PI), m[i], 1e-9);
        }
    }

    @Test
    void solvedVpDensityDrivesTheEncoderToTheClosedFormMap() {
        int d = 3;
        double[] cov = {0.6, 0.1, 0, 0.1, 0.5, 0.05, 0, 0.05, 0.8};
        double[] mean = {0.3, -0.2, 0.1};
        GaussianMixture g = GaussianMixture.gaussian(mean, cov);
        VpSde sde = new VpSde(d);
        FpProblem problem = FpProblem.builder(sde, ChebyshevBox.cube(d, -6, 6, 56)).initial(g).finalTime(1).steps(100)
                .build();
        Solution sol = FpSolver.solve(problem, FpSolver.Settings.defaults().withMaxRank(20).withEps(1e-10));
        double[] x = g.sample(new SplittableRandom(2), 50);
        double[] e = new ProbabilityFlowEncoder(sde, sol, ProbabilityFlowEncoder.Settings.of(1e-9, 1e-9))
                .encode(x, 0, 1).points();
        double[] exact = new GaussianEncoder(sde, mean, cov).encode(x, 1);
        double worst = 0;
        for (int s = 0; s < 50; s++) {
            double num = 0, den = 0;
            for (int k = 0; k < d; k++) {
                num += Math.pow(e[s * d + k] - exact[s * d + k], 2);
                den += Math.pow(exact[s * d + k] - x[s * d + k], 2);
            }
            worst = Math.max(worst, Math.sqrt(num / den));
        }
        assertTrue(worst < 1e-4, "worst relative deviation " + worst);
    }
}
