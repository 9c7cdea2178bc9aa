package org.ttfp.cross;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * maxvol and rectangular maxvol against independent EJML references: the coefficient matrix
 * B = A pinv(A[I, :]) and determinants are computed by EJML from the returned rows.
 */
class MaxvolTest {

    /** A rows x cols matrix with entries uniform in [−1, 1], column-major. */
    private static double[] random(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[rows * cols];
        for (int t = 0; t < a.length; t++) {
            a[t] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    private static DMatrixRMaj toEjml(double[] a, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.set(i, j, a[i + j * rows]);
            }
        }
        return m;
    }

    private static DMatrixRMaj rows(DMatrixRMaj a, int[] idx) {
        DMatrixRMaj s = new DMatrixRMaj(idx.length, a.numCols);
        for (int i = 0; i < idx.length; i++) {
            for (int j = 0; j < a.numCols; j++) {
                s.set(i, j, a.get(idx[i], j));
            }
        }
        return s;
    }

    /** B = A pinv(A[idx, :]) by EJML. */
    private static DMatrixRMaj coefficients(double[] a, int rows, int cols, int[] idx) {
        DMatrixRMaj am = toEjml(a, rows, cols);
        DMatrixRMaj sub = rows(am, idx);
        DMatrixRMaj pinv = new DMatrixRMaj(cols, idx.length);
        CommonOps_DDRM.pinv(sub, pinv);
        DMatrixRMaj b = new DMatrixRMaj(rows, idx.length);
        CommonOps_DDRM.mult(am, pinv, b);
        return b;
    }

    private static double absDet(double[] a, int rows, int cols, int[] idx) {
        return Math.abs(CommonOps_DDRM.det(rows(toEjml(a, rows, cols), idx)));
    }

    private static void assertDistinctInRange(int[] idx, int rows) {
        Set<Integer> seen = new HashSet<>();
        for (int i : idx) {
            assertTrue(i >= 0 && i < rows, "row " + i + " out of range");
            assertTrue(seen.add(i), "row " + i + " chosen twice in " + Arrays.toString(idx));
        }
    }

