package org.ttfp.tt;

import org.ttfp.linalg.Backend;
import org.ttfp.linalg.GramRankRevealing;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.ParallelGemm;
import org.ttfp.linalg.QR;
import org.ttfp.linalg.SVD;

/**
 * Orthogonalization and rounding of tensor trains (Oseledets 2011, Alg. 2), with log-scaled norms.
 *
 * <p><b>Rounding bound by GEMM.</b> {@link #round} keeps the two sweeps of Alg. 2 but factors each
 * unfolding with {@link GramRankRevealing} (Gram matrix by one GEMM, pivoted Cholesky on the host,
 * one CholeskyQR pass, explicit residual), not with LAPACK's Householder QR and SVD, which run at
 * about a tenth of the GEMM rate on these shapes (benchmarks/README.md):
 * <ul>
 *   <li>left sweep: A_k = R_{k−1} G_k ((ρ n) x R) ≈ Q_k C_k with ‖A_k − Q_k C_k‖ ≤ 1e−12 ‖A_k‖
 *       (lowered to 1 % of eps/√(d−1) for tiny eps), so besides orthogonalizing it drops the
 *       directions A_k does not have: the left unfoldings of a sum such as Y + Y are rank-deficient
 *       by construction ([B B]), ρ becomes the numerical rank (r instead of 2r), every later matrix
 *       is half as wide, and the truncation sweep sees full-rank matrices. CholeskyQR2
 *       ({@link org.ttfp.linalg.TallSkinnyQr}) cannot do this: on a rank-deficient A_k it ends in
 *       its Householder fallback;</li>
 *   <li>truncation sweep: M = core k as ρ x (n t) ≈ C W (W orthonormal rows, an LQ by the Gram
 *       matrix M Mᵀ, no transpose), then the SVD of the small ρ x k matrix C; the residual counts
 *       against the bond's budget δ (at most half of it), so each bond still discards ≤ δ.</li>
 * </ul>
 * Where the residual check fails (content between u‖A‖ and about 3e−6‖A‖ that the Gram matrix
 * cannot resolve), that core falls back to Householder QR / the SVD of M, so the accuracy is always
 * that of Alg. 2. The Gram matrix is never used for the singular values themselves: they come
 * from the SVD of C, whose rows are exact projections, so the truncation keeps the exact rank and
 * an error far below eps (√u‖A‖ ≈ 1.5e−8 ‖A‖ would not resolve W2's δ = 1.4e−9 ‖A‖).
 */
final class TtRounding {
    private TtRounding() {}

    /**
     * A left-orthogonal representation: the tensor equals exp(logScale) times the TT of
     * {@code cores}, whose cores 0..d−2 are left-orthogonal. A zero tensor has logScale −∞.
     */
    record LeftOrthogonal(Backend backend, int[] n, int[] r, Mat[] cores, double logScale) {
        /** log ‖A‖_F. */
        double logNorm() {
            if (logScale == Double.NEGATIVE_INFINITY) {
                return logScale;
            }
            double last = backend.normF(cores[cores.length - 1]);
            return last == 0 ? Double.NEGATIVE_INFINITY : logScale + Math.log(last);
        }

        /** The tensor, scale folded into the last core. */
        TensorTrain toTensor() {
            if (logScale == Double.NEGATIVE_INFINITY) {
                return zero(backend, n);
            }
            Mat[] cs = cores.clone();
            double f = Math.exp(logScale);
            if (!Double.isFinite(f) || f == 0) {
                throw new ArithmeticException("the tensor's norm scale exp(" + logScale
                        + ") cannot be held in one core; keep the tensor unorthogonalized");
            }
            Mat last = backend.copy(cs[cs.length - 1]);
            backend.scale(f, last);
            cs[cs.length - 1] = last;
            return new TensorTrain(backend, n.clone(), r.clone(), cs);
        }
    }

    /** The zero tensor with all ranks 1. */
    static TensorTrain zero(Backend be, int[] n) {
        int d = n.length;
        Mat[] cs = new Mat[d];
        for (int k = 0; k < d; k++) {
            cs[k] = be.zeros(n[k], 1);
        }
        return new TensorTrain(be, n.clone(), onesRanks(d), cs);
    }

    /** Power-of-two exponent used to renormalize a factor of size s (exact, no rounding). */
    static int exponentOf(double s) {
        return Math.getExponent(s);
    }

    /** The left-orthogonal form by Householder QR of each unfolding (Oseledets 2011, Alg. 2, first sweep). */
    static LeftOrthogonal leftOrthogonal(TensorTrain tt) {
        return leftSweep(tt, false, 0);
    }

    private static int[] onesRanks(int d) {
        int[] r = new int[d + 1];
        java.util.Arrays.fill(r, 1);
        return r;
    }

