package org.ttfp.ot;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The multiscale warm start of {@link SparseAssignment}: dual feasible column potentials from a
 * half-size sub-problem and the candidate graph of the k best reduced costs per row and per
 * column. Memory: n·k·12 bytes for the column candidates (transient) and up to 2k·12 bytes per
 * row for the graph.
 */
final class SparseWarmStart {

    /** Sub-problems up to this size are solved by {@link DenseAssignment}. */
    static final int DENSE_SUBPROBLEM = LinearAssignment.DENSE_MAX;

    private SparseWarmStart() {
    }

    /**
     * Solves the problem restricted to a random half of the indices (rows and columns alike, so
     * that a near-identity pairing stays one; recursively), extends its column potentials to all
     * rows and then all columns by c-transforms, u_i = min_{j∈sub} (c_ij − v_j), v_j = min_i (c_ij −
     * u_i) (a dual feasible pair for the full problem), and takes as candidates the k smallest
     * reduced costs c_ij − u_i of every column and c_ij − v_j of every row. Three passes over the
     * costs (the first over n x n/2), parallel over blocks of columns or rows.
     *
     * @param v       receives the column potentials
     * @param adj     receives each row's candidate columns (capacity 2k, grown as needed)
     * @param adjCost their costs c_ij
     * @param deg     the number of candidates of each row
     * @return tight: for each column j, a row attaining v_j = c_ij − u_i
     */
    static int[] build(AssignmentCosts.Oracle c, int k, double[] v, int[][] adj, double[][] adjCost, int[] deg) {
        int n = c.n;
        int m = n / 2;
        SplittableRandom rng = new SplittableRandom(0x9E3779B97F4A7C15L ^ n);
        int[] subRows = randomSubset(n, m, rng);
        int[] subCols = subRows;
        double[] vs = subProblemPotentials(c.restrict(subRows, subCols));
        int nc = chunks(n);
        double[] u = new double[n];
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        AssignmentCosts.Oracle toSub = c.restrict(all, subCols);
        if (c instanceof AssignmentCosts.Euclidean e && e.planar()) {
            return planar(e, (AssignmentCosts.Euclidean) toSub, vs, k, v, adj, adjCost, deg);
        }
        IntStream.range(0, nc).parallel().forEach(t -> {
            double[][] bufs = new double[4][m];
            int start = chunkStart(n, t, nc), end = chunkStart(n, t + 1, nc);
            for (int i = start; i < end; i++) {
                double[] buf = rowOf(toSub, i, start, end, bufs);
                double best = Double.POSITIVE_INFINITY;
                for (int s = 0; s < m; s++) {
                    best = Math.min(best, buf[s] - vs[s]);
                }
                u[i] = best;
            }
        });
        // columns: the k smallest c_ij − u_i; v_j is the smallest, at row tight[j]
        int[] colIdx = new int[n * k];
        int[] tight = new int[n];
        if (c instanceof AssignmentCosts.Euclidean e) {
            columnsByTransposedRows(e.transposed(), u, k, v, tight, colIdx);
        } else {
            columnsByRows(c, u, k, v, tight, colIdx);
        }
        rowCandidates(c, k, v, adj, adjCost, deg);
        mergeColumnCandidates(c, k, colIdx, adj, adjCost, deg);
        return tight;
    }

