package org.ttfp.ot.verify;

import org.ttfp.fp.density.DenseSymmetric;
import org.ttfp.ot.LinearAssignment;
import org.ttfp.ot.PointSets;

/**
 * The figures that compare an encoder E with an optimal-transport map. Points are
 * row-major N x d arrays.
 */
public final class MapMetrics {
    private MapMetrics() {}

    /**
     * The paper's metric and what the optimal assignment says about the pairing x_i → y_i.
     *
     * @param costIdentity      C_id, the mean squared distance of the pairing x_i → y_i
     * @param costOptimal       C_OT, the mean cost of the optimal assignment
     * @param relativeGap       |C_OT − C_id| / C_id, the paper's metric
     * @param identityFraction  the fraction of i with π(i) = i (1 when the identity is optimal)
     * @param dualityGap        the certificate's relative duality gap (optimality of C_OT)
     */
    public record PaperMetric(double costIdentity, double costOptimal, double relativeGap, double identityFraction,
            double dualityGap) {}

    /** The paper's metric for images {@code y} of samples {@code x} (exact assignment, certified). */
    public static PaperMetric paperMetric(double[] x, double[] y, int d) {
        int n = PointSets.requireSameSize(x, y, d, 2, "x", "y");
        LinearAssignment.Result r = LinearAssignment.solve(x, y, d);
        double cId = PointSets.meanSquaredDistance(x, y, d);
        double cOt = r.meanCost();
        int fixed = 0;
        int[] p = r.rowToColumn();
        for (int i = 0; i < n; i++) {
            if (p[i] == i) {
                fixed++;
            }
        }
        double gap = r.certify(x, y, d).relativeGap();
        return new PaperMetric(cId, cOt, Math.abs(cOt - cId) / cId, fixed / (double) n, gap);
    }

