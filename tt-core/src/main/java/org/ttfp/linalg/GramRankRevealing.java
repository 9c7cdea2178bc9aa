package org.ttfp.linalg;

/**
 * Rank-revealing orthogonalization bound by GEMM: a pivoted Cholesky factorization of the small
 * Gram matrix picks an orthonormal basis of the numerical range, one CholeskyQR pass makes it
 * orthonormal to working precision, and an explicit residual certifies the result.
 *
 * <p>For a tall A (m x c, {@link #columns}), with G = AᵀA (c x c, one GEMM):
 * <ol>
 *   <li>pivoted Cholesky Pᵀ G P ≈ R₁ᵀ R₁ (host, O(c² k) flops), stopped when the largest
 *       remaining diagonal entry of the Schur complement falls below {@value #PIVOT_TOL}·tr G
 *       (directions with σ below about 3e−6·‖A‖_F are not taken; the Gram matrix resolves
 *       singular values only down to √u·‖A‖);</li>
 *   <li>Q₁ = A P₁ R₁₁⁻¹ (m x k, one GEMM with a c x k host matrix): κ(Q₁) ≈ 1, its Gram matrix
 *       deviates from I by about γ u / {@value #PIVOT_TOL};</li>
 *   <li>one CholeskyQR pass Q = Q₁ R₂⁻¹ with Q₁ᵀQ₁ = R₂ᵀR₂, taken only when
 *       ‖Q₁ᵀQ₁ − I‖_F ≤ {@value TallSkinnyQr#ORTHO_TOL}, which makes Q orthonormal to O(u)
 *       (the acceptance test of {@link TallSkinnyQr});</li>
 *   <li>C = QᵀA (projection, k x c) and the residual ‖A − Q C‖_F, computed explicitly.</li>
 * </ol>
 * A ≈ Q C with ‖A − Q C‖_F = {@link Factor#residual()} ≤ tol (the caller's); the residual is
 * orthogonal to the range of Q, so a caller that truncates C further adds the two errors in squares. Where the spectrum of
 * A has content between about u·‖A‖ and 3e−6·‖A‖ the residual shows it and the caller falls back
 * to Householder QR / SVD; for exactly or numerically rank-deficient inputs (sums of TTs such as
 * Y + Y) the residual is at the rounding level and the rank is revealed at GEMM speed.
 *
 * <p>Cost: 2mc² (Gram) + 2mck + 4mk² + 4mkc flops in GEMMs for rank k, plus O(c² k + k³) on the
 * host; for k = c/2 about 6mc², against 4mc² for Householder QR, which runs at a fraction of the
 * GEMM rate. {@link #rows} is the same for a wide A (ρ x N), A ≈ C Q with Q (k x N) of orthonormal
 * rows, done with transposed GEMM flags and no explicit transpose.
 */
public final class GramRankRevealing {

    /** Pivoted Cholesky stops when the largest remaining Schur diagonal is below this fraction of tr G. */
    public static final double PIVOT_TOL = 1e-11;
    /** Rounding level of the Gram matrix's Schur complement, in units of c·u·tr G. */
    public static final double NOISE = 100;
    private static final double U = 0x1p-53;

    private GramRankRevealing() {}

    /**
     * The factorization A ≈ Q C (tall form) or A ≈ C Q (wide form).
     *
     * @param q        tall: m x k, orthonormal columns; wide: k x N, orthonormal rows
     * @param c        tall: k x c; wide: ρ x k
     * @param rank     k, the number of directions taken
     * @param residual ‖A − Q C‖_F (tall) or ‖A − C Q‖_F (wide), computed explicitly
     */
    public record Factor(Mat q, Mat c, int rank, double residual) {}

    /**
     * Tall form: A (m x c) ≈ Q C, Q with orthonormal columns.
     *
     * @param be  the backend that owns {@code a}
     * @param a   any m x c matrix with finite entries and ‖A‖_F within [1e−100, 1e100]
     * @param tol the largest residual ‖A − Q C‖_F the caller accepts (absolute)
     * @return the factors with residual ≤ tol, or null when the Gram matrix does not give them:
     *         a zero matrix, a breakdown of the CholeskyQR pass, a residual above tol, or a Schur
     *         complement left by the pivoted Cholesky whose trace exceeds tol² by more than its
     *         rounding level ({@value #NOISE}·c·u·tr G), which decides the failure before the
     *         m-sized products (the caller then falls back to Householder QR or the SVD)
     * @throws IllegalArgumentException if {@code a} belongs to another backend
     * @throws ArithmeticException      if A has NaN or infinite entries
     */
    public static Factor columns(Backend be, Mat a, double tol) {
        return factor(be, a, tol, false);
    }

    /**
     * Wide form: A (ρ x N) ≈ C Q, Q with orthonormal rows (k x N), C ρ x k, residual ‖A − C Q‖_F ≤ tol
     * or null. See {@link #columns}.
     */
    public static Factor rows(Backend be, Mat a, double tol) {
        return factor(be, a, tol, true);
    }

