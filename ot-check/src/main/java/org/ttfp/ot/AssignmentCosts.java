package org.ttfp.ot;

/**
 * Cost access for the assignment solvers ({@link LinearAssignment}): an n x n cost matrix c_ij
 * given either as a dense row-major array or implicitly as squared Euclidean distances between two
 * point sets, computed on the fly.
 *
 * <p>The solvers read costs a row at a time ({@link Oracle#row}); for point sets the row kernel
 * works on the transposed second point set (d x n, one contiguous array per axis), so that
 * c_ij = Σ_k (x_ik − y_jk)² for a block of columns is d passes of a subtract–square–add loop over
 * contiguous memory (3d flops per entry, vectorized by the JIT) instead of a gather per entry. It
 * adds the squares in the order k = 0..d−1, exactly as {@link PointSets#squaredDistance} does, so
 * that a cost read by {@link Oracle#at} and by {@link Oracle#row} is the same double.
 */
final class AssignmentCosts {

    private AssignmentCosts() {
    }

    /** Access to the costs c_ij of an n x n problem. */
    abstract static class Oracle {
        /** The number of rows (the order n of a square problem). */
        final int n;
        /** The number of columns (n for a square problem). */
        final int cols;

        Oracle(int n) {
            this(n, n);
        }

        Oracle(int n, int cols) {
            this.n = n;
            this.cols = cols;
        }

        /**
         * The costs c_{rows[a], cols[b]} as an oracle of its own (rows.length x cols.length), with a
         * row kernel as fast as this one's where the subclass can provide it.
         */
        Oracle restrict(int[] rows, int[] cols) {
            return new Sub(this, rows, cols);
        }

        /** c_ij. */
        abstract double at(int i, int j);

        /**
         * Rows i, i+1, i+2, i+3 at once: {@link #row} into out[0..3] (the same doubles), for
         * kernels that read the column data once for four rows.
         */
        void rows4(int i, int from, int to, double[][] out) {
            for (int r = 0; r < 4; r++) {
                row(i + r, from, to, out[r]);
            }
        }

        /** Writes c_ij for j in [from, to) into out[from..to). */
        void row(int i, int from, int to, double[] out) {
            for (int j = from; j < to; j++) {
                out[j] = at(i, j);
            }
        }
    }

    /** A dense row-major n x n matrix, {@code c[i*n + j]} = c_ij (not copied). */
    static final class Dense extends Oracle {
        final double[] c;

        Dense(double[] c, int n) {
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

        /** A copy of the sub-matrix when it is square (a sub-problem), else a view. */
        @Override
        Oracle restrict(int[] rows, int[] colIndex) {
            if (rows.length != colIndex.length) {
                return new Sub(this, rows, colIndex);
            }
            int m = rows.length;
            double[] s = new double[m * m];
            for (int a = 0; a < m; a++) {
                int off = rows[a] * n;
                for (int b = 0; b < m; b++) {
                    s[a * m + b] = c[off + colIndex[b]];
                }
            }
            return new Dense(s, m);
        }
    }

    /**
     * Squared Euclidean costs c_ij = |x_i − y_j|² between row-major point sets x (n x d) and y
     * (cols x d); keeps x and a transposed copy of y (8·cols·d bytes). The row kernel takes the first
     * four axes in one sweep, out_j = ((t_0² + t_1²) + t_2²) + t_3² with t_k = x_ik − y_jk, then
     * four more at a time, out_j = (((out_j + t_k²) + …) + t_{k+3}², then one at a time: the
     * left-to-right sum of {@link #at} term by term, so both give the same double.
     */
    static final class Euclidean extends Oracle {
        private final double[] x;
        private final double[] yt;
        private final int d;
        private PlaneGrid columnGrid;
        private PlaneGrid rowGrid;

        Euclidean(double[] x, double[] y, int d, int n) {
            this(x, y, d, n, n);
        }

        Euclidean(double[] x, double[] y, int d, int n, int cols) {
            super(n, cols);
            this.x = x;
            this.d = d;
            this.yt = new double[cols * d];
            for (int j = 0; j < cols; j++) {
                for (int k = 0; k < d; k++) {
                    yt[k * cols + j] = y[j * d + k];
                }
            }
        }

        /**
         * The transposed problem, c'_ji = |y_j − x_i|² (cols x n): the same doubles as c_ij, since
         * x_ik − y_jk and y_jk − x_ik differ only in sign and the squares are added in the same
         * order.
         */
        Euclidean transposed() {
            double[] y = new double[cols * d];
            for (int j = 0; j < cols; j++) {
                for (int k = 0; k < d; k++) {
                    y[j * d + k] = yt[k * cols + j];
                }
            }
            return new Euclidean(y, x, d, cols, n);
        }

        /** The points x[rows] and y[cols] as a problem of their own. */
        @Override
        Oracle restrict(int[] rows, int[] colIndex) {
            double[] xs = new double[rows.length * d];
            for (int a = 0; a < rows.length; a++) {
                System.arraycopy(x, rows[a] * d, xs, a * d, d);
            }
            double[] ys = new double[colIndex.length * d];
            for (int b = 0; b < colIndex.length; b++) {
                for (int k = 0; k < d; k++) {
                    ys[b * d + k] = yt[k * cols + colIndex[b]];
                }
            }
            return new Euclidean(xs, ys, d, rows.length, colIndex.length);
        }

