package org.ttfp.fp;

import org.ttfp.fp.density.DenseSymmetric;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.density.LavenantSantambrogioPotential;
import org.ttfp.fp.density.QuarticMixtureDensity;
import org.ttfp.fp.sde.DoubleWellSde;
import org.ttfp.fp.sde.MatrixOuSde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ttfp.cheb.ChebyshevBox;

/** The built-in presets and the verification densities. */
class ProblemsTest {

    @Test
    void everyPresetBuilds() {
        java.util.Map<String, Problems.Preset> all = new java.util.LinkedHashMap<>();
        all.put("vp", Problems.vp(2, 40, 7));
        all.put("vp-paper", Problems.vpPaper(2, 40, 7));
        all.put("ve", Problems.ve(2, 40, 7));
        all.put("subvp", Problems.subVp(2, 40, 7));
        all.put("ou", Problems.ou(2, 40, 7));
        all.put("ou-diagonal", Problems.ouDiagonal(2, 40, 7));
        all.put("ou-matrix", Problems.ouMatrix(2, 40, 7));
        all.put("double-well", Problems.doubleWell(2, 40, 7));
        for (java.util.Map.Entry<String, Problems.Preset> entry : all.entrySet()) {
            String name = entry.getKey();
            Problems.Preset p = entry.getValue();
            assertEquals(name, p.name());
            FpProblem pr = p.builder().build();
            assertEquals(2, pr.box().dim());
            assertEquals(p.finalTime(), pr.finalTime());
            boolean separable = !(p.sde() instanceof MatrixOuSde || p.sde() instanceof DoubleWellSde);
            assertEquals(separable ? FpMethod.EXACT : FpMethod.SPLIT, FpMethod.AUTO.resolve(pr.sde()), name);
            if (p.hasExact()) {
                GaussianMixture e0 = p.exact(0.0);
                double[] x = {0.3, -0.4};
                double[] a = new double[1], b = new double[1];
                e0.density(x, 1, a);
                p.mixture().density(x, 1, b);
                assertEquals(b[0], a[0], 1e-14, name);
            }
        }
        assertThrows(IllegalStateException.class, () -> Problems.vpPaper(2, 20, 1).exact(1));
    }

    /** Exact-path presets reproduce their exact solutions; ou-diagonal's exact law agrees with the propagator. */
    @Test
    void presetsSolveToTheirExactSolutions() {
        for (Problems.Preset p : new Problems.Preset[] {Problems.vp(2, 72, 3), Problems.ouDiagonal(2, 72, 3),
                Problems.subVp(2, 72, 3)}) {
            String name = p.name();
            Solution s = FpSolver.solve(p.builder().steps(2).build(), p.settings().withEps(1e-11));
            double err = FpTestSupport.relativeL2(p.box(), s.finalDensity(), p.exact(p.finalTime()));
            assertTrue(err < 1e-7, name + " error " + err);
        }
    }

    /** The paper's preset: quartic mixture normalised on [−8, 8]², evolved towards N(0, I) by dX = −X dt + √2 dW. */
    @Test
    void paperPresetRelaxesToStandardNormal() {
        Problems.Preset p = Problems.vpPaper(2, 72, 5);
        Solution s = FpSolver.solve(p.builder().steps(5).build(), p.settings().withEps(1e-10));
        assertEquals(Problems.PAPER_BOX_MASS_TOLERANCE, p.boxMassTolerance());
        assertEquals(Problems.PAPER_BOX_MASS_TOLERANCE, p.settings().boxMassTolerance());
        assertEquals(1.0, s.mass(0), 1e-12);
        // for dX = −X dt + √2 dW the moments are exact for any initial law:
        // m(t) = e^{−t} m(0), C(t) = e^{−2t} C(0) + (1 − e^{−2t}) I, here from the solution's own initial moments
        double[] m0 = s.mean(0), c0 = s.covariance(0);
        double a = Math.exp(-p.finalTime());
        double[] m = s.mean(s.snapshotCount() - 1);
        double[] c = s.covariance(s.snapshotCount() - 1);
        for (int i = 0; i < 2; i++) {
            assertTrue(Math.abs(a * m0[i]) > 1e-4, "the mean's e^{-5} m0 must be resolvable: " + a * m0[i]);
            assertEquals(a * m0[i], m[i], 1e-8, "mean " + i);
            for (int j = 0; j < 2; j++) {
                double expected = a * a * c0[i * 2 + j] + (i == j ? 1 - a * a : 0);
                assertEquals(expected, c[i * 2 + j], 1e-8, "covariance " + i + "," + j);
            }
        }
        assertEquals(p.mixture(), null);
    }

