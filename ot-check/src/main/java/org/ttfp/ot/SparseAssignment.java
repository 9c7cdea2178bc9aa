package org.ttfp.ot;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The sparse exact assignment solver of {@link LinearAssignment}: Jonker–Volgenant shortest
 * augmenting paths (Dijkstra over reduced costs c_ij − v_j − u_i ≥ 0 from a free row to the
 * nearest free column, price update v_j += d_j − d_end on the finished columns, augmentation) on a
 * sparse candidate graph, with exact dense pricing so that the result is optimal for the full
 * matrix:
 * <ol>
 *   <li>warm start: the problem on a random half of the indices (the same rows and columns, so
 *       that a near-identity pairing x_i ↔ y_i stays one in the sub-problem) is solved recursively
 *       (by {@link DenseAssignment} once it is small, without pricing above: a warm start needs no
 *       exact sub-problem); its column potentials are extended to all
 *       rows and then all columns by c-transforms, u_i = min_{j∈sub}(c_ij − v_j), v_j = min_i(c_ij −
 *       u_i); the candidates are the {@link #NEIGHBOURS} smallest reduced costs of every row and of
 *       every column, and each column is assigned to its tight row if that row is free; two passes
 *       of augmenting row reduction on the candidates (as in {@link DenseAssignment}) then assign
 *       most of the remaining rows;</li>
 *   <li>augmentation of every free row on the candidates (Dijkstra with a binary heap; a free
 *       column is never queued, it only bounds the search, and columns at or beyond that bound are
 *       not queued either); a row from which no free column is reachable gets its cheapest free
 *       column and {@link #NEIGHBOURS} cheapest reduced costs added;</li>
 *   <li>pricing: with u_i = c_{iπ(i)} − v_{π(i)}, a row having pairs with c_ij − v_j − u_i &lt; 0
 *       (beyond rounding) gets the most violated of them added, is unassigned and re-augmented;
 *       repeated until no pair of the full matrix violates dual feasibility. Potentials only
 *       decrease, so only rows whose u_i changed are priced again.</li>
 * </ol>
 * Cost: a few passes over the n² costs (parallel over rows, each cost row computed by
 * {@link AssignmentCosts.Oracle#row}) plus sparse Dijkstra searches. Memory: about
 * 2·{@link #NEIGHBOURS}·12 bytes per row for the candidates (~1.2 kB, 12 MB at n = 10⁴) plus
 * O(n) work arrays; no n² storage for point sets.
 */
final class SparseAssignment {

    /** Candidate neighbours taken per row and per column before pricing. */
    static final int NEIGHBOURS = 48;

    /** Pricing rounds after which violating rows are made dense instead of growing edge by edge. */
    private static final int SPARSE_PRICING_ROUNDS = 8;

    private final AssignmentCosts.Oracle c;
    private final int n;
    // candidate graph, row-wise; a dense row uses all n columns
    private final int[][] adj;
    private final double[][] adjCost;
    private final int[] deg;
    private final boolean[] dense;
    // assignment and potentials
    /** Row i → column (the optimum after {@link #solve}). */
    final int[] rowsol;
    private final int[] colsol;
    /** Column potentials. */
    final double[] v;
    /** Row potentials u_i = min_j (c_ij − v_j) over all columns, from the last pricing pass. */
    final double[] u;
    /** Dense pricing passes made. */
    int rounds;
    private final double[] assignedCost;
    // column and its price when each row was last priced
    private final int[] checkedCol;
    private final double[] checkedPrice;
    private final DijkstraHeap search;
    // the nearest free column reached by the current search
    private double bestFree;
    private int bestFreeColumn;
    private int bestFreePred;
    private final double[] rowBuffer;
    /** Rows made dense after repeated pricing violations. */
    int densified;
    /** Searches that found no free column and widened their row's candidates. */
    int widened;

    private SparseAssignment(AssignmentCosts.Oracle c) {
        this.c = c;
        this.n = c.n;
        adj = new int[n][];
        adjCost = new double[n][];
        deg = new int[n];
        dense = new boolean[n];
        rowsol = new int[n];
        colsol = new int[n];
        v = new double[n];
        assignedCost = new double[n];
        checkedCol = new int[n];
        checkedPrice = new double[n];
        Arrays.fill(checkedCol, -1);
        search = new DijkstraHeap(n);
        rowBuffer = new double[n];
        u = new double[n];
    }

    /**
     * Solves the problem of the oracle (n &gt; 4·{@link #NEIGHBOURS}; costs finite, not validated
     * here).
     */
    static SparseAssignment solve(AssignmentCosts.Oracle c) {
        return solve(c, true);
    }

    /**
     * With {@code exact = false} the pricing passes are skipped: the assignment is optimal on the
     * candidate graph only and u is not computed, which is all a warm start needs from its
     * sub-problem (the full problem's c-transforms restore dual feasibility, its pricing
     * optimality).
     */
    static SparseAssignment solve(AssignmentCosts.Oracle c, boolean exact) {
        if (c.n <= 4 * NEIGHBOURS) {
            throw new IllegalArgumentException("n = " + c.n + ": the sparse solver needs n > " + 4 * NEIGHBOURS);
        }
        SparseAssignment s = new SparseAssignment(c);
        s.run(exact);
        return s;
    }

    /** Candidate pairs at the end (n for each dense row). */
    long candidateEdges() {
        long edges = 0;
        for (int i = 0; i < n; i++) {
            edges += dense[i] ? n : deg[i];
        }
        return edges;
    }

    private void run(boolean exact) {
        int[] free = warmStart();
        for (int pass = 0; pass < 2 && free.length > 0; pass++) {
            free = augmentingRowReduction(free);
        }
        while (true) {
            for (int f : free) {
                if (!augmentFrom(f)) {
                    widen(f);
                    if (!augmentFrom(f)) {
                        throw new IllegalStateException("no augmenting path from row " + f
                                + " although it is adjacent to a free column");
                    }
                }
            }
            if (!exact) {
                break;
            }
            rounds++;
            free = price(u, rounds);
            if (free.length == 0) {
                break;
            }
        }
    }

    /**
     * One pass of augmenting row reduction on the candidate graph (as in {@link DenseAssignment}):
     * each free row takes its best candidate j1 at reduced cost u1 = c_ij1 − v_j1, lowering v_j1 by
     * u2 − u1 (u2 its second best) so that it stays tight on its candidates; the previous owner of
     * j1 is freed and treated next when v_j1 dropped, else in the next pass. At most 2n + 64 steps.
     * Returns the rows still free.
     */
    private int[] augmentingRowReduction(int[] free) {
        int kept = DenseAssignment.reductionPass(free, free.length, 2L * n + 64, (i, best, at) -> {
            boolean full = dense[i];
            if (full) {
                c.row(i, 0, n, rowBuffer);
            }
            int[] cols = full ? null : adj[i];
            DenseAssignment.twoSmallest(full ? rowBuffer : adjCost[i], 0, cols, full ? n : deg[i], v, best, at);
            at[2] = at[0] < 0 || full ? at[0] : cols[at[0]];
            at[3] = at[1] < 0 || full ? at[1] : cols[at[1]];
        }, v, rowsol, colsol, assignedCost, i -> dense[i] ? rowBuffer : adjCost[i]);
        return Arrays.copyOf(free, kept);
    }

    /**
     * Multiscale warm start ({@link SparseWarmStart}): column potentials v and the candidate graph,
     * then every column is assigned to its tight row where that row is still free. Every assigned
     * row then attains min_j (c_ij − v_j) over its candidates, the invariant the augmentations
     * need. Returns the free rows.
     */
    private int[] warmStart() {
        int[] tight = SparseWarmStart.build(c, NEIGHBOURS, v, adj, adjCost, deg);
        Arrays.fill(rowsol, -1);
        Arrays.fill(colsol, -1);
        for (int j = 0; j < n; j++) {
            int i = tight[j];
            if (rowsol[i] < 0) {
                rowsol[i] = j;
                colsol[j] = i;
                assignedCost[i] = c.at(i, j);
            }
        }
        int nf = 0;
        int[] free = new int[n];
        for (int i = 0; i < n; i++) {
            if (rowsol[i] < 0) {
                free[nf++] = i;
            }
        }
        return Arrays.copyOf(free, nf);
    }

    private boolean hasEdge(int i, int j) {
        int[] a = adj[i];
        for (int s = 0; s < deg[i]; s++) {
            if (a[s] == j) {
                return true;
            }
        }
        return false;
    }

    /** Adds the candidate (i, j) unless present; returns whether it was added. */
    private boolean addEdge(int i, int j, double cost) {
        if (dense[i] || hasEdge(i, j)) {
            return false;
        }
        if (deg[i] == adj[i].length) {
            adj[i] = Arrays.copyOf(adj[i], 2 * deg[i] + 4);
            adjCost[i] = Arrays.copyOf(adjCost[i], 2 * deg[i] + 4);
        }
        adj[i][deg[i]] = j;
        adjCost[i][deg[i]++] = cost;
        return true;
    }

    /**
     * Relaxes the candidates of row i at distance base + c_ij − v_j: a free column only records the
     * nearest free column so far (it ends the search, it need not be queued), a column at or beyond
     * that distance is not queued at all (the search stops before reaching it).
     */
    private void scanRow(int i, double base) {
        if (dense[i]) {
            c.row(i, 0, n, rowBuffer);
            for (int j = 0; j < n; j++) {
                relax(j, base + rowBuffer[j] - v[j], i);
            }
        } else {
            int[] a = adj[i];
            double[] ac = adjCost[i];
            for (int s = 0; s < deg[i]; s++) {
                int j = a[s];
                relax(j, base + ac[s] - v[j], i);
            }
        }
    }

    private void relax(int j, double d, int from) {
        if (d < bestFree && search.state[j] != DijkstraHeap.DONE) {
            if (colsol[j] < 0) {
                bestFree = d;
                bestFreeColumn = j;
                bestFreePred = from;
            } else {
                search.relax(j, d, from);
            }
        }
    }

    /**
     * Dijkstra from the free row f over reduced costs to the nearest free column, then price
     * update v_j += d_j − D on the finished columns and augmentation. Returns false, with
     * nothing changed, if no free column is reachable through the candidates.
     */
    private boolean augmentFrom(int f) {
        double uf = Double.POSITIVE_INFINITY;
        if (dense[f]) {
            c.row(f, 0, n, rowBuffer);
            for (int j = 0; j < n; j++) {
                uf = Math.min(uf, rowBuffer[j] - v[j]);
            }
        } else {
            for (int s = 0; s < deg[f]; s++) {
                uf = Math.min(uf, adjCost[f][s] - v[adj[f][s]]);
            }
        }
        bestFree = Double.POSITIVE_INFINITY;
        bestFreeColumn = -1;
        scanRow(f, -uf);
        while (!search.isEmpty() && search.minDist() < bestFree) {
            int j = search.pop();
            int i = colsol[j];
            scanRow(i, search.dist[j] - (assignedCost[i] - v[j]));
        }
        int end = bestFreeColumn;
        if (end < 0) {
            search.reset();
            return false;
        }
        search.pred[end] = bestFreePred;
        double dEnd = bestFree;
        for (int s = 0; s < search.seenCount; s++) {
            int j = search.seen[s];
            if (search.state[j] == DijkstraHeap.DONE) {
                v[j] += search.dist[j] - dEnd;
            }
        }
        int i;
        int j = end;
        do {
            i = search.pred[j];
            colsol[j] = i;
            int next = rowsol[i];
            rowsol[i] = j;
            assignedCost[i] = c.at(i, j);
            j = next;
        } while (i != f);
        search.reset();
        return true;
    }

    /**
     * Called when no free column is reachable from the free row f: adds to f's candidates the
     * free column and the {@link #NEIGHBOURS} other columns of smallest c_fj − v_j, so that the
     * next search succeeds.
     */
    private void widen(int f) {
        if (dense[f]) {
            return;
        }
        c.row(f, 0, n, rowBuffer);
        int bestFree = -1;
        double bestFreeValue = Double.POSITIVE_INFINITY;
        int k = NEIGHBOURS;
        int[] hi = new int[k];
        double[] hv = new double[k];
        int size = 0;
        for (int j = 0; j < n; j++) {
            double h = rowBuffer[j] - v[j];
            if (colsol[j] < 0 && h < bestFreeValue) {
                bestFreeValue = h;
                bestFree = j;
            }
            size = DijkstraHeap.offerSmallest(hi, hv, 0, size, k, j, h);
        }
        addEdge(f, bestFree, rowBuffer[bestFree]);
        for (int s = 0; s < size; s++) {
            addEdge(f, hi[s], rowBuffer[hi[s]]);
        }
        widened++;
    }

    /**
     * Dense pricing pass: writes u_i = min_j (c_ij − v_j) and finds, per row, the pairs with
     * reduced cost c_ij − v_j − (c_{iπ(i)} − v_{π(i)}) below −1e-12·(|c_ij| + |v_j| + |u_i|)
     * that are not yet candidates, scanning whole cost rows or, for points in the plane, only the
     * columns a {@link PlaneGrid} query returns (those with c_ij − v_j &lt; u_i: the same result). The {@link #NEIGHBOURS} most violated of them are added (all
     * after {@link #SPARSE_PRICING_ROUNDS} rounds; the row is made dense after twice as many),
     * their rows are unassigned, and those rows are returned.
     */
    private int[] price(double[] u, int round) {
        // rows whose u_i = c_{iπ(i)} − v_{π(i)} is unchanged since their last check cannot have
        // new violations: potentials only decrease, so reduced costs c_ij − v_j only grow
        int[] rows = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int ji = rowsol[i];
            if (checkedCol[i] != ji || checkedPrice[i] != v[ji]) {
                rows[count++] = i;
            }
        }
        int total = count;
        int k = round <= SPARSE_PRICING_ROUNDS ? NEIGHBOURS : Integer.MAX_VALUE;
        boolean densify = round > 2 * SPARSE_PRICING_ROUNDS;
        int[][] violations = new int[n][];
        PlaneGrid grid = c instanceof AssignmentCosts.Euclidean e && e.planar() ? e.columnGrid() : null;
        PlaneGrid.Weights w = grid == null ? null : grid.weigh(v);
        int nc = SparseWarmStart.chunks(total);
        IntStream.range(0, nc).parallel().forEach(t -> {
            double[] buf = grid == null ? null : new double[n];
            double[][] bufs = grid == null ? new double[4][n] : null;
            int[] below = grid == null ? null : new int[n];
            int[] found = new int[n];
            double[] foundValue = new double[n];
            int start = SparseWarmStart.chunkStart(total, t, nc), end = SparseWarmStart.chunkStart(total, t + 1, nc);
            for (int q = start; q < end; q++) {
                int i = rows[q];
                int ji = rowsol[i];
                double ui = c.at(i, ji) - v[ji];
                // the columns to check: the whole cost row, or (planar points) those a grid query
                // finds with h = c_ij − v_j < u_i (the cells it skips hold none, see PlaneGrid)
                double umin = ui;
                int found0 = 0;
                if (grid == null) {
                    // the whole row, in its own loop (no per-entry choice of the column source)
                    double[] row = pricingRow(rows, q, start, end, bufs);
                    for (int j = 0; j < n; j++) {
                        double h = row[j] - v[j];
                        umin = Math.min(umin, h);
                        double r = h - ui;
                        if (r < 0 && r < -1e-12 * (Math.abs(row[j]) + Math.abs(v[j]) + Math.abs(ui))) {
                            found0 = keepViolation(found, foundValue, found0, k, j, r);
                        }
                    }
                } else {
                    int checks = grid.below(((AssignmentCosts.Euclidean) c).rowPoint(i, 0),
                            ((AssignmentCosts.Euclidean) c).rowPoint(i, 1), w, ui, below, buf);
                    for (int s = 0; s < checks; s++) {
                        int j = below[s];
                        double h = buf[s];
                        umin = Math.min(umin, h);
                        double r = h - ui;
                        if (r < 0 && r < -1e-12 * (Math.abs(c.at(i, j)) + Math.abs(v[j]) + Math.abs(ui))) {
                            found0 = keepViolation(found, foundValue, found0, k, j, r);
                        }
                    }
                }
                u[i] = umin;
                checkedCol[i] = ji;
                checkedPrice[i] = v[ji];
                if (found0 > 0) {
                    violations[i] = Arrays.copyOf(found, found0);
                }
            }
        });
        return releaseViolators(violations, densify);
    }

    /**
     * The cost row of rows[q] for the pricing scan of rows[start..end) in this order: four at a
     * time ({@link AssignmentCosts.Oracle#rows4}, the same doubles) where a block of four from
     * start holds four consecutive rows (the increasing rows to price are often all rows).
     */
    private double[] pricingRow(int[] rows, int q, int start, int end, double[][] bufs) {
        int block = start + ((q - start) & ~3);
        if (block + 4 <= end && rows[block + 3] == rows[block] + 3) {
            if (q == block) {
                c.rows4(rows[block], 0, n, bufs);
            }
            return bufs[q - block];
        }
        c.row(rows[q], 0, n, bufs[0]);
        return bufs[0];
    }

    /**
     * Records the violation (j, r) of a pricing scan: all of them when k is unbounded, else the k
     * most violated (a max-heap on r). Returns the new count.
     */
    private static int keepViolation(int[] found, double[] foundValue, int count, int k, int j, double r) {
        if (k == Integer.MAX_VALUE) {
            found[count] = j;
            return count + 1;
        }
        return DijkstraHeap.offerSmallest(found, foundValue, 0, count, k, j, r);
    }

    /**
     * Adds the violations found by a pricing pass to the candidates (or makes the row dense),
     * unassigns those rows and returns them.
     */
    private int[] releaseViolators(int[][] violations, boolean densify) {
        int[] freed = new int[n];
        int nf = 0;
        for (int i = 0; i < n; i++) {
            if (violations[i] == null || dense[i]) {
                continue;
            }
            boolean added = false;
            if (densify) {
                dense[i] = true;
                densified++;
                added = true;
            } else {
                for (int j : violations[i]) {
                    added |= addEdge(i, j, c.at(i, j));
                }
            }
            if (added) {
                colsol[rowsol[i]] = -1;
                rowsol[i] = -1;
                checkedCol[i] = -1;
                freed[nf++] = i;
            }
        }
        return Arrays.copyOf(freed, nf);
    }
}
