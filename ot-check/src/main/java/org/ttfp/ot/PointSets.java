package org.ttfp.ot;

/**
 * Helpers for point sets stored row-major as N x d arrays ({@code x[s*d + i]}, N = x.length / d):
 * validation, squared Euclidean costs, pairing costs, empirical moments.
 */
public final class PointSets {

    private PointSets() {
    }

    /**
     * Validates a point set and returns its size N = x.length / d.
     *
     * @param minPoints the smallest admissible N
     * @throws IllegalArgumentException naming {@code name} if d &lt; 1, x is null, its length is not
     *         a multiple of d, N &lt; minPoints, or a coordinate is NaN or infinite
     */
    public static int requirePoints(double[] x, int d, int minPoints, String name) {
        if (d < 1) {
            throw new IllegalArgumentException("d = " + d + " for " + name + ": expected a dimension >= 1");
        }
        if (x == null) {
            throw new IllegalArgumentException(name + " is null: expected a row-major N x " + d + " array");
        }
        if (x.length % d != 0) {
            throw new IllegalArgumentException(name + " has length " + x.length + ", not a multiple of d = " + d
                    + ": expected a row-major N x d array");
        }
        int n = x.length / d;
        if (n < minPoints) {
            throw new IllegalArgumentException(name + " has " + n + " points: expected at least " + minPoints);
        }
        for (int j = 0; j < x.length; j++) {
            if (!Double.isFinite(x[j])) {
                throw new IllegalArgumentException(name + "[" + j + "] (point " + (j / d) + ", axis " + (j % d) + ") = "
                        + x[j] + ": expected a finite coordinate");
            }
        }
        return n;
    }

    /** Validates two point sets of equal size N ≥ minPoints in R^d and returns N. */
    public static int requireSameSize(double[] x, double[] y, int d, int minPoints, String xName, String yName) {
        int n = requirePoints(x, d, minPoints, xName);
        int m = requirePoints(y, d, minPoints, yName);
        if (n != m) {
            throw new IllegalArgumentException(xName + " has " + n + " points but " + yName + " has " + m
                    + ": expected equal sizes");
        }
        return n;
    }

    /** |x_i − y_j|², d flops. */
    public static double squaredDistance(double[] x, int i, double[] y, int j, int d) {
        double s = 0;
        int a = i * d, b = j * d;
        for (int k = 0; k < d; k++) {
            double t = x[a + k] - y[b + k];
            s += t * t;
        }
        return s;
    }

    /**
     * The dense squared Euclidean cost matrix C_ij = |x_i − y_j|², row-major N x M (N·M·3d flops,
     * 8·N·M bytes).
     */
    public static double[] costMatrix(double[] x, double[] y, int d) {
        int n = requirePoints(x, d, 1, "x");
        int m = requirePoints(y, d, 1, "y");
        if ((long) n * m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cost matrix of " + n + " x " + m + " points exceeds the array limit "
                    + "(" + (Integer.MAX_VALUE - 8) + " entries)");
        }
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                c[i * m + j] = squaredDistance(x, i, y, j, d);
            }
        }
        return c;
    }

    /**
     * (1/N) Σ_i |x_i − y_{π(i)}|², the mean cost of the pairing i ↦ π(i); with {@code perm == null}
     * the identity pairing i ↦ i (C_id of docs/paper-protocol.md §1). Compensated summation.
     */
    public static double meanPairingCost(double[] x, double[] y, int d, int[] perm) {
        int n = requireSameSize(x, y, d, 1, "x", "y");
        if (perm != null) {
            requirePermutation(perm, n, "perm");
        }
        Sum s = new Sum();
        for (int i = 0; i < n; i++) {
            s.add(squaredDistance(x, i, y, perm == null ? i : perm[i], d));
        }
        return s.value() / n;
    }

    /** (1/N) Σ_i |x_i − y_i|², the mean squared distance of the identity pairing. */
    public static double meanSquaredDistance(double[] x, double[] y, int d) {
        return meanPairingCost(x, y, d, null);
    }

    /** The empirical mean (length d). */
    public static double[] mean(double[] x, int d) {
        int n = requirePoints(x, d, 1, "x");
        double[] m = new double[d];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                m[i] += x[s * d + i];
            }
        }
        for (int i = 0; i < d; i++) {
            m[i] /= n;
        }
        return m;
    }

    /** The unbiased empirical covariance (row-major d x d), N ≥ 2. */
    public static double[] covariance(double[] x, int d) {
        int n = requirePoints(x, d, 2, "x");
        double[] m = mean(x, d);
        double[] c = new double[d * d];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                double di = x[s * d + i] - m[i];
                for (int j = i; j < d; j++) {
                    c[i * d + j] += di * (x[s * d + j] - m[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i * d + j] /= n - 1;
                c[j * d + i] = c[i * d + j];
            }
        }
        return c;
    }

    /** Checks that {@code perm} is a permutation of 0..n−1. */
    static void requirePermutation(int[] perm, int n, String name) {
        if (perm.length != n) {
            throw new IllegalArgumentException(name + " has length " + perm.length + ": expected " + n);
        }
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int j = perm[i];
            if (j < 0 || j >= n || seen[j]) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + j + ": expected a permutation of 0.."
                        + (n - 1));
            }
            seen[j] = true;
        }
    }

    /** Neumaier's compensated sum. */
    static final class Sum {
        private double sum;
        private double comp;

        void add(double v) {
            double t = sum + v;
            if (Math.abs(sum) >= Math.abs(v)) {
                comp += (sum - t) + v;
            } else {
                comp += (v - t) + sum;
            }
            sum = t;
        }

        double value() {
            return sum + comp;
        }
    }
}