    static TensorTrain rightOrthogonal(TensorTrain tt) {
        Backend be = tt.backend();
        int[] n = tt.nInternal();
        int[] r = tt.rInternal().clone();
        Mat[] c = tt.coresInternal().clone();
        double logScale = 0;
        Mat carry = null; // r_old x r_new, multiplies core k from the right
        for (int k = n.length - 1; k >= 0; k--) {
            Mat g = c[k];
            if (carry != null) {
                g = be.mul(g, carry);
                r[k + 1] = carry.cols();
            }
            if (k == 0) {
                c[k] = g;
                break;
            }
            Mat unfT = be.transpose(g.reshape(r[k], n[k] * r[k + 1])); // (n r1) x r0
            QR qr = be.qr(unfT);
            Mat rf = qr.r(); // kk x r0
            int e = renormalize(be, rf, k);
            if (e == ZERO) {
                return zero(be, n);
            }
            logScale += e * Math.log(2);
            int kk = rf.rows();
            c[k] = be.transpose(qr.q()).reshape(kk * n[k], r[k + 1]);
            r[k] = kk;
            carry = be.transpose(rf); // r0 x kk
        }
        double f = Math.exp(logScale);
        if (!Double.isFinite(f) || f == 0) {
            throw new ArithmeticException("the tensor's norm scale exp(" + logScale + ") cannot be held in one core");
        }
        Mat first = be.copy(c[0]);
        be.scale(f, first);
        c[0] = first;
        return new TensorTrain(be, n.clone(), r, c);
    }

    /**
     * The smallest rank t ≥ 1 such that the discarded singular values s[t..] have
     * √(Σ s_i²) ≤ delta, capped at maxRank.
     */
    static int truncationRank(double[] s, double delta, int maxRank) {
        return SVD.truncationRank(s, delta * delta, maxRank);
    }

    /**
     * Residual ‖A_k − Q_k C_k‖_F, relative to ‖A_k‖_F, up to which the Gram-based rank-revealing
     * step of the rounding's left sweep is accepted (else Householder QR); the caller lowers it to
     * 1 % of eps/√(d−1) for very small eps.
     */
    static final double LEFT_TOL = 1e-12;
    /** Fraction of the truncation budget δ the Gram-based step of the right sweep may leave as residual. */
    static final double RIGHT_TOL = 0.5;

    static TensorTrain round(TensorTrain tt, double eps, int maxRank) {
        Checks.positive("eps", eps);
        Checks.atLeast("maxRank", maxRank, 1);
        int d = tt.dim();
        if (d == 1) {
            return tt;
        }
        LeftOrthogonal lo = leftOrthogonalReduced(tt, Math.min(LEFT_TOL, 0.01 * eps / Math.sqrt(d - 1)));
        if (lo.logScale() == Double.NEGATIVE_INFINITY) {
            return zero(tt.backend(), tt.nInternal());
        }
        return truncate(lo, eps, maxRank);
    }

    /**
     * The left sweep of the rounding: as {@link #leftOrthogonal}, but each unfolding A_k (carry times
     * core) is factored by {@link GramRankRevealing#columns} (GEMM-bound; it also drops the directions
     * A_k does not have, so the ranks become the numerical ranks of the left unfoldings), accepted
     * when ‖A_k − Q_k C_k‖_F ≤ tol·‖A_k‖_F, else by Householder QR as before. Every core of the
     * result is a temporary of this sweep except where d = 1.
     */
    static LeftOrthogonal leftOrthogonalReduced(TensorTrain tt, double tol) {
        return leftSweep(tt, true, tol);
    }

    /**
     * The left sweep shared by {@link #leftOrthogonal} ({@code reduced} false: backend GEMM, Householder
     * QR) and {@link #leftOrthogonalReduced} ({@code reduced} true: {@link ParallelGemm}, then
     * {@link GramRankRevealing#columns} accepted up to {@code tol}·‖A_k‖_F, else Householder QR).
     * Each R factor is renormalized by a power of two whose logarithm is accumulated in logScale.
     */
    private static LeftOrthogonal leftSweep(TensorTrain tt, boolean reduced, double tol) {
        Backend be = tt.backend();
        int[] n = tt.nInternal();
        int d = n.length;
        int[] r = tt.rInternal().clone();
        Mat[] c = tt.coresInternal().clone();
        double logScale = 0;
        Mat carry = null;
        for (int k = 0; k < d; k++) {
            Mat g = c[k];
            boolean ownG = carry != null; // g is a temporary of this sweep (not an input core)
            if (carry != null) {
                Mat unf = g.reshape(g.rows() / n[k], n[k] * r[k + 1]);
                g = (reduced ? ParallelGemm.mul(be, carry, unf) : be.mul(carry, unf)).reshape(carry.rows() * n[k], r[k + 1]);
                r[k] = carry.rows();
                be.release(carry);
            }
            if (k == d - 1) {
                c[k] = g;
                break;
            }
            Mat q, rf;
            GramRankRevealing.Factor f = reduced ? GramRankRevealing.columns(be, g, tol * be.normF(g)) : null;
            if (f != null) {
                q = f.q();
                rf = f.c();
            } else {
                QR qr = be.qr(g);
                q = qr.q();
                rf = qr.r();
            }
            if (ownG) {
                be.release(g);
            }
            int e = renormalize(be, rf, k);
            if (e == ZERO) {
                return new LeftOrthogonal(be, n.clone(), onesRanks(d), zero(be, n).coresInternal(), Double.NEGATIVE_INFINITY);
            }
            logScale += e * Math.log(2);
            c[k] = q;
            r[k + 1] = rf.rows();
            carry = rf;
        }
        return new LeftOrthogonal(be, n.clone(), r, c, logScale);
    }