    @Test
    void quarticMixtureMatchesDefinition() {
        QuarticMixtureDensity q = new QuarticMixtureDensity(3, 42);
        assertTrue(q.components() >= 1 && q.components() <= 4);
        double[] x = {0.4, -1.2, 0.7};
        double ref = 0;
        for (int k = 0; k < q.components(); k++) {
            double[] q1 = q.q1(k), q2 = q.q2(k), c1 = q.c1(k), c2 = q.c2(k);
            double a = 0, b = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    a += (x[i] - c1[i]) * q1[i * 3 + j] * (x[j] - c1[j]);
                    double ui = (x[i] - c2[i]) * (x[i] - c2[i]), uj = (x[j] - c2[j]) * (x[j] - c2[j]);
                    b += ui * q2[i * 3 + j] * uj;
                }
                assertTrue(c1[i] >= -2 && c1[i] <= 2 && c2[i] >= -2 && c2[i] <= 2);
            }
            ref += Math.exp(-0.05 * (a + b));
        }
        double[] out = new double[1];
        q.evaluate(x, 1, out);
        assertEquals(ref / q.components(), out[0], 1e-15);
        // deterministic by seed, different across seeds
        double[] again = new double[1], other = new double[1];
        new QuarticMixtureDensity(3, 42).evaluate(x, 1, again);
        new QuarticMixtureDensity(3, 43).evaluate(x, 1, other);
        assertEquals(out[0], again[0]);
        assertTrue(out[0] != other[0]);
        // Q1 = AᵀA is symmetric positive semidefinite
        double[] q1 = q.q1(0);
        assertTrue(DenseSymmetric.eigen(q1, 3).min() >= -1e-12);
    }

    /** The convex-potential density as the solver's callback integrates to 1 on the grid. */
    @Test
    void convexPotentialDensityIsANormalisedCallback() {
        InitialDensity init = Problems.convexPotential(new LavenantSantambrogioPotential(0.3));
        assertTrue(init.normalized());
        assertEquals(2, init.dim());
        ChebyshevBox box = ChebyshevBox.cube(2, -6.5, 6.5, 160);
        double[] x = FpTestSupport.gridPoints(box);
        double[] v = new double[x.length / 2];
        ((InitialDensity.Callback) init).function().evaluate(x, v.length, v);
        double[] w = FpTestSupport.gridWeights(box);
        double mass = 0;
        for (int j = 0; j < v.length; j++) {
            mass += w[j] * v[j];
        }
        assertEquals(1.0, mass, 1e-8);
        assertThrows(IllegalArgumentException.class, () -> Problems.convexPotential(null));
    }

    @Test
    void randomMixtureIsReproducibleWithTridiagonalPrecision() {
        int d = 5;
        GaussianMixture a = Problems.randomMixture(d, 3, 9), b = Problems.randomMixture(d, 3, 9);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(a.mean(k), b.mean(k));
            assertArrayEquals(a.covariance(k), b.covariance(k));
            double[] prec = DenseSymmetric.eigen(a.covariance(k), d).apply(x -> 1 / x);
            for (int i = 0; i < d; i++) {
                assertTrue(prec[i * d + i] >= 1.2 - 1e-9 && prec[i * d + i] <= 3 + 1e-9, "P_ii = " + prec[i * d + i]);
                for (int j = i + 2; j < d; j++) {
                    assertEquals(0, prec[i * d + j], 1e-9, "precision (" + i + ", " + j + ")");
                }
                if (i + 1 < d) {
                    double rho = prec[i * d + i + 1] / Math.sqrt(prec[i * d + i] * prec[(i + 1) * d + i + 1]);
                    assertTrue(Math.abs(rho) <= 0.3 + 1e-9, "rho " + rho);
                }
            }
        }
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            sum += a.weight(k);
        }
        assertEquals(1.0, sum, 1e-15);
    }
}