        @Override
        double at(int i, int j) {
            double s = 0;
            int a = i * d;
            for (int k = 0; k < d; k++) {
                double t = x[a + k] - yt[k * cols + j];
                s += t * t;
            }
            return s;
        }

        @Override
        void row(int i, int from, int to, double[] out) {
            if (d >= 5 && d <= 8) {
                rowOneSweep(i, from, to, out);
                return;
            }
            int a = i * d;
            int m = cols;
            // the first block of axes writes (0 + t0² = t0² exactly), the others add
            int k = Math.min(d, 4);
            switch (k) {
                case 4: {
                    double x0 = x[a], x1 = x[a + 1], x2 = x[a + 2], x3 = x[a + 3];
                    int b1 = m, b2 = 2 * m, b3 = 3 * m;
                    for (int j = from; j < to; j++) {
                        double t0 = x0 - yt[j], t1 = x1 - yt[b1 + j], t2 = x2 - yt[b2 + j], t3 = x3 - yt[b3 + j];
                        out[j] = ((t0 * t0 + t1 * t1) + t2 * t2) + t3 * t3;
                    }
                    break;
                }
                case 3: {
                    double x0 = x[a], x1 = x[a + 1], x2 = x[a + 2];
                    int b1 = m, b2 = 2 * m;
                    for (int j = from; j < to; j++) {
                        double t0 = x0 - yt[j], t1 = x1 - yt[b1 + j], t2 = x2 - yt[b2 + j];
                        out[j] = (t0 * t0 + t1 * t1) + t2 * t2;
                    }
                    break;
                }
                case 2: {
                    double x0 = x[a], x1 = x[a + 1];
                    int b1 = m;
                    for (int j = from; j < to; j++) {
                        double t0 = x0 - yt[j], t1 = x1 - yt[b1 + j];
                        out[j] = t0 * t0 + t1 * t1;
                    }
                    break;
                }
                default: {
                    double x0 = x[a];
                    for (int j = from; j < to; j++) {
                        double t0 = x0 - yt[j];
                        out[j] = t0 * t0;
                    }
                    break;
                }
            }
            for (; k + 4 <= d; k += 4) {
                double x0 = x[a + k], x1 = x[a + k + 1], x2 = x[a + k + 2], x3 = x[a + k + 3];
                int b0 = k * m, b1 = b0 + m, b2 = b1 + m, b3 = b2 + m;
                for (int j = from; j < to; j++) {
                    double t0 = x0 - yt[b0 + j], t1 = x1 - yt[b1 + j], t2 = x2 - yt[b2 + j], t3 = x3 - yt[b3 + j];
                    out[j] = (((out[j] + t0 * t0) + t1 * t1) + t2 * t2) + t3 * t3;
                }
            }
            for (; k < d; k++) {
                double xk = x[a + k];
                int b0 = k * m;
                for (int j = from; j < to; j++) {
                    double t0 = xk - yt[b0 + j];
                    out[j] = out[j] + t0 * t0;
                }
            }
        }

        /**
         * For d = 7 one sweep over the columns for four rows (each y_j read once for all four, a
         * quarter of the column traffic of four {@link #row} calls), the squares added in the
         * order of {@link #rowOneSweep}, so each row gets the same doubles.
         */
        @Override
        void rows4(int i, int from, int to, double[][] out) {
            if (d != 7) {
                super.rows4(i, from, to, out);
                return;
            }
            int m = cols;
            double[] p = new double[28];
            System.arraycopy(x, i * d, p, 0, 28);
            double[] o0 = out[0], o1 = out[1], o2 = out[2], o3 = out[3];
            for (int j = from; j < to; j++) {
                double y0 = yt[j], y1 = yt[m + j], y2 = yt[2 * m + j], y3 = yt[3 * m + j];
                double y4 = yt[4 * m + j], y5 = yt[5 * m + j], y6 = yt[6 * m + j];
                o0[j] = sum7(p, 0, y0, y1, y2, y3, y4, y5, y6);
                o1[j] = sum7(p, 7, y0, y1, y2, y3, y4, y5, y6);
                o2[j] = sum7(p, 14, y0, y1, y2, y3, y4, y5, y6);
                o3[j] = sum7(p, 21, y0, y1, y2, y3, y4, y5, y6);
            }
        }

        /** Σ_k (p_{a+k} − y_k)², k = 0..6, added left to right. */
        private static double sum7(double[] p, int a, double y0, double y1, double y2, double y3, double y4,
                double y5, double y6) {
            double t0 = p[a] - y0, t1 = p[a + 1] - y1, t2 = p[a + 2] - y2, t3 = p[a + 3] - y3;
            double t4 = p[a + 4] - y4, t5 = p[a + 5] - y5, t6 = p[a + 6] - y6;
            return (((((t0 * t0 + t1 * t1) + t2 * t2) + t3 * t3) + t4 * t4) + t5 * t5) + t6 * t6;
        }

