package org.ttfp.cross;

import java.util.Arrays;
import org.ttfp.linalg.ScaledNorm;

/**
 * Maximum-volume row selection for tall matrices.
 *
 * <p><b>maxvol</b> (Goreinov, Oseledets, Savostyanov, Tyrtyshnikov, Zamarashkin 2010). For an
 * n x r matrix A of full column rank it finds r rows I such that the r x r submatrix A[I, :] is
 * <em>dominant</em>: every entry of the coefficient matrix
 * <pre>
 *   B = A A[I, :]^{-1}        (n x r, B[I, :] = identity)
 * </pre>
 * satisfies |B_ij| ≤ 1 + tol. Such a submatrix has a locally maximal |det A[I, :]| (no single row
 * swap increases it by more than the factor 1 + tol), and every row of A is a combination of the
 * rows A[I, :] with coefficients bounded by 1 + tol. The start is the row set of Gaussian
 * elimination with partial pivoting; each iteration swaps the row i with the largest |B_ij| into
 * position j, which multiplies |det A[I, :]| by |B_ij|, and updates B by a rank-one correction.
 * Cost: about 2 n r² flops for the start and 2 n r flops per swap.
 *
 * <p><b>Rectangular maxvol</b> (Mikhalev, Oseledets 2018). Starting from the maxvol rows, rows are
 * added greedily, each time the row with the largest norm of its coefficient row in
 * <pre>
 *   B = A pinv(A[I, :])       (n x |I|),  row norm² ‖B[i, :]‖² = a_i (A[I]ᵀ A[I])^{-1} a_iᵀ
 * </pre>
 * (the row least well represented by the chosen ones), until every row norm is at most 1 + tol or a
 * maximal count is reached. Each addition is a Sherman–Morrison update of B costing about 4 n |I|
 * flops.
 *
 * <p>Matrices are heap arrays in column-major order: element (i, j) at {@code a[i + j * rows]}.
 * The methods are pure functions of their input (no randomness).
 */
public final class Maxvol {
    /** Default dominance tolerance: |B_ij| ≤ 1.01 after {@link #maxvol(double[], int, int)}. */
    public static final double DEFAULT_TOL = 0.01;

    /**
     * Relative size below which a pivot of the initial elimination counts as zero: a column whose
     * part outside the span of the previous columns is below this fraction of its norm makes the
     * matrix rank deficient.
     */
    static final double RANK_TOL = 1e-12;

    private Maxvol() {}

    /**
     * The row set and coefficient matrix of a (rectangular) maxvol.
     *
     * @param rows  the chosen rows; rows[j] for j &lt; r is the row that maxvol placed in position j,
     *              further entries are the rows added greedily, in the order added
     * @param coeff the n x |rows| coefficient matrix B = A pinv(A[rows, :]), column-major; its
     *              rows {@code rows} are exactly the identity
     */
    record Selection(int[] rows, double[] coeff) {}

    /** {@link #maxvol(double[], int, int, double, int)} with tol {@value #DEFAULT_TOL} and up to 100·r swaps. */
    public static int[] maxvol(double[] a, int rows, int cols) {
        return maxvol(a, rows, cols, DEFAULT_TOL, defaultMaxSwaps(cols));
    }

    /**
     * Rows of a dominant r x r submatrix of the tall n x r matrix A (see the class comment).
     *
     * @param a        A, column-major, length rows*cols
     * @param rows     n ≥ cols
     * @param cols     r ≥ 1
     * @param tol      dominance tolerance ≥ 0: stop when all |B_ij| ≤ 1 + tol
     * @param maxSwaps at most this many row swaps (≥ 0); the result is then the best set found
     * @return r distinct row indices; entry j is the row in position j of the submatrix
     * @throws IllegalArgumentException if the shape or an argument is invalid, an entry is NaN/Inf, or
     *                                  A does not have full column rank
     */
    public static int[] maxvol(double[] a, int rows, int cols, double tol, int maxSwaps) {
        checkMatrix(a, rows, cols);
        checkTol(tol);
        if (maxSwaps < 0) {
            throw new IllegalArgumentException("maxSwaps must be >= 0, got " + maxSwaps);
        }
        return select(a, rows, cols, tol, maxSwaps).rows();
    }

