package org.ttfp.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * The cost-row passes of the sparse solver give the same doubles whichever way they are computed:
 * the point-set row kernels (one sweep for 5 ≤ d ≤ 8, multi-pass otherwise, four rows at once, the transposed
 * oracle of the column pass) against {@link PointSets#squaredDistance} bit for bit, and whole
 * solves on point sets against solves on the same costs as a dense matrix (the generic row-wise
 * column pass) and against a run forced onto one thread: identical assignment and potentials.
 */
class SparseAssignmentPassesTest {

    private static double[] uniform(SplittableRandom rng, int n, int d) {
        double[] p = new double[n * d];
        for (int k = 0; k < p.length; k++) {
            p[k] = rng.nextDouble();
        }
        return p;
    }

    @Test
    void rowKernelsMatchSquaredDistanceBitForBit() {
        SplittableRandom rng = new SplittableRandom(31);
        for (int d = 1; d <= 10; d++) {
            int n = 37, m = 53;
            double[] x = uniform(rng, n, d), y = uniform(rng, m, d);
            AssignmentCosts.Euclidean c = new AssignmentCosts.Euclidean(x, y, d, n, m);
            AssignmentCosts.Euclidean ct = c.transposed();
            double[] row = new double[m];
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                c.row(i, 3, m - 2, row);
                for (int j = 3; j < m - 2; j++) {
                    double expected = PointSets.squaredDistance(x, i, y, j, d);
                    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(row[j]),
                            "d = " + d + ", c_" + i + "," + j);
                    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(c.at(i, j)));
                }
            }
            double[][] four = new double[4][m];
            for (int i = 0; i + 4 <= n; i += 5) {
                c.rows4(i, 1, m - 1, four);
                for (int r = 0; r < 4; r++) {
                    for (int j = 1; j < m - 1; j++) {
                        assertEquals(Double.doubleToRawLongBits(PointSets.squaredDistance(x, i + r, y, j, d)),
                                Double.doubleToRawLongBits(four[r][j]), "d = " + d + ", rows4 c_" + (i + r) + "," + j);
                    }
                }
            }
            for (int j = 0; j < m; j++) {
                ct.row(j, 0, n, col);
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.doubleToRawLongBits(PointSets.squaredDistance(x, i, y, j, d)),
                            Double.doubleToRawLongBits(col[i]), "d = " + d + ", transposed c_" + i + "," + j);
                }
            }
        }
    }

    private static void assertSame(SparseAssignment a, SparseAssignment b, String what) {
        assertArrayEquals(a.rowsol, b.rowsol, what + ": assignment");
        assertArrayEquals(a.v, b.v, 0.0, what + ": column potentials");
        assertArrayEquals(a.u, b.u, 0.0, what + ": row potentials");
        assertEquals(a.rounds, b.rounds, what + ": pricing rounds");
        assertEquals(a.candidateEdges(), b.candidateEdges(), what + ": candidate edges");
    }

    /**
     * N = 3000, d = 7, uniform and near-identity pairs: the point-set solve (transposed column
     * pass, one-sweep kernel, parallel passes on the common pool) equals the solve on the dense
     * matrix of the same costs (row-wise column pass) and the point-set solve on a one-thread pool.
     */
    @Test
    void pointSetSolveEqualsMatrixSolveAndOneThreadSolve() throws Exception {
        int n = 3000, d = 7;
        for (boolean near : new boolean[] {false, true}) {
            SplittableRandom rng = new SplittableRandom(near ? 7 : 5);
            double[] x = uniform(rng, n, d);
            double[] y = uniform(rng, n, d);
            if (near) {
                for (int k = 0; k < y.length; k++) {
                    y[k] = x[k] + 0.01 * rng.nextGaussian();
                }
            }
            String what = near ? "near-identity" : "uniform";
            AssignmentCosts.Euclidean c = new AssignmentCosts.Euclidean(x, y, d, n);
            SparseAssignment points = SparseAssignment.solve(c);
            SparseAssignment matrix = SparseAssignment.solve(new AssignmentCosts.Dense(c.matrix(), n));
            assertSame(points, matrix, what + " points vs matrix");
            ForkJoinPool one = new ForkJoinPool(1);
            try {
                SparseAssignment single = one.submit(() -> SparseAssignment.solve(c)).get();
                assertSame(points, single, what + " parallel vs one thread");
            } finally {
                one.shutdown();
            }
            LinearAssignment.Certificate cert = LinearAssignment.solve(x, y, d).certify(x, y, d);
            assertEquals(true, cert.holds(), what + ": " + cert);
        }
    }
}