    /**
     * Per-sample relative deviation ‖a(x_i) − b(x_i)‖ / ‖b(x_i) − x_i‖ of a map a from a reference
     * map b; samples the reference barely moves (‖b − x‖ ≤ 1e−12·(1 + ‖x‖)) are skipped (NaN).
     */
    public static double[] relativeDeviation(double[] x, double[] a, double[] b, int d) {
        int n = PointSets.requireSameSize(x, a, d, 1, "x", "a");
        PointSets.requireSameSize(x, b, d, 1, "x", "b");
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double num = 0, den = 0, nx = 0;
            for (int k = 0; k < d; k++) {
                int q = i * d + k;
                num += (a[q] - b[q]) * (a[q] - b[q]);
                den += (b[q] - x[q]) * (b[q] - x[q]);
                nx += x[q] * x[q];
            }
            den = Math.sqrt(den);
            out[i] = den <= 1e-12 * (1 + Math.sqrt(nx)) ? Double.NaN : Math.sqrt(num) / den;
        }
        return out;
    }

    /**
     * Per-sample displacement D(x_i) = ‖b(x_i) − x_i‖ of a reference map b, NaN where the reference
     * barely moves the point (D ≤ 1e−12·(1 + ‖x‖)): relative measures over D are undefined there.
     */
    public static double[] displacement(double[] x, double[] b, int d) {
        int n = PointSets.requireSameSize(x, b, d, 1, "x", "b");
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double den = 0, nx = 0;
            for (int k = 0; k < d; k++) {
                int q = i * d + k;
                den += (b[q] - x[q]) * (b[q] - x[q]);
                nx += x[q] * x[q];
            }
            den = Math.sqrt(den);
            out[i] = den <= 1e-12 * (1 + Math.sqrt(nx)) ? Double.NaN : den;
        }
        return out;
    }

    /** Per-sample ‖a(x_i) − b(x_i)‖ / D_i (NaN where D_i is NaN: undefined). */
    public static double[] relativeDifference(double[] a, double[] b, double[] displacement, int d) {
        int n = displacement.length;
        PointSets.requireSameSize(a, b, d, 1, "a", "b");
        if (a.length != (long) n * d) {
            throw new IllegalArgumentException("a has " + a.length / d + " points, displacement " + n);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.sqrt(PointSets.squaredDistance(a, i, b, i, d)) / displacement[i];
        }
        return out;
    }

    /**
     * Central-difference Jacobians at M points: J_ij = (E_i(x + h e_j) − E_i(x − h e_j)) / (2h).
     * {@code plus[m][j]} and {@code minus[m][j]} are the images of x_m ± h_m e_j.
     *
     * @param images row-major (M·2d) x d images, ordered m, then j, then + before −
     * @param steps  h_m per point
     * @return M row-major d x d matrices, J_ij = ∂E_i/∂x_j at [m·d² + i·d + j]
     */
    public static double[] jacobians(double[] images, double[] steps, int d) {
        int m = steps.length;
        if (images.length != (long) m * 2 * d * d) {
            throw new IllegalArgumentException("images has " + images.length + " values, expected M*2d*d = "
                    + (long) m * 2 * d * d);
        }
        double[] jac = new double[m * d * d];
        for (int p = 0; p < m; p++) {
            for (int j = 0; j < d; j++) {
                int plus = ((p * d + j) * 2) * d, minus = plus + d;
                for (int i = 0; i < d; i++) {
                    jac[p * d * d + i * d + j] = (images[plus + i] - images[minus + i]) / (2 * steps[p]);
                }
            }
        }
        return jac;
    }

    /**
     * Brenier's test from Jacobians at M points: for each point the asymmetry ‖J − Jᵀ‖_F / ‖J‖_F and
     * the smallest eigenvalue of the symmetric part (≥ 0 for a gradient of a convex function).
     *
     * @param jac M row-major d x d matrices (as {@link #jacobians} returns)
     * @return {asymmetry per point, smallest symmetric eigenvalue per point}
     */
    public static double[][] brenier(double[] jac, int d) {
        int m = jac.length / (d * d);
        if (jac.length != m * d * d) {
            throw new IllegalArgumentException("jac has " + jac.length + " values, expected a multiple of d*d = " + d * d);
        }
        double[] asym = new double[m];
        double[] minEig = new double[m];
        for (int p = 0; p < m; p++) {
            double skew = 0, norm = 0;
            double[] sym = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double a = jac[p * d * d + i * d + j], b = jac[p * d * d + j * d + i];
                    skew += (a - b) * (a - b);
                    norm += a * a;
                    sym[i * d + j] = 0.5 * (a + b);
                }
            }
            asym[p] = Math.sqrt(skew) / Math.sqrt(norm);
            minEig[p] = smallestEigenvalue(sym, d);
        }
        return new double[][] {asym, minEig};
    }

    /** {@link #brenier(double[], int)} of the central-difference Jacobians of {@code images}. */
    public static double[][] brenier(double[] images, double[] steps, int d) {
        return brenier(jacobians(images, steps, d), d);
    }

    /** The points x_m ± h_m e_j in the order {@link #brenier} expects, with h_m = h·(1 + ‖x_m‖∞). */
    public static double[][] jacobianStencil(double[] x, int count, int d, double h) {
        double[] pts = new double[count * 2 * d * d];
        double[] steps = new double[count];
        for (int p = 0; p < count; p++) {
            double nx = 0;
            for (int k = 0; k < d; k++) {
                nx = Math.max(nx, Math.abs(x[p * d + k]));
            }
            steps[p] = h * (1 + nx);
            for (int j = 0; j < d; j++) {
                for (int sgn = 0; sgn < 2; sgn++) {
                    int base = ((p * d + j) * 2 + sgn) * d;
                    System.arraycopy(x, p * d, pts, base, d);
                    pts[base + j] += sgn == 0 ? steps[p] : -steps[p];
                }
            }
        }
        return new double[][] {pts, steps};
    }

    private static double smallestEigenvalue(double[] sym, int d) {
        return DenseSymmetric.eigen(sym, d).min();
    }
}
