package org.ttfp.ot;

import java.util.Arrays;

/**
 * A uniform grid over a point set in the plane (d = 2) for the weighted nearest-point queries of
 * {@link SparseWarmStart} and {@link SparseAssignment}: for a query point q and weights w_p, the k
 * smallest h_p = |q − p|² − w_p ({@link #smallest}), or all points with h_p &lt; limit
 * ({@link #below}). They replace a scan of a whole cost row (n costs) by a scan of the few cells
 * that can hold an answer, which is what makes the candidate lists and pricing of the sparse solver
 * O(n·k) instead of O(n²) in d = 2.
 *
 * <p>Cells hold about {@link #PER_CELL} points each (counting sort by cell); each cell keeps the
 * bounding box of its points and, per set of weights, the largest weight in it. A cell is skipped
 * when its lower bound g_x² + g_y² − max w (g the gaps from q to the box, computed in floating
 * point) is not below the limit. Exactness: rounding is monotone, so for a point p in the box the
 * computed cost fl(fl(t_0²) + fl(t_1²)) with t = q − p is at least the computed bound, and the
 * computed h_p = fl(c − w_p) is at least fl(bound − max w): a skipped cell holds no point a scan would
 * have kept. The costs are computed as t_0² + t_1² with t_k = x_k − y_k (the sign does not change
 * the square), the same double as {@link AssignmentCosts.Euclidean#at}. Rings of cells around q's
 * cell are visited outwards until the ring's distance bound ((ℓ − 2)·cell width)² less the largest
 * weight reaches the limit (two cells of slack for points binned across a cell edge by rounding).
 * Memory: 2 doubles and 1 int per point, 4 doubles and 1 int per cell (about 2 points); a set of
 * weights 1 double per point and per cell.
 */
final class PlaneGrid {

    /** Target number of points per cell. */
    static final int PER_CELL = 2;

    private final int m;
    private final int g;
    private final double lo0, lo1, inv, width;
    /** Cell of point order position s: cells [start[c], start[c + 1]). */
    private final int[] start;
    /** Points in cell order: coordinates and original index. */
    private final double[] p0, p1;
    private final int[] index;
    /** Bounding box of each cell's points (empty cells: +∞ / −∞). */
    private final double[] b0lo, b0hi, b1lo, b1hi;

