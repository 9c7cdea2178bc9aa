package org.ttfp.ot;

import java.util.Arrays;

/**
 * The dense exact assignment solver of {@link LinearAssignment}: Jonker–Volgenant shortest
 * augmenting paths on a dense row-major n x n cost matrix held in memory (8n² bytes).
 *
 * <p>Column potentials v; a row i assigned to column x_i is <i>tight</i>: c_{i x_i} − v_{x_i} =
 * min_j (c_ij − v_j) =: u_i, so all reduced costs c_ij − v_j − u_i are ≥ 0. The phases:
 * <ol>
 *   <li><b>column reduction</b>: v_j = min_i c_ij; going through the columns from the last, each is
 *       assigned to its argmin row if that row is still free (one row-major pass);</li>
 *   <li><b>reduction transfer</b>: a row that is the argmin of exactly one column j gives that column
 *       the slack of its second best, v_j −= min_{k≠j} (c_ik − v_k), making j less attractive to the
 *       other rows while i stays tight;</li>
 *   <li><b>augmenting row reduction</b> (two passes over the free rows): a free row takes its best
 *       column j1 at reduced cost u1, lowering v_{j1} by u2 − u1 (u2 its second best) so that it stays
 *       tight; the previous owner of j1 becomes free and is treated next if v_{j1} dropped, else in the
 *       next pass (on a tie the row takes the second best column instead);</li>
 *   <li><b>augmentation</b>: for each remaining free row, Dijkstra over the reduced costs to the
 *       nearest free column (O(n) per scanned row, the columns at the current minimum distance are
 *       scanned as a batch), the price update v_j += d_j − d_min on the scanned columns and the swap
 *       along the path.</li>
 * </ol>
 * Cost: O(n²) for the first three phases and O(n·s) per augmentation with s the rows scanned; in
 * practice a few n² passes. Memory: the matrix plus O(n).
 */
final class DenseAssignment {

    /** Row i → column (−1 while free). */
    final int[] rowToColumn;
    /** Column j → row (−1 while free). */
    final int[] columnToRow;
    /** Column potentials. */
    final double[] v;
    /** Rows still free after the augmenting row reduction (before augmentation). */
    int freeAfterReduction;

    private final double[] c;
    private final int n;

    private DenseAssignment(double[] c, int n) {
        this.c = c;
        this.n = n;
        rowToColumn = new int[n];
        columnToRow = new int[n];
        v = new double[n];
    }

    /** Solves for the row-major n x n matrix c (not modified, not validated here). */
    static DenseAssignment solve(double[] c, int n) {
        DenseAssignment s = new DenseAssignment(c, n);
        int[] free = s.columnReduction();
        int nFree = free.length;
        for (int pass = 0; pass < 2 && nFree > 0; pass++) {
            nFree = s.augmentingRowReduction(free, nFree);
        }
        s.freeAfterReduction = nFree;
        double[] d = new double[n];
        int[] pred = new int[n];
        int[] cols = new int[n];
        for (int f = 0; f < nFree; f++) {
            s.augment(free[f], d, pred, cols);
        }
        return s;
    }