    /** The column pass of {@link #build} for any oracle: rows i = 0..n−1 over blocks of columns. */
    private static void columnsByRows(AssignmentCosts.Oracle c, double[] u, int k, double[] v, int[] tight,
            int[] colIdx) {
        int n = c.n;
        int nc = chunks(n);
        double[] colVal = new double[n * k];
        IntStream.range(0, nc).parallel().forEach(t -> {
            int from = chunkStart(n, t, nc), to = chunkStart(n, t + 1, nc);
            double[] buf = new double[n];
            int[] sizes = new int[to - from];
            // the largest of the k kept per column (+∞ until k are kept): most offers stop here
            double[] top = new double[to - from];
            Arrays.fill(top, Double.POSITIVE_INFINITY);
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
                    if (h < top[j - from]) {
                        int size = DijkstraHeap.offerSmallest(colIdx, colVal, j * k, sizes[j - from], k, i, h);
                        sizes[j - from] = size;
                        if (size == k) {
                            top[j - from] = colVal[j * k];
                        }
                    }
                }
            }
        });
    }

    /** The row pass of {@link #build}: each row's k smallest c_ij − v_j become its candidates. */
    private static void rowCandidates(AssignmentCosts.Oracle c, int k, double[] v, int[][] adj, double[][] adjCost,
            int[] deg) {
        int n = c.n;
        int nc = chunks(n);
        IntStream.range(0, nc).parallel().forEach(t -> {
            double[][] bufs = new double[4][n];
            int[] hi = new int[k];
            double[] hv = new double[k];
            int start = chunkStart(n, t, nc), end = chunkStart(n, t + 1, nc);
            for (int i = start; i < end; i++) {
                double[] buf = rowOf(c, i, start, end, bufs);
                int size = 0;
                double top = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double h = buf[j] - v[j];
                    if (h < top) {
                        size = DijkstraHeap.offerSmallest(hi, hv, 0, size, k, j, h);
                        if (size == k) {
                            top = hv[0];
                        }
                    }
                }
                adj[i] = Arrays.copyOf(hi, 2 * k);
                adjCost[i] = new double[2 * k];
                for (int s = 0; s < k; s++) {
                    adjCost[i][s] = buf[hi[s]];
                }
                deg[i] = k;
            }
        });
    }

    /**
     * The column pass of {@link #build} for point sets, a column at a time: column j of the costs
     * is row j of the transposed oracle ct (|y_j − x_i|², the same doubles as |x_i − y_j|²: the
     * differences only change sign), so each column's k-heap stays in cache while its n costs
     * stream past, instead of n·k heap entries being touched row by row. The offers come in the
     * same order i = 0..n−1 as in the row-wise pass, so v, tight and the heaps colIdx[j·k ..) are
     * the same.
     */
    private static void columnsByTransposedRows(AssignmentCosts.Oracle ct, double[] u, int k, double[] v, int[] tight,
            int[] colIdx) {
        int n = ct.cols;
        int cols = ct.n;
        int nc = chunks(cols);
        IntStream.range(0, nc).parallel().forEach(t -> {
            double[][] bufs = new double[4][n];
            int[] hi = new int[k];
            double[] hv = new double[k];
            int start = chunkStart(cols, t, nc), end = chunkStart(cols, t + 1, nc);
            for (int j = start; j < end; j++) {
                double[] buf = rowOf(ct, j, start, end, bufs);
                int size = 0;
                double top = Double.POSITIVE_INFINITY;
                double best = Double.POSITIVE_INFINITY;
                int at = 0;
                for (int i = 0; i < n; i++) {
                    double h = buf[i] - u[i];
                    if (h < best) {
                        best = h;
                        at = i;
                    }
                    if (h < top) {
                        size = DijkstraHeap.offerSmallest(hi, hv, 0, size, k, i, h);
                        if (size == k) {
                            top = hv[0];
                        }
                    }
                }
                v[j] = best;
                tight[j] = at;
                System.arraycopy(hi, 0, colIdx, j * k, k);
            }
        });
    }

    /**
     * The same three passes for point sets in the plane, each a query of a {@link PlaneGrid}
     * (the k smallest |q − p|² − w_p) instead of a scan of whole cost rows: O(n·k) work instead of
     * O(n²); the candidates and potentials are the same (up to ties) as those of the row scans.
     */
    private static int[] planar(AssignmentCosts.Euclidean c, AssignmentCosts.Euclidean toSub, double[] vs, int k,
            double[] v, int[][] adj, double[][] adjCost, int[] deg) {
        int n = c.n;
        int nc = chunks(n);
        double[] u = new double[n];
        PlaneGrid.Weights subW = toSub.columnGrid().weigh(vs);
        IntStream.range(0, nc).parallel().forEach(t -> {
            int[] hi = new int[1];
            double[] hv = new double[1];
            for (int i = chunkStart(n, t, nc); i < chunkStart(n, t + 1, nc); i++) {
                toSub.columnGrid().smallest(c.rowPoint(i, 0), c.rowPoint(i, 1), subW, 1, hi, hv);
                u[i] = hv[0];
            }
        });
        // columns: the k smallest c_ij − u_i; v_j is the smallest, at row tight[j]
        int[] colIdx = new int[n * k];
        int[] tight = new int[n];
        PlaneGrid.Weights rowW = c.rowGrid().weigh(u);
        IntStream.range(0, nc).parallel().forEach(t -> {
            int[] hi = new int[k];
            double[] hv = new double[k];
            for (int j = chunkStart(n, t, nc); j < chunkStart(n, t + 1, nc); j++) {
                int size = c.rowGrid().smallest(c.columnPoint(j, 0), c.columnPoint(j, 1), rowW, k, hi, hv);
                int best = 0;
                for (int s = 1; s < size; s++) {
                    if (hv[s] < hv[best]) {
                        best = s;
                    }
                }
                v[j] = hv[best];
                tight[j] = hi[best];
                System.arraycopy(hi, 0, colIdx, j * k, k);
            }
        });
        // rows: the k smallest c_ij − v_j
        PlaneGrid.Weights colW = c.columnGrid().weigh(v);
        IntStream.range(0, nc).parallel().forEach(t -> {
            int[] hi = new int[k];
            double[] hv = new double[k];
            for (int i = chunkStart(n, t, nc); i < chunkStart(n, t + 1, nc); i++) {
                c.columnGrid().smallest(c.rowPoint(i, 0), c.rowPoint(i, 1), colW, k, hi, hv);
                adj[i] = Arrays.copyOf(hi, 2 * k);
                adjCost[i] = new double[2 * k];
                for (int s = 0; s < k; s++) {
                    adjCost[i][s] = c.at(i, hi[s]);
                }
                deg[i] = k;
            }
        });
        mergeColumnCandidates(c, k, colIdx, adj, adjCost, deg);
        return tight;
    }

    /**
     * Adds the k candidate rows colIdx[j·k ..) of every column j to those rows' candidates (those
     * not yet among them), each row taking its new columns in increasing j: the column lists are
     * first grouped by row (a counting sort), then each row is merged on its own against a marker
     * array, parallel over blocks of rows. Cost O(n·k) plus n·k cost evaluations.
     */
    private static void mergeColumnCandidates(AssignmentCosts.Oracle c, int k, int[] colIdx, int[][] adj,
            double[][] adjCost, int[] deg) {
        int n = c.n;
        int[] start = new int[n + 1];
        for (int i : colIdx) {
            start[i + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] byRow = new int[colIdx.length];
        int[] fill = Arrays.copyOf(start, n);
        for (int q = 0; q < colIdx.length; q++) {
            byRow[fill[colIdx[q]]++] = q / k;
        }
        int nc = chunks(n);
        IntStream.range(0, nc).parallel().forEach(t -> {
            // mark[j] == i + 1: column j is a candidate of row i
            int[] mark = new int[c.cols];
            for (int i = chunkStart(n, t, nc); i < chunkStart(n, t + 1, nc); i++) {
                int stamp = i + 1;
                for (int s = 0; s < deg[i]; s++) {
                    mark[adj[i][s]] = stamp;
                }
                for (int q = start[i]; q < start[i + 1]; q++) {
                    int j = byRow[q];
                    if (mark[j] == stamp) {
                        continue;
                    }
                    mark[j] = stamp;
                    if (deg[i] == adj[i].length) {
                        adj[i] = Arrays.copyOf(adj[i], 2 * deg[i] + 4);
                        adjCost[i] = Arrays.copyOf(adjCost[i], 2 * deg[i] + 4);
                    }
                    adj[i][deg[i]] = j;
                    adjCost[i][deg[i]++] = c.at(i, j);
                }
            }
        });
    }

    /**
     * The column potentials of an optimum of a sub-problem: dense (exact) when small, else sparse
     * without pricing (optimal on its candidate graph, which is enough for a warm start).
     */
    static double[] subProblemPotentials(AssignmentCosts.Oracle sub) {
        int m = sub.n;
        if (m <= Math.max(DENSE_SUBPROBLEM, 4 * SparseAssignment.NEIGHBOURS)) {
            double[] cs;
            if (sub instanceof AssignmentCosts.Dense ds) {
                cs = ds.c;
            } else if (sub instanceof AssignmentCosts.Euclidean es) {
                cs = es.matrix();
            } else {
                cs = new double[m * m];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        cs[i * m + j] = sub.at(i, j);
                    }
                }
            }
            return DenseAssignment.solve(cs, m).v;
        }
        return SparseAssignment.solve(sub, false).v;
    }

    /**
     * Row i of c (full width) in one of bufs, for the rows start, start+1, .., end−1 visited in
     * this order: four at a time ({@link AssignmentCosts.Oracle#rows4}, the same doubles) where a
     * whole block of four from start fits before end.
     */
    static double[] rowOf(AssignmentCosts.Oracle c, int i, int start, int end, double[][] bufs) {
        int q = i - start;
        int block = start + (q & ~3);
        if (block + 4 <= end) {
            if ((q & 3) == 0) {
                c.rows4(block, 0, c.cols, bufs);
            }
            return bufs[q & 3];
        }
        c.row(i, 0, c.cols, bufs[0]);
        return bufs[0];
    }

    static int chunks(int n) {
        return Math.max(1, Math.min(n / 64, 4 * Runtime.getRuntime().availableProcessors()));
    }

    /** Rows [from, to) of chunk t of nc. */
    static int chunkStart(int n, int t, int nc) {
        return (int) ((long) n * t / nc);
    }

    /** m distinct indices of 0..n−1, uniformly at random (partial Fisher–Yates). */
    static int[] randomSubset(int n, int m, SplittableRandom rng) {
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
}