    /**
     * The grid of the m points p (row-major m x 2).
     */
    PlaneGrid(double[] p, int m) {
        this.m = m;
        double mn0 = Double.POSITIVE_INFINITY, mx0 = Double.NEGATIVE_INFINITY;
        double mn1 = Double.POSITIVE_INFINITY, mx1 = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < m; a++) {
            mn0 = Math.min(mn0, p[2 * a]);
            mx0 = Math.max(mx0, p[2 * a]);
            mn1 = Math.min(mn1, p[2 * a + 1]);
            mx1 = Math.max(mx1, p[2 * a + 1]);
        }
        double span = Math.max(mx0 - mn0, mx1 - mn1);
        int cells = Math.max(1, (int) Math.ceil(Math.sqrt((double) m / PER_CELL)));
        g = cells;
        width = span > 0 ? span / cells : 1;
        inv = 1 / width;
        lo0 = mn0;
        lo1 = mn1;
        int nc = g * g;
        start = new int[nc + 1];
        int[] cellOf = new int[m];
        for (int a = 0; a < m; a++) {
            int cl = cell(p[2 * a], p[2 * a + 1]);
            cellOf[a] = cl;
            start[cl + 1]++;
        }
        for (int cl = 0; cl < nc; cl++) {
            start[cl + 1] += start[cl];
        }
        int[] fill = Arrays.copyOf(start, nc);
        p0 = new double[m];
        p1 = new double[m];
        index = new int[m];
        for (int a = 0; a < m; a++) {
            int s = fill[cellOf[a]]++;
            p0[s] = p[2 * a];
            p1[s] = p[2 * a + 1];
            index[s] = a;
        }
        b0lo = new double[nc];
        b0hi = new double[nc];
        b1lo = new double[nc];
        b1hi = new double[nc];
        for (int cl = 0; cl < nc; cl++) {
            double a0 = Double.POSITIVE_INFINITY, z0 = Double.NEGATIVE_INFINITY;
            double a1 = Double.POSITIVE_INFINITY, z1 = Double.NEGATIVE_INFINITY;
            for (int s = start[cl]; s < start[cl + 1]; s++) {
                a0 = Math.min(a0, p0[s]);
                z0 = Math.max(z0, p0[s]);
                a1 = Math.min(a1, p1[s]);
                z1 = Math.max(z1, p1[s]);
            }
            b0lo[cl] = a0;
            b0hi[cl] = z0;
            b1lo[cl] = a1;
            b1hi[cl] = z1;
        }
    }

    /** The original indices of the points in cell order (a permutation of 0..m−1). */
    int[] order() {
        return index.clone();
    }

    private int axisCell(double q, double lo) {
        double t = (q - lo) * inv;
        if (!(t > 0)) {
            return 0;
        }
        return t >= g ? g - 1 : (int) t;
    }

    private int cell(double q0, double q1) {
        return axisCell(q1, lo1) * g + axisCell(q0, lo0);
    }

    /** Weights of the points in cell order with their largest value per cell (immutable). */
    final class Weights {
        final double[] w;
        final double[] cellMax;
        final double max;

        /** The weights w[a] of the points a = 0..m−1 (finite). */
        Weights(double[] byIndex) {
            w = new double[m];
            for (int s = 0; s < m; s++) {
                w[s] = byIndex[index[s]];
            }
            cellMax = new double[g * g];
            double all = Double.NEGATIVE_INFINITY;
            for (int cl = 0; cl < g * g; cl++) {
                double mx = Double.NEGATIVE_INFINITY;
                for (int s = start[cl]; s < start[cl + 1]; s++) {
                    mx = Math.max(mx, w[s]);
                }
                cellMax[cl] = mx;
                all = Math.max(all, mx);
            }
            max = all;
        }
    }

    /** The weights w (indexed like the points) prepared for queries. */
    Weights weigh(double[] w) {
        return new Weights(w);
    }

    /** The lower bound of h over cell cl for the query q (+∞ for an empty cell). */
    private double cellBound(int cl, double q0, double q1, Weights w) {
        double mx = w.cellMax[cl];
        if (mx == Double.NEGATIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        double g0 = Math.max(0, Math.max(b0lo[cl] - q0, q0 - b0hi[cl]));
        double g1 = Math.max(0, Math.max(b1lo[cl] - q1, q1 - b1hi[cl]));
        return (g0 * g0 + g1 * g1) - mx;
    }

    /** The lower bound of |q − p|² for points in ring ℓ of q's cell, less the largest weight. */
    private double ringBound(int ring, Weights w) {
        if (ring < 3) {
            return Double.NEGATIVE_INFINITY;
        }
        double gap = (ring - 2) * width;
        return gap * gap * (1 - 1e-9) - w.max;
    }

    /**
     * The k smallest h_p = |q − p|² − w_p: writes them as a max-heap (the convention of
     * {@link DijkstraHeap#offerSmallest}) into idx/val [0, size) with the points' original indices
     * and returns size = min(k, m).
     */
    int smallest(double q0, double q1, Weights w, int k, int[] idx, double[] val) {
        return walk(q0, q1, w, k, Double.POSITIVE_INFINITY, idx, val);
    }

    /**
     * All points with h_p = |q − p|² − w_p &lt; limit: their original indices and h_p into idx/val
     * (capacity m); returns their number.
     */
    int below(double q0, double q1, Weights w, double limit, int[] idx, double[] val) {
        return walk(q0, q1, w, 0, limit, idx, val);
    }

    /**
     * The ring walk of both queries: keeps the k smallest h_p (k &gt; 0, the limit then the k-th
     * smallest so far) or every h_p &lt; limit (k = 0).
     */
    private int walk(double q0, double q1, Weights w, int k, double limit, int[] idx, double[] val) {
        int cx = axisCell(q0, lo0), cy = axisCell(q1, lo1);
        int maxRing = Math.max(Math.max(cx, g - 1 - cx), Math.max(cy, g - 1 - cy));
        int size = 0;
        for (int ring = 0; ring <= maxRing && ringBound(ring, w) < limit; ring++) {
            int y0 = Math.max(0, cy - ring), y1 = Math.min(g - 1, cy + ring);
            for (int iy = y0; iy <= y1; iy++) {
                // the top and bottom rows of the ring whole, the rows between at its two ends
                int step = iy == cy - ring || iy == cy + ring ? 1 : 2 * ring;
                for (int ix = cx - ring; ix <= cx + ring; ix += step) {
                    int cl = iy * g + ix;
                    if (ix < 0 || ix >= g || !(cellBound(cl, q0, q1, w) < limit)) {
                        continue;
                    }
                    for (int s = start[cl]; s < start[cl + 1]; s++) {
                        double t0 = q0 - p0[s], t1 = q1 - p1[s];
                        double h = (t0 * t0 + t1 * t1) - w.w[s];
                        if (!(h < limit)) {
                            continue;
                        }
                        if (k == 0) {
                            idx[size] = index[s];
                            val[size++] = h;
                        } else {
                            size = DijkstraHeap.offerSmallest(idx, val, 0, size, k, index[s], h);
                            if (size == k) {
                                limit = val[0];
                            }
                        }
                    }
                }
            }
        }
        return size;
    }
}
