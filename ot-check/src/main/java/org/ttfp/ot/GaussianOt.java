package org.ttfp.ot;

import org.ttfp.fp.density.DenseSymmetric;

/**
 * Closed-form optimal transport between Gaussians (docs/math.md §3), quadratic cost.
 *
 * <p>The Monge map from N(m1, S1) to N(m2, S2) is T(x) = m2 + A (x − m1) with the symmetric
 * positive (semi)definite A = S1^{−1/2} (S1^{1/2} S2 S1^{1/2})^{1/2} S1^{−1/2}, and
 * W2² = |m1 − m2|² + tr(S1 + S2 − 2 (S1^{1/2} S2 S1^{1/2})^{1/2}). Matrix square roots come from
 * symmetric eigen-decompositions (two of order d, about 20d³ flops in all).
 */
public final class GaussianOt {

    private GaussianOt() {
    }

    /**
     * The affine map x ↦ targetMean + A (x − sourceMean).
     *
     * @param dim        d
     * @param sourceMean m1 (length d)
     * @param matrix     A, row-major d x d, symmetric
     * @param targetMean m2 (length d)
     */
    public record AffineMap(int dim, double[] sourceMean, double[] matrix, double[] targetMean) {

        /** Applies the map to a batch of points (row-major N x d), 2d² flops per point. */
        public double[] apply(double[] x) {
            int n = PointSets.requirePoints(x, dim, 0, "x");
            double[] out = new double[n * dim];
            double[] r = new double[dim];
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < dim; i++) {
                    r[i] = x[s * dim + i] - sourceMean[i];
                }
                for (int i = 0; i < dim; i++) {
                    double v = targetMean[i];
                    for (int j = 0; j < dim; j++) {
                        v += matrix[i * dim + j] * r[j];
                    }
                    out[s * dim + i] = v;
                }
            }
            return out;
        }
    }

    /**
     * The OT map from N(m1, S1) to N(m2, S2).
     *
     * @param s1 symmetric positive definite (row-major d x d)
     * @param s2 symmetric positive semidefinite
     * @throws IllegalArgumentException naming the argument for wrong lengths, non-finite entries,
     *         asymmetry, S1 not positive definite or S2 not positive semidefinite
     */
    public static AffineMap map(double[] m1, double[] s1, double[] m2, double[] s2) {
        int d = requireMean(m1, "m1");
        requireMeanLength(m2, d, "m2");
        DenseSymmetric.Eigen e1 = DenseSymmetric.eigen(DenseSymmetric.requireSymmetric(s1, d, "s1"), d);
        if (!(e1.min() > 0)) {
            throw new IllegalArgumentException("s1 is not positive definite: smallest eigenvalue " + e1.min()
                    + "; expected > 0");
        }
        double[] root1 = e1.apply(Math::sqrt);
        double[] invRoot1 = e1.apply(x -> 1 / Math.sqrt(x));
        double[] middleRoot = middleRoot(root1, s2, d);
        double[] a = DenseSymmetric.symmetrize(
                DenseSymmetric.multiply(DenseSymmetric.multiply(invRoot1, middleRoot, d), invRoot1, d), d);
        return new AffineMap(d, m1.clone(), a, m2.clone());
    }

    /**
     * W2²(N(m1, S1), N(m2, S2)) for symmetric positive semidefinite S1, S2. The covariance term
     * is clamped at 0 (it is ≥ 0 exactly; rounding can make it slightly negative when S1 ≈ S2).
     */
    public static double w2Squared(double[] m1, double[] s1, double[] m2, double[] s2) {
        int d = requireMean(m1, "m1");
        requireMeanLength(m2, d, "m2");
        double[] root1 = DenseSymmetric.sqrt(s1, d, "s1");
        double[] middle = middle(root1, s2, d);
        DenseSymmetric.Eigen e = DenseSymmetric.eigen(middle, d);
        double traceRoot = 0;
        for (double lambda : e.values()) {
            traceRoot += Math.sqrt(Math.max(lambda, 0));
        }
        double tr = 0, mean = 0;
        for (int i = 0; i < d; i++) {
            tr += s1[i * d + i] + s2[i * d + i];
            double t = m1[i] - m2[i];
            mean += t * t;
        }
        return mean + Math.max(0, tr - 2 * traceRoot);
    }

    /** S1^{1/2} S2 S1^{1/2}, validated S2, exactly symmetric. */
    private static double[] middle(double[] root1, double[] s2, int d) {
        double[] s2v = DenseSymmetric.requireSymmetric(s2, d, "s2");
        DenseSymmetric.Eigen e2 = DenseSymmetric.eigen(s2v, d);
        double floor = -1e-12 * d * Math.max(Math.abs(e2.min()), Math.abs(e2.max()));
        if (e2.min() < floor) {
            throw new IllegalArgumentException("s2 is not positive semidefinite: smallest eigenvalue " + e2.min()
                    + "; expected >= 0");
        }
        return DenseSymmetric.symmetrize(
                DenseSymmetric.multiply(DenseSymmetric.multiply(root1, s2v, d), root1, d), d);
    }

    /** (S1^{1/2} S2 S1^{1/2})^{1/2}. */
    private static double[] middleRoot(double[] root1, double[] s2, int d) {
        DenseSymmetric.Eigen e = DenseSymmetric.eigen(middle(root1, s2, d), d);
        return e.apply(x -> Math.sqrt(Math.max(x, 0)));
    }

    private static int requireMean(double[] m, String name) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(name + " is " + (m == null ? "null" : "empty")
                    + ": expected a mean vector of length d >= 1");
        }
        requireMeanLength(m, m.length, name);
        return m.length;
    }

    private static void requireMeanLength(double[] m, int d, String name) {
        if (m == null || m.length != d) {
            throw new IllegalArgumentException(name + " has length " + (m == null ? "null" : Integer.toString(m.length))
                    + ": expected d = " + d);
        }
        for (int i = 0; i < d; i++) {
            if (!Double.isFinite(m[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + m[i] + ": expected a finite value");
            }
        }
    }
}
