package org.ttfp.fp.density;

import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.sde.VpSde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

    /** VP-SDE of docs/math.md §1: β(t) = 0.1 + 19.9 t, α = exp(−½B), σ² = 1 − α². */
    static final class VpSde implements LinearGaussianSde {
        private final int d;

        VpSde(int d) {
            this.d = d;
        }

        double beta(double t) {
            return 0.1 + t * 19.9;
        }

        double b(double t) {
            return 0.1 * t + 0.5 * t * t * 19.9;
        }

        @Override
        public int dim() {
            return d;
        }

        @Override
        public void drift(double t, double[] x, int count, double[] out) {
            double h = -0.5 * beta(t);
            for (int j = 0; j < count * d; j++) {
                out[j] = h * x[j];
            }
        }

        @Override
        public double diffusion2(int axis, double t) {
            return beta(t);
        }

        @Override
        public double alpha(double t) {
            return Math.exp(-0.5 * b(t));
        }

        @Override
        public double sigma2(double t) {
            return -Math.expm1(-b(t));
        }
    }

    /** Three components in d = 3 with correlated covariances. */
    static GaussianMixture threeComponents() {
        double[] w = {0.5, 0.3, 0.2};
        double[][] mu = {{0, 0, 0}, {2, -1, 0.5}, {-1.5, 1, 1}};
        double[][] s = {
            {1.0, 0.3, 0.1, 0.3, 0.8, -0.2, 0.1, -0.2, 0.6},
            {0.4, 0.0, 0.1, 0.0, 0.5, 0.1, 0.1, 0.1, 0.3},
            {0.7, -0.3, 0.0, -0.3, 0.9, 0.2, 0.0, 0.2, 1.2}};
        return GaussianMixture.of(w, mu, s);
    }

    /** Reference log N(x; μ, S) with EJML's LU inverse and determinant (independent of the Cholesky path). */
    static double referenceLogGaussian(double[] x, double[] mu, double[] s) {
        int d = mu.length;
        DMatrixRMaj sm = new DMatrixRMaj(d, d, true, s);
        DMatrixRMaj inv = new DMatrixRMaj(d, d);
        assertTrue(CommonOps_DDRM.invert(sm.copy(), inv));
        double det = CommonOps_DDRM.det(sm);
        double q = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q += (x[i] - mu[i]) * inv.get(i, j) * (x[j] - mu[j]);
            }
        }
        return -0.5 * q - 0.5 * Math.log(det) - 0.5 * d * Math.log(2 * Math.PI);
    }

    static double referenceLogMixture(GaussianMixture g, double[] x) {
        double p = 0;
        for (int k = 0; k < g.components(); k++) {
            p += g.weight(k) * Math.exp(referenceLogGaussian(x, g.mean(k), g.covariance(k)));
        }
        return Math.log(p);
    }

    @Test
    void logDensityMatchesIndependentReference() {
        GaussianMixture g = threeComponents();
        SplittableRandom rng = new SplittableRandom(11);
        int n = 50;
        double[] x = new double[n * 3];
        for (int j = 0; j < x.length; j++) {
            x[j] = 3 * (rng.nextDouble() - 0.5);
        }
        double[] lp = new double[n];
        double[] p = new double[n];
        g.logDensity(x, n, lp);
        g.density(x, n, p);
        for (int s = 0; s < n; s++) {
            double[] xs = {x[3 * s], x[3 * s + 1], x[3 * s + 2]};
            double ref = referenceLogMixture(g, xs);
            assertEquals(ref, lp[s], 1e-12 * Math.max(1, Math.abs(ref)));
            assertEquals(Math.exp(ref), p[s], 1e-12 * Math.exp(ref));
        }
    }

    @Test
    void logDensityStaysFiniteInFarTails() {
        GaussianMixture g = threeComponents();
        double[] x = {200, -150, 300};
        double[] lp = new double[1];
        g.logDensity(x, 1, lp);
        // p underflows; the dominant component's log-term does not
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            best = Math.max(best, Math.log(g.weight(k)) + referenceLogGaussian(x, g.mean(k), g.covariance(k)));
        }
        assertTrue(Double.isFinite(lp[0]));
        assertEquals(best, lp[0], 1e-9 * Math.abs(best));
        double[] score = new double[3];
        g.score(x, 1, score);
        for (double v : score) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void scoreMatchesFiniteDifferencesOfLogDensity() {
        GaussianMixture g = threeComponents();
        SplittableRandom rng = new SplittableRandom(5);
        int n = 20;
        double[] x = new double[n * 3];
        for (int j = 0; j < x.length; j++) {
            x[j] = 4 * (rng.nextDouble() - 0.5);
        }
        double[] score = new double[n * 3];
        g.score(x, n, score);
        double h = 1e-5;
        double[] lp = new double[1], lm = new double[1];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 3; i++) {
                double[] xp = {x[3 * s], x[3 * s + 1], x[3 * s + 2]};
                double[] xm = xp.clone();
                xp[i] += h;
                xm[i] -= h;
                g.logDensity(xp, 1, lp);
                g.logDensity(xm, 1, lm);
                double fd = (lp[0] - lm[0]) / (2 * h);
                assertEquals(fd, score[3 * s + i], 1e-7 * Math.max(1, Math.abs(fd)));
            }
        }
    }

    @Test
    void parallelBatchEqualsPointwise() {
        GaussianMixture g = threeComponents();
        double[] x = g.sample(new SplittableRandom(3), 20000);
        double[] batch = new double[x.length];
        g.score(x, 20000, batch);
        double[] one = new double[3];
        for (int s = 0; s < 20000; s += 997) {
            g.score(new double[] {x[3 * s], x[3 * s + 1], x[3 * s + 2]}, 1, one);
            assertArrayEquals(one, new double[] {batch[3 * s], batch[3 * s + 1], batch[3 * s + 2]}, 0.0);
        }
    }

    @Test
    void densityIntegratesToOneAndHasStatedMoments2d() {
        GaussianMixture g = GaussianMixture.of(new double[] {0.25, 0.75},
                new double[][] {{-1, 0.5}, {1.5, -0.5}},
                new double[][] {{0.5, 0.2, 0.2, 0.4}, {1.0, -0.3, -0.3, 0.6}});
        // trapezoid on [-9, 9]^2, spectrally accurate for this smooth, fast-decaying integrand
        int m = 361;
        double a = -9, h = 18.0 / (m - 1);
        double[] pts = new double[m * m * 2];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                pts[2 * (i * m + j)] = a + i * h;
                pts[2 * (i * m + j) + 1] = a + j * h;
            }
        }
        double[] p = new double[m * m];
        g.density(pts, m * m, p);
        double mass = 0, m1 = 0, m2 = 0, c11 = 0, c12 = 0, c22 = 0;
        for (int s = 0; s < m * m; s++) {
            double w = p[s] * h * h, x = pts[2 * s], y = pts[2 * s + 1];
            mass += w;
            m1 += w * x;
            m2 += w * y;
            c11 += w * x * x;
            c12 += w * x * y;
            c22 += w * y * y;
        }
        assertEquals(1.0, mass, 1e-12);
        double[] mean = g.mean();
        double[] cov = g.covariance();
        assertEquals(mean[0], m1, 1e-12);
        assertEquals(mean[1], m2, 1e-12);
        assertEquals(cov[0], c11 - m1 * m1, 1e-11);
        assertEquals(cov[1], c12 - m1 * m2, 1e-11);
        assertEquals(cov[2], cov[1], 0.0);
        assertEquals(cov[3], c22 - m2 * m2, 1e-11);
    }

    @Test
    void samplesHaveTheMixtureMoments() {
        GaussianMixture g = threeComponents();
        int n = 200_000;
        double[] x = g.sample(new SplittableRandom(42), n);
        double[] m = new double[3];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 3; i++) {
                m[i] += x[3 * s + i] / n;
            }
        }
        double[] c = new double[9];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    c[3 * i + j] += (x[3 * s + i] - m[i]) * (x[3 * s + j] - m[j]) / (n - 1);
                }
            }
        }
        double[] mean = g.mean();
        double[] cov = g.covariance();
        for (int i = 0; i < 3; i++) {
            double se = Math.sqrt(cov[4 * i] / n);
            assertEquals(mean[i], m[i], 5 * se, "mean " + i);
            for (int j = 0; j < 3; j++) {
                // standard error of a sample covariance: sqrt((S_ii S_jj + S_ij^2)/n) for Gaussian data,
                // widened by 3x for the mixture's heavier fourth moments
                double sec = 3 * Math.sqrt((cov[4 * i] * cov[4 * j] + cov[3 * i + j] * cov[3 * i + j]) / n);
                assertEquals(cov[3 * i + j], c[3 * i + j], 5 * sec, "cov " + i + "," + j);
            }
        }
        // reproducible with a fixed seed
        assertArrayEquals(g.sample(new SplittableRandom(7), 10), g.sample(new SplittableRandom(7), 10), 0.0);
    }

    @Test
    void evolvedMixtureSolvesTheVpFokkerPlanckEquation() {
        // ∂p/∂t = ½β(t) [∇·(x p) + Δp] = ½β [d p + x·∇p + Δp], by finite differences in t and x
        GaussianMixture g = threeComponents();
        VpSde sde = new VpSde(3);
        double[][] points = {{0.1, -0.2, 0.3}, {1.0, 0.5, -0.5}, {-0.7, 0.9, 0.4}};
        for (double t : new double[] {0.05, 0.2, 0.5}) {
            for (double[] x : points) {
                double ht = 1e-5, hx = 1e-3;
                double dpdt = (dens(g.evolve(sde, t + ht), x) - dens(g.evolve(sde, t - ht), x)) / (2 * ht);
                GaussianMixture gt = g.evolve(sde, t);
                double p = dens(gt, x);
                double lap = 0, xgrad = 0;
                for (int i = 0; i < 3; i++) {
                    double[] xp = x.clone(), xm = x.clone();
                    xp[i] += hx;
                    xm[i] -= hx;
                    double pp = dens(gt, xp), pm = dens(gt, xm);
                    lap += (pp - 2 * p + pm) / (hx * hx);
                    xgrad += x[i] * (pp - pm) / (2 * hx);
                }
                double rhs = 0.5 * sde.beta(t) * (3 * p + xgrad + lap);
                assertEquals(rhs, dpdt, 1e-5 * Math.max(Math.abs(rhs), p), "t=" + t);
            }
        }
    }

    private static double dens(GaussianMixture g, double[] x) {
        double[] out = new double[1];
        g.density(x, 1, out);
        return out[0];
    }

    @Test
    void evolveHasTheClosedFormParametersAndLimits() {
        GaussianMixture g = threeComponents();
        VpSde sde = new VpSde(3);
        GaussianMixture g0 = g.evolve(sde, 0.0);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(g.mean(k), g0.mean(k), 0.0);
            assertArrayEquals(g.covariance(k), g0.covariance(k), 0.0);
        }
        double t = 0.3, a = sde.alpha(t), s2 = sde.sigma2(t);
        GaussianMixture gt = g.evolve(sde, t);
        // mixture mean and covariance transform as those of α X + σ ε
        double[] m0 = g.mean(), mt = gt.mean(), c0 = g.covariance(), ct = gt.covariance();
        for (int i = 0; i < 3; i++) {
            assertEquals(a * m0[i], mt[i], 1e-14);
            for (int j = 0; j < 3; j++) {
                assertEquals(a * a * c0[3 * i + j] + (i == j ? s2 : 0), ct[3 * i + j], 1e-14);
            }
        }
        // at T = 1 the evolved law is close to N(0, I): its covariances are I to α² ≈ 4e-5 and
        // its means are α μ_k (α ≈ 6.6e-3, |μ_k| ≤ 2), so the score is −x to within about 2α
        double a1 = sde.alpha(1.0);
        double[] x = {0.3, -0.4, 1.1};
        double[] score = new double[3];
        g.evolve(sde, 1.0).score(x, 1, score);
        for (int i = 0; i < 3; i++) {
            assertEquals(-x[i], score[i], 2.5 * a1);
        }
    }

    @Test
    void scoreFieldMatchesEvolvedMixtureAtEveryTime() {
        GaussianMixture g = threeComponents();
        VpSde sde = new VpSde(3);
        ScoreField field = g.scoreField(sde);
        assertEquals(3, field.dim());
        double[] x = g.sample(new SplittableRandom(9), 30);
        double[] a = new double[90], b = new double[90];
        for (double t : new double[] {0.0, 0.01, 0.4, 0.4, 1.0}) {
            field.score(t, x, 30, a);
            g.evolve(sde, t).score(x, 30, b);
            assertArrayEquals(b, a, 0.0);
        }
    }

    @Test
    void rejectsInvalidInputWithNamedArguments() {
        double[][] mu = {{0, 0}, {1, 1}};
        double[][] s = {{1, 0, 0, 1}, {1, 0, 0, 1}};
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class, () -> GaussianMixture.of(new double[] {0.5, 0.6}, mu, s));
        assertTrue(e.getMessage().contains("weights sum"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GaussianMixture.of(new double[] {1.5, -0.5}, mu, s));
        assertTrue(e.getMessage().contains("weights[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.of(new double[] {0.5, 0.5}, mu, new double[][] {{1, 0, 0, 1}, {1, 2, 2, 1}}));
        assertTrue(e.getMessage().contains("covariances[1]") && e.getMessage().contains("positive definite"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.of(new double[] {0.5, 0.5}, mu, new double[][] {{1, 0.5, 0, 1}, {1, 0, 0, 1}}));
        assertTrue(e.getMessage().contains("covariances[0]") && e.getMessage().contains("symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.of(new double[] {0.5, 0.5}, new double[][] {{0, 0}, {1, 1, 1}}, s));
        assertTrue(e.getMessage().contains("means[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.of(new double[] {0.5, 0.5}, new double[][] {{0, Double.NaN}, {1, 1}}, s));
        assertTrue(e.getMessage().contains("means[0][1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.of(new double[] {0.5, 0.5}, mu, new double[][] {{1, 0, 0, 1}, {1, 0, 0}}));
        assertTrue(e.getMessage().contains("covariances[1]"), e.getMessage());
        GaussianMixture g = GaussianMixture.of(new double[] {0.5, 0.5}, mu, s);
        e = assertThrows(IllegalArgumentException.class,
                () -> g.logDensity(new double[] {0, Double.NaN}, 1, new double[1]));
        assertTrue(e.getMessage().startsWith("x[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.score(new double[] {0, 0}, 1, new double[1]));
        assertTrue(e.getMessage().startsWith("out"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.evolve(new VpSde(3), 0.5));
        assertTrue(e.getMessage().contains("sde.dim()"), e.getMessage());
        // weights summing to 1 within 1e-12 are accepted
        GaussianMixture.of(new double[] {0.5 + 4e-13, 0.5}, mu, s);
    }

    @Test
    void symmetricMatrixFunctionsAreConsistent() {
        double[] a = {4, 1, 0.5, 1, 3, -0.2, 0.5, -0.2, 2};
        double[] r = DenseSymmetric.sqrt(a, 3, "a");
        assertArrayEquals(a, DenseSymmetric.multiply(r, r, 3), 1e-14);
        double[] ir = DenseSymmetric.inverseSqrt(a, 3, "a");
        double[] id = DenseSymmetric.multiply(DenseSymmetric.multiply(ir, a, 3), ir, 3);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, id, 1e-14);
        DenseSymmetric.Eigen e = DenseSymmetric.eigen(a, 3);
        double tr = 0;
        for (double v : e.values()) {
            tr += v;
        }
        assertEquals(9.0, tr, 1e-14);
        assertTrue(e.values()[0] <= e.values()[1] && e.values()[1] <= e.values()[2]);
        double[] l = DenseSymmetric.cholesky(a, 3, "a");
        assertEquals(Math.log(CommonOps_DDRM.det(new DMatrixRMaj(3, 3, true, a))),
                DenseSymmetric.logDetFromCholesky(l, 3), 1e-14);
        assertThrows(IllegalArgumentException.class,
                () -> DenseSymmetric.sqrt(new double[] {1, 2, 2, 1}, 2, "b"));
    }
}