    @Test
    void maxvolSubmatrixIsDominant() {
        int n = 300, r = 12;
        double tol = 0.01;
        for (long seed = 1; seed <= 3; seed++) {
            double[] a = random(n, r, seed);
            int[] idx = Maxvol.maxvol(a, n, r, tol, 10_000);
            assertEquals(r, idx.length);
            assertDistinctInRange(idx, n);
            DMatrixRMaj b = coefficients(a, n, r, idx);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < r; j++) {
                    assertTrue(Math.abs(b.get(i, j)) <= 1 + tol + 1e-10,
                            "|B(" + i + "," + j + ")| = " + Math.abs(b.get(i, j)) + " > 1 + tol");
                }
            }
            // the chosen rows reproduce the identity
            for (int j = 0; j < r; j++) {
                for (int c = 0; c < r; c++) {
                    assertEquals(j == c ? 1.0 : 0.0, b.get(idx[j], c), 1e-12);
                }
            }
        }
    }

    @Test
    void maxvolVolumeBeatsRandomRowChoices() {
        int n = 200, r = 8;
        double[] a = random(n, r, 11);
        int[] idx = Maxvol.maxvol(a, n, r);
        double det = absDet(a, n, r, idx);
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            int[] pick = rnd.ints(0, n).distinct().limit(r).toArray();
            assertTrue(det >= absDet(a, n, r, pick), "random rows " + Arrays.toString(pick) + " have a larger volume");
        }
        // no single row swap gains more than the factor 1 + tol
        for (int j = 0; j < r; j++) {
            for (int i = 0; i < n; i++) {
                int[] swapped = idx.clone();
                swapped[j] = i;
                assertTrue(absDet(a, n, r, swapped) <= det * (1 + Maxvol.DEFAULT_TOL) + 1e-12);
            }
        }
    }

    @Test
    void maxvolFindsTheUniqueMaximumOfAPermutedIdentity() {
        // A = [0.5·random; I] permuted: the identity rows hold the maximal volume 1 (every other
        // r x r submatrix has |det| < 1 by Hadamard's inequality, rows of norm < 1).
        int n = 40, r = 5;
        double[] small = random(n - r, r, 3);
        int[] perm = new SplittableRandom(9).ints(0, n).distinct().limit(n).toArray();
        double[] a = new double[n * r];
        for (int p = 0; p < n; p++) {
            int row = perm[p];
            for (int j = 0; j < r; j++) {
                a[row + j * n] = p < r ? (p == j ? 1.0 : 0.0) : 0.4 / Math.sqrt(r) * small[(p - r) + j * (n - r)];
            }
        }
        int[] idx = Maxvol.maxvol(a, n, r, 0.0, 1000);
        int[] sorted = idx.clone();
        Arrays.sort(sorted);
        int[] expected = Arrays.copyOf(perm, r);
        Arrays.sort(expected);
        assertEquals(Arrays.toString(expected), Arrays.toString(sorted));
        assertEquals(1.0, absDet(a, n, r, idx), 1e-12);
    }

    @Test
    void squareMatrixSelectsAllRows() {
        double[] a = random(6, 6, 4);
        int[] idx = Maxvol.maxvol(a, 6, 6);
        int[] sorted = idx.clone();
        Arrays.sort(sorted);
        assertEquals("[0, 1, 2, 3, 4, 5]", Arrays.toString(sorted));
    }

    @Test
    void rectMaxvolRowNormsBoundedWhenAllowedToGrow() {
        int n = 400, r = 10;
        double tol = 0.05;
        double[] a = random(n, r, 21);
        int[] idx = Maxvol.rectMaxvol(a, n, r, tol, 0, n - r);
        assertTrue(idx.length >= r && idx.length < n, "count " + idx.length);
        assertDistinctInRange(idx, n);
        // the first r rows are a dominant square submatrix
        int[] square = Arrays.copyOf(idx, r);
        DMatrixRMaj bs = coefficients(a, n, r, square);
        for (int t = 0; t < bs.data.length; t++) {
            assertTrue(Math.abs(bs.data[t]) <= 1 + tol + 1e-10);
        }
        // every row of B = A pinv(A[I]) has norm <= 1 + tol
        DMatrixRMaj b = coefficients(a, n, r, idx);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < idx.length; j++) {
                s += b.get(i, j) * b.get(i, j);
            }
            assertTrue(Math.sqrt(s) <= 1 + tol + 1e-9, "row " + i + " has coefficient norm " + Math.sqrt(s));
        }
    }

    @Test
    void rectMaxvolAddsRowsOfLargestCoefficientNorm() {
        int n = 150, r = 6, extra = 4;
        double[] a = random(n, r, 8);
        int[] idx = Maxvol.rectMaxvol(a, n, r, extra, extra);
        assertEquals(r + extra, idx.length);
        assertDistinctInRange(idx, n);
        // greedy rule: each added row had the largest coefficient norm w.r.t. the rows before it
        for (int k = r; k < r + extra; k++) {
            int[] before = Arrays.copyOf(idx, k);
            DMatrixRMaj b = coefficients(a, n, r, before);
            double chosen = rowNorm(b, idx[k]);
            for (int i = 0; i < n; i++) {
                if (!contains(before, i)) {
                    assertTrue(rowNorm(b, i) <= chosen + 1e-9, "row " + i + " beats added row " + idx[k]);
                }
            }
        }
        // what the greedy step guarantees, checked by determinants independently of the coefficients:
        // the added row maximizes the volume det(SᵀS) of the extended submatrix over all candidates,
        // and the volume grows by exactly 1 + |b|² (b its coefficient row w.r.t. the rows before)
        DMatrixRMaj am = toEjml(a, n, r);
        for (int k = r; k < r + extra; k++) {
            int[] before = Arrays.copyOf(idx, k);
            double base = gramDet(am, before);
            double grown = gramDet(am, Arrays.copyOf(idx, k + 1));
            double b = rowNorm(coefficients(a, n, r, before), idx[k]);
            assertEquals(1 + b * b, grown / base, 1e-9 * (1 + b * b), "volume growth of step " + (k - r + 1));
            for (int i = 0; i < n; i++) {
                if (!contains(before, i)) {
                    int[] with = Arrays.copyOf(before, k + 1);
                    with[k] = i;
                    assertTrue(gramDet(am, with) <= grown * (1 + 1e-9), "row " + i + " gives a larger volume than row " + idx[k]);
                }
            }
        }
    }

    /** det(SᵀS) for the rows idx of a. */
    private static double gramDet(DMatrixRMaj a, int[] idx) {
        DMatrixRMaj s = rows(a, idx);
        DMatrixRMaj g = new DMatrixRMaj(a.numCols, a.numCols);
        CommonOps_DDRM.multTransA(s, s, g);
        return CommonOps_DDRM.det(g);
    }

    @Test
    void rectMaxvolStopsAtTheRowCount() {
        double[] a = random(9, 3, 2);
        assertEquals(9, Maxvol.rectMaxvol(a, 9, 3, 0.0, 100, 100).length);
        assertEquals(3, Maxvol.rectMaxvol(a, 9, 3, 0, 0).length);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static double rowNorm(DMatrixRMaj b, int i) {
        double s = 0;
        for (int j = 0; j < b.numCols; j++) {
            s += b.get(i, j) * b.get(i, j);
        }
        return Math.sqrt(s);
    }

    @Test
    void rejectsRankDeficientMatrices() {
        int n = 20, r = 4;
        double[] dup = random(n, r, 6);
        System.arraycopy(dup, 0, dup, 2 * n, n); // column 2 = column 0
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(dup, n, r));
        assertTrue(e.getMessage().contains("full column rank"), e.getMessage());
        double[] zero = random(n, r, 6);
        Arrays.fill(zero, 3 * n, 4 * n, 0.0);
        assertThrows(IllegalArgumentException.class, () -> Maxvol.rectMaxvol(zero, n, r, 1, 2));
        double[] combo = random(n, r, 7);
        for (int i = 0; i < n; i++) {
            combo[i + 3 * n] = 2 * combo[i] - 0.5 * combo[i + n];
        }
        assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(combo, n, r));
    }

    @Test
    void rejectsBadArguments() {
        double[] a = random(10, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(null, 10, 3));
        assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(a, 9, 3)); // wrong length
        assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(random(2, 3, 1), 2, 3)); // wide
        assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(a, 15, 3)); // needs 45 entries
        assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(new double[0], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(a, 10, 3, -0.1, 10));
        assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(a, 10, 3, Double.NaN, 10));
        assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(a, 10, 3, 0.1, -1));
        assertThrows(IllegalArgumentException.class, () -> Maxvol.rectMaxvol(a, 10, 3, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> Maxvol.rectMaxvol(a, 10, 3, 3, 2));
        double[] nan = a.clone();
        nan[7] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Maxvol.maxvol(nan, 10, 3));
        assertTrue(e.getMessage().contains("a[7]"), e.getMessage());
    }
}
