package org.ttfp.ot;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Exact linear assignment: the permutation π minimising Σ_i c_{i,π(i)} for an n x n cost
 * matrix, i.e. exact discrete optimal transport between two equal-size point sets with uniform
 * weights (math.md §3).
 *
 * <p>Algorithm: shortest augmenting paths with column potentials v (Jonker–Volgenant: Dijkstra
 * over reduced costs c_ij − v_j − u_i ≥ 0 from a free row to the nearest free column, price
 * update v_j += d_j − d_end on the finished columns, augmentation) run on a sparse candidate
 * graph, with exact dense pricing so that the result is optimal for the full matrix:
 * <ol>
 *   <li>warm start (n &gt; 4·{@link #NEIGHBOURS}): the problem on random quarters of the rows and
 *       columns is solved recursively; its column potentials are extended to all rows and then all
 *       columns by c-transforms, u_i = min_{j∈sub}(c_ij − v_j), v_j = min_i(c_ij − u_i); the
 *       candidates are the {@link #NEIGHBOURS} smallest reduced costs of every row and of every
 *       column, and each column is assigned to its tight row if that row is free. Small problems
 *       use all n columns per row and the classical column reduction instead;</li>
 *   <li>augmentation of every free row on the candidates; a row from which no free column is
 *       reachable gets its cheapest free column and {@link #NEIGHBOURS} cheapest reduced costs
 *       added;</li>
 *   <li>pricing: with u_i = c_{iπ(i)} − v_{π(i)}, a row having pairs with c_ij − v_j − u_i &lt; 0
 *       (beyond rounding) gets the most violated of them added, is unassigned and re-augmented;
 *       repeated until no pair of the full matrix violates dual feasibility. Potentials only
 *       decrease, so only rows whose u_i changed are priced again.</li>
 * </ol>
 * Cost: a few passes over the n² costs (parallel over rows) plus sparse Dijkstra searches;
 * a few seconds for n = 5000 points in the plane on 2 cores. Memory O(n·NEIGHBOURS) besides the
 * cost matrix (none for point sets: their costs are computed on the fly). Optimality is
 * certified by LP duality, see {@link Result#certify(double[])}.
 */
public final class LinearAssignment {

    /** Candidate neighbours taken per row and per column before pricing. */
    public static final int NEIGHBOURS = 48;

    /** Problems up to this size are solved with all rows dense (no candidate graph). */
    private static final int DENSE_SIZE = 4 * NEIGHBOURS;

    /** Pricing rounds after which violating rows are made dense instead of growing edge by edge. */
    private static final int SPARSE_PRICING_ROUNDS = 8;

    private LinearAssignment() {
    }

    /**
     * Solves the assignment problem for a dense row-major n x n cost matrix.
     *
     * @param cost finite costs, {@code cost[i*n + j]} = c_ij (not modified)
     * @param n    the order, n ≥ 1
     * @throws IllegalArgumentException if n &lt; 1, the length is not n², or a cost is NaN/infinite
     */
    public static Result solve(double[] cost, int n) {
        requireCostMatrix(cost, n);
        return new Solver(new DenseCost(cost, n)).run();
    }

    /**
     * Exact discrete OT between two point sets of equal size N ≥ 2 in R^d (row-major N x d) with
     * squared Euclidean cost c_ij = |x_i − y_j|², computed on the fly (no N² storage).
     *
     * @throws IllegalArgumentException naming {@code x} or {@code y} for bad shapes, fewer than 2
     *         points, different sizes, or non-finite coordinates
     */
    public static Result solve(double[] x, double[] y, int d) {
        int n = PointSets.requireSameSize(x, y, d, 2, "x", "y");
        return new Solver(new EuclideanCost(x, y, d, n)).run();
    }

    static void requireCostMatrix(double[] cost, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n = " + n + ": expected n >= 1");
        }
        if (cost == null || cost.length != (long) n * n) {
            throw new IllegalArgumentException("cost has length " + (cost == null ? "null" : Integer.toString(cost.length))
                    + ": expected n*n = " + (long) n * n);
        }
        for (int k = 0; k < cost.length; k++) {
            if (!Double.isFinite(cost[k])) {
                throw new IllegalArgumentException("cost[" + (k / n) + "][" + (k % n) + "] = " + cost[k]
                        + ": expected a finite cost");
            }
        }
    }

    /** Access to c_ij. */
    abstract static class CostOracle {
        final int n;

        CostOracle(int n) {
            this.n = n;
        }

        abstract double at(int i, int j);

        /** Writes c_ij for j in [from, to) into out[from..to). */
        void row(int i, int from, int to, double[] out) {
            for (int j = from; j < to; j++) {
                out[j] = at(i, j);
            }
        }
    }

    static final class DenseCost extends CostOracle {
        private final double[] c;

        DenseCost(double[] c, int n) {
            super(n);
            this.c = c;
        }

        @Override
        double at(int i, int j) {
            return c[i * n + j];
        }

        @Override
        void row(int i, int from, int to, double[] out) {
            System.arraycopy(c, i * n + from, out, from, to - from);
        }
    }

    static final class EuclideanCost extends CostOracle {
        private final double[] x;
        private final double[] y;
        private final int d;

        EuclideanCost(double[] x, double[] y, int d, int n) {
            super(n);
            this.x = x;
            this.y = y;
            this.d = d;
        }

        @Override
        double at(int i, int j) {
            return PointSets.squaredDistance(x, i, y, j, d);
        }
    }

    /** The costs c_{rows[a], cols[b]} of a sub-problem. */
    static final class SubCost extends CostOracle {
        private final CostOracle c;
        private final int[] rows;
        private final int[] cols;

        SubCost(CostOracle c, int[] rows, int[] cols) {
            super(rows.length);
            this.c = c;
            this.rows = rows;
            this.cols = cols;
        }

        @Override
        double at(int i, int j) {
            return c.at(rows[i], cols[j]);
        }
    }

    /** One solve: candidate graph, sparse augmentations, dense pricing. */
    private static final class Solver {
        private static final byte UNSEEN = 0;
        private static final byte QUEUED = 1;
        private static final byte DONE = 2;

        private final CostOracle c;
        private final int n;
        // candidate graph, row-wise; a dense row uses all n columns
        private final int[][] adj;
        private final double[][] adjCost;
        private final int[] deg;
        private final boolean[] dense;
        // assignment and potentials
        private final int[] rowsol;
        private final int[] colsol;
        private final double[] v;
        private final double[] assignedCost;
        // column and its price when each row was last priced
        private final int[] checkedCol;
        private final double[] checkedPrice;
        // Dijkstra workspace
        private final double[] dist;
        private final int[] pred;
        private final byte[] state;
        private final int[] heap;
        private final int[] heapPos;
        private int heapSize;
        private final int[] seen;
        private int nSeen;
        private final double[] rowBuffer;
        private int densified;
        private int widened;

        Solver(CostOracle c) {
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
            dist = new double[n];
            pred = new int[n];
            state = new byte[n];
            heap = new int[n];
            heapPos = new int[n];
            seen = new int[n];
            rowBuffer = new double[n];
        }

        Result run() {
            int[] free;
            if (n <= DENSE_SIZE) {
                Arrays.fill(dense, true);
                free = columnReduction();
            } else {
                free = warmStart();
            }
            int rounds = 0;
            double[] u = new double[n];
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
                rounds++;
                free = price(u, rounds);
                if (free.length == 0) {
                    break;
                }
            }
            PointSets.Sum primal = new PointSets.Sum();
            for (int i = 0; i < n; i++) {
                primal.add(c.at(i, rowsol[i]));
            }
            long edges = 0;
            for (int i = 0; i < n; i++) {
                edges += dense[i] ? n : deg[i];
            }
            return new Result(rowsol.clone(), primal.value(), u, v.clone(), rounds, edges, widened, densified);
        }

        private static int chunks(int n) {
            return Math.max(1, Math.min(n / 64, 4 * Runtime.getRuntime().availableProcessors()));
        }

        /** Rows [from, to) of chunk t of nc. */
        private static int chunkStart(int n, int t, int nc) {
            return (int) ((long) n * t / nc);
        }

        /**
         * Multiscale warm start. Solves the problem restricted to random quarters of the rows and
         * columns (recursively), extends its column potentials to all rows and then all columns by
         * c-transforms, u_i = min_{j∈sub} (c_ij − v_j), v_j = min_i (c_ij − u_i) (a dual feasible
         * pair for the full problem), takes as candidates the {@link #NEIGHBOURS} smallest reduced
         * costs c_ij − u_i of every column and c_ij − v_j of every row, and assigns every column to
         * its tight row where that row is still free. Every assigned row then attains
         * min_j (c_ij − v_j), the invariant the augmentations need. Returns the free rows.
         */
        private int[] warmStart() {
            int k = NEIGHBOURS;
            int m = n / 4;
            SplittableRandom rng = new SplittableRandom(0x9E3779B97F4A7C15L ^ n);
            int[] subRows = randomSubset(n, m, rng);
            int[] subCols = randomSubset(n, m, rng);
            Result sub = new Solver(new SubCost(c, subRows, subCols)).run();
            double[] vs = sub.v();
            int nc = chunks(n);
            double[] u = new double[n];
            IntStream.range(0, nc).parallel().forEach(t -> {
                for (int i = chunkStart(n, t, nc); i < chunkStart(n, t + 1, nc); i++) {
                    double best = Double.POSITIVE_INFINITY;
                    for (int s = 0; s < m; s++) {
                        best = Math.min(best, c.at(i, subCols[s]) - vs[s]);
                    }
                    u[i] = best;
                }
            });
            // columns: the k smallest c_ij − u_i; v_j is the smallest, at row tight[j]
            int[] colIdx = new int[n * k];
            double[] colVal = new double[n * k];
            int[] tight = new int[n];
            IntStream.range(0, nc).parallel().forEach(t -> {
                int from = chunkStart(n, t, nc), to = chunkStart(n, t + 1, nc);
                double[] buf = new double[n];
                int[] sizes = new int[to - from];
                Arrays.fill(v, from, to, Double.POSITIVE_INFINITY);
                for (int i = 0; i < n; i++) {
                    c.row(i, from, to, buf);
                    double ui = u[i];
                    for (int j = from; j < to; j++) {
                        double h = buf[j] - ui;
                        if (h < v[j]) {
                            v[j] = h;
                            tight[j] = i;
                        }
                        sizes[j - from] = offer(colIdx, colVal, j * k, sizes[j - from], k, i, h);
                    }
                }
            });
            // rows: the k smallest c_ij − v_j
            IntStream.range(0, nc).parallel().forEach(t -> {
                double[] buf = new double[n];
                int[] hi = new int[k];
                double[] hv = new double[k];
                for (int i = chunkStart(n, t, nc); i < chunkStart(n, t + 1, nc); i++) {
                    c.row(i, 0, n, buf);
                    int size = 0;
                    for (int j = 0; j < n; j++) {
                        size = offer(hi, hv, 0, size, k, j, buf[j] - v[j]);
                    }
                    adj[i] = Arrays.copyOf(hi, 2 * k);
                    adjCost[i] = new double[2 * k];
                    for (int s = 0; s < k; s++) {
                        adjCost[i][s] = buf[hi[s]];
                    }
                    deg[i] = k;
                }
            });
            for (int j = 0; j < n; j++) {
                for (int s = 0; s < k; s++) {
                    int i = colIdx[j * k + s];
                    if (!hasEdge(i, j)) {
                        addEdge(i, j, c.at(i, j));
                    }
                }
            }
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

        /** m distinct indices of 0..n−1, uniformly at random (partial Fisher–Yates). */
        private static int[] randomSubset(int n, int m, SplittableRandom rng) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            for (int i = 0; i < m; i++) {
                int r = i + rng.nextInt(n - i);
                int t = p[i];
                p[i] = p[r];
                p[r] = t;
            }
            return Arrays.copyOf(p, m);
        }

        /**
         * Offers (index, value) to a max-heap of the k smallest values stored at
         * {@code hi/hv[base..base+k)} (ties keep the earlier index); returns the new size.
         */
        private static int offer(int[] hi, double[] hv, int base, int size, int k, int index, double value) {
            if (size < k) {
                int p = size++;
                while (p > 0) {
                    int parent = (p - 1) >> 1;
                    if (hv[base + parent] >= value) {
                        break;
                    }
                    hi[base + p] = hi[base + parent];
                    hv[base + p] = hv[base + parent];
                    p = parent;
                }
                hi[base + p] = index;
                hv[base + p] = value;
                return size;
            }
            if (!(value < hv[base])) {
                return size;
            }
            int p = 0;
            while (true) {
                int l = 2 * p + 1;
                if (l >= k) {
                    break;
                }
                int r = l + 1;
                int big = r < k && hv[base + r] > hv[base + l] ? r : l;
                if (hv[base + big] <= value) {
                    break;
                }
                hi[base + p] = hi[base + big];
                hv[base + p] = hv[base + big];
                p = big;
            }
            hi[base + p] = index;
            hv[base + p] = value;
            return size;
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
         * Classical column reduction for the all-dense case: v_j = min_i c_ij, and each column is
         * assigned to its (first) argmin row if that row is still free. Returns the free rows.
         */
        private int[] columnReduction() {
            Arrays.fill(rowsol, -1);
            Arrays.fill(colsol, -1);
            c.row(0, 0, n, v);
            int[] arg = new int[n];
            for (int i = 1; i < n; i++) {
                c.row(i, 0, n, rowBuffer);
                for (int j = 0; j < n; j++) {
                    if (rowBuffer[j] < v[j]) {
                        v[j] = rowBuffer[j];
                        arg[j] = i;
                    }
                }
            }
            for (int j = n - 1; j >= 0; j--) {
                int i = arg[j];
                if (rowsol[i] < 0) {
                    rowsol[i] = j;
                    colsol[j] = i;
                    assignedCost[i] = v[j];
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
                for (int j = 0; j < n; j++) {
                    relax(j, rowBuffer[j] - v[j] - uf, f);
                }
            } else {
                for (int s = 0; s < deg[f]; s++) {
                    uf = Math.min(uf, adjCost[f][s] - v[adj[f][s]]);
                }
                for (int s = 0; s < deg[f]; s++) {
                    int j = adj[f][s];
                    relax(j, adjCost[f][s] - v[j] - uf, f);
                }
            }
            int end = -1;
            while (heapSize > 0) {
                int j = pop();
                state[j] = DONE;
                if (colsol[j] < 0) {
                    end = j;
                    break;
                }
                int i = colsol[j];
                double base = dist[j] - (assignedCost[i] - v[j]);
                if (dense[i]) {
                    c.row(i, 0, n, rowBuffer);
                    for (int j2 = 0; j2 < n; j2++) {
                        if (state[j2] != DONE) {
                            relax(j2, base + rowBuffer[j2] - v[j2], i);
                        }
                    }
                } else {
                    int[] a = adj[i];
                    double[] ac = adjCost[i];
                    for (int s = 0; s < deg[i]; s++) {
                        int j2 = a[s];
                        if (state[j2] != DONE) {
                            relax(j2, base + ac[s] - v[j2], i);
                        }
                    }
                }
            }
            if (end < 0) {
                resetWorkspace();
                return false;
            }
            double dEnd = dist[end];
            for (int s = 0; s < nSeen; s++) {
                int j = seen[s];
                if (state[j] == DONE) {
                    v[j] += dist[j] - dEnd;
                }
            }
            int i;
            int j = end;
            do {
                i = pred[j];
                colsol[j] = i;
                int next = rowsol[i];
                rowsol[i] = j;
                assignedCost[i] = c.at(i, j);
                j = next;
            } while (i != f);
            resetWorkspace();
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
                size = offer(hi, hv, 0, size, k, j, h);
            }
            addEdge(f, bestFree, rowBuffer[bestFree]);
            for (int s = 0; s < size; s++) {
                addEdge(f, hi[s], rowBuffer[hi[s]]);
            }
            widened++;
        }

        private void relax(int j, double d, int from) {
            if (state[j] == UNSEEN) {
                state[j] = QUEUED;
                seen[nSeen++] = j;
                dist[j] = d;
                pred[j] = from;
                heap[heapSize] = j;
                heapPos[j] = heapSize;
                siftUp(heapSize++);
            } else if (d < dist[j]) {
                dist[j] = d;
                pred[j] = from;
                siftUp(heapPos[j]);
            }
        }

        private int pop() {
            int top = heap[0];
            int last = heap[--heapSize];
            if (heapSize > 0) {
                heap[0] = last;
                heapPos[last] = 0;
                siftDown(0);
            }
            return top;
        }

        private void siftUp(int p) {
            int j = heap[p];
            double dj = dist[j];
            while (p > 0) {
                int parent = (p - 1) >> 1;
                int q = heap[parent];
                if (dist[q] <= dj) {
                    break;
                }
                heap[p] = q;
                heapPos[q] = p;
                p = parent;
            }
            heap[p] = j;
            heapPos[j] = p;
        }

        private void siftDown(int p) {
            int j = heap[p];
            double dj = dist[j];
            while (true) {
                int l = 2 * p + 1;
                if (l >= heapSize) {
                    break;
                }
                int r = l + 1;
                int small = r < heapSize && dist[heap[r]] < dist[heap[l]] ? r : l;
                int q = heap[small];
                if (dist[q] >= dj) {
                    break;
                }
                heap[p] = q;
                heapPos[q] = p;
                p = small;
            }
            heap[p] = j;
            heapPos[j] = p;
        }

        private void resetWorkspace() {
            for (int s = 0; s < nSeen; s++) {
                state[seen[s]] = UNSEEN;
            }
            nSeen = 0;
            heapSize = 0;
        }

        /**
         * Dense pricing pass: writes u_i = min_j (c_ij − v_j) and finds, per row, the pairs with
         * reduced cost c_ij − v_j − (c_{iπ(i)} − v_{π(i)}) below −1e-12·(|c_ij| + |v_j| + |u_i|)
         * that are not yet candidates. The {@link #NEIGHBOURS} most violated of them are added (all
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
            int nc = chunks(total);
            int k = round <= SPARSE_PRICING_ROUNDS ? NEIGHBOURS : Integer.MAX_VALUE;
            boolean densify = round > 2 * SPARSE_PRICING_ROUNDS;
            int[][] violations = new int[n][];
            IntStream.range(0, nc).parallel().forEach(t -> {
                double[] buf = new double[n];
                int[] found = new int[n];
                double[] foundValue = new double[n];
                for (int q = chunkStart(total, t, nc); q < chunkStart(total, t + 1, nc); q++) {
                    int i = rows[q];
                    c.row(i, 0, n, buf);
                    int ji = rowsol[i];
                    double ui = buf[ji] - v[ji];
                    double umin = Double.POSITIVE_INFINITY;
                    int found0 = 0;
                    for (int j = 0; j < n; j++) {
                        double h = buf[j] - v[j];
                        umin = Math.min(umin, h);
                        double r = h - ui;
                        if (r < 0 && r < -1e-12 * (Math.abs(buf[j]) + Math.abs(v[j]) + Math.abs(ui))) {
                            if (k == Integer.MAX_VALUE) {
                                found[found0++] = j;
                            } else {
                                // keep the k most violated: a max-heap on r
                                found0 = offer(found, foundValue, 0, found0, k, j, r);
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

    /**
     * An optimal assignment with its dual certificate.
     *
     * @param rowToColumn    π: row i is assigned to column π(i)
     * @param cost           the primal cost Σ_i c_{i,π(i)} (compensated sum)
     * @param u              row potentials, u_i = min_j (c_ij − v_j) over all n columns
     * @param v              column potentials
     * @param pricingRounds  dense pricing passes made (1 when the candidate graph already held an
     *                       optimum)
     * @param candidateEdges candidate pairs at the end (n² when all rows are dense)
     * @param widenings      searches that found no free column and widened their row's candidates
     * @param denseRows      rows made dense after repeated pricing violations
     */
    public record Result(int[] rowToColumn, double cost, double[] u, double[] v, int pricingRounds,
                         long candidateEdges, int widenings, int denseRows) {

        /** The number of rows n. */
        public int size() {
            return rowToColumn.length;
        }

        /** The mean cost (1/n) Σ_i c_{i,π(i)} (C_OT of paper-protocol.md §1 for squared distances). */
        public double meanCost() {
            return cost / rowToColumn.length;
        }

        /** π⁻¹: column j is assigned to row π⁻¹(j). */
        public int[] columnToRow() {
            int[] inv = new int[rowToColumn.length];
            for (int i = 0; i < inv.length; i++) {
                inv[rowToColumn[i]] = i;
            }
            return inv;
        }

        /** Whether π is the identity (the pairing i ↦ i is optimal). */
        public boolean isIdentity() {
            for (int i = 0; i < rowToColumn.length; i++) {
                if (rowToColumn[i] != i) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Checks the dual certificate against the cost matrix the problem was solved for
         * (n² flops).
         *
         * @throws IllegalArgumentException if the matrix does not have n² finite entries
         */
        public Certificate certify(double[] cost) {
            int n = rowToColumn.length;
            requireCostMatrix(cost, n);
            double scale = 1;
            for (double x : cost) {
                scale = Math.max(scale, Math.abs(x));
            }
            return certify(new DenseCost(cost, n), scale);
        }

        /**
         * Checks the dual certificate for the squared Euclidean costs between the point sets the
         * problem was solved for, computing costs on the fly (3d n² flops, no n² memory).
         */
        public Certificate certify(double[] x, double[] y, int d) {
            int n = PointSets.requireSameSize(x, y, d, 1, "x", "y");
            if (n != rowToColumn.length) {
                throw new IllegalArgumentException("x has " + n + " points: expected the " + rowToColumn.length
                        + " of the solved problem");
            }
            double scale = 1;
            for (int i = 0; i < n; i++) {
                scale = Math.max(scale, PointSets.squaredDistance(x, i, y, rowToColumn[i], d));
            }
            return certify(new EuclideanCost(x, y, d, n), scale);
        }

        private Certificate certify(CostOracle c, double scale) {
            int n = rowToColumn.length;
            double maxViolation = Double.NEGATIVE_INFINITY;
            PointSets.Sum primal = new PointSets.Sum(), dual = new PointSets.Sum();
            double[] buf = new double[n];
            for (int i = 0; i < n; i++) {
                c.row(i, 0, n, buf);
                for (int j = 0; j < n; j++) {
                    maxViolation = Math.max(maxViolation, u[i] + v[j] - buf[j]);
                }
                primal.add(buf[rowToColumn[i]]);
                dual.add(u[i]);
                dual.add(v[i]);
            }
            return new Certificate(n, primal.value(), dual.value(), maxViolation, scale);
        }

        @Override
        public String toString() {
            return "LinearAssignment.Result[n=" + rowToColumn.length + ", cost=" + cost + ", pricingRounds="
                    + pricingRounds + ", candidateEdges=" + candidateEdges + ", widenings=" + widenings
                    + ", denseRows=" + denseRows + "]";
        }
    }

    /**
     * The LP-duality certificate of an assignment. For any permutation σ,
     * Σ c_{iσ(i)} ≥ Σ_i (u_i + v_{σ(i)}) − n·max(0, maxViolation) = dual − n·max(0, maxViolation),
     * so the assignment is optimal to within {@link #suboptimalityBound()} = gap + n·max(0,
     * maxViolation), with gap = primal − dual.
     *
     * @param n            the order
     * @param primal       Σ_i c_{i,π(i)}
     * @param dual         Σ_i u_i + Σ_j v_j
     * @param maxViolation max_ij (u_i + v_j − c_ij) (≤ 0 up to rounding for a feasible dual)
     * @param costScale    a typical cost magnitude (max(1, max|c|), or max(1, largest assigned
     *                     cost) for point sets) for relative tolerances
     */
    public record Certificate(int n, double primal, double dual, double maxViolation, double costScale) {

        /** The duality gap primal − dual (zero up to rounding at the optimum). */
        public double gap() {
            return primal - dual;
        }

        /** gap / max(|primal|, costScale). */
        public double relativeGap() {
            return gap() / Math.max(Math.abs(primal), costScale);
        }

        /** gap + n·max(0, maxViolation): primal minus the optimal cost is at most this. */
        public double suboptimalityBound() {
            return gap() + n * Math.max(0, maxViolation);
        }

        /**
         * Whether u_i + v_j ≤ c_ij + violationTolerance for all i, j and |primal − dual| ≤
         * gapTolerance.
         */
        public boolean holds(double violationTolerance, double gapTolerance) {
            return maxViolation <= violationTolerance && Math.abs(gap()) <= gapTolerance;
        }

        /**
         * {@link #holds(double, double)} with tolerances 1e-10·costScale for the violation and
         * 1e-10·max(|primal|, costScale) for the gap (rounding in n² double operations stays
         * well below these).
         */
        public boolean holds() {
            return holds(1e-10 * costScale, 1e-10 * Math.max(Math.abs(primal), costScale));
        }
    }
}
