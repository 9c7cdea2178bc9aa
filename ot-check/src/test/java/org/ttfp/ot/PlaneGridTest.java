package org.ttfp.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The grid queries of the planar sparse path against brute force over all points, and the planar
 * sparse solver against the row-scan one on the same costs.
 */
class PlaneGridTest {

    /** h_p = |q − p|² − w_p as the cost oracle computes it (t = x − y, summed left to right). */
    private static double h(double[] p, int a, double q0, double q1, double[] w) {
        double t0 = p[2 * a] - q0, t1 = p[2 * a + 1] - q1;
        return (t0 * t0 + t1 * t1) - w[a];
    }

    /** Uniform, clustered (all points in a few spots, many exact ties) and collinear point sets. */
    private static double[] points(SplittableRandom rng, int m, int kind) {
        double[] p = new double[2 * m];
        for (int a = 0; a < m; a++) {
            switch (kind) {
                case 0 -> {
                    p[2 * a] = rng.nextDouble();
                    p[2 * a + 1] = rng.nextDouble();
                }
                case 1 -> {
                    p[2 * a] = rng.nextInt(3) * 0.5;
                    p[2 * a + 1] = -rng.nextInt(2);
                }
                default -> {
                    p[2 * a] = 3 * rng.nextGaussian();
                    p[2 * a + 1] = 1e-3 * p[2 * a];
                }
            }
        }
        return p;
    }

    /**
     * The k smallest h_p and the set {h_p &lt; limit} of the grid are those of a scan of all
     * points (the same doubles), for weights of both signs and query points inside and outside
     * the points' box.
     */
    @Test
    void queriesMatchBruteForce() {
        SplittableRandom rng = new SplittableRandom(12);
        for (int kind = 0; kind < 3; kind++) {
            for (int m : new int[] {1, 7, 500}) {
                double[] p = points(rng, m, kind);
                PlaneGrid grid = new PlaneGrid(p, m);
                double[] w = new double[m];
                for (int a = 0; a < m; a++) {
                    w[a] = kind == 1 ? 0 : 0.05 * (rng.nextDouble() - 0.5) + 0.1 * p[2 * a];
                }
                PlaneGrid.Weights weights = grid.weigh(w);
                for (int trial = 0; trial < 50; trial++) {
                    double q0 = 4 * rng.nextDouble() - 1.5, q1 = 4 * rng.nextDouble() - 1.5;
                    double[] all = new double[m];
                    for (int a = 0; a < m; a++) {
                        all[a] = h(p, a, q0, q1, w);
                    }
                    double[] sorted = all.clone();
                    Arrays.sort(sorted);
                    int k = Math.min(m, 1 + rng.nextInt(20));
                    int[] idx = new int[k];
                    double[] val = new double[k];
                    int size = grid.smallest(q0, q1, weights, k, idx, val);
                    assertEquals(k, size);
                    double[] got = Arrays.copyOf(val, size);
                    Arrays.sort(got);
                    for (int s = 0; s < size; s++) {
                        assertEquals(sorted[s], got[s], 0.0, "kind " + kind + " m " + m + " rank " + s);
                        assertEquals(all[idx[s]], val[s], 0.0, "the index of the value");
                    }
                    double limit = sorted[Math.min(m - 1, rng.nextInt(m))];
                    int[] bi = new int[m];
                    double[] bv = new double[m];
                    int count = grid.below(q0, q1, weights, limit, bi, bv);
                    int expected = 0;
                    for (int a = 0; a < m; a++) {
                        expected += all[a] < limit ? 1 : 0;
                    }
                    assertEquals(expected, count, "kind " + kind + " m " + m);
                    for (int s = 0; s < count; s++) {
                        assertEquals(all[bi[s]], bv[s], 0.0);
                        assertTrue(bv[s] < limit);
                    }
                }
            }
        }
    }

    /**
     * The planar path (d = 2: grid candidates and grid pricing) and the row-scan path (the same
     * points with a zero third coordinate, d = 3: the same costs to the bit) reach the same
     * optimal cost, and both certificates hold; uniform, near-identity and clustered points.
     */
    @Test
    void planarAndRowScanSparseSolversAgree() {
        SplittableRandom rng = new SplittableRandom(77);
        int n = 2000;
        for (int kind = 0; kind < 3; kind++) {
            double[] x = new double[2 * n], y = new double[2 * n];
            for (int k = 0; k < x.length; k++) {
                x[k] = kind == 2 ? Math.floor(8 * rng.nextDouble()) / 8 : rng.nextDouble();
                y[k] = kind == 1 ? x[k] + 0.01 * rng.nextGaussian() : kind == 2 ? Math.floor(8 * rng.nextDouble()) / 8
                        : rng.nextDouble();
            }
            double[] x3 = new double[3 * n], y3 = new double[3 * n];
            for (int a = 0; a < n; a++) {
                x3[3 * a] = x[2 * a];
                x3[3 * a + 1] = x[2 * a + 1];
                y3[3 * a] = y[2 * a];
                y3[3 * a + 1] = y[2 * a + 1];
            }
            LinearAssignment.Result planar = LinearAssignment.solve(x, y, 2, LinearAssignment.Method.SPARSE);
            LinearAssignment.Result scan = LinearAssignment.solve(x3, y3, 3, LinearAssignment.Method.SPARSE);
            assertEquals(scan.cost(), planar.cost(), 1e-12 * Math.max(1, scan.cost()), "kind " + kind);
            LinearAssignment.Certificate c = planar.certify(x, y, 2);
            assertTrue(c.holds(), c.toString());
            assertTrue(scan.certify(x3, y3, 3).holds());
        }
    }
}