        /**
         * {@link #row} for 5 ≤ d ≤ 8 in one sweep over the columns (one write of out instead of
         * up to four read–modify–write passes), adding the squares in the same order k = 0..d−1,
         * so the doubles are those of the multi-pass kernel and of {@link #at}.
         */
        private void rowOneSweep(int i, int from, int to, double[] out) {
            int a = i * d;
            int m = cols;
            double x0 = x[a], x1 = x[a + 1], x2 = x[a + 2], x3 = x[a + 3], x4 = x[a + 4];
            int b1 = m, b2 = 2 * m, b3 = 3 * m, b4 = 4 * m, b5 = 5 * m, b6 = 6 * m, b7 = 7 * m;
            switch (d) {
                case 5:
                    for (int j = from; j < to; j++) {
                        double t0 = x0 - yt[j], t1 = x1 - yt[b1 + j], t2 = x2 - yt[b2 + j], t3 = x3 - yt[b3 + j];
                        double t4 = x4 - yt[b4 + j];
                        out[j] = (((t0 * t0 + t1 * t1) + t2 * t2) + t3 * t3) + t4 * t4;
                    }
                    break;
                case 6: {
                    double x5 = x[a + 5];
                    for (int j = from; j < to; j++) {
                        double t0 = x0 - yt[j], t1 = x1 - yt[b1 + j], t2 = x2 - yt[b2 + j], t3 = x3 - yt[b3 + j];
                        double t4 = x4 - yt[b4 + j], t5 = x5 - yt[b5 + j];
                        out[j] = ((((t0 * t0 + t1 * t1) + t2 * t2) + t3 * t3) + t4 * t4) + t5 * t5;
                    }
                    break;
                }
                case 7: {
                    double x5 = x[a + 5], x6 = x[a + 6];
                    for (int j = from; j < to; j++) {
                        double t0 = x0 - yt[j], t1 = x1 - yt[b1 + j], t2 = x2 - yt[b2 + j], t3 = x3 - yt[b3 + j];
                        double t4 = x4 - yt[b4 + j], t5 = x5 - yt[b5 + j], t6 = x6 - yt[b6 + j];
                        out[j] = (((((t0 * t0 + t1 * t1) + t2 * t2) + t3 * t3) + t4 * t4) + t5 * t5) + t6 * t6;
                    }
                    break;
                }
                default: {
                    double x5 = x[a + 5], x6 = x[a + 6], x7 = x[a + 7];
                    for (int j = from; j < to; j++) {
                        double t0 = x0 - yt[j], t1 = x1 - yt[b1 + j], t2 = x2 - yt[b2 + j], t3 = x3 - yt[b3 + j];
                        double t4 = x4 - yt[b4 + j], t5 = x5 - yt[b5 + j], t6 = x6 - yt[b6 + j], t7 = x7 - yt[b7 + j];
                        out[j] = ((((((t0 * t0 + t1 * t1) + t2 * t2) + t3 * t3) + t4 * t4) + t5 * t5) + t6 * t6)
                                + t7 * t7;
                    }
                    break;
                }
            }
        }

        /**
         * Whether the sparse solver's row and column queries go through {@link PlaneGrid}s
         * (d = 2) instead of whole cost rows.
         */
        boolean planar() {
            return d == 2;
        }

        /** Coordinate k of row point x_i. */
        double rowPoint(int i, int k) {
            return x[i * d + k];
        }

        /** Coordinate k of column point y_j. */
        double columnPoint(int j, int k) {
            return yt[k * cols + j];
        }

        /** The grid of the column points y (d = 2), built on first use. */
        synchronized PlaneGrid columnGrid() {
            if (columnGrid == null) {
                double[] y = new double[2 * cols];
                for (int j = 0; j < cols; j++) {
                    y[2 * j] = yt[j];
                    y[2 * j + 1] = yt[cols + j];
                }
                columnGrid = new PlaneGrid(y, cols);
            }
            return columnGrid;
        }

        /** The grid of the row points x (d = 2), built on first use. */
        synchronized PlaneGrid rowGrid() {
            if (rowGrid == null) {
                rowGrid = new PlaneGrid(x, n);
            }
            return rowGrid;
        }

        /** The dense row-major cost matrix (8·n·cols bytes), row by row with {@link #row}. */
        double[] matrix() {
            double[] c = new double[n * cols];
            double[] buf = new double[cols];
            for (int i = 0; i < n; i++) {
                row(i, 0, cols, buf);
                System.arraycopy(buf, 0, c, i * cols, cols);
            }
            return c;
        }
    }

    /** The costs c_{rows[a], cols[b]} of a sub-problem. */
    static final class Sub extends Oracle {
        private final Oracle c;
        private final int[] rows;
        private final int[] cols;

        Sub(Oracle c, int[] rows, int[] cols) {
            super(rows.length, cols.length);
            this.c = c;
            this.rows = rows;
            this.cols = cols;
        }

        @Override
        double at(int i, int j) {
            return c.at(rows[i], cols[j]);
        }
    }
}
