package org.ttfp.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SinkhornTest {

    static double[] points(SplittableRandom rng, int n, int d, double shift) {
        double[] x = new double[n * d];
        for (int j = 0; j < x.length; j++) {
            x[j] = rng.nextGaussian() + shift;
        }
        return x;
    }

    @Test
    void transportCostDecreasesToTheAssignmentCost() {
        SplittableRandom rng = new SplittableRandom(22);
        int n = 40;
        double[] x = points(rng, n, 2, 0), y = points(rng, n, 2, 0.5);
        double ot = LinearAssignment.solve(x, y, 2).meanCost();
        double cmax = 0;
        for (double c : PointSets.costMatrix(x, y, 2)) {
            cmax = Math.max(cmax, c);
        }
        double previous = Double.POSITIVE_INFINITY;
        double gap = 0;
        for (double rel : new double[] {1, 3e-1, 1e-1, 3e-2, 1e-4, 1e-6}) {
            Sinkhorn.Result r = Sinkhorn.solve(x, y, 2, new Sinkhorn.Options(rel * ot, 1e-8, 20_000, true));
            assertTrue(r.converged(), r.toString());
            double cost = r.transportCost();
            double slack = r.marginalError() * cmax;
            gap = cost - ot;
            // a plan with these marginals cannot beat the optimum by more than its marginal error allows
            assertTrue(gap > -slack, "eps " + rel + ": gap " + gap);
            // ⟨P_ε, C⟩ is non-decreasing in ε
            assertTrue(cost <= previous + slack, "eps " + rel + ": cost " + cost + " after " + previous);
            previous = cost;
            // the entropic cost Σ a f + Σ b g = ⟨P, C⟩ + ε KL(P | a⊗b) lies above the transport cost
            assertTrue(r.dualObjective() >= cost - slack, "eps " + rel);
        }
        assertTrue(Math.abs(gap) < 1e-8 * ot, "final gap " + gap);
    }

    @Test
    void marginalsAndBarycentricMapAtSmallEpsilon() {
        SplittableRandom rng = new SplittableRandom(22);
        int n = 50;
        double[] x = points(rng, n, 3, 0), y = points(rng, n, 3, 1);
        LinearAssignment.Result lap = LinearAssignment.solve(x, y, 3);
        Sinkhorn.Result r = Sinkhorn.solve(x, y, 3, new Sinkhorn.Options(1e-4 * lap.meanCost(), 1e-10, 200_000, true));
        assertTrue(r.converged(), r.toString());
        double[] p = r.plan();
        double rowError = 0;
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += p[i * n + j];
            }
            rowError += Math.abs(row - 1.0 / n);
        }
        assertTrue(rowError <= 1.01e-10 + 1e-15, "row error " + rowError);
        assertEquals(r.marginalError(), rowError, 1e-12);
        for (int j = 0; j < n; j++) {
            double col = 0;
            for (int i = 0; i < n; i++) {
                col += p[i * n + j];
            }
            assertEquals(1.0 / n, col, 1e-13);
        }
        // the barycentric map tends to the assignment map as ε → 0
        double[] t = r.barycentricMap(y, 3);
        int[] pi = lap.rowToColumn();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(y[pi[i] * 3 + k], t[i * 3 + k], 1e-6);
            }
        }
    }

    @Test
    void logDomainMatchesPlainScalingWhereThatIsStable() {
        // small weighted problem, ε = 0.5: compare the plan with textbook Sinkhorn on K = exp(−C/ε)
        SplittableRandom rng = new SplittableRandom(23);
        int n = 5, m = 7;
        double[] c = new double[n * m];
        for (int k = 0; k < c.length; k++) {
            c[k] = 3 * rng.nextDouble();
        }
        double[] a = {0.1, 0.3, 0.2, 0.25, 0.15};
        double[] b = {0.2, 0.1, 0.1, 0.15, 0.15, 0.2, 0.1};
        double eps = 0.5;
        double[] u = new double[n], v = new double[m];
        java.util.Arrays.fill(u, 1);
        java.util.Arrays.fill(v, 1);
        for (int it = 0; it < 5000; it++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += Math.exp(-c[i * m + j] / eps) * v[j];
                }
                u[i] = a[i] / s;
            }
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += Math.exp(-c[i * m + j] / eps) * u[i];
                }
                v[j] = b[j] / s;
            }
        }
        Sinkhorn.Result r = Sinkhorn.solve(c, n, m, a, b, new Sinkhorn.Options(eps, 1e-14, 100_000, false));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                assertEquals(u[i] * Math.exp(-c[i * m + j] / eps) * v[j], r.plan(i, j), 1e-13);
            }
        }
    }

    @Test
    void tinyEpsilonStaysFinite() {
        SplittableRandom rng = new SplittableRandom(24);
        double[] x = points(rng, 40, 2, 0), y = points(rng, 40, 2, 3);
        Sinkhorn.Result r = Sinkhorn.solve(x, y, 2, new Sinkhorn.Options(1e-7, 1e-9, 100_000, true));
        assertTrue(Double.isFinite(r.transportCost()));
        for (double f : r.f()) {
            assertTrue(Double.isFinite(f));
        }
        double ot = LinearAssignment.solve(x, y, 2).meanCost();
        assertEquals(ot, r.transportCost(), 1e-6 * ot);
    }

    @Test
    void rejectsBadInput() {
        double[] x = {0, 0, 1, 1}, y = {0, 1, 1, 0};
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class, () -> Sinkhorn.Options.of(0));
        assertTrue(e.getMessage().startsWith("epsilon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sinkhorn.solve(new double[] {0, 0}, y, 2, Sinkhorn.Options.of(0.1)));
        assertTrue(e.getMessage().startsWith("x has 1 points"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sinkhorn.solve(x, new double[] {0, 1, Double.NaN, 0}, 2, Sinkhorn.Options.of(0.1)));
        assertTrue(e.getMessage().startsWith("y[2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sinkhorn.solve(new double[] {1, 2, 3, 4}, 2, 2, new double[] {0.5, 0.6}, new double[] {0.5, 0.5},
                        Sinkhorn.Options.of(0.1)));
        assertTrue(e.getMessage().startsWith("a sums to"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sinkhorn.solve(new double[] {1, 2, 3, 4}, 2, 2, new double[] {0.5, 0.5}, new double[] {1, 0},
                        Sinkhorn.Options.of(0.1)));
        assertTrue(e.getMessage().startsWith("b[1]"), e.getMessage());
    }
}