    /**
     * Rows of a rectangular dominant submatrix of the tall n x r matrix A (see the class comment):
     * first the r maxvol rows, then rows added one at a time by the largest coefficient row norm
     * until that norm is ≤ 1 + tol (but at least {@code minExtra} and at most {@code maxExtra} rows are
     * added, and never more than n − r).
     *
     * @param a        A, column-major, length rows*cols
     * @param rows     n ≥ cols
     * @param cols     r ≥ 1
     * @param tol      row-norm tolerance ≥ 0 (also the dominance tolerance of the square start)
     * @param minExtra rows to add at least (0 ≤ minExtra ≤ maxExtra)
     * @param maxExtra rows to add at most
     * @return between r + min(minExtra, n − r) and r + min(maxExtra, n − r) distinct rows: the r
     *         maxvol rows in submatrix order, then the added rows in the order they were added
     * @throws IllegalArgumentException on invalid shapes or arguments, NaN/Inf entries, or rank deficiency
     */
    public static int[] rectMaxvol(double[] a, int rows, int cols, double tol, int minExtra, int maxExtra) {
        checkMatrix(a, rows, cols);
        checkTol(tol);
        checkExtra(minExtra, maxExtra);
        return selectRect(a, rows, cols, tol, minExtra, maxExtra).rows();
    }

    /** {@link #rectMaxvol(double[], int, int, double, int, int)} with tol {@value #DEFAULT_TOL}. */
    public static int[] rectMaxvol(double[] a, int rows, int cols, int minExtra, int maxExtra) {
        return rectMaxvol(a, rows, cols, DEFAULT_TOL, minExtra, maxExtra);
    }

    // ------------------------------------------------------------------ package-private kernels

    /** Default swap limit: 100 r (each swap grows |det| by more than 1 + tol, so this is ample). */
    static int defaultMaxSwaps(int cols) {
        return Math.max(100, 100 * cols);
    }

    /** Square maxvol with its coefficient matrix; arguments validated by the caller. */
    static Selection select(double[] a, int n, int r, double tol, int maxSwaps) {
        return select(a, n, r, tol, maxSwaps, null);
    }

