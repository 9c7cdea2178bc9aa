package org.ttfp.fp.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The long-range pairs of {@link CoupledQuarticPotential} against dense references: u as the dense
 * quadratic form ½ xᵀ(I + εT + κA_P)x + a Σ x_i⁴, ∇u and D²u by finite differences, the
 * convexity bound m = λ_min(D²u(0)) (attained at 0, below every D²u(x), above the stated
 * Weyl–Gershgorin bound), the OT map ∇u (exact samples solve ∇u(x) = z; μ0 integrates to 1), the
 * seeded pair set and the refusals.
 */
class CoupledQuarticPairsTest {

    /** The dense matrix I + εT + κA_P, built from the definition (not from the class). */
    static double[] quadraticPart(int d, double eps, double kappa, int[][] pairs) {
        double[] q = new double[d * d];
        for (int i = 0; i < d; i++) {
            q[i * d + i] = 1;
            if (i + 1 < d) {
                q[i * d + i + 1] = eps;
                q[(i + 1) * d + i] = eps;
            }
        }
        for (int[] p : pairs) {
            q[p[0] * d + p[1]] += kappa;
            q[p[1] * d + p[0]] += kappa;
        }
        return q;
    }

    static CoupledQuarticPotential seeded(int d, double a, double eps, double kappa) {
        return new CoupledQuarticPotential(d, a, eps, kappa, CoupledQuarticPotential.longRangePairs(d, 1));
    }

