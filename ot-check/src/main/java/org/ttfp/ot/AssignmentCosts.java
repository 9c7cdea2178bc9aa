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
        /** The order n. */
        final int n;

        Oracle(int n) {
            this.n = n;
        }

        /** c_ij. */
        abstract double at(int i, int j);

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
    }

    /**
     * Squared Euclidean costs c_ij = |x_i − y_j|² between row-major N x d point sets; keeps x and a
     * transposed copy of y (8·N·d bytes).
     */
    static final class Euclidean extends Oracle {
        private final double[] x;
        private final double[] yt;
        private final int d;

        Euclidean(double[] x, double[] y, int d, int n) {
            super(n);
            this.x = x;
            this.d = d;
            this.yt = new double[n * d];
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < d; k++) {
                    yt[k * n + j] = y[j * d + k];
                }
            }
        }

        @Override
        double at(int i, int j) {
            double s = 0;
            int a = i * d;
            for (int k = 0; k < d; k++) {
                double t = x[a + k] - yt[k * n + j];
                s += t * t;
            }
            return s;
        }

        @Override
        void row(int i, int from, int to, double[] out) {
            int a = i * d;
            double x0 = x[a];
            for (int j = from; j < to; j++) {
                double t = x0 - yt[j];
                out[j] = t * t;
            }
            for (int k = 1; k < d; k++) {
                double xk = x[a + k];
                int base = k * n;
                for (int j = from; j < to; j++) {
                    double t = xk - yt[base + j];
                    out[j] += t * t;
                }
            }
        }

        /** The dense row-major cost matrix (8n² bytes), row by row with {@link #row}. */
        double[] matrix() {
            double[] c = new double[n * n];
            double[] buf = new double[n];
            for (int i = 0; i < n; i++) {
                row(i, 0, n, buf);
                System.arraycopy(buf, 0, c, i * n, n);
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
}
