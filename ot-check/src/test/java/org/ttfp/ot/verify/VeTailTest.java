package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ttfp.fp.Problems;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.ot.MixtureScore;

/**
 * The VE tail term (MeasureStage#rescaledTail) against the closed form for a Gaussian μ0 = N(m, c)
 * in d = 1: the VE flow is x(σ) = m + √((σ² + c)/(σ_T² + c)) (x_T − m), so y = x/σ tends to
 * (x_T − m)/√(σ_T² + c) as σ → ∞, and the displacement left after σ_T is
 * |(x_T − m)/√(σ_T² + c) − x_T/σ_T|. The tail must bound it, by no more than a factor 2.5.
 */
class VeTailTest {
    @Test
    void boundsTheRescaledFlowsRemainingDisplacement() {
        GaussianMixture g = Problems.randomMixture(1, 1, 5L);
        double m = g.mean(0)[0], c = g.covariance(0)[0];
        for (double sigmaMax : new double[] {2, 20, 200}) {
            Presets.NamedSde s = new Presets.NamedSde("ve", new org.ttfp.fp.sde.VeSde(1, 0.01, sigmaMax, 1.0), 1.0);
            Scenario sc = Presets.gaussian(g, s, 16, 5, 10, 0.0);
            double sT = Math.sqrt(s.sde().sigma2(1.0));
            double[] xT = {sT * 0.7 + m, -sT * 1.3 + m, m + 0.1};
            double[] ones = {1, 1, 1};
            Stat tail = MeasureStage.rescaledTail(sc, new MixtureScore(g, s.sde()), xT, sT, ones);
            double worst = 0;
            for (double x : xT) {
                double exact = Math.abs((x - m) / Math.sqrt(sT * sT + c) - x / sT);
                double[] one = {x};
                double bound = MeasureStage.rescaledTail(sc, new MixtureScore(g, s.sde()), one, sT, new double[] {1}).mean();
                assertTrue(bound >= exact * (1 - 1e-12), "sigma_max " + sigmaMax + ", x_T " + x + ": tail " + bound
                        + " below the exact " + exact);
                worst = Math.max(worst, bound / exact);
            }
            System.out.printf("VeTailTest: sigma_max %g, largest tail / exact %.3f%n", sigmaMax, worst);
            assertTrue(worst < 2.5, "tail / exact = " + worst + " at sigma_max = " + sigmaMax);
            assertTrue(Double.isFinite(tail.mean()));
        }
    }
}
