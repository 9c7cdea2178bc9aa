package org.ttfp.tt;

import java.util.SplittableRandom;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.GramRankRevealing;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.ParallelGemm;
import org.ttfp.linalg.QR;

/**
 * Randomized TT rounding, randomize-then-orthogonalize (the sketched left sweep of the literature
 * on randomized TT rounding), with an a posteriori accuracy check and the deterministic sweep as
 * fallback.
 *
 * <p><b>Algorithm.</b> For the input X (ranks R) draw a random TT Ω (independent unit-variance entries) with ranks ℓ_k =
 * min(R_k, m + {@value #OVERSAMPLING}), m = maxRank if given, else ⌈R_k/2⌉, and an independent
 * random TT Ψ with ranks {@value #CHECK_SAMPLES}.
 * <ol>
 *   <li>Right to left, the partial contractions W_k = X_{≥k} Ω_{≥k}ᵀ (R_k x ℓ_k) and
 *       V_k = X_{≥k} Ψ_{≥k}ᵀ: 2 n R_k R_{k+1} (ℓ + p) + 2 R_k n (ℓ² + p²) flops per core.</li>
 *   <li>Left to right, with the carry M_k (ρ_k x R_k, M_0 = 1): Z = M_k X_k ((ρ_k n) x R_{k+1}),
 *       the sketch Y = Z W_{k+1}, Q_k an orthonormal basis of its range
 *       ({@link GramRankRevealing#columns}, Householder QR as fallback), M_{k+1} = Q_kᵀ Z.</li>
 *   <li>The result Y = Q_1 ⋯ Q_{d−1} (M_{d−1} X_d) is the orthogonal projection Π X onto the left
 *       interfaces Q_{≤d−1}, left-orthogonal already; it is truncated by the deterministic
 *       right-to-left sweep ({@link TtRounding#truncate}). Since round(Y) stays in the range of Π,
 *       ‖X − round(Y)‖² = ‖X − Y‖² + ‖Y − round(Y)‖².</li>
 * </ol>
 * <b>Check.</b> The discarded part at step k is (I − Q_kQ_kᵀ) Z X_{>k}; its sketch (I − Q_kQ_kᵀ) Z
 * V_{k+1}, relative to the sketch Z V_{k+1} of what step k received, gives the estimate
 * e = (Σ_k ‖(I − Q_kQ_kᵀ) Z V_{k+1}‖² / ‖Z V_{k+1}‖²)^{1/2} of ‖X − Y‖ / ‖X‖. The result is
 * accepted when {@value #CHECK_SAFETY}·e ≤ eps/2 and no sketch was saturated (a basis that used
 * all ℓ_k sketch columns while R_k and the row count allowed more); the truncation then gets the
 * rest of the budget, √(eps² − ({@value #CHECK_SAFETY} e)²). Otherwise the deterministic rounding
 * of X is returned. The seeds are fixed, so the method is reproducible.
 */
final class RandomizedRounding {
    /** Sketch columns beyond the expected rank. */
    static final int OVERSAMPLING = 10;
    /** Rank of the independent check sketch Ψ. */
    static final int CHECK_SAMPLES = 8;
    /** Factor between the sketched estimate and the error bound it must meet. */
    static final double CHECK_SAFETY = 4;
    /** Seed of the sketches. */
    static final long SEED = 0x5EEDL;
    private static final double SQRT3 = Math.sqrt(3);

    private RandomizedRounding() {}

    /**
     * The outcome of an attempt.
     *
     * @param result         the rounded tensor
     * @param fellBack       true when the check failed and the deterministic rounding was returned
     * @param estimatedError the sketched estimate e of ‖X − Y‖ / ‖X‖ (NaN for d = 1)
     */
    record Outcome(TensorTrain result, boolean fellBack, double estimatedError) {}

    static TensorTrain round(TensorTrain x, double eps, int maxRank) {
        return attempt(x, eps, maxRank).result();
    }

