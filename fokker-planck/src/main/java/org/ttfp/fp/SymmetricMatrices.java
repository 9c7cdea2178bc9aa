package org.ttfp.fp;

import java.util.function.DoubleUnaryOperator;

/**
 * Small dense kernels for symmetric d x d matrices stored row-major in a {@code double[d*d]}
 * (element (i, j) at {@code a[i*d + j]}): validation, Cholesky factorisation and triangular
 * solves, the symmetric eigen-decomposition (cyclic Jacobi) and matrix functions f(A) = Q f(Λ) Qᵀ
 * such as A^{1/2} and A^{−1/2}. Plain Java, meant for the small matrices of Gaussian models
 * (d up to a few hundred); nothing here allocates more than O(d²).
 */
public final class SymmetricMatrices {

    /** Relative asymmetry |a_ij − a_ji| ≤ SYMMETRY_TOLERANCE · max|a| accepted by {@link #requireSymmetric}. */
    public static final double SYMMETRY_TOLERANCE = 1e-10;

    private static final int MAX_JACOBI_SWEEPS = 100;

    private SymmetricMatrices() {
    }

    /**
     * Checks that {@code a} is a finite, symmetric d x d matrix (within
     * {@link #SYMMETRY_TOLERANCE} relative to its largest entry) and returns its exactly
     * symmetric copy ½(A + Aᵀ).
     *
     * @throws IllegalArgumentException naming {@code name} if the length is not d², an entry is
     *         NaN or infinite, or the matrix is not symmetric
     */
    public static double[] requireSymmetric(double[] a, int d, String name) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension d = " + d + " for " + name + ": expected d >= 1");
        }
        if (a == null) {
            throw new IllegalArgumentException(name + " is null: expected a " + d + " x " + d + " matrix");
        }
        if (a.length != d * d) {
            throw new IllegalArgumentException(name + " has length " + a.length + ": expected d*d = " + (d * d)
                    + " (row-major " + d + " x " + d + ")");
        }
        double maxAbs = 0;
        for (int k = 0; k < a.length; k++) {
            if (!Double.isFinite(a[k])) {
                throw new IllegalArgumentException(name + "[" + (k / d) + "][" + (k % d) + "] = " + a[k]
                        + ": expected a finite value");
            }
            maxAbs = Math.max(maxAbs, Math.abs(a[k]));
        }
        double[] s = new double[d * d];
        for (int i = 0; i < d; i++) {
            s[i * d + i] = a[i * d + i];
            for (int j = i + 1; j < d; j++) {
                double aij = a[i * d + j], aji = a[j * d + i];
                if (Math.abs(aij - aji) > SYMMETRY_TOLERANCE * maxAbs) {
                    throw new IllegalArgumentException(name + " is not symmetric: [" + i + "][" + j + "] = " + aij
                            + " but [" + j + "][" + i + "] = " + aji + " (tolerance " + SYMMETRY_TOLERANCE
                            + " x max|entry| = " + SYMMETRY_TOLERANCE * maxAbs + ")");
                }
                double m = 0.5 * (aij + aji);
                s[i * d + j] = m;
                s[j * d + i] = m;
            }
        }
        return s;
    }

    /**
     * Cholesky factor L (lower triangular, row-major d x d, zeros above the diagonal) of a
     * symmetric positive definite A = L Lᵀ. Only the lower triangle of {@code a} is read.
     * Cost d³/3 flops.
     *
     * @throws IllegalArgumentException naming {@code name} and the failing pivot if A is not
     *         (numerically) positive definite
     */
    public static double[] cholesky(double[] a, int d, String name) {
        if (a == null || a.length != d * d) {
            throw new IllegalArgumentException(name + " must be a row-major " + d + " x " + d + " matrix, got length "
                    + (a == null ? "null" : Integer.toString(a.length)));
        }
        double[] l = new double[d * d];
        for (int j = 0; j < d; j++) {
            double s = a[j * d + j];
            for (int k = 0; k < j; k++) {
                s -= l[j * d + k] * l[j * d + k];
            }
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException(name + " is not positive definite: Cholesky pivot " + j + " = " + s
                        + " (diagonal entry " + a[j * d + j] + "); expected a symmetric positive definite matrix");
            }
            double ljj = Math.sqrt(s);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double t = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    t -= l[i * d + k] * l[j * d + k];
                }
                l[i * d + j] = t / ljj;
            }
        }
        return l;
    }

    /** Solves L y = b (forward substitution, d² flops): b at {@code b[bOff..bOff+d)}, y into {@code y[yOff..)}. */
    public static void solveLower(double[] l, int d, double[] b, int bOff, double[] y, int yOff) {
        for (int i = 0; i < d; i++) {
            double s = b[bOff + i];
            int row = i * d;
            for (int k = 0; k < i; k++) {
                s -= l[row + k] * y[yOff + k];
            }
            y[yOff + i] = s / l[row + i];
        }
    }

    /** Solves Lᵀ x = b (back substitution, d² flops); {@code x} may alias {@code b} at the same offset. */
    public static void solveLowerTransposed(double[] l, int d, double[] b, int bOff, double[] x, int xOff) {
        for (int i = d - 1; i >= 0; i--) {
            double s = b[bOff + i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k * d + i] * x[xOff + k];
            }
            x[xOff + i] = s / l[i * d + i];
        }
    }

    /** log det A = 2 Σ_i log L_ii from the Cholesky factor L of A. */
    public static double logDetFromCholesky(double[] l, int d) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += Math.log(l[i * d + i]);
        }
        return 2 * s;
    }

    /**
     * Symmetric eigen-decomposition A = Q Λ Qᵀ by the cyclic Jacobi method (accurate to a few
     * ulps of ‖A‖, eigenvalues in ascending order). Cost about 6–10 sweeps of 4d³ flops.
     * Only symmetry-validated input should be passed (see {@link #requireSymmetric}).
     */
    public static Eigen eigen(double[] a, int d) {
        double[] m = a.clone();
        double[] v = new double[d * d];
        for (int i = 0; i < d; i++) {
            v[i * d + i] = 1;
        }
        for (int sweep = 0; ; sweep++) {
            double off = 0;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    off += m[p * d + q] * m[p * d + q];
                }
            }
            if (off == 0) {
                break;
            }
            if (sweep == MAX_JACOBI_SWEEPS) {
                throw new ArithmeticException("Jacobi eigen-decomposition did not converge in " + MAX_JACOBI_SWEEPS
                        + " sweeps (off-diagonal norm " + Math.sqrt(off) + ")");
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    double apq = m[p * d + q];
                    if (apq == 0) {
                        continue;
                    }
                    double app = m[p * d + p], aqq = m[q * d + q];
                    double g = 100 * Math.abs(apq);
                    if (Math.abs(app) + g == Math.abs(app) && Math.abs(aqq) + g == Math.abs(aqq)) {
                        m[p * d + q] = 0;
                        m[q * d + p] = 0;
                        continue;
                    }
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.abs(theta) > 1e150 ? 0.5 / theta
                            : Math.copySign(1.0, theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    rotate(m, v, d, p, q, c, s);
                    m[p * d + q] = 0;
                    m[q * d + p] = 0;
                }
            }
        }
        // sort ascending
        double[] values = new double[d];
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            values[i] = m[i * d + i];
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[] sortedValues = new double[d];
        double[] vectors = new double[d * d];
        for (int k = 0; k < d; k++) {
            int src = order[k];
            sortedValues[k] = values[src];
            for (int i = 0; i < d; i++) {
                vectors[i * d + k] = v[i * d + src];
            }
        }
        return new Eigen(d, sortedValues, vectors);
    }

    /** Applies the Jacobi rotation with (c, s) in the (p, q) plane: M ← Jᵀ M J, V ← V J. */
    private static void rotate(double[] m, double[] v, int d, int p, int q, double c, double s) {
        for (int k = 0; k < d; k++) {
            double mkp = m[k * d + p], mkq = m[k * d + q];
            m[k * d + p] = c * mkp - s * mkq;
            m[k * d + q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < d; k++) {
            double mpk = m[p * d + k], mqk = m[q * d + k];
            m[p * d + k] = c * mpk - s * mqk;
            m[q * d + k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < d; k++) {
            double vkp = v[k * d + p], vkq = v[k * d + q];
            v[k * d + p] = c * vkp - s * vkq;
            v[k * d + q] = s * vkp + c * vkq;
        }
    }

    /**
     * A symmetric eigen-decomposition A = Q diag(values) Qᵀ.
     *
     * @param d       the order
     * @param values  eigenvalues, ascending
     * @param vectors Q row-major d x d; column k is the unit eigenvector of {@code values[k]}
     */
    public record Eigen(int d, double[] values, double[] vectors) {

        /**
         * f(A) = Q diag(f(λ_k)) Qᵀ, exactly symmetric (d³ flops).
         */
        public double[] apply(DoubleUnaryOperator f) {
            double[] fv = new double[d];
            for (int k = 0; k < d; k++) {
                fv[k] = f.applyAsDouble(values[k]);
            }
            double[] out = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        s += vectors[i * d + k] * fv[k] * vectors[j * d + k];
                    }
                    out[i * d + j] = s;
                    out[j * d + i] = s;
                }
            }
            return out;
        }

        /** The smallest eigenvalue. */
        public double min() {
            return values[0];
        }

        /** The largest eigenvalue. */
        public double max() {
            return values[d - 1];
        }
    }

    /**
     * The principal square root A^{1/2} of a symmetric positive semidefinite matrix.
     * Eigenvalues in [−1e-12·‖A‖₂·d, 0) count as rounding and are set to zero.
     *
     * @throws IllegalArgumentException naming {@code name} if A is not symmetric or has a
     *         clearly negative eigenvalue
     */
    public static double[] sqrt(double[] a, int d, String name) {
        Eigen e = eigen(requireSymmetric(a, d, name), d);
        double floor = -1e-12 * d * Math.max(Math.abs(e.min()), Math.abs(e.max()));
        if (e.min() < floor) {
            throw new IllegalArgumentException(name + " is not positive semidefinite: smallest eigenvalue "
                    + e.min() + "; expected >= 0");
        }
        return e.apply(x -> Math.sqrt(Math.max(x, 0)));
    }

    /**
     * A^{−1/2} of a symmetric positive definite matrix.
     *
     * @throws IllegalArgumentException naming {@code name} if A is not symmetric positive definite
     */
    public static double[] inverseSqrt(double[] a, int d, String name) {
        Eigen e = eigen(requireSymmetric(a, d, name), d);
        if (!(e.min() > 0)) {
            throw new IllegalArgumentException(name + " is not positive definite: smallest eigenvalue " + e.min()
                    + "; expected > 0");
        }
        return e.apply(x -> 1 / Math.sqrt(x));
    }

    /** The product C = A B of two row-major d x d matrices (2d³ flops). */
    public static double[] multiply(double[] a, double[] b, int d) {
        double[] c = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double aik = a[i * d + k];
                if (aik == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    c[i * d + j] += aik * b[k * d + j];
                }
            }
        }
        return c;
    }

    /** ½(A + Aᵀ), a fresh array. */
    public static double[] symmetrize(double[] a, int d) {
        double[] s = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s[i * d + j] = 0.5 * (a[i * d + j] + a[j * d + i]);
            }
        }
        return s;
    }
}