    @Test
    void valueGradientAndHessianMatchTheDenseFormAndFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(41);
        for (CoupledQuarticPotential u : new CoupledQuarticPotential[] {seeded(7, 0.2, 0.3, -0.25),
            new CoupledQuarticPotential(6, 0.05, -0.2, 0.3, new int[][] {{0, 5}, {3, 1}, {2, 4}})}) {
            int d = u.dim();
            double[] q = quadraticPart(d, u.epsilon(), u.pairCoupling(), u.pairs());
            double[] g = new double[d];
            for (int trial = 0; trial < 10; trial++) {
                double[] x = new double[d];
                for (int i = 0; i < d; i++) {
                    x[i] = 1.5 * rng.nextGaussian();
                }
                double dense = 0;
                double[] denseGrad = new double[d];
                for (int i = 0; i < d; i++) {
                    dense += u.a() * Math.pow(x[i], 4);
                    denseGrad[i] = 4 * u.a() * Math.pow(x[i], 3);
                    for (int j = 0; j < d; j++) {
                        dense += 0.5 * x[i] * q[i * d + j] * x[j];
                        denseGrad[i] += q[i * d + j] * x[j];
                    }
                }
                assertEquals(dense, u.value(x, 0), 1e-13 * Math.max(1, Math.abs(dense)), u + " value");
                u.gradient(x, 0, g, 0);
                assertArrayEquals(denseGrad, g, 1e-12 * 10, u + " gradient");
                ConvexPotentialTest.assertDerivativesMatchCentralDifferences(u, x);
            }
        }
    }

    @Test
    void convexityBoundIsAttainedAtTheOriginAndHoldsEverywhere() {
        SplittableRandom rng = new SplittableRandom(42);
        for (CoupledQuarticPotential u : new CoupledQuarticPotential[] {seeded(10, 0.05, 0.2, 0.3),
            seeded(30, 0.05, 0.2, -0.2),
            // a hub: coordinate 0 in three pairs (Δ_P = 3)
            new CoupledQuarticPotential(8, 0.1, 0.1, 0.2, new int[][] {{0, 3}, {0, 5}, {0, 7}})}) {
            int d = u.dim();
            double m = u.strongConvexity();
            double[] h = new double[d * d];
            u.hessian(new double[d], 0, h);
            assertEquals(DenseSymmetric.eigen(quadraticPart(d, u.epsilon(), u.pairCoupling(), u.pairs()), d).min(), m,
                    1e-13, u.toString());
            assertEquals(m, DenseSymmetric.eigen(h, d).min(), 1e-13);
            // the sufficient bound of the javadoc: m ≥ 1 − 2|ε| cos(π/(d+1)) − |κ| Δ_P
            int[] degree = new int[d];
            for (int[] p : u.pairs()) {
                degree[p[0]]++;
                degree[p[1]]++;
            }
            int maxDegree = java.util.Arrays.stream(degree).max().orElse(0);
            double sufficient = 1 - 2 * Math.abs(u.epsilon()) * Math.cos(Math.PI / (d + 1))
                    - Math.abs(u.pairCoupling()) * maxDegree;
            assertTrue(sufficient > 0 && m >= sufficient - 1e-14, u + ": m " + m + " vs " + sufficient);
            for (int trial = 0; trial < 40; trial++) {
                double[] x = new double[d];
                for (int i = 0; i < d; i++) {
                    x[i] = 3 * rng.nextGaussian();
                }
                u.hessian(x, 0, h);
                assertTrue(DenseSymmetric.eigen(h, d).min() >= m - 1e-12, u.toString());
            }
        }
        // without pairs, the closed form of before
        CoupledQuarticPotential plain = new CoupledQuarticPotential(6, 0.05, 0.5);
        assertEquals(1 - 2 * 0.5 * Math.cos(Math.PI / 7), plain.strongConvexity(), 0.0);
    }

    @Test
    void theOtMapIsTheGradientAndTheDensityIsNormalised() {
        CoupledQuarticPotential u = seeded(10, 0.3, 0.25, 0.3);
        int d = 10, n = 300;
        double[] x = u.sample(new SplittableRandom(43), n);
        SplittableRandom replay = new SplittableRandom(43);
        double[] g = u.gradient(x);
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                double z = replay.nextGaussian();
                assertEquals(z, g[s * d + i], 1e-11 * (1 + Math.abs(z) + Math.abs(x[s * d + i])), "sample " + s);
            }
        }
        // d = 3 with its one long-range pair (x_1, x_3): ∫ μ0 = 1 (trapezoid on [−9, 9]³, h = 0.2)
        CoupledQuarticPotential u3 = seeded(3, 0.1, 0.4, -0.4);
        assertArrayEquals(new int[] {0, 2}, u3.pairs()[0]);
        int m3 = 91;
        double mass = ConvexPotentialTest.integrate(u3.density(ConvexPotentialTest.grid(3, m3, 9)), 3, m3, 9);
        assertEquals(1.0, mass, 1e-8, u3.toString());
    }

    @Test
    void seededPairsAreFixedDistinctAndLongRange() {
        for (int d : new int[] {3, 4, 5, 6, 10, 11, 30, 100}) {
            int[][] p = CoupledQuarticPotential.longRangePairs(d, 1);
            assertEquals(d / 5 + (d % 5 >= 3 ? 1 : 0), p.length, "d = " + d);
            Set<String> seen = new HashSet<>();
            int[] crossings = new int[d];
            for (int[] q : p) {
                assertTrue(q[0] >= 0 && q[1] < d && q[1] - q[0] == 2, java.util.Arrays.toString(q));
                assertTrue(seen.add(q[0] + "," + q[1]));
                assertEquals(q[0] / 5, q[1] / 5, "one block of 5: " + java.util.Arrays.toString(q));
                for (int bond = q[0]; bond < q[1]; bond++) {
                    crossings[bond]++;
                }
            }
            assertTrue(java.util.Arrays.stream(crossings).max().orElse(0) <= 1, "a bond crossed twice, d = " + d);
            assertArrayEquals(p, CoupledQuarticPotential.longRangePairs(d, 1), "same seed, same pairs");
        }
        assertEquals(0, CoupledQuarticPotential.longRangePairs(1, 1).length);
        assertEquals(0, CoupledQuarticPotential.longRangePairs(2, 1).length);
        // the sweep's pairs (docs/sweeps/coupled-high-d.json states them)
        assertArrayEquals(new int[][] {{2, 4}}, CoupledQuarticPotential.longRangePairs(5, 1));
        assertArrayEquals(new int[][] {{2, 4}, {5, 7}}, CoupledQuarticPotential.longRangePairs(10, 1));
        int[][] given = {{4, 1}};
        CoupledQuarticPotential u = new CoupledQuarticPotential(5, 0.1, 0.1, 0.1, given);
        assertArrayEquals(new int[][] {{1, 4}}, u.pairs(), "pairs are stored as i < j");
        assertNotSame(u.pairs(), u.pairs());
    }

    @Test
    void refusesBadPairsAndNonConvexCouplings() {
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class,
                () -> new CoupledQuarticPotential(5, 0.1, 0.1, 0.1, new int[][] {{1, 2}}));
        assertTrue(e.getMessage().startsWith("pairs[0] = [1, 2]") && e.getMessage().contains("|i - j| >= 2"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CoupledQuarticPotential(5, 0.1, 0.1, 0.1, new int[][] {{0, 3}, {3, 0}}));
        assertTrue(e.getMessage().startsWith("pairs[1] = [3, 0]") && e.getMessage().contains("repeated"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CoupledQuarticPotential(5, 0.1, 0.1, 0.1, new int[][] {{0, 5}}));
        assertTrue(e.getMessage().startsWith("pairs[0] = [0, 5]") && e.getMessage().contains("from 0 to 4"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CoupledQuarticPotential(5, 0.1, 0.1, 0.1, new int[][] {{0}}));
        assertTrue(e.getMessage().startsWith("pairs[0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CoupledQuarticPotential(5, 0.1, 0.1, 0.1, null));
        assertTrue(e.getMessage().startsWith("pairs is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CoupledQuarticPotential(5, 0.1, 0.1, Double.NaN, new int[][] {{0, 3}}));
        assertTrue(e.getMessage().contains("kappa = NaN"), e.getMessage());
        // (x_1, x_4) with κ = 0.9 and ε = 0.5: I + εT + κA_P is indefinite although each part alone is not
        e = assertThrows(IllegalArgumentException.class,
                () -> new CoupledQuarticPotential(5, 0.1, 0.5, 0.9, new int[][] {{0, 3}}));
        assertTrue(e.getMessage().startsWith("epsilon = 0.5, kappa = 0.9 with pairs [(0, 3)] make u non-convex")
                && e.getMessage().contains("smallest eigenvalue"), e.getMessage());
        new CoupledQuarticPotential(5, 0.1, 0.5, 0.3, new int[][] {{0, 3}});
    }
}
