package org.ttfp.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {

    /** The minimum of Σ c_{iπ(i)} over all n! permutations (Heap's algorithm). */
    static double bruteForce(double[] c, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        int[] counter = new int[n];
        double best = cost(c, n, p);
        int i = 0;
        while (i < n) {
            if (counter[i] < i) {
                int a = i % 2 == 0 ? 0 : counter[i];
                int t = p[a];
                p[a] = p[i];
                p[i] = t;
                best = Math.min(best, cost(c, n, p));
                counter[i]++;
                i = 0;
            } else {
                counter[i] = 0;
                i++;
            }
        }
        return best;
    }

    static double cost(double[] c, int n, int[] p) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += c[i * n + p[i]];
        }
        return s;
    }

    static double[] gaussianPoints(SplittableRandom rng, int n, int d) {
        double[] x = new double[n * d];
        for (int j = 0; j < x.length; j++) {
            x[j] = rng.nextGaussian();
        }
        return x;
    }

    static void assertValidPermutation(int[] p) {
        int[] s = p.clone();
        Arrays.sort(s);
        for (int i = 0; i < s.length; i++) {
            assertEquals(i, s[i]);
        }
    }

    @Test
    void matchesBruteForceOnRandomMatrices() {
        SplittableRandom rng = new SplittableRandom(2024);
        for (int n = 1; n <= 8; n++) {
            for (int trial = 0; trial < 25; trial++) {
                double[] c = new double[n * n];
                for (int k = 0; k < c.length; k++) {
                    // every third trial: small integers, many ties; else continuous, possibly negative
                    c[k] = trial % 3 == 0 ? rng.nextInt(4) : 10 * rng.nextDouble() - 3;
                }
                LinearAssignment.Result r = LinearAssignment.solve(c, n);
                assertValidPermutation(r.rowToColumn());
                double best = bruteForce(c, n);
                assertEquals(best, r.cost(), 1e-12 * Math.max(1, Math.abs(best)), "n=" + n + " trial=" + trial);
                assertEquals(cost(c, n, r.rowToColumn()), r.cost(), 1e-12 * Math.max(1, Math.abs(best)));
                LinearAssignment.Certificate cert = r.certify(c);
                assertTrue(cert.holds(), cert.toString());
            }
        }
    }

    @Test
    void matchesBruteForceOnPointSets() {
        SplittableRandom rng = new SplittableRandom(99);
        for (int n = 2; n <= 8; n++) {
            for (int d : new int[] {1, 2, 5}) {
                double[] x = gaussianPoints(rng, n, d);
                double[] y = gaussianPoints(rng, n, d);
                LinearAssignment.Result r = LinearAssignment.solve(x, y, d);
                double best = bruteForce(PointSets.costMatrix(x, y, d), n);
                assertEquals(best, r.cost(), 1e-12 * best);
                assertEquals(best / n, PointSets.meanPairingCost(x, y, d, r.rowToColumn()), 1e-12 * best);
            }
        }
    }

    /**
     * Textbook O(n³) Hungarian algorithm (shortest augmenting paths with row and column
     * potentials, one row at a time), an independent exact reference for the larger instances.
     */
    static double hungarian(double[] c, int n) {
        double[] u = new double[n + 1], v = new double[n + 1];
        int[] p = new int[n + 1], way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = c[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        double total = 0;
        for (int j = 1; j <= n; j++) {
            total += c[(p[j] - 1) * n + (j - 1)];
        }
        return total;
    }

    @Test
    void sparsePathMatchesTextbookHungarian() {
        // n > 4·NEIGHBOURS: warm start, candidate graph, widening and pricing are all exercised
        SplittableRandom rng = new SplittableRandom(31);
        int n = 500;
        for (int kind = 0; kind < 5; kind++) {
            double[] c;
            if (kind == 0) {
                c = new double[n * n];
                for (int k = 0; k < c.length; k++) {
                    c[k] = rng.nextDouble();
                }
            } else if (kind == 1) {
                c = new double[n * n];
                for (int k = 0; k < c.length; k++) {
                    c[k] = rng.nextInt(5);
                }
            } else {
                int d = kind == 4 ? 7 : 2;
                double[] x = gaussianPoints(rng, n, d), y = gaussianPoints(rng, n, d);
                for (int j = 0; j < y.length; j++) {
                    y[j] = kind == 2 ? y[j] + 2 : x[j] + 0.3 * Math.sin(3 * x[j]) + 0.05 * y[j];
                }
                c = PointSets.costMatrix(x, y, d);
            }
            LinearAssignment.Result r = LinearAssignment.solve(c, n);
            assertValidPermutation(r.rowToColumn());
            double ref = hungarian(c, n);
            assertEquals(ref, r.cost(), 1e-10 * Math.max(1, Math.abs(ref)), "kind " + kind + ": " + r);
            assertTrue(r.certify(c).holds(), "kind " + kind);
        }
    }

    @Test
    void degenerateInstancesWithAllTies() {
        int n = 400;
        double[] c = new double[n * n];
        Arrays.fill(c, 2.5);
        LinearAssignment.Result r = LinearAssignment.solve(c, n);
        assertValidPermutation(r.rowToColumn());
        assertEquals(2.5 * n, r.cost(), 1e-12);
        assertTrue(r.certify(c).holds());
        // identical point sets: the identity is optimal with cost 0
        double[] x = gaussianPoints(new SplittableRandom(1), 300, 3);
        LinearAssignment.Result s = LinearAssignment.solve(x, x.clone(), 3);
        assertEquals(0.0, s.cost(), 0.0);
        assertTrue(s.isIdentity());
        // duplicated points: many optimal assignments
        double[] y = new double[200];
        for (int i = 0; i < 100; i++) {
            y[2 * i] = i % 5;
            y[2 * i + 1] = (i / 5) % 3;
        }
        LinearAssignment.Result t = LinearAssignment.solve(y, y.clone(), 2);
        assertEquals(0.0, t.cost(), 0.0);
        assertTrue(t.certify(y, y, 2).holds());
    }

    @Test
    void oneDimensionalOptimumIsTheSortedPairing() {
        SplittableRandom rng = new SplittableRandom(17);
        int n = 400;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
            y[i] = 2 + 3 * rng.nextDouble();
        }
        double[] xs = x.clone(), ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        double sorted = 0;
        for (int i = 0; i < n; i++) {
            sorted += (xs[i] - ys[i]) * (xs[i] - ys[i]);
        }
        LinearAssignment.Result r = LinearAssignment.solve(x, y, 1);
        assertEquals(sorted, r.cost(), 1e-12 * sorted);
        // the pairing is monotone
        int[] p = r.rowToColumn();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (x[i] < x[j]) {
                    assertTrue(y[p[i]] <= y[p[j]]);
                }
            }
        }
    }

    @Test
    void dualCertificateForThousandPoints() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int d : new int[] {2, 7}) {
            int n = 1000;
            double[] x = gaussianPoints(rng, n, d);
            double[] y = gaussianPoints(rng, n, d);
            for (int j = 0; j < y.length; j++) {
                y[j] = 0.5 * y[j] * y[j] + 0.3 * y[j];
            }
            LinearAssignment.Result r = LinearAssignment.solve(x, y, d);
            LinearAssignment.Certificate cert = r.certify(x, y, d);
            assertTrue(cert.holds(), cert.toString());
            assertTrue(Math.abs(cert.relativeGap()) < 1e-12, cert.toString());
            assertTrue(cert.maxViolation() < 1e-12 * cert.costScale(), cert.toString());
            // the dense-matrix certificate agrees
            LinearAssignment.Certificate dense = r.certify(PointSets.costMatrix(x, y, d));
            assertEquals(cert.primal(), dense.primal(), 1e-12 * cert.primal());
            assertTrue(dense.holds());
            // the optimum beats the identity pairing and random pairings
            assertTrue(r.meanCost() <= PointSets.meanSquaredDistance(x, y, d));
            System.out.printf("assignment d=%d n=%d: cost %.6f, gap %.3e, max violation %.3e, %s%n",
                    d, n, r.meanCost(), cert.gap(), cert.maxViolation(), r);
        }
    }

    @Test
    void fiveThousandPointsFinish() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 5000, d = 2;
        double[] x = gaussianPoints(rng, n, d);
        double[] y = gaussianPoints(rng, n, d);
        long t0 = System.nanoTime();
        LinearAssignment.Result r = LinearAssignment.solve(x, y, d);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        LinearAssignment.Certificate cert = r.certify(x, y, d);
        System.out.printf("assignment n=%d d=%d: %.2f s, mean cost %.6f, relative gap %.3e, %s%n",
                n, d, seconds, r.meanCost(), cert.relativeGap(), r);
        assertValidPermutation(r.rowToColumn());
        assertTrue(cert.holds(), cert.toString());
    }

    @Test
    void certificateDetectsASuboptimalAssignment() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 30;
        double[] x = gaussianPoints(rng, n, 2), y = gaussianPoints(rng, n, 2);
        LinearAssignment.Result r = LinearAssignment.solve(x, y, 2);
        int[] worse = r.rowToColumn().clone();
        int t = worse[0];
        worse[0] = worse[1];
        worse[1] = t;
        LinearAssignment.Result tampered = new LinearAssignment.Result(worse, 0, r.u(), r.v(), 0, 0, 0, 0, r.method());
        LinearAssignment.Certificate cert = tampered.certify(x, y, 2);
        assertTrue(cert.gap() > 1e-9, cert.toString());
        assertTrue(!cert.holds());
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.solve(new double[] {0, 1}, new double[] {0, 1}, 2));
        assertTrue(e.getMessage().contains("x has 1 points"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.solve(new double[] {0, 1, 2, 3}, new double[] {0, Double.NaN, 2, 3}, 2));
        assertTrue(e.getMessage().startsWith("y[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.solve(new double[] {0, 1, 2, 3}, new double[] {0, 1, 2, 3, 4, 5}, 2));
        assertTrue(e.getMessage().contains("equal sizes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinearAssignment.solve(new double[] {1, 2, 3}, 2));
        assertTrue(e.getMessage().startsWith("cost has length 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.solve(new double[] {1, Double.POSITIVE_INFINITY, 3, 4}, 2));
        assertTrue(e.getMessage().startsWith("cost[0][1]"), e.getMessage());
        assertArrayEquals(new int[] {0}, LinearAssignment.solve(new double[] {4}, 1).rowToColumn());
    }
}
