package org.ttfp.fp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.sde.DoubleWellSde;
import org.ttfp.linalg.Backends;

/**
 * The coupled double well in d = 2 on the extrapolated (fourth-order) split path against the
 * independent dense spectral reference {@link DenseFokkerPlanck2d} (collocation, Lawson RK4, no
 * splitting, no characteristics, no TT), to 1e−6; the reference is checked against itself with
 * twice the steps. Both CPU backends; with and without cross index reuse (same accuracy).
 */
class DoubleWellExtrapolatedTest {

    static final int N = Integer.getInteger("dw.n", 64);
    static final double T = 0.5;

    static Stream<String> backends() {
        return Stream.of("openblas", "ejml");
    }

    static GaussianMixture initial() {
        return GaussianMixture.of(new double[] {0.5, 0.5}, new double[][] {{-0.6, 0.3}, {0.5, -0.4}},
                new double[][] {{0.2, 0.04, 0.04, 0.25}, {0.25, -0.06, -0.06, 0.2}});
    }

    /** The dense reference p(T) on the grid, and its distance to the one with half the step. */
    static double[][] reference(DoubleWellSde sde, ChebyshevBox box, int steps) {
        double[] x = FpTestSupport.gridPoints(box);
        double[] p0 = new double[N * N];
        initial().density(x, N * N, p0);
        double[] ref = DenseFokkerPlanck2d.solve(sde, box.axis(0), p0, T, steps);
        double[] fine = DenseFokkerPlanck2d.solve(sde, box.axis(0), p0, T, 2 * steps);
        return new double[][] {ref, {FpTestSupport.relativeL2(ref, fine, FpTestSupport.gridWeights(box))}};
    }

    @ParameterizedTest
    @MethodSource("backends")
    void extrapolatedDoubleWellMatchesTheDenseReferenceToOneInAMillion(String backend) {
        DoubleWellSde sde = new DoubleWellSde(2, 0.5, 1.0);
        ChebyshevBox box = ChebyshevBox.cube(2, -3, 3, N);
        double[][] r = reference(sde, box, 400);
        assertTrue(r[1][0] < 1e-7, "dense reference self-check " + r[1][0]);
        double[] w = FpTestSupport.gridWeights(box);
        for (boolean reuse : new boolean[] {true, false}) {
            FpProblem pr = FpProblem.builder(sde, box).initial(initial()).finalTime(T).steps(STEPS).snapshotEvery(STEPS)
                    .build();
            FpSolver.Settings st = FpSolver.Settings.defaults().withEps(1e-11).withMethod(FpMethod.EXTRAPOLATED)
                    .withCharacteristicSubsteps(SUBSTEPS).withCrossIndexReuse(reuse).withBackend(Backends.byName(backend));
            Solution sol = FpSolver.solve(pr, st);
            double err = FpTestSupport.relativeL2(sol.finalDensity().full(), r[0], w);
            System.out.printf("double well d=2 extrapolated %s reuse=%s steps=%d: error %.3e (reference self-check %.1e), rank %d%n",
                    backend, reuse, STEPS, err, r[1][0], sol.finalDensity().maxRank());
            assertTrue(err < 1e-6, "reuse " + reuse + ": error " + err);
            assertTrue(sol.finalDensity().maxRank() > 5, "rank " + sol.finalDensity().maxRank());
        }
    }

    static final int STEPS = Integer.getInteger("dw.steps", 40);
    static final int SUBSTEPS = Integer.getInteger("dw.sub", 2);
}