    /** What {@link #renormalize} returns for a zero factor. */
    private static final int ZERO = Integer.MIN_VALUE;

    /**
     * Scales the factor {@code rf} of core k by 2^−e in place, e = {@link #exponentOf}(max|rf|), and
     * returns e; {@link #ZERO} (rf untouched) when rf is zero.
     *
     * @throws ArithmeticException if rf holds a NaN
     */
    private static int renormalize(Backend be, Mat rf, int k) {
        double s = be.maxAbs(rf);
        if (Double.isNaN(s)) {
            throw new ArithmeticException("NaN in core " + k + " during orthogonalization");
        }
        if (s == 0) {
            return ZERO;
        }
        int e = exponentOf(s);
        be.scale(Math.scalb(1.0, -e), rf);
        return e;
    }

    private static void release(Backend be, GramRankRevealing.Factor f) {
        if (f != null) {
            be.release(f.q());
            be.release(f.c());
        }
    }

    /**
     * The truncation sweep, right to left, over a left-orthogonal representation whose cores are
     * temporaries (each is released as soon as it is replaced, so the peak stays near one copy of
     * the tensor). Core k's right unfolding M (ρ_{k−1} x n_k r_k) is factored M ≈ C W by
     * {@link GramRankRevealing#rows} (W with orthonormal rows; GEMMs and a ρ x k SVD of C instead of
     * the SVD of M), accepted when its residual is at most {@value #RIGHT_TOL}·δ; the truncation of
     * C then keeps the discarded tail within √(δ² − residual²), so each bond still discards at most
     * δ = eps/√(d−1)·‖A‖_F (the residual is orthogonal to the rows of W). Otherwise M's own SVD.
     */
    static TensorTrain truncate(LeftOrthogonal lo, double eps, int maxRank) {
        Backend be = lo.backend();
        int[] n = lo.n();
        int[] r = lo.r();
        Mat[] c = lo.cores();
        int d = n.length;
        double nrm = be.normF(c[d - 1]);
        if (nrm == 0) {
            return zero(be, n);
        }
        double delta = eps / Math.sqrt(d - 1) * nrm;
        for (int k = d - 1; k >= 1; k--) {
            Mat m = c[k].reshape(r[k], n[k] * r[k + 1]);
            GramRankRevealing.Factor f = GramRankRevealing.rows(be, m, RIGHT_TOL * delta);
            Mat core, us;
            int t;
            if (f != null) {
                SVD sv = be.svd(f.c());
                double res = f.residual();
                t = truncationRank(sv.s(), Math.sqrt(delta * delta - res * res), maxRank);
                core = ParallelGemm.mul(be, sv.vt().rowRange(0, t), f.q()).reshape(t * n[k], r[k + 1]);
                us = be.copy(sv.u().columns(0, t));
                be.scaleColumns(us, java.util.Arrays.copyOf(sv.s(), t));
                release(be, f);
                be.release(sv.u());
                be.release(sv.vt());
            } else {
                SVD sv = be.svd(m);
                t = truncationRank(sv.s(), delta, maxRank);
                core = be.copy(sv.vt().rowRange(0, t)).reshape(t * n[k], r[k + 1]);
                us = be.copy(sv.u().columns(0, t));
                be.release(sv.u());
                be.release(sv.vt());
                be.scaleColumns(us, java.util.Arrays.copyOf(sv.s(), t));
            }
            be.release(c[k]);
            c[k] = core;
            Mat prev = c[k - 1];
            c[k - 1] = ParallelGemm.mul(be, prev, us);
            be.release(prev);
            be.release(us);
            r[k] = t;
        }
        applyScale(be, c, lo.logScale());
        return new TensorTrain(be, n, r, c);
    }

    /**
     * Multiplies the TT of freshly computed cores {@code c} by exp(logScale): into the first core when
     * that is a finite double, else spread evenly over all cores.
     */
    static void applyScale(Backend be, Mat[] c, double logScale) {
        if (logScale == 0) {
            return;
        }
        double f = Math.exp(logScale);
        if (Double.isFinite(f) && f > Double.MIN_NORMAL) {
            be.scale(f, c[0]);
            return;
        }
        double per = Math.exp(logScale / c.length);
        for (Mat m : c) {
            be.scale(per, m);
        }
    }
}
