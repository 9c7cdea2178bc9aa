package org.ttfp.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttfp.fp.density.ConvexPotential;
import org.ttfp.fp.density.CoupledQuarticPotential;
import org.ttfp.fp.density.LavenantSantambrogioPotential;

/** ∇u of a convex potential is an OT map: checked with the exact assignment on samples. */
class ConvexPotentialOtTest {

    @Test
    void gradientPairingIsCyclicallyMonotone() {
        // any finite set of pairs (x_i, ∇u(x_i)) is optimally paired by the identity
        for (ConvexPotential u : new ConvexPotential[] {new LavenantSantambrogioPotential(0.9),
            new CoupledQuarticPotential(5, 0.2, 0.5),
            new CoupledQuarticPotential(10, 0.2, 0.3, 0.3, CoupledQuarticPotential.longRangePairs(10, 1))}) {
            int d = u.dim();
            double[] x = u.sample(new SplittableRandom(35), 400);
            double[] y = u.gradient(x);
            LinearAssignment.Result r = LinearAssignment.solve(x, y, d);
            double identity = PointSets.meanSquaredDistance(x, y, d);
            assertEquals(identity, r.meanCost(), 1e-12 * identity, u.toString());
        }
    }

    @Test
    void gradientApproximatesTheDiscreteOtMapOfIndependentSamples() {
        ConvexPotential u = new LavenantSantambrogioPotential(0.5);
        int n = 2000;
        SplittableRandom rng = new SplittableRandom(2);
        double[] x = u.sample(rng, n);
        double[] y = new double[2 * n];
        for (int j = 0; j < y.length; j++) {
            y[j] = rng.nextGaussian();
        }
        int[] pi = LinearAssignment.solve(x, y, 2).rowToColumn();
        double[] grad = u.gradient(x);
        double[] linear = GaussianOt.map(PointSets.mean(x, 2), PointSets.covariance(x, 2), new double[2],
                new double[] {1, 0, 0, 1}).apply(x);
        double eGrad = 0, eLinear = 0, eIdentity = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                double t = y[2 * pi[i] + k];
                eGrad += Math.pow(grad[2 * i + k] - t, 2) / n;
                eLinear += Math.pow(linear[2 * i + k] - t, 2) / n;
                eIdentity += Math.pow(x[2 * i + k] - t, 2) / n;
            }
        }
        // the sampled OT map is noisy, but ∇u explains it far better than the best affine map
        assertTrue(eGrad < 0.5 * eLinear, "grad " + eGrad + " vs linear " + eLinear);
        assertTrue(eGrad < 0.15 * eIdentity, "grad " + eGrad + " vs identity " + eIdentity);
    }
}