    private static Factor factor(Backend be, Mat a, double tol, boolean wide) {
        if (be == null || a == null) {
            throw new IllegalArgumentException("GramRankRevealing: backend and matrix must be non-null");
        }
        if (a.backend() != be) {
            throw new IllegalArgumentException("a belongs to backend '" + a.backend().name() + "', expected '" + be.name() + "'");
        }
        int c = wide ? a.rows() : a.cols(); // the small dimension of the Gram matrix
        double nrm = be.normF(a);
        if (!Double.isFinite(nrm)) {
            throw new ArithmeticException("rank-revealing QR of a " + a.rows() + " x " + a.cols()
                    + " matrix with NaN or infinite entries (Frobenius norm " + nrm + ")");
        }
        if (nrm == 0 || nrm > 1e100 || nrm < 1e-100 || c == 0) {
            return null;
        }
        Mat gm = wide ? ParallelGemm.mul(be, a, false, a, true) : ParallelGemm.mul(be, a, true, a, false);
        double[] g = be.toArray(gm);
        be.release(gm);
        int[] piv = new int[c];
        double[][] rcol = new double[c][];
        double[] left = new double[1];
        int k = pivotedCholesky(g, c, PIVOT_TOL, piv, rcol, left);
        if (k == 0 || !(tol >= 0)) {
            return null;
        }
        double trace = 0;
        for (int i = 0; i < c; i++) {
            trace += g[i + i * c];
        }
        if (left[0] - NOISE * c * U * trace > tol * tol) {
            return null; // the Gram matrix already shows more discarded content than tol allows
        }
        // R11 (k x k, upper, column j = rcol[piv[j]][0..k)) and B = P1 R11^{-1} (c x k)
        double[] r11 = new double[k * k];
        for (int j = 0; j < k; j++) {
            System.arraycopy(rcol[piv[j]], 0, r11, j * k, Math.min(j + 1, k));
        }
        double[] r11inv = TallSkinnyQr.invertUpper(r11, k);
        double[] b = new double[c * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i <= j; i++) {
                b[piv[i] + j * c] = r11inv[i + j * k];
            }
        }
        Mat bm = be.fromArray(b, c, k);
        Mat q1 = wide ? ParallelGemm.mul(be, bm, true, a, false) : ParallelGemm.mul(be, a, bm);
        be.release(bm);
        Mat g1m = wide ? ParallelGemm.mul(be, q1, false, q1, true) : ParallelGemm.mul(be, q1, true, q1, false);
        double[] g1 = be.toArray(g1m);
        be.release(g1m);
        if (!(TallSkinnyQr.deviationFromIdentity(g1, k) <= TallSkinnyQr.ORTHO_TOL)) {
            be.release(q1);
            return null;
        }
        double[] r2 = TallSkinnyQr.cholesky(g1, k, 0.0);
        if (r2 == null) {
            be.release(q1);
            return null;
        }
        Mat r2inv = be.fromArray(TallSkinnyQr.invertUpper(r2, k), k, k);
        Mat q = wide ? ParallelGemm.mul(be, r2inv, true, q1, false) : ParallelGemm.mul(be, q1, r2inv);
        be.release(q1);
        be.release(r2inv);
        Mat cm = wide ? ParallelGemm.mul(be, a, false, q, true) : ParallelGemm.mul(be, q, true, a, false);
        Mat e = be.copy(a);
        if (wide) {
            ParallelGemm.gemm(be, false, false, -1.0, cm, q, 1.0, e);
        } else {
            ParallelGemm.gemm(be, false, false, -1.0, q, cm, 1.0, e);
        }
        double res = be.normF(e);
        be.release(e);
        if (!(res <= tol)) {
            be.release(q);
            be.release(cm);
            return null;
        }
        return new Factor(q, cm, k, res);
    }

    /**
     * Pivoted (diagonal pivoting) Cholesky of the symmetric positive semi-definite c x c matrix
     * {@code g} (column-major, both triangles read): Pᵀ G P ≈ Rᵀ R with R k x c upper trapezoidal
     * in the pivoted order, stopped when the largest remaining Schur diagonal is ≤ tol·tr G.
     * Writes the pivot order to {@code piv[0..k)} and, for every original column i, its column of
     * R (length k, entries beyond the step at which i was pivoted are 0) to {@code rcol[i]}.
     * Cost: about c² k − c k² + k³/3 flops.
     *
     * @param left receives in left[0] the trace of the Schur complement left over (≥ 0)
     * @return the rank k
     */
    static int pivotedCholesky(double[] g, int c, double tol, int[] piv, double[][] rcol, double[] left) {
        double[] diag = new double[c];
        double trace = 0;
        for (int i = 0; i < c; i++) {
            diag[i] = g[i + i * c];
            trace += diag[i];
        }
        double stop = tol * trace;
        boolean[] taken = new boolean[c];
        double[][] col = new double[c][c]; // col[i][l] = R(l, i) for the steps l taken so far
        int k = 0;
        while (k < c) {
            int p = -1;
            double best = stop;
            for (int i = 0; i < c; i++) {
                if (!taken[i] && diag[i] > best) {
                    best = diag[i];
                    p = i;
                }
            }
            if (p < 0) {
                break;
            }
            double rkk = Math.sqrt(diag[p]);
            taken[p] = true;
            piv[k] = p;
            double[] cp = col[p];
            cp[k] = rkk;
            for (int i = 0; i < c; i++) {
                if (taken[i]) {
                    continue;
                }
                double[] ci = col[i];
                double s = g[p + i * c];
                for (int l = 0; l < k; l++) {
                    s -= cp[l] * ci[l];
                }
                double v = s / rkk;
                ci[k] = v;
                diag[i] -= v * v;
            }
            k++;
        }
        double rest = 0;
        for (int i = 0; i < c; i++) {
            rcol[i] = java.util.Arrays.copyOf(col[i], k);
            if (!taken[i]) {
                rest += Math.max(0, diag[i]);
            }
        }
        left[0] = rest;
        return k;
    }
}
