package org.ttfp.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.solve.TimeGrids;
import org.ttfp.linalg.Backends;

/**
 * The general (split) path with snapshots graded toward t0: the time-interpolation estimate of
 * {@link Solution#timeInterpolationError} bounds the true error of the interpolated score against
 * the exact mixture score (full-matrix OU, not separable, so the score is interpolated in time),
 * once the snapshots' own error (splitting and grid, measured at the bracketing snapshots) is
 * added; both CPU backends.
 */
class TimeInterpolationErrorTest {

    static Stream<String> backends() {
        return Stream.of("openblas", "ejml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void estimateBoundsTheTrueErrorOnASplitPathMixture(String backend) {
        Problems.Preset pr = Problems.ouMatrix(2, 64, 7);
        double[] snaps = TimeGrids.geometric(0, pr.finalTime(), 20, 0.01);
        Solution sol = FpSolver.solve(pr.builder().steps(100).snapshotTimes(snaps).build(), FpSolver.Settings.defaults()
                .withEps(1e-11).withNegativityTolerance(1e-3).withBackend(Backends.byName(backend)));
        assertFalse(sol.exactInTime());
        assertEquals(21, sol.snapshotCount());
        SplittableRandom rnd = new SplittableRandom(9);
        int tested = 0;
        double worstRatio = 0;
        for (int trial = 0; trial < 10; trial++) {
            int j = 1 + rnd.nextInt(sol.snapshotCount() - 2);
            double t = sol.time(j) + (0.2 + 0.6 * rnd.nextDouble()) * (sol.time(j + 1) - sol.time(j));
            GaussianMixture ex = pr.exact(t);
            double[] x = ex.sample(rnd, 20);
            double[] p = new double[20];
            ex.density(x, 20, p);
            double[] est = sol.timeInterpolationError(t, x, 20);
            double[] sc = new double[40], se = new double[40];
            sol.score(t, x, 20, sc);
            ex.score(x, 20, se);
            double[][] snapErr = new double[2][];
            for (int m = 0; m < 2; m++) {
                double tm = sol.time(j + m);
                double[] a = new double[40], b = new double[40];
                sol.score(tm, x, 20, a);
                pr.exact(tm).score(x, 20, b);
                snapErr[m] = new double[20];
                for (int s = 0; s < 20; s++) {
                    snapErr[m][s] = Math.hypot(a[2 * s] - b[2 * s], a[2 * s + 1] - b[2 * s + 1]);
                }
            }
            for (int s = 0; s < 20; s++) {
                double inside = 1;
                for (int i = 0; i < 2; i++) {
                    inside = Math.min(inside, 1 - Math.abs(x[2 * s + i]) / pr.box().axis(i).b());
                }
                if (inside < 0.3) {
                    continue;
                }
                double trueErr = Math.hypot(sc[2 * s] - se[2 * s], sc[2 * s + 1] - se[2 * s + 1]);
                double floor = Math.max(snapErr[0][s], snapErr[1][s]);
                tested++;
                worstRatio = Math.max(worstRatio, trueErr / (est[s] + floor));
                assertTrue(trueErr <= est[s] + floor, "t = " + t + ": true error " + trueErr + " > estimate " + est[s]
                        + " + snapshot error " + floor);
            }
        }
        assertTrue(tested > 100, "tested " + tested);
        // the estimate is not vacuous: the interpolation error is a visible part of the error
        assertTrue(worstRatio > 0.01, "worst ratio " + worstRatio);
    }

    @Test
    void exactInTimeSolutionsHaveNoTimeInterpolationError() {
        Problems.Preset pr = Problems.vp(2, 40, 1);
        Solution sol = FpSolver.solve(pr.builder().steps(8).build());
        assertTrue(sol.exactInTime());
        double[] e = sol.timeInterpolationError(0.37, new double[] {0.1, 0.2}, 1);
        assertEquals(0.0, e[0]);
        Solution half = sol.everySecondSnapshot();
        assertEquals(5, half.snapshotCount());
        assertEquals(sol.time(8), half.time(4));
        assertTrue(half.exactInTime());
    }

    @Test
    void geometricGridIsGradedAndValidated() {
        double[] t = TimeGrids.geometric(0.5, 5.5, 20, 0.01);
        assertEquals(21, t.length);
        assertEquals(0.5, t[0]);
        assertEquals(5.5, t[20]);
        assertEquals(0.01, t[1] - t[0], 1e-15);
        double q = (t[2] - t[1]) / (t[1] - t[0]);
        for (int k = 2; k < 20; k++) {
            assertEquals(q, (t[k + 1] - t[k]) / (t[k] - t[k - 1]), 1e-9 * q);
        }
        double[] u = TimeGrids.geometric(0, 1, 4, 0.25);
        assertEquals(0.5, u[2], 1e-12);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> TimeGrids.geometric(0, 1, 4, 0.3));
        assertTrue(ex.getMessage().contains("firstStep"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeGrids.geometric(1, 1, 4, 0.1));
        assertThrows(IllegalArgumentException.class, () -> TimeGrids.geometric(0, 1, 0, 0.1));
    }
}
