package org.ttfp.fp.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvexPotentialTest {

    /** Tensor grid on [−a, a]^d with m nodes per axis, row-major points. */
    static double[] grid(int d, int m, double a) {
        int total = (int) Math.pow(m, d);
        double h = 2 * a / (m - 1);
        double[] x = new double[total * d];
        for (int s = 0; s < total; s++) {
            int rest = s;
            for (int i = d - 1; i >= 0; i--) {
                x[s * d + i] = -a + (rest % m) * h;
                rest /= m;
            }
        }
        return x;
    }

    /** Trapezoid rule (the density is negligible at the box edge, so it is spectrally accurate). */
    static double integrate(double[] values, int d, int m, double a) {
        double h = 2 * a / (m - 1);
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s * Math.pow(h, d);
    }

    @Test
    void densitiesIntegrateToOne() {
        // the box must hold the tails: x2 = z2 − ε x1 spreads wider than N(0, 1)
        double a = 9;
        int m = 301;
        double[] g2 = grid(2, m, a);
        for (ConvexPotential u : new ConvexPotential[] {new LavenantSantambrogioPotential(0.5),
            new LavenantSantambrogioPotential(0.9), new CoupledQuarticPotential(2, 0.2, 0.45)}) {
            assertEquals(1.0, integrate(u.density(g2), 2, m, a), 1e-10, u.toString());
        }
        // 3-D on a coarser grid (h = 0.2): quadrature error a few 1e-9
        int m3 = 91;
        ConvexPotential u3 = new CoupledQuarticPotential(3, 0.1, 0.5);
        assertEquals(1.0, integrate(u3.density(grid(3, m3, a)), 3, m3, a), 1e-8, u3.toString());
    }

    @Test
    void quadraticCaseIsTheStandardGaussian() {
        ConvexPotential u = new CoupledQuarticPotential(3, 0, 0);
        double[] x = {0.3, -1.2, 2.0, 0, 0, 0};
        double[] lp = u.logDensity(x);
        for (int s = 0; s < 2; s++) {
            double r2 = 0;
            for (int i = 0; i < 3; i++) {
                r2 += x[3 * s + i] * x[3 * s + i];
            }
            assertEquals(-1.5 * Math.log(2 * Math.PI) - 0.5 * r2, lp[s], 1e-14);
        }
        assertArrayEquals(x, u.inverseGradient(x), 0.0);
        ConvexPotential ls = new LavenantSantambrogioPotential(0);
        assertArrayEquals(new double[] {0.4, -0.1}, ls.inverseGradient(new double[] {0.4, -0.1}), 0.0);
    }

    @Test
    void gradientAndHessianMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(31);
        for (ConvexPotential u : new ConvexPotential[] {new LavenantSantambrogioPotential(0.7),
            new CoupledQuarticPotential(5, 0.3, -0.4)}) {
            int d = u.dim();
            for (int trial = 0; trial < 10; trial++) {
                double[] x = new double[d];
                for (int i = 0; i < d; i++) {
                    x[i] = 2 * rng.nextGaussian();
                }
                assertDerivativesMatchCentralDifferences(u, x);
            }
        }
    }

    @Test
    void strongConvexityBoundHoldsAndIsAttainedAtTheOrigin() {
        SplittableRandom rng = new SplittableRandom(32);
        for (ConvexPotential u : new ConvexPotential[] {new LavenantSantambrogioPotential(0.8),
            new CoupledQuarticPotential(6, 0.05, 0.5)}) {
            int d = u.dim();
            double m = u.strongConvexity();
            assertTrue(m > 0);
            double[] hess = new double[d * d];
            u.hessian(new double[d], 0, hess);
            assertEquals(m, DenseSymmetric.eigen(hess, d).min(), 1e-13);
            for (int trial = 0; trial < 50; trial++) {
                double[] x = new double[d];
                for (int i = 0; i < d; i++) {
                    x[i] = 3 * rng.nextGaussian();
                }
                u.hessian(x, 0, hess);
                assertTrue(DenseSymmetric.eigen(hess, d).min() >= m - 1e-12);
            }
        }
    }

    @Test
    void samplesSolveTheGradientEquation() {
        for (ConvexPotential u : new ConvexPotential[] {new LavenantSantambrogioPotential(0.9),
            new CoupledQuarticPotential(10, 0.5, 0.45)}) {
            int d = u.dim(), n = 500;
            double[] x = u.sample(new SplittableRandom(33), n);
            SplittableRandom replay = new SplittableRandom(33);
            double[] g = u.gradient(x);
            double worst = 0;
            for (int s = 0; s < n; s++) {
                double zmax = 0, xmax = 0, res = 0;
                for (int i = 0; i < d; i++) {
                    double z = replay.nextGaussian();
                    zmax = Math.max(zmax, Math.abs(z));
                    xmax = Math.max(xmax, Math.abs(x[s * d + i]));
                    res = Math.max(res, Math.abs(g[s * d + i] - z));
                }
                worst = Math.max(worst, res / (1 + zmax + xmax));
            }
            assertTrue(worst <= 1e-12, u + ": scaled residual " + worst);
        }
    }

    @Test
    void sampleMomentsMatchDensityMoments() {
        ConvexPotential u = new LavenantSantambrogioPotential(0.5);
        double a = 9;
        int m = 301;
        double[] g = grid(2, m, a);
        double[] p = u.density(g);
        // E[x1], E[x2], E[x1²], E[x1 x2], E[x2²] and their second moments for standard errors
        double[][] f = new double[5][p.length];
        for (int s = 0; s < p.length; s++) {
            double x1 = g[2 * s], x2 = g[2 * s + 1];
            f[0][s] = x1;
            f[1][s] = x2;
            f[2][s] = x1 * x1;
            f[3][s] = x1 * x2;
            f[4][s] = x2 * x2;
        }
        int n = 40_000;
        double[] x = u.sample(new SplittableRandom(34), n);
        for (int k = 0; k < 5; k++) {
            double[] w1 = new double[p.length], w2 = new double[p.length];
            for (int s = 0; s < p.length; s++) {
                w1[s] = p[s] * f[k][s];
                w2[s] = p[s] * f[k][s] * f[k][s];
            }
            double mean = integrate(w1, 2, m, a);
            double var = integrate(w2, 2, m, a) - mean * mean;
            double sample = 0;
            for (int s = 0; s < n; s++) {
                double x1 = x[2 * s], x2 = x[2 * s + 1];
                sample += (k == 0 ? x1 : k == 1 ? x2 : k == 2 ? x1 * x1 : k == 3 ? x1 * x2 : x2 * x2) / n;
            }
            assertEquals(mean, sample, 5 * Math.sqrt(var / n), "moment " + k);
        }
    }

    @Test
    void refusesNonConvexParameters() {
        IllegalArgumentException e;
        for (double eps : new double[] {-0.1, 1.0, 1.5}) {
            e = assertThrows(IllegalArgumentException.class, () -> new LavenantSantambrogioPotential(eps));
            assertTrue(e.getMessage().startsWith("epsilon = ") && e.getMessage().contains("non-convex"),
                    e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> new LavenantSantambrogioPotential(Double.NaN));
        assertTrue(e.getMessage().startsWith("epsilon"), e.getMessage());
        // d = 5: |ε| < 1/(2 cos(π/6)) = 0.5774
        new CoupledQuarticPotential(5, 0.1, 0.57);
        e = assertThrows(IllegalArgumentException.class, () -> new CoupledQuarticPotential(5, 0.1, -0.58));
        assertTrue(e.getMessage().startsWith("epsilon = -0.58") && e.getMessage().contains("non-convex"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CoupledQuarticPotential(5, -0.01, 0.1));
        assertTrue(e.getMessage().startsWith("a = -0.01") && e.getMessage().contains("non-convex"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CoupledQuarticPotential(0, 0.1, 0.1));
        assertTrue(e.getMessage().startsWith("d = 0"), e.getMessage());
        // d = 1 has no coupling: any ε is convex
        new CoupledQuarticPotential(1, 0.1, 5);
        ConvexPotential u = new CoupledQuarticPotential(2, 0.1, 0.2);
        e = assertThrows(IllegalArgumentException.class, () -> u.inverseGradient(new double[] {0, Double.NaN}));
        assertTrue(e.getMessage().startsWith("z[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> u.density(new double[] {0, 1, 2}));
        assertTrue(e.getMessage().contains("multiple of d"), e.getMessage());
    }

    /**
     * Central differences (h = 1e−5) of u's value and gradient at x against its gradient and Hessian
     * (d x d row-major), to 1e−6 relative: shared by the potential tests of this package.
     */
    static void assertDerivativesMatchCentralDifferences(ConvexPotential u, double[] x) {
        int d = x.length;
        double[] g = new double[d], gp = new double[d], gm = new double[d], hess = new double[d * d];
        u.gradient(x, 0, g, 0);
        u.hessian(x, 0, hess);
        double h = 1e-5;
        for (int i = 0; i < d; i++) {
            double[] xp = x.clone(), xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double fd = (u.value(xp, 0) - u.value(xm, 0)) / (2 * h);
            assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), u + " gradient " + i);
            u.gradient(xp, 0, gp, 0);
            u.gradient(xm, 0, gm, 0);
            for (int j = 0; j < d; j++) {
                double fdh = (gp[j] - gm[j]) / (2 * h);
                assertEquals(fdh, hess[j * d + i], 1e-6 * Math.max(1, Math.abs(fdh)), u + " hessian");
            }
        }
    }
}