    /** u_i = min_j (c_ij − v_j), one pass over the matrix. */
    double[] rowPotentials() {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            int off = i * n;
            double m = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                m = Math.min(m, c[off + j] - v[j]);
            }
            u[i] = m;
        }
        return u;
    }

    /** Column reduction and reduction transfer; returns the free rows. */
    private int[] columnReduction() {
        int[] arg = new int[n];
        System.arraycopy(c, 0, v, 0, n);
        for (int i = 1; i < n; i++) {
            int off = i * n;
            for (int j = 0; j < n; j++) {
                double cij = c[off + j];
                if (cij < v[j]) {
                    v[j] = cij;
                    arg[j] = i;
                }
            }
        }
        Arrays.fill(rowToColumn, -1);
        Arrays.fill(columnToRow, -1);
        int[] matches = new int[n];
        for (int j = n - 1; j >= 0; j--) {
            int i = arg[j];
            matches[i]++;
            if (rowToColumn[i] < 0) {
                rowToColumn[i] = j;
                columnToRow[j] = i;
            }
        }
        int[] free = new int[n];
        int nFree = 0;
        for (int i = 0; i < n; i++) {
            if (matches[i] == 0) {
                free[nFree++] = i;
            } else if (matches[i] == 1) {
                // reduction transfer: v_j1 −= min_{j≠j1} (c_ij − v_j)
                int j1 = rowToColumn[i];
                int off = i * n;
                double m = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (j != j1) {
                        m = Math.min(m, c[off + j] - v[j]);
                    }
                }
                if (m < Double.POSITIVE_INFINITY) {
                    v[j1] -= m;
                }
            }
        }
        return Arrays.copyOf(free, Math.max(nFree, 0));
    }

    /** One pass of augmenting row reduction on the whole rows of the matrix ({@link #reductionPass}). */
    private int augmentingRowReduction(int[] free, int nFree) {
        return reductionPass(free, nFree, 4L * n + 64, (i, best, at) -> {
            twoSmallest(c, i * n, null, n, v, best, at);
            at[2] = at[0];
            at[3] = at[1];
        }, v, rowToColumn, columnToRow, null, null);
    }

    /** The best two columns of a free row for {@link #reductionPass}. */
    interface BestTwo {
        /**
         * Writes best = {u1, u2}, the two smallest reduced costs c_ij − v_j of row i (+∞ where
         * none), at[0..1] their positions among the row's costs and at[2..3] their columns (−1
         * where none).
         */
        void of(int i, double[] best, int[] at);
    }

    /**
     * One pass of augmenting row reduction over free[0..nFree), shared by both solvers: each free
     * row i takes its best column j1 at reduced cost u1, lowering v_{j1} by u2 − u1 (u2 its second
     * best, {@link #takeColumn}); the previous owner of the column taken is treated next when
     * v_{j1} dropped, else kept for the next pass. After {@code maxSteps} steps (a long chain of
     * small price drops) the rest is left to the augmentations. With {@code assignedCost} non-null
     * it receives c_{i,π(i)} from {@code cost(i)}[position]. Writes the rows still free to the front
     * of {@code free} and returns their number.
     */
    static int reductionPass(int[] free, int nFree, long maxSteps, BestTwo rows, double[] v, int[] rowToColumn,
            int[] columnToRow, double[] assignedCost, java.util.function.IntFunction<double[]> cost) {
        int k = 0;
        int kept = 0;
        long steps = 0;
        double[] best = new double[2];
        int[] at = new int[4];
        while (k < nFree) {
            if (++steps > maxSteps) {
                while (k < nFree) {
                    free[kept++] = free[k++];
                }
                break;
            }
            int i = free[k++];
            rows.of(i, best, at);
            double u1 = best[0], u2 = best[1];
            int j1 = at[2], j2 = at[3];
            boolean dropped = j2 >= 0 && u1 < u2;
            int owner = takeColumn(i, j1, j2, dropped, u2 - u1, v, rowToColumn, columnToRow);
            if (owner >= 0) {
                if (dropped) {
                    free[--k] = owner;
                } else {
                    free[kept++] = owner;
                }
            }
            if (assignedCost != null) {
                assignedCost[i] = cost.apply(i)[rowToColumn[i] == j1 ? at[0] : at[1]];
            }
        }
        return kept;
    }

    /**
     * The kernel of augmenting row reduction: the smallest and second smallest reduced costs
     * h_s = cost[off + s] − v[j_s] over s = 0..count−1, with column j_s = cols[s] (or s when
     * {@code cols} is null: a whole cost row). Writes best = {u1, u2} (+∞ where none) and
     * at[0..1] = their positions s (−1 where none); on a tie the earlier position is the best.
     */
    static void twoSmallest(double[] cost, int off, int[] cols, int count, double[] v, double[] best, int[] at) {
        double u1 = Double.POSITIVE_INFINITY, u2 = Double.POSITIVE_INFINITY;
        int s1 = -1, s2 = -1;
        for (int s = 0; s < count; s++) {
            double h = cost[off + s] - v[cols == null ? s : cols[s]];
            if (h < u2) {
                if (h < u1) {
                    u2 = u1;
                    s2 = s1;
                    u1 = h;
                    s1 = s;
                } else {
                    u2 = h;
                    s2 = s;
                }
            }
        }
        best[0] = u1;
        best[1] = u2;
        at[0] = s1;
        at[1] = s2;
    }

    /**
     * The reassignment of one augmenting-row-reduction step, shared with {@link SparseAssignment}:
     * free row i, whose best and second-best columns are j1 and j2 (j2 = −1 if none), takes j1 and
     * lowers v_{j1} by {@code drop} = u2 − u1 when {@code dropped} (u1 &lt; u2, so i stays tight); on
     * a tie it takes j2 instead when j1 is owned. The previous owner of the column taken loses it.
     *
     * @return the row whose column i took (now free), or −1
     */
    static int takeColumn(int i, int j1, int j2, boolean dropped, double drop, double[] v, int[] rowToColumn,
            int[] columnToRow) {
        int owner = columnToRow[j1];
        if (dropped) {
            v[j1] -= drop;
        } else if (owner >= 0 && j2 >= 0) {
            j1 = j2;
            owner = columnToRow[j1];
        }
        if (owner >= 0) {
            rowToColumn[owner] = -1;
        }
        rowToColumn[i] = j1;
        columnToRow[j1] = i;
        return owner;
    }

    /**
     * Shortest augmenting path from the free row f (Dijkstra over reduced costs, columns ordered in
     * {@code cols}: [0, low) scanned, [low, up) at the current minimum distance, [up, n) not yet
     * reached at minimum), then the price update and the swap along the path.
     */
    private void augment(int f, double[] d, int[] pred, int[] cols) {
        int off = f * n;
        for (int j = 0; j < n; j++) {
            cols[j] = j;
            d[j] = c[off + j] - v[j];
            pred[j] = f;
        }
        int low = 0, up = 0;
        int end = -1;
        int last = 0;
        double min = 0;
        search:
        while (true) {
            if (up == low) {
                // the next batch: all unscanned columns at the smallest distance
                last = low;
                min = d[cols[up++]];
                for (int k = up; k < n; k++) {
                    int j = cols[k];
                    double h = d[j];
                    if (h <= min) {
                        if (h < min) {
                            up = low;
                            min = h;
                        }
                        cols[k] = cols[up];
                        cols[up++] = j;
                    }
                }
                for (int k = low; k < up; k++) {
                    if (columnToRow[cols[k]] < 0) {
                        end = cols[k];
                        break search;
                    }
                }
            }
            int j1 = cols[low++];
            int i = columnToRow[j1];
            int ri = i * n;
            double h = c[ri + j1] - v[j1] - min;
            for (int k = up; k < n; k++) {
                int j = cols[k];
                double dj = c[ri + j] - v[j] - h;
                if (dj < d[j]) {
                    d[j] = dj;
                    pred[j] = i;
                    if (dj <= min) {
                        if (columnToRow[j] < 0) {
                            end = j;
                            break search;
                        }
                        cols[k] = cols[up];
                        cols[up++] = j;
                    }
                }
            }
        }
        // price update on the columns scanned before the last batch
        for (int k = 0; k < last; k++) {
            int j = cols[k];
            v[j] += d[j] - min;
        }
        int j = end;
        while (true) {
            int i = pred[j];
            columnToRow[j] = i;
            int next = rowToColumn[i];
            rowToColumn[i] = j;
            if (i == f) {
                break;
            }
            j = next;
        }
    }
}
