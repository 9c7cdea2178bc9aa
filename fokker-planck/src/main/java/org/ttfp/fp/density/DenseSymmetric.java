package org.ttfp.fp.density;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Symmetric d x d matrices stored row-major in a {@code double[d*d]} (element (i, j) at
 * {@code a[i*d + j]}), for the small matrices of Gaussian models: validation, and thin adapters to
 * EJML's Cholesky factorisation, triangular solves, symmetric eigen-decomposition and product, plus
 * matrix functions f(A) = Q f(Λ) Qᵀ such as A^{1/2} and A^{−1/2}. The arithmetic is EJML's; this
 * class only checks the input and names the argument in its messages.
 */
public final class DenseSymmetric {

    /** Relative asymmetry |a_ij − a_ji| ≤ SYMMETRY_TOLERANCE · max|a| accepted by {@link #requireSymmetric}. */
    public static final double SYMMETRY_TOLERANCE = 1e-10;

    private DenseSymmetric() {}

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
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double aij = a[i * d + j], aji = a[j * d + i];
                if (Math.abs(aij - aji) > SYMMETRY_TOLERANCE * maxAbs) {
                    throw new IllegalArgumentException(name + " is not symmetric: [" + i + "][" + j + "] = " + aij
                            + " but [" + j + "][" + i + "] = " + aji + " (tolerance " + SYMMETRY_TOLERANCE
                            + " x max|entry| = " + SYMMETRY_TOLERANCE * maxAbs + ")");
                }
            }
        }
        return symmetrize(a, d);
    }

    /**
     * Cholesky factor L (lower triangular, row-major d x d, zeros above the diagonal) of a
     * symmetric positive definite A = L Lᵀ (EJML; only the lower triangle of {@code a} is read).
     * Cost d³/3 flops.
     *
     * @throws IllegalArgumentException naming {@code name} if A is not (numerically) positive definite
     */
    public static double[] cholesky(double[] a, int d, String name) {
        if (a == null || a.length != d * d) {
            throw new IllegalArgumentException(name + " must be a row-major " + d + " x " + d + " matrix, got length "
                    + (a == null ? "null" : Integer.toString(a.length)));
        }
        DMatrixRMaj m = DMatrixRMaj.wrap(d, d, a.clone());
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        double[] l = chol.decompose(m) ? chol.getT(null).data : null;
        boolean ok = l != null;
        for (int i = 0; ok && i < d; i++) {
            ok = l[i * d + i] > 0 && Double.isFinite(l[i * d + i]);
        }
        if (!ok) {
            double[] lower = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    lower[i * d + j] = a[i * d + j];
                    lower[j * d + i] = a[i * d + j];
                }
            }
            boolean finite = Arrays.stream(lower).allMatch(Double::isFinite);
            throw new IllegalArgumentException(name + " is not positive definite: its Cholesky factorisation fails"
                    + (finite ? " (smallest eigenvalue " + eigen(lower, d).min() + ")" : " (non-finite entries)")
                    + "; expected a symmetric positive definite matrix");
        }
        for (int i = 0; i < d; i++) {
            Arrays.fill(l, i * d + i + 1, i * d + d, 0.0);
        }
        return l;
    }

    /** Solves L y = b (forward substitution, d² flops): b at {@code b[bOff..bOff+d)}, y into {@code y[yOff..)}. */
    public static void solveLower(double[] l, int d, double[] b, int bOff, double[] y, int yOff) {
        double[] v = Arrays.copyOfRange(b, bOff, bOff + d);
        TriangularSolver_DDRM.solveL(l, v, d);
        System.arraycopy(v, 0, y, yOff, d);
    }

    /** Solves Lᵀ x = b (back substitution, d² flops); {@code x} may alias {@code b} at the same offset. */
    public static void solveLowerTransposed(double[] l, int d, double[] b, int bOff, double[] x, int xOff) {
        double[] v = Arrays.copyOfRange(b, bOff, bOff + d);
        TriangularSolver_DDRM.solveTranL(l, v, d);
        System.arraycopy(v, 0, x, xOff, d);
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
     * Symmetric eigen-decomposition A = Q Λ Qᵀ (EJML's symmetric QR algorithm; accurate to a few
     * ulps of ‖A‖), eigenvalues in ascending order. Cost about 9d³ flops. Only symmetry-validated
     * input should be passed (see {@link #requireSymmetric}).
     *
     * @throws ArithmeticException if EJML's decomposition fails (NaN input)
     */
    public static Eigen eigen(double[] a, int d) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(DMatrixRMaj.wrap(d, d, a.clone()))) {
            throw new ArithmeticException("symmetric eigen-decomposition of a " + d + " x " + d + " matrix failed "
                    + "(non-finite entries?)");
        }
        Integer[] order = new Integer[d];
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = eig.getEigenvalue(i).real;
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[] sorted = new double[d];
        double[] vectors = new double[d * d];
        for (int k = 0; k < d; k++) {
            sorted[k] = values[order[k]];
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            for (int i = 0; i < d; i++) {
                vectors[i * d + k] = v.data[i];
            }
        }
        return new Eigen(d, sorted, vectors);
    }

    /**
     * A symmetric eigen-decomposition A = Q diag(values) Qᵀ.
     *
     * @param d       the order
     * @param values  eigenvalues, ascending
     * @param vectors Q row-major d x d; column k is the unit eigenvector of {@code values[k]}
     */
    public record Eigen(int d, double[] values, double[] vectors) {

        /** f(A) = Q diag(f(λ_k)) Qᵀ, exactly symmetric (2d³ flops, EJML products). */
        public double[] apply(DoubleUnaryOperator f) {
            DMatrixRMaj q = DMatrixRMaj.wrap(d, d, vectors);
            DMatrixRMaj qf = q.copy();
            for (int k = 0; k < d; k++) {
                double fk = f.applyAsDouble(values[k]);
                for (int i = 0; i < d; i++) {
                    qf.data[i * d + k] *= fk;
                }
            }
            DMatrixRMaj out = new DMatrixRMaj(d, d);
            CommonOps_DDRM.multTransB(qf, q, out);
            return symmetrize(out.data, d);
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

    /** The product C = A B of two row-major d x d matrices (2d³ flops, EJML). */
    public static double[] multiply(double[] a, double[] b, int d) {
        DMatrixRMaj c = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(DMatrixRMaj.wrap(d, d, a), DMatrixRMaj.wrap(d, d, b), c);
        return c.data;
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