    /**
     * Square maxvol started from {@code preferred} rows where they make acceptable pivots (so that a
     * repeated call on a slowly changing matrix returns mostly the same rows); null or empty: the
     * plain LU start. Arguments validated by the caller; preferred rows must lie in 0..n−1.
     */
    static Selection select(double[] a, int n, int r, double tol, int maxSwaps, int[] preferred) {
        int[] piv = pivotRows(a, n, r, preferred);
        double[] b = coefficients(a, n, r, piv);
        int[] rowAt = piv.clone(); // rowAt[j]: the row in position j
        double bound = 1 + tol;
        for (int swap = 0; swap < maxSwaps; swap++) {
            int bi = 0, bj = 0;
            double best = -1;
            for (int j = 0; j < r; j++) {
                int off = j * n;
                for (int i = 0; i < n; i++) {
                    double v = Math.abs(b[off + i]);
                    if (v > best) {
                        best = v;
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (best <= bound) {
                break;
            }
            swapUpdate(b, n, r, bi, bj);
            rowAt[bj] = bi;
        }
        setIdentityRows(b, n, r, rowAt);
        return new Selection(rowAt, b);
    }

    /** Rectangular maxvol with its coefficient matrix; arguments validated by the caller. */
    static Selection selectRect(double[] a, int n, int r, double tol, int minExtra, int maxExtra) {
        Selection sq = select(a, n, r, tol, defaultMaxSwaps(r));
        int extraCap = Math.min(maxExtra, n - r);
        int extraMin = Math.min(minExtra, extraCap);
        if (extraCap == 0) {
            return sq;
        }
        int kMax = r + extraCap;
        double[] b = Arrays.copyOf(sq.coeff(), n * kMax); // columns beyond r filled as rows are added
        int[] chosen = Arrays.copyOf(sq.rows(), kMax);
        boolean[] taken = new boolean[n];
        double[] norm2 = new double[n];
        for (int j = 0; j < r; j++) {
            taken[chosen[j]] = true;
        }
        for (int i = 0; i < n; i++) {
            if (!taken[i]) {
                double s = 0;
                for (int j = 0; j < r; j++) {
                    double v = b[i + j * n];
                    s += v * v;
                }
                norm2[i] = s;
            }
        }
        double bound2 = (1 + tol) * (1 + tol);
        double[] c = new double[kMax];
        double[] v = new double[n];
        int k = r;
        while (k < kMax) {
            int best = -1;
            double bestNorm = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && norm2[i] > bestNorm) {
                    bestNorm = norm2[i];
                    best = i;
                }
            }
            if (best < 0 || (bestNorm <= bound2 && k - r >= extraMin)) {
                break;
            }
            // c = B[best, 0:k], v = B c, l = 1/(1 + c·c); B := B − l v c (first k columns), new column l v.
            double cc = 0;
            for (int j = 0; j < k; j++) {
                c[j] = b[best + j * n];
                cc += c[j] * c[j];
            }
            double l = 1.0 / (1.0 + cc);
            Arrays.fill(v, 0.0);
            for (int j = 0; j < k; j++) {
                double cj = c[j];
                int off = j * n;
                for (int i = 0; i < n; i++) {
                    v[i] += b[off + i] * cj;
                }
            }
            for (int j = 0; j < k; j++) {
                double f = l * c[j];
                int off = j * n;
                for (int i = 0; i < n; i++) {
                    b[off + i] -= f * v[i];
                }
            }
            int off = k * n;
            for (int i = 0; i < n; i++) {
                b[off + i] = l * v[i];
                norm2[i] -= l * v[i] * v[i];
            }
            taken[best] = true;
            chosen[k] = best;
            k++;
        }
        int[] rowsOut = Arrays.copyOf(chosen, k);
        double[] coeff = k == kMax ? b : Arrays.copyOf(b, n * k);
        setIdentityRows(coeff, n, k, rowsOut);
        return new Selection(rowsOut, coeff);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A preferred row is taken as pivot when its pivot is at least this fraction of the largest one;
     * the maxvol swaps that follow repair any loss of volume.
     */
    static final double PREFERRED_PIVOT = 0.1;

    /**
     * Rows chosen by Gaussian elimination with partial pivoting (the LU pivots), r of them; among
     * pivots within {@link #PREFERRED_PIVOT} of the largest, a preferred row wins.
     * Cost: about 2 n r² flops.
     *
     * @throws IllegalArgumentException if a column has no pivot (rank deficiency)
     */
    private static int[] pivotRows(double[] a, int n, int r, int[] preferred) {
        double[] w = a.clone();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        boolean[] pref = null;
        if (preferred != null && preferred.length > 0) {
            pref = new boolean[n];
            for (int p : preferred) {
                pref[p] = true;
            }
        }
        for (int j = 0; j < r; j++) {
            double colNorm = columnNorm(a, n, j);
            int p = j;
            double best = -1;
            for (int i = j; i < n; i++) {
                double v = Math.abs(w[i + j * n]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            if (!(best > RANK_TOL * colNorm) || best == 0) {
                throw new IllegalArgumentException("matrix (" + n + " x " + r + ") does not have full column rank: column "
                        + j + " (norm " + colNorm + ") lies in the span of columns 0.." + (j - 1)
                        + " to relative accuracy " + RANK_TOL + " (pivot " + best + ")");
            }
            if (pref != null) {
                double bestPref = -1;
                int q = -1;
                for (int i = j; i < n; i++) {
                    double v = Math.abs(w[i + j * n]);
                    if (pref[perm[i]] && v > bestPref) {
                        bestPref = v;
                        q = i;
                    }
                }
                if (q >= 0 && bestPref >= PREFERRED_PIVOT * best) {
                    p = q;
                }
            }
            if (p != j) {
                for (int c = 0; c < r; c++) {
                    double t = w[j + c * n];
                    w[j + c * n] = w[p + c * n];
                    w[p + c * n] = t;
                }
                int t = perm[j];
                perm[j] = perm[p];
                perm[p] = t;
            }
            double piv = w[j + j * n];
            for (int i = j + 1; i < n; i++) {
                w[i + j * n] /= piv;
            }
            for (int c = j + 1; c < r; c++) {
                double u = w[j + c * n];
                if (u != 0) {
                    int oc = c * n, oj = j * n;
                    for (int i = j + 1; i < n; i++) {
                        w[oc + i] -= w[oj + i] * u;
                    }
                }
            }
        }
        return Arrays.copyOf(perm, r);
    }

    private static double columnNorm(double[] a, int n, int j) {
        ScaledNorm norm = new ScaledNorm();
        for (int i = 0; i < n; i++) {
            norm.add(a[i + j * n]);
        }
        return norm.value();
    }

    /**
     * B = A A[piv, :]^{-1} (n x r, column-major) by an LU factorization with partial pivoting of the
     * r x r submatrix. Cost: about 2 n r² flops.
     */
    private static double[] coefficients(double[] a, int n, int r, int[] piv) {
        // S = A[piv, :] (r x r), factor S = P L U; B solves B S = A, i.e. Sᵀ Bᵀ = Aᵀ.
        double[] s = new double[r * r];
        for (int j = 0; j < r; j++) {
            for (int i = 0; i < r; i++) {
                s[i + j * r] = a[piv[i] + j * n];
            }
        }
        // Factor Sᵀ = P L U in place (column-major, partial pivoting on rows of Sᵀ).
        double[] t = new double[r * r];
        for (int j = 0; j < r; j++) {
            for (int i = 0; i < r; i++) {
                t[i + j * r] = s[j + i * r];
            }
        }
        int[] p = new int[r];
        for (int j = 0; j < r; j++) {
            int q = j;
            double best = Math.abs(t[j + j * r]);
            for (int i = j + 1; i < r; i++) {
                double v = Math.abs(t[i + j * r]);
                if (v > best) {
                    best = v;
                    q = i;
                }
            }
            p[j] = q;
            if (best == 0) {
                throw new IllegalArgumentException("matrix (" + n + " x " + r + ") does not have full column rank: "
                        + "the pivot submatrix is singular");
            }
            if (q != j) {
                for (int c = 0; c < r; c++) {
                    double tmp = t[j + c * r];
                    t[j + c * r] = t[q + c * r];
                    t[q + c * r] = tmp;
                }
            }
            double pv = t[j + j * r];
            for (int i = j + 1; i < r; i++) {
                t[i + j * r] /= pv;
            }
            for (int c = j + 1; c < r; c++) {
                double u = t[j + c * r];
                if (u != 0) {
                    for (int i = j + 1; i < r; i++) {
                        t[i + c * r] -= t[i + j * r] * u;
                    }
                }
            }
        }
        // For each row x = A[i, :] solve Sᵀ y = xᵀ; y is row i of B.
        double[] b = new double[n * r];
        double[] y = new double[r];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < r; j++) {
                y[j] = a[i + j * n];
            }
            for (int j = 0; j < r; j++) {
                int q = p[j];
                if (q != j) {
                    double tmp = y[j];
                    y[j] = y[q];
                    y[q] = tmp;
                }
            }
            for (int j = 0; j < r; j++) { // L (unit lower)
                double yj = y[j];
                for (int c = j + 1; c < r; c++) {
                    y[c] -= t[c + j * r] * yj;
                }
            }
            for (int j = r - 1; j >= 0; j--) { // U
                y[j] /= t[j + j * r];
                double yj = y[j];
                for (int c = 0; c < j; c++) {
                    y[c] -= t[c + j * r] * yj;
                }
            }
            for (int j = 0; j < r; j++) {
                b[i + j * n] = y[j];
            }
        }
        return b;
    }

    /**
     * Moves row i into position j: with y = B[i, :] − e_j, B := B − B[:, j] yᵀ / B[i, j].
     * Cost: 2 n r flops.
     */
    private static void swapUpdate(double[] b, int n, int r, int i, int j) {
        double[] col = Arrays.copyOfRange(b, j * n, j * n + n);
        double inv = 1.0 / b[i + j * n];
        for (int c = 0; c < r; c++) {
            double y = b[i + c * n] - (c == j ? 1.0 : 0.0);
            if (y != 0) {
                double f = y * inv;
                int off = c * n;
                for (int k = 0; k < n; k++) {
                    b[off + k] -= col[k] * f;
                }
            }
        }
    }

    /** Sets the chosen rows of B to the identity exactly (they are, up to rounding). */
    private static void setIdentityRows(double[] b, int n, int k, int[] rowsChosen) {
        for (int j = 0; j < k; j++) {
            int row = rowsChosen[j];
            for (int c = 0; c < k; c++) {
                b[row + c * n] = c == j ? 1.0 : 0.0;
            }
        }
    }

    private static void checkMatrix(double[] a, int rows, int cols) {
        if (cols < 1) {
            throw new IllegalArgumentException("cols must be >= 1, got " + cols);
        }
        if (rows < cols) {
            throw new IllegalArgumentException("maxvol needs a tall matrix: rows must be >= cols = " + cols + ", got " + rows);
        }
        if (a == null) {
            throw new IllegalArgumentException("a must not be null");
        }
        if (a.length != (long) rows * cols) {
            throw new IllegalArgumentException("a has length " + a.length + ", expected rows*cols = " + rows + "*" + cols
                    + " = " + (long) rows * cols);
        }
        for (int t = 0; t < a.length; t++) {
            if (!Double.isFinite(a[t])) {
                throw new IllegalArgumentException("a[" + t + "] (row " + t % rows + ", column " + t / rows
                        + ") must be finite, got " + a[t]);
            }
        }
    }

    private static void checkTol(double tol) {
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be a finite number >= 0, got " + tol);
        }
    }

    private static void checkExtra(int minExtra, int maxExtra) {
        if (minExtra < 0) {
            throw new IllegalArgumentException("minExtra must be >= 0, got " + minExtra);
        }
        if (maxExtra < minExtra) {
            throw new IllegalArgumentException("maxExtra must be >= minExtra = " + minExtra + ", got " + maxExtra);
        }
    }
}
