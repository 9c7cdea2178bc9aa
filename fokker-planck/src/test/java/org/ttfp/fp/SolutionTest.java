package org.ttfp.fp;

import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.sde.VpSde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.tt.TensorTrain;

/** Point values, scores, time interpolation, moments and marginals of a Solution against exact mixtures. */
class SolutionTest {

    static final VpSde SDE = new VpSde(3);
    static final GaussianMixture P0 = GaussianMixture.of(new double[] {0.55, 0.45},
            new double[][] {{0.8, -0.4, 0.2}, {-0.7, 0.5, -0.3}},
            new double[][] {{0.9, 0.2, 0.0, 0.2, 0.8, 0.1, 0.0, 0.1, 1.0}, {1.0, -0.2, 0.1, -0.2, 0.9, 0.0, 0.1, 0.0, 0.8}});
    static ChebyshevBox box;
    static Solution sol;

    @BeforeAll
    static void solve() {
        box = ChebyshevBox.cube(3, -7.5, 7.5, 60);
        FpProblem pr = FpProblem.builder(SDE, box).initial(P0).finalTime(0.4).steps(16).build();
        sol = FpSolver.solve(pr, FpSolver.Settings.defaults().withEps(1e-11));
    }

    @Test
    void snapshotsAtEveryStep() {
        assertEquals(17, sol.snapshotCount());
        assertEquals(0.4, sol.time(16), 1e-15);
        assertEquals(8, sol.snapshotAt(0.2));
        assertEquals(-1, sol.snapshotAt(0.21));
        assertEquals(FpMethod.EXACT, sol.method());
        assertEquals(17, sol.diagnostics().size());
        assertTrue(sol.initialCross().converged());
    }

    @Test
    void massMeanCovarianceMatchMixture() {
        for (int j : new int[] {0, 7, 16}) {
            GaussianMixture ex = P0.evolve(SDE, sol.time(j));
            assertEquals(1.0, sol.mass(j), 1e-9);
            double[] m = sol.mean(j), me = ex.mean();
            double[] c = sol.covariance(j), ce = ex.covariance();
            for (int i = 0; i < 3; i++) {
                assertEquals(me[i], m[i], 1e-9, "mean " + i);
            }
            for (int q = 0; q < 9; q++) {
                assertEquals(ce[q], c[q], 1e-8, "covariance " + q);
            }
        }
    }

    /** 1-D marginals against Σ w_k N(μ_ki, S_k,ii); 2-D marginals against the sub-mixture. */
    @Test
    void marginalsMatchMixtureMarginals() {
        int j = 10;
        GaussianMixture ex = P0.evolve(SDE, sol.time(j));
        for (int axis = 0; axis < 3; axis++) {
            double[] m = sol.marginal1d(j, axis);
            double[] x = box.axis(axis).nodes();
            for (int q = 0; q < x.length; q++) {
                double ref = 0;
                for (int k = 0; k < ex.components(); k++) {
                    double var = ex.covariance(k)[axis * 3 + axis];
                    double mu = ex.mean(k)[axis];
                    ref += ex.weight(k) * Math.exp(-0.5 * (x[q] - mu) * (x[q] - mu) / var) / Math.sqrt(2 * Math.PI * var);
                }
                assertEquals(ref, m[q], 1e-10, "axis " + axis + " node " + q);
            }
        }
        double[] m2 = sol.marginal2d(j, 0, 2);
        double[][] mu = new double[2][];
        double[][] cov = new double[2][];
        double[] w = new double[2];
        for (int k = 0; k < 2; k++) {
            double[] mk = ex.mean(k), sk = ex.covariance(k);
            mu[k] = new double[] {mk[0], mk[2]};
            cov[k] = new double[] {sk[0], sk[2], sk[6], sk[8]};
            w[k] = ex.weight(k);
        }
        GaussianMixture sub = GaussianMixture.of(w, mu, cov);
        ChebyshevBox sb = box.subBox(0, 2);
        double[] x = FpTestSupport.gridPoints(sb);
        double[] ref = new double[m2.length];
        sub.density(x, ref.length, ref);
        for (int q = 0; q < ref.length; q++) {
            assertEquals(ref[q], m2[q], 1e-10);
        }
        assertThrows(IllegalArgumentException.class, () -> sol.marginal2d(j, 2, 0));
    }

    /** Between snapshots the cubic Lagrange interpolation in time stays close to the exact density. */
    @Test
    void densityAndScoreBetweenSnapshots() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (double t : new double[] {0.0125, 0.2125, 0.3875}) {
            GaussianMixture ex = P0.evolve(SDE, t);
            int count = 200;
            double[] x = ex.sample(rnd, count);
            double[] p = new double[count], pe = new double[count];
            sol.density(t, x, count, p);
            ex.density(x, count, pe);
            double num = 0, den = 0;
            for (int s = 0; s < count; s++) {
                num += (p[s] - pe[s]) * (p[s] - pe[s]);
                den += pe[s] * pe[s];
            }
            assertTrue(Math.sqrt(num / den) < 2e-5, "t=" + t + " density error " + Math.sqrt(num / den));
            double[] sc = new double[3 * count], se = new double[3 * count];
            sol.score(t, x, count, sc);
            ex.score(x, count, se);
            num = 0;
            den = 0;
            for (int q = 0; q < 3 * count; q++) {
                num += (sc[q] - se[q]) * (sc[q] - se[q]);
                den += se[q] * se[q];
            }
            assertTrue(Math.sqrt(num / den) < 1e-4, "t=" + t + " score error " + Math.sqrt(num / den));
        }
    }

    /** At a snapshot: density equals the TT interpolant, the score is ∇p/p, ∇p matches central differences. */
    @Test
    void scoreIsGradientOverDensity() {
        double t = sol.time(5);
        double[] x = {0.3, -0.2, 0.5, -1.1, 0.7, 0.05};
        double[] p = new double[2], g = new double[6], s = new double[6];
        sol.density(t, x, 2, p);
        sol.gradient(t, x, 2, g);
        sol.score(t, x, 2, s);
        double[] ref = org.ttfp.cheb.TtInterpolant.of(box, sol.snapshot(5)).values(x, 2);
        for (int q = 0; q < 2; q++) {
            assertEquals(ref[q], p[q], 1e-14);
            for (int i = 0; i < 3; i++) {
                assertEquals(g[q * 3 + i] / p[q], s[q * 3 + i], 1e-12);
                double h = 1e-5;
                double[] xp = x.clone(), xm = x.clone();
                xp[q * 3 + i] += h;
                xm[q * 3 + i] -= h;
                double[] vp = new double[2], vm = new double[2];
                sol.density(t, xp, 2, vp);
                sol.density(t, xm, 2, vm);
                assertEquals((vp[q] - vm[q]) / (2 * h), g[q * 3 + i], 1e-7);
            }
        }
        assertEquals(3, sol.dim());
        TensorTrain last = sol.finalDensity();
        assertEquals(last.maxRank(), sol.snapshot(16).maxRank());
    }

    @Test
    void rejectsBadQueries() {
        double[] out = new double[3];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sol.density(0.5, new double[] {0, 0, 0}, 1, out));
        assertTrue(e.getMessage().contains("t = 0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sol.density(0.1, new double[] {0, 9, 0}, 1, out));
        assertTrue(e.getMessage().contains("outside the box"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sol.score(Double.NaN, new double[] {0, 0, 0}, 1, out));
        assertThrows(IndexOutOfBoundsException.class, () -> sol.snapshot(17));
    }
}
