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
    void bothSolversMatchTextbookHungarian() {
        // n > 4·NEIGHBOURS: the sparse solver's warm start, candidate graph, widening and pricing
        // are all exercised; the dense solver runs all its phases on the same matrices
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
            double ref = hungarian(c, n);
            for (LinearAssignment.Method m : new LinearAssignment.Method[] {LinearAssignment.Method.DENSE,
                    LinearAssignment.Method.SPARSE}) {
                LinearAssignment.Result r = LinearAssignment.solve(c, n, m);
                assertEquals(m, r.method());
                assertValidPermutation(r.rowToColumn());
                assertEquals(ref, r.cost(), 1e-10 * Math.max(1, Math.abs(ref)), "kind " + kind + ": " + r);
                assertEquals(cost(c, n, r.rowToColumn()), r.cost(), 1e-12 * Math.max(1, Math.abs(ref)));
                assertTrue(r.certify(c).holds(), "kind " + kind + ", " + m);
            }
        }
    }

    /**
     * The two solvers are independent implementations: on point sets (through the on-the-fly cost
     * rows for the sparse one, the stored matrix for the dense one) they find the same optimal cost,
     * and each certificate holds, for uniform, Gaussian and near-identity pairs in d = 1, 2, 3, 7.
     */
    @Test
    void denseAndSparseSolversAgreeOnPointSets() {
        SplittableRandom rng = new SplittableRandom(41);
        for (int d : new int[] {1, 2, 3, 7}) {
            for (int kind = 0; kind < 3; kind++) {
                int n = 700;
                double[] x = new double[n * d], y = new double[n * d];
                for (int k = 0; k < x.length; k++) {
                    x[k] = kind == 1 ? rng.nextGaussian() : rng.nextDouble();
                    y[k] = kind == 2 ? x[k] + 0.01 * rng.nextGaussian() : kind == 1 ? rng.nextGaussian() : rng.nextDouble();
                }
                LinearAssignment.Result dense = LinearAssignment.solve(x, y, d, LinearAssignment.Method.DENSE);
                LinearAssignment.Result sparse = LinearAssignment.solve(x, y, d, LinearAssignment.Method.SPARSE);
                assertEquals(dense.cost(), sparse.cost(), 1e-11 * dense.cost(), "d=" + d + " kind=" + kind);
                assertTrue(dense.certify(x, y, d).holds(), "dense d=" + d + " kind=" + kind);
                assertTrue(sparse.certify(x, y, d).holds(), "sparse d=" + d + " kind=" + kind);
                assertEquals(PointSets.meanPairingCost(x, y, d, sparse.rowToColumn()), sparse.meanCost(),
                        1e-12 * sparse.meanCost());
            }
        }
    }

    /**
     * The blocked row kernel of the point-set costs gives exactly (bitwise) the costs of
     * {@link PointSets#squaredDistance} for every remainder of d mod 4, also on restricted sets.
     */
    @Test
    void costRowsAreExactlyTheSquaredDistances() {
        SplittableRandom rng = new SplittableRandom(8);
        for (int d = 1; d <= 9; d++) {
            int n = 37;
            double[] x = gaussianPoints(rng, n, d), y = gaussianPoints(rng, n, d);
            AssignmentCosts.Euclidean c = new AssignmentCosts.Euclidean(x, y, d, n);
            double[] row = new double[n];
            int[] rows = {3, 0, 36}, cols = {5, 1, 2, 30};
            AssignmentCosts.Oracle sub = c.restrict(rows, cols);
            double[] subRow = new double[cols.length];
            for (int i = 0; i < n; i++) {
                c.row(i, 0, n, row);
                for (int j = 0; j < n; j++) {
                    assertEquals(PointSets.squaredDistance(x, i, y, j, d), row[j], 0.0, "d=" + d);
                    assertEquals(row[j], c.at(i, j), 0.0);
                }
            }
            for (int a = 0; a < rows.length; a++) {
                sub.row(a, 0, cols.length, subRow);
                for (int b = 0; b < cols.length; b++) {
                    assertEquals(PointSets.squaredDistance(x, rows[a], y, cols[b], d), subRow[b], 0.0);
                }
            }
        }
    }

    @Test
    void degenerateInstancesWithAllTies() {
        int n = 400;
        double[] c = new double[n * n];
        Arrays.fill(c, 2.5);
        double[] x = gaussianPoints(new SplittableRandom(1), 300, 3);
        for (LinearAssignment.Method m : LinearAssignment.Method.values()) {
            LinearAssignment.Result r = LinearAssignment.solve(c, n, m);
            assertValidPermutation(r.rowToColumn());
            assertEquals(2.5 * n, r.cost(), 1e-12);
            assertTrue(r.certify(c).holds());
            // identical point sets: the identity is optimal with cost 0
            LinearAssignment.Result s = LinearAssignment.solve(x, x.clone(), 3, m);
            assertEquals(0.0, s.cost(), 0.0, m.toString());
            assertTrue(s.isIdentity(), m.toString());
        }
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
            // the optimum beats the identity pairing, random pairings, and every pairing that differs
            // from it by exchanging the partners of two rows (a violated exchange would show a
            // cheaper assignment; independent of the solver and its duals)
            assertTrue(r.meanCost() <= PointSets.meanSquaredDistance(x, y, d));
            assertOptimalAgainstRandomPairings(x, y, d, r, rng);
            System.out.printf("assignment d=%d n=%d: cost %.6f, gap %.3e, max violation %.3e, %s%n",
                    d, n, r.meanCost(), cert.gap(), cert.maxViolation(), r);
        }
    }

    /**
     * Random permutations and two-row exchanges of the optimum (every pair for n ≤ 2000) are never
     * cheaper (up to rounding): checks optimality without the solver's own duals.
     */
    static void assertOptimalAgainstRandomPairings(double[] x, double[] y, int d, LinearAssignment.Result r,
            SplittableRandom rng) {
        int n = r.size();
        int[] p = r.rowToColumn();
        double opt = r.meanCost();
        double tol = 1e-12 * Math.max(1, opt);
        int[] perm = new int[n];
        for (int trial = 0; trial < 20; trial++) {
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            assertTrue(opt <= PointSets.meanPairingCost(x, y, d, perm) + tol, "a random pairing is cheaper");
        }
        // two-row exchanges: all pairs up to n = 2000, else all partners of 200 random rows
        int rows = n <= 2000 ? n : 200;
        for (int q = 0; q < rows; q++) {
            int i = n <= 2000 ? q : rng.nextInt(n);
            for (int k = 0; k < n; k++) {
                double now = PointSets.squaredDistance(x, i, y, p[i], d) + PointSets.squaredDistance(x, k, y, p[k], d);
                double swapped = PointSets.squaredDistance(x, i, y, p[k], d) + PointSets.squaredDistance(x, k, y, p[i], d);
                assertTrue(now <= swapped + 1e-12 * Math.max(1, now), "exchanging the partners of rows " + i + " and "
                        + k + " lowers the cost from " + now + " to " + swapped);
            }
        }
    }

    /**
     * N = 10⁴ (not timed): independent uniform points in d = 2 (long augmenting paths, several
     * pricing rounds; the planar grid path) and d = 7 (the row-scan path) through the automatic
     * choice (the sparse solver); the certificate holds and random pairings and exchanges are not
     * cheaper. (Near-identity pairs are covered at smaller N by
     * {@link #denseAndSparseSolversAgreeOnPointSets}.)
     */
    @Test
    void tenThousandPointsAreCertified() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 10_000;
        for (int d : new int[] {2, 7}) {
            double[] x = new double[n * d], y = new double[n * d];
            for (int k = 0; k < x.length; k++) {
                x[k] = rng.nextDouble();
                y[k] = rng.nextDouble();
            }
            LinearAssignment.Result r = LinearAssignment.solve(x, y, d);
            assertEquals(LinearAssignment.Method.SPARSE, r.method());
            assertValidPermutation(r.rowToColumn());
            LinearAssignment.Certificate cert = r.certify(x, y, d);
            assertTrue(cert.holds(), cert.toString());
            assertTrue(Math.abs(cert.relativeGap()) < 1e-12, cert.toString());
            assertOptimalAgainstRandomPairings(x, y, d, r, rng);
        }
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
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.solve(new double[] {1, 2, 3, 4}, 2, LinearAssignment.Method.SPARSE));
        assertTrue(e.getMessage().startsWith("method SPARSE with n = 2: expected n > 192"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.solve(new double[] {0, 1, 2, 3}, new double[] {0, 1, 2, 3}, 2, null));
        assertTrue(e.getMessage().startsWith("method is null"), e.getMessage());
    }
}
