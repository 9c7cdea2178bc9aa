package org.ttfp.fp.sde;

import org.ttfp.fp.density.DenseSymmetric;

/**
 * A constant full diffusion matrix D = ½ G Gᵀ (d x d, symmetric positive semidefinite) of an SDE
 * dX = f(X, t) dt + G dW, whose Fokker–Planck equation is
 * <pre>
 *   ∂p/∂t = −∇·(f p) + Σ_{i,j} D_ij ∂_i ∂_j p,
 * </pre>
 * together with its eigen-decomposition D = Q Λ Qᵀ (Q orthogonal, Λ = diag(λ_k) ascending,
 * λ_k ≥ 0). In the rotated coordinates y = Qᵀ x the diffusion is diagonal,
 * Σ_{i,j} D_ij ∂_{x_i} ∂_{x_j} = Σ_k λ_k ∂²_{y_k}, i.e. g̃_k² = 2 λ_k in the convention of
 * {@link Sde#diffusion2} (see {@code org.ttfp.fp.DiffusionRotation} and docs/fp-time-stepping.md).
 *
 * <p><b>Validation</b> ({@link IllegalArgumentException} naming the entry or eigenvalue): length d²;
 * every entry finite; |D_ij − D_ji| ≤ {@link #SYMMETRY_TOLERANCE} · max|D|; every eigenvalue
 * ≥ −{@link #PSD_TOLERANCE} · max(|λ|). Eigenvalues in [−PSD_TOLERANCE · max, 0) are rounding of a
 * singular D and are set to 0. Cost: one symmetric eigen-decomposition (EJML, about 9d³ flops).
 * Immutable.
 */
public final class DiffusionMatrix {

    /** Accepted relative asymmetry |D_ij − D_ji| / max|D|. */
    public static final double SYMMETRY_TOLERANCE = 1e-12;
    /** Accepted negative eigenvalue, relative to the largest |λ|. */
    public static final double PSD_TOLERANCE = 1e-12;

    private final int d;
    private final double[] matrix;
    private final double[] rotation;
    private final double[] eigenvalues;

    private DiffusionMatrix(int d, double[] matrix, double[] rotation, double[] eigenvalues) {
        this.d = d;
        this.matrix = matrix;
        this.rotation = rotation;
        this.eigenvalues = eigenvalues;
    }

    /**
     * D itself, row-major d x d (element (i, j) at {@code dMatrix[i*d + j]}); validated as in the
     * class comment and stored as the exactly symmetric ½(D + Dᵀ).
     *
     * @throws IllegalArgumentException if d &lt; 1 or D is not a finite symmetric PSD d x d matrix
     */
    public static DiffusionMatrix of(double[] dMatrix, int d) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension d = " + d + " of the diffusion matrix: expected d >= 1");
        }
        if (dMatrix == null || dMatrix.length != d * d) {
            throw new IllegalArgumentException("diffusion matrix D has length "
                    + (dMatrix == null ? "null" : Integer.toString(dMatrix.length)) + ": expected d*d = " + d * d
                    + " (row-major " + d + " x " + d + ")");
        }
        double max = 0;
        for (int k = 0; k < d * d; k++) {
            if (!Double.isFinite(dMatrix[k])) {
                throw new IllegalArgumentException("diffusion matrix D[" + k / d + "][" + k % d + "] = " + dMatrix[k]
                        + ": expected a finite value");
            }
            max = Math.max(max, Math.abs(dMatrix[k]));
        }
        double[] sym = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double dij = dMatrix[i * d + j], dji = dMatrix[j * d + i];
                if (Math.abs(dij - dji) > SYMMETRY_TOLERANCE * max) {
                    throw new IllegalArgumentException("diffusion matrix D is not symmetric: D[" + i + "][" + j + "] = "
                            + dij + " but D[" + j + "][" + i + "] = " + dji + " (tolerance " + SYMMETRY_TOLERANCE
                            + " x max|D| = " + SYMMETRY_TOLERANCE * max + ")");
                }
                sym[i * d + j] = 0.5 * (dij + dji);
            }
        }
        DenseSymmetric.Eigen e = DenseSymmetric.eigen(sym, d);
        double[] lam = e.values().clone();
        double top = 0;
        for (double l : lam) {
            top = Math.max(top, Math.abs(l));
        }
        for (int k = 0; k < d; k++) {
            if (lam[k] < -PSD_TOLERANCE * top) {
                throw new IllegalArgumentException("diffusion matrix D is not positive semidefinite: eigenvalue " + k
                        + " = " + lam[k] + " < -" + PSD_TOLERANCE + " x max|eigenvalue| = " + (-PSD_TOLERANCE * top)
                        + " (D = ½GGᵀ must be PSD)");
            }
            lam[k] = Math.max(0.0, lam[k]);
        }
        return new DiffusionMatrix(d, sym, e.vectors().clone(), lam);
    }

    /**
     * D = ½ Σ from the noise covariance Σ = G Gᵀ (row-major d x d; the convention of
     * {@link Sde#diffusion2}, whose diagonal is g_i²), validated as {@link #of}.
     */
    public static DiffusionMatrix ofNoiseCovariance(double[] ggt, int d) {
        if (ggt == null) {
            throw new IllegalArgumentException("noise covariance GGᵀ is null: expected a " + d + " x " + d + " matrix");
        }
        double[] half = new double[ggt.length];
        for (int k = 0; k < ggt.length; k++) {
            half[k] = 0.5 * ggt[k];
        }
        return of(half, d);
    }

    /** The dimension d. */
    public int dim() {
        return d;
    }

    /** D, row-major d x d (a copy, exactly symmetric). */
    public double[] matrix() {
        return matrix.clone();
    }

    /** The noise covariance G Gᵀ = 2D, row-major d x d (a copy). */
    public double[] noiseCovariance() {
        double[] s = matrix.clone();
        for (int k = 0; k < s.length; k++) {
            s[k] *= 2;
        }
        return s;
    }

    /** D_ij. */
    public double entry(int i, int j) {
        return matrix[i * d + j];
    }

    /** Q, row-major d x d (a copy): column k is the unit eigenvector of λ_k, so x = Q y. */
    public double[] rotation() {
        return rotation.clone();
    }

    /** λ_k ≥ 0, ascending (a copy). */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** Whether every off-diagonal entry is exactly 0 (then no rotation is needed). */
    public boolean isDiagonal() {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (i != j && matrix[i * d + j] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "DiffusionMatrix[d=" + d + ", D=" + java.util.Arrays.toString(matrix) + "]";
    }
}