    static Outcome attempt(TensorTrain x, double eps, int maxRank) {
        Checks.positive("eps", eps);
        Checks.atLeast("maxRank", maxRank, 1);
        int d = x.dim();
        if (d == 1) {
            return new Outcome(x, false, Double.NaN);
        }
        Backend be = x.backend();
        int[] n = x.nInternal();
        int[] rIn = x.rInternal();
        Mat[] xc = x.coresInternal();
        int[] l = sketchRanks(rIn, maxRank);
        int[] p = new int[d + 1];
        java.util.Arrays.fill(p, CHECK_SAMPLES);
        p[0] = 1;
        p[d] = 1;
        SplittableRandom rnd = new SplittableRandom(SEED);
        Mat[] w = contractions(be, xc, n, rIn, gaussian(be, n, l, rnd));
        Mat[] v = contractions(be, xc, n, rIn, gaussian(be, n, p, rnd));

        int[] rho = new int[d + 1];
        rho[0] = 1;
        rho[d] = 1;
        Mat[] q = new Mat[d];
        Mat carry = null;
        double logScale = 0, lost2 = 0;
        boolean saturated = false;
        for (int k = 0; k < d; k++) {
            Mat z = xc[k];
            if (carry != null) {
                z = ParallelGemm.mul(be, carry, z.reshape(rIn[k], n[k] * rIn[k + 1])).reshape(rho[k] * n[k], rIn[k + 1]);
                be.release(carry);
                carry = null;
            }
            if (k == d - 1) {
                q[k] = k == 0 ? be.copy(z) : z;
                break;
            }
            Mat y = ParallelGemm.mul(be, z, w[k + 1]);
            Mat basis = rangeBasis(be, y);
            be.release(y);
            int cols = basis.cols();
            if (cols == l[k + 1] && cols < Math.min(rIn[k + 1], z.rows())) {
                saturated = true;
            }
            Mat yc = ParallelGemm.mul(be, z, v[k + 1]);
            double total = be.normF(yc);
            if (total > 0) {
                Mat proj = ParallelGemm.mul(be, basis, true, yc, false);
                ParallelGemm.gemm(be, false, false, -1.0, basis, proj, 1.0, yc);
                double lost = be.normF(yc) / total;
                lost2 += lost * lost;
                be.release(proj);
            }
            be.release(yc);
            Mat m = ParallelGemm.mul(be, basis, true, z, false);
            if (k > 0) {
                be.release(z);
            }
            double s = be.maxAbs(m);
            if (Double.isNaN(s)) {
                throw new ArithmeticException("NaN in core " + k + " during randomized rounding");
            }
            if (s > 0) {
                int e = TtRounding.exponentOf(s);
                be.scale(Math.scalb(1.0, -e), m);
                logScale += e * Math.log(2);
            }
            q[k] = basis;
            rho[k + 1] = cols;
            carry = m;
        }
        for (int k = 1; k < d; k++) {
            be.release(w[k]);
            be.release(v[k]);
        }
        double est = Math.sqrt(lost2);
        if (saturated || !(CHECK_SAFETY * est <= eps / 2)) {
            for (Mat m : q) {
                be.release(m);
            }
            return new Outcome(TtRounding.round(x, eps, maxRank), true, est);
        }
        TtRounding.LeftOrthogonal lo = new TtRounding.LeftOrthogonal(be, n.clone(), rho, q, logScale);
        if (lo.logNorm() == Double.NEGATIVE_INFINITY) {
            return new Outcome(TtRounding.zero(be, n), false, est);
        }
        double rest = Math.sqrt(eps * eps - CHECK_SAFETY * est * CHECK_SAFETY * est);
        return new Outcome(TtRounding.truncate(lo, rest, maxRank), false, est);
    }

    /** ℓ_k = min(R_k, m + OVERSAMPLING), m = maxRank when it is a real cap, else ⌈R_k/2⌉; ℓ_0 = ℓ_d = 1. */
    static int[] sketchRanks(int[] r, int maxRank) {
        int d = r.length - 1;
        int[] l = new int[d + 1];
        l[0] = 1;
        l[d] = 1;
        for (int k = 1; k < d; k++) {
            long want = (maxRank < r[k] ? (long) maxRank : (r[k] + 1) / 2) + OVERSAMPLING;
            l[k] = (int) Math.min(r[k], want);
        }
        return l;
    }

    /**
     * A random TT with the given ranks (core k: (ranks[k] n_k) x ranks[k+1]) and independent entries
     * uniform on [−√3, √3] (mean 0, variance 1: a sub-Gaussian sketch, as good as a Gaussian one for
     * range finding and several times cheaper to draw than {@code nextGaussian}).
     */
    static Mat[] gaussian(Backend be, int[] n, int[] ranks, SplittableRandom rnd) {
        Mat[] c = new Mat[n.length];
        for (int k = 0; k < n.length; k++) {
            double[] a = new double[Math.toIntExact((long) ranks[k] * n[k] * ranks[k + 1])];
            for (int i = 0; i < a.length; i++) {
                a[i] = SQRT3 * (2 * rnd.nextDouble() - 1);
            }
            c[k] = be.fromArray(a, ranks[k] * n[k], ranks[k + 1]);
        }
        return c;
    }

    /**
     * Right-to-left partial contractions W_k = X_{≥k} S_{≥k}ᵀ (R_k x s_k) of X with the sketch TT S,
     * for k = 1..d−1 (index 0 unused), each scaled by a power of two (only their ranges matter).
     */
    static Mat[] contractions(Backend be, Mat[] xc, int[] n, int[] r, Mat[] s) {
        int d = n.length;
        Mat[] w = new Mat[d + 1];
        Mat next = null; // W_{k+1}, R_{k+1} x s_{k+1}
        for (int k = d - 1; k >= 1; k--) {
            int sk = s[k].rows() / n[k], sk1 = s[k].cols();
            Mat t = next == null ? xc[k] : ParallelGemm.mul(be, xc[k], next); // (R_k n) x s_{k+1}
            Mat wk = ParallelGemm.mul(be, t.reshape(r[k], n[k] * sk1), false, s[k].reshape(sk, n[k] * sk1), true);
            if (next != null) {
                be.release(t);
            }
            double m = be.maxAbs(wk);
            if (m > 0 && Double.isFinite(m)) {
                be.scale(Math.scalb(1.0, -TtRounding.exponentOf(m)), wk);
            }
            w[k] = wk;
            next = wk;
        }
        for (Mat c : s) {
            be.release(c);
        }
        return w;
    }

    /** An orthonormal basis of the range of y: Gram-based with residual check, else Householder QR. */
    private static Mat rangeBasis(Backend be, Mat y) {
        GramRankRevealing.Factor f = GramRankRevealing.columns(be, y, TtRounding.LEFT_TOL * be.normF(y));
        if (f != null) {
            be.release(f.c());
            return f.q();
        }
        QR qr = be.qr(y);
        be.release(qr.r());
        return qr.q();
    }
}
