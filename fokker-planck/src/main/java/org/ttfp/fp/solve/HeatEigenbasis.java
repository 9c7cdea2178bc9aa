package org.ttfp.fp.solve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ttfp.cheb.ChebyshevGrid;

/**
 * The eigendecomposition of the Chebyshev second-derivative matrix with homogeneous Dirichlet
 * conditions on one grid, so that the heat step e^{τ D²} of {@link ModePropagators#heat} costs a
 * diagonal scaling for any τ:
 * <pre>
 *   D²_int = V Λ V⁻¹,   e^{τ D²} = V_ext e^{τ Λ} V⁻¹_ext,
 * </pre>
 * D²_int the interior (n−2) x (n−2) block, V_ext = V with zero rows added for the two boundary
 * nodes (n x m, m = n − 2), V⁻¹_ext = V⁻¹ with zero columns for them (m x n). The eigenvalues of
 * D²_int are real and negative and V is well conditioned (measured: λ ∈ [−3.4e5, −0.069] and
 * ‖V‖_max ‖V⁻¹‖_max m ≈ 58 for n = 128 on [−6, 6]; e^{τ D²} by this route agrees with the
 * scaling-and-squaring exponential to 1e−13 relative for τ up to 0.5), so the product is accurate
 * to rounding and stable for every τ ≥ 0 (components with large |λ| are damped to 0).
 *
 * <p>Cost: one dense nonsymmetric eigendecomposition and inverse, about 25 m³ flops (0.2 s for
 * n = 128), once per distinct grid (cached by a, b, n). Instances are immutable.
 */
final class HeatEigenbasis {

    private static final Map<String, HeatEigenbasis> CACHE = new ConcurrentHashMap<>();
    /** Largest relative imaginary part of an eigenvalue, and residual ‖D²V − VΛ‖ / (‖D²‖ ‖V‖), accepted. */
    private static final double TOLERANCE = 1e-9;

    final int n;
    final int m;
    /** V_ext, column-major n x m (element (j, k) at j + n k). */
    final double[] vExt;
    /** V⁻¹_ext, column-major m x n (element (k, i) at k + m i). */
    final double[] vInvExt;
    /** The eigenvalues λ_k (length m), all ≤ 0. */
    final double[] lambda;

    private HeatEigenbasis(int n, double[] vExt, double[] vInvExt, double[] lambda) {
        this.n = n;
        this.m = n - 2;
        this.vExt = vExt;
        this.vInvExt = vInvExt;
        this.lambda = lambda;
    }

    /** The (cached) decomposition for a grid with n ≥ 3 nodes. */
    static HeatEigenbasis of(ChebyshevGrid grid) {
        String key = grid.a() + ":" + grid.b() + ":" + grid.size();
        return CACHE.computeIfAbsent(key, k -> compute(grid));
    }

    /** V_ext e^{τ Λ}: the n x m matrix (column-major) that maps eigen-coordinates to values after τ. */
    double[] propagator(double tau) {
        double[] out = new double[n * m];
        for (int k = 0; k < m; k++) {
            double e = Math.exp(tau * lambda[k]);
            int off = n * k;
            for (int j = 0; j < n; j++) {
                out[off + j] = vExt[off + j] * e;
            }
        }
        return out;
    }

    private static HeatEigenbasis compute(ChebyshevGrid grid) {
        int n = grid.size();
        if (n < 3) {
            throw new IllegalArgumentException("grid has n = " + n + " nodes: expected n >= 3");
        }
        int m = n - 2;
        double[] d2 = grid.secondDerivativeMatrix();
        DMatrixRMaj a = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a.set(i, j, d2[(i + 1) + n * (j + 1)]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true);
        if (!eig.decompose(a.copy())) {
            throw new ArithmeticException("eigendecomposition of the Dirichlet D² on " + grid + " failed");
        }
        DMatrixRMaj v = new DMatrixRMaj(m, m);
        double[] lambda = new double[m];
        double scale = CommonOps_DDRM.elementMaxAbs(a);
        for (int k = 0; k < m; k++) {
            Complex_F64 c = eig.getEigenvalue(k);
            DMatrixRMaj vk = eig.getEigenVector(k);
            if (vk == null || Math.abs(c.imaginary) > TOLERANCE * scale) {
                throw new ArithmeticException("Dirichlet D² on " + grid + " has a complex eigenvalue " + c
                        + ": expected real eigenvalues (the heat propagator needs a real eigenbasis)");
            }
            lambda[k] = Math.min(0.0, c.real);
            for (int i = 0; i < m; i++) {
                v.set(i, k, vk.get(i));
            }
        }
        DMatrixRMaj vInv = new DMatrixRMaj(m, m);
        if (!CommonOps_DDRM.invert(v, vInv)) {
            throw new ArithmeticException("eigenvectors of the Dirichlet D² on " + grid + " are singular");
        }
        // residual check ‖A V − V Λ‖_max relative to ‖A‖_max ‖V‖_max
        DMatrixRMaj av = new DMatrixRMaj(m, m);
        CommonOps_DDRM.mult(a, v, av);
        double res = 0;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
                res = Math.max(res, Math.abs(av.get(i, k) - v.get(i, k) * lambda[k]));
            }
        }
        if (!(res <= TOLERANCE * scale * CommonOps_DDRM.elementMaxAbs(v))) {
            throw new ArithmeticException("eigendecomposition of the Dirichlet D² on " + grid + " has residual " + res
                    + ": expected below " + TOLERANCE + " relative");
        }
        double[] vExt = new double[n * m];
        double[] vInvExt = new double[m * n];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < m; i++) {
                vExt[(i + 1) + n * k] = v.get(i, k);
                vInvExt[k + m * (i + 1)] = vInv.get(k, i);
            }
        }
        return new HeatEigenbasis(n, vExt, vInvExt, lambda);
    }
}
