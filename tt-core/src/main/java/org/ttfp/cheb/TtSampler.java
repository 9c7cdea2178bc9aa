package org.ttfp.cheb;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.tt.TensorTrain;

/**
 * Draws points (row-major count x d) from the density proportional to the interpolant p of a
 * non-negative TT of values on a {@link ChebyshevBox}, by sequential conditional sampling in axis
 * order. The marginal integrals and fine-grid conditional cores are formed once at construction;
 * each {@link #sample} call then costs the per-sample part only.
 *
 * <p><b>Method.</b> The later axes are integrated out once with Clenshaw–Curtis weights,
 * q_k = Σ_{i,b} G_k[:, i, b] c_k(i) q_{k+1}(b), q_d = 1, and the conditional cores are resampled
 * onto m uniform fine points: C_k = (G_k q_{k+1}) P_kᵀ (r_{k−1} x m, P_k the m x n_k interpolation
 * matrix). For axis k and all samples of a block at once, the unnormalized conditional of x_k
 * given the drawn x_1..x_{k−1} at the fine points is F = V_k C_k (one GEMM, B x m), where V_k
 * holds the left cores contracted with the drawn coordinates' weight rows (as in
 * {@link TtInterpolant}; rows rescaled to max 1, which leaves each conditional unchanged and
 * prevents underflow). F is clipped below at 0 and x_k is drawn exactly from the
 * piecewise-linear density through those fine values, inverting its piecewise-quadratic CDF
 * with one uniform variate from {@code rng}. Draw order: block by block (up to
 * {@value #MAX_BLOCK} samples), axis by axis, sample by sample; a seeded generator gives
 * reproducible samples.
 *
 * <p><b>Accuracy.</b> Each conditional is the piecewise-linear interpolant, on spacing
 * h_k = (b_k − a_k)/(m − 1), of max(p̃, 0) with p̃ the Chebyshev interpolant's conditional:
 * for a smooth density the sampled law differs from the exact one by O(h_k² |p''|/p)
 * relative in the bulk; e.g. a variance is biased by about h_k²/6 (6.4e−5 for [−10, 10] with
 * m = 1025), far below the sampling error of any practical N. Negative interpolation ripples
 * (round-off level for a well-resolved density) are removed by the clip.
 * Cost: 2 N Σ_k (r_{k−1} m + r_{k−1} n_k r_k) flops + O(N d m) on the host.
 *
 * <p>Instances are immutable; {@link #sample} may be called from one thread at a time per
 * generator (the generator is the caller's).
 */
public final class TtSampler {

    /** Largest number of samples drawn as one block of GEMMs. */
    public static final int MAX_BLOCK = 4096;
    /** Largest size (in doubles) of one block's work matrices; smaller blocks are used for large r·n. */
    private static final long BLOCK_DOUBLES = 1L << 22;

    private final ChebyshevGrid[] axes;
    private final int d;
    private final int[] n;
    private final int[] r;
    private final Backend be;
    private final Mat[] cores;
    private final Mat[] permuted;
    private final int[] m;
    private final double[][] fine;
    /** C_k, r_{k−1} x m_k. */
    private final Mat[] condFine;

    private TtSampler(ChebyshevBox box, TensorTrain density, int fineGridSize) {
        d = box.dim();
        axes = new ChebyshevGrid[d];
        for (int k = 0; k < d; k++) {
            axes[k] = box.axis(k);
        }
        n = density.modeSizes();
        r = density.ranks();
        be = density.backend();
        double[][] cc = box.quadratureWeights();
        double mass = density.contract(cc);
        if (!(mass > 0)) {
            throw new ArithmeticException("density must have a positive integral over the box, got " + mass);
        }
        cores = new Mat[d];
        permuted = new Mat[d];
        m = new int[d];
        fine = new double[d][];
        condFine = new Mat[d];
        Mat q = null;
        for (int k = d - 1; k >= 0; k--) {
            cores[k] = density.core(k);
            m[k] = fineGridSize > 0 ? fineGridSize : Math.max(1025, 8 * (n[k] - 1) + 1);
            fine[k] = uniform(axes[k].a(), axes[k].b(), m[k]);
            Mat gq = q == null ? cores[k] : be.mul(cores[k], q); // (r_{k-1} n_k) x 1
            Mat cond = gq.reshape(r[k], n[k]);
            Mat interp = be.fromArray(axes[k].interpolationMatrix(fine[k]), m[k], n[k]);
            condFine[k] = be.mul(cond, false, interp, true);
            Mat next = be.mul(cond, be.fromArray(cc[k], n[k], 1)); // r_{k-1} x 1
            double s = be.maxAbs(next);
            if (s > 0 && Double.isFinite(s)) {
                be.scale(1.0 / s, next);
            }
            q = next;
        }
    }

    /** The sampler with the default fine grid, max(1025, 8(n_k − 1) + 1) points per axis. */
    public static TtSampler of(ChebyshevBox box, TensorTrain density) {
        return of(box, density, 0);
    }

    /**
     * The sampler of the density proportional to the interpolant of {@code density} on the box.
     * Cost: 2 Σ_k r_{k−1} n_k (r_k + m_k) flops and one heap transfer per core.
     *
     * @param fineGridSize m, the number of uniform points per axis (≥ 2), or 0 for the default
     * @throws IllegalArgumentException if box is null, the TT does not match the box (or holds NaN/Inf),
     *                                  or fineGridSize is 1 or negative
     * @throws ArithmeticException      if the density has no positive integral over the box
     */
    public static TtSampler of(ChebyshevBox box, TensorTrain density, int fineGridSize) {
        if (box == null) {
            throw new IllegalArgumentException("box must not be null");
        }
        box.checkTensor("density", density);
        if (fineGridSize < 0 || fineGridSize == 1) {
            throw new IllegalArgumentException("fineGridSize must be 0 (default) or >= 2, got " + fineGridSize);
        }
        return new TtSampler(box, density, fineGridSize);
    }

    /**
     * Draws {@code count} points, row-major count x d, with the uniform variates of {@code rng}
     * (a seeded generator gives reproducible samples). Cost: see the class comment.
     *
     * @throws IllegalArgumentException if count &lt; 0 or rng is null
     * @throws ArithmeticException      if a conditional has no positive mass
     */
    public double[] sample(int count, RandomGenerator rng) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
        double[] out = new double[Math.multiplyExact(count, d)];
        int maxM = Arrays.stream(m).max().getAsInt();
        int block = blockSize(maxM);
        for (int start = 0; start < count; start += block) {
            int bs = Math.min(block, count - start);
            double[] v = null;
            for (int k = 0; k < d; k++) {
                double[] f;
                int rows;
                if (v == null) {
                    f = condFine[k].toArray(); // 1 x m: the same first conditional for all samples
                    rows = 1;
                } else {
                    f = be.mul(be.fromArray(v, bs, r[k]), condFine[k]).toArray();
                    rows = bs;
                }
                drawAxis(f, rows, m[k], fine[k], axes[k], rng, out, start, bs, d, k);
                if (k < d - 1) {
                    v = left(k, v, weightRows(k, out, start, bs), bs);
                    normalizeRows(v, bs, r[k + 1]);
                }
            }
        }
        return out;
    }

    /**
     * V_{k+1}[s, b] = Σ_{a,i} V_k[s, a] W_k[s, i] G_k(a, i, b) for the block (v = null: r_k = 1 and
     * ones), B x r_{k+1} column-major: one GEMM on the backend, weights first (W_k G̃_k) or, when
     * r_{k−1} &gt; n_k, the interface first (V_k times the right unfolding), then a host reduction.
     */
    private double[] left(int k, double[] v, double[] w, int bs) {
        int r0 = r[k], nk = n[k], r1 = r[k + 1];
        if (v == null || r0 <= nk) {
            if (permuted[k] == null) {
                permuted[k] = be.fromArray(PointKernels.permuted(be.toArray(cores[k]), r0, nk, r1), nk, r0 * r1);
            }
            double[] p = be.mul(be.fromArray(w, bs, nk), permuted[k]).toArray();
            return v == null ? p : PointKernels.rowReduce(v, p, bs, r0, r1);
        }
        double[] u = be.mul(be.fromArray(v, bs, r0), cores[k].reshape(r0, nk * r1)).toArray(); // (s, i + n b)
        return PointKernels.rowReduce(w, u, bs, nk, r1);
    }

    /** Barycentric rows of axis k for points start..start+bs−1 of x, column-major bs x n_k. */
    private double[] weightRows(int k, double[] x, int start, int bs) {
        double[] w = new double[Math.multiplyExact(bs, n[k])];
        for (int s = 0; s < bs; s++) {
            axes[k].weightsInto(x[(start + s) * d + k], w, s, bs);
        }
        return w;
    }

    /** Samples per block: at most MAX_BLOCK, and work matrices of at most BLOCK_DOUBLES doubles. */
    private int blockSize(int extraCols) {
        long widest = extraCols;
        for (int k = 0; k < d; k++) {
            long lo = Math.min(r[k], n[k]), hi = Math.min(r[k + 1], n[k]);
            widest = Math.max(widest, Math.max(lo * r[k + 1], r[k] * hi));
            widest = Math.max(widest, n[k]);
        }
        return (int) Math.max(1, Math.min(MAX_BLOCK, BLOCK_DOUBLES / widest));
    }

    /** Inverts the piecewise-linear CDF of the clipped fine values of each row; writes coordinate k. */
    private static void drawAxis(double[] f, int rows, int m, double[] fine, ChebyshevGrid axis, RandomGenerator rng,
                                 double[] out, int start, int bs, int d, int k) {
        double h = fine[1] - fine[0];
        double[] cum = new double[m];
        int prepared = -1;
        for (int s = 0; s < bs; s++) {
            int row = rows == 1 ? 0 : s;
            if (row != prepared) {
                cum[0] = 0;
                for (int j = 1; j < m; j++) {
                    double g0 = Math.max(0, f[row + rows * (j - 1)]);
                    double g1 = Math.max(0, f[row + rows * j]);
                    cum[j] = cum[j - 1] + 0.5 * h * (g0 + g1);
                }
                double total = cum[m - 1];
                if (!(total > 0) || !Double.isFinite(total)) {
                    throw new ArithmeticException("the conditional density of axis " + k + " for sample " + (start + s)
                            + " has no positive mass (" + total + "): the density is not positive where earlier axes were drawn");
                }
                prepared = row;
            }
            double target = rng.nextDouble() * cum[m - 1];
            // the cell lo with cum[lo] <= target < cum[lo+1]
            int lo = 0, hi = m - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (cum[mid] <= target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double g0 = Math.max(0, f[row + rows * lo]);
            double g1 = Math.max(0, f[row + rows * (lo + 1)]);
            double rem = target - cum[lo];
            // mass on [0, t] of the linear density g0 + (g1−g0)t/h is g0 t + (g1−g0) t²/(2h) = rem
            double disc = g0 * g0 + 2 * (g1 - g0) * rem / h;
            double denom = g0 + Math.sqrt(Math.max(0, disc));
            double t = denom > 0 ? 2 * rem / denom : 0.5 * h;
            double x = fine[lo] + Math.min(h, Math.max(0, t));
            out[(start + s) * d + k] = Math.min(axis.b(), Math.max(axis.a(), x));
        }
    }

    /** Scales each row of v (B x r, column-major) to max abs 1 (rows of zeros stay). */
    private static void normalizeRows(double[] v, int bs, int r) {
        double[] s = new double[bs];
        for (int j = 0; j < r; j++) {
            for (int i = 0; i < bs; i++) {
                s[i] = Math.max(s[i], Math.abs(v[i + bs * j]));
            }
        }
        for (int i = 0; i < bs; i++) {
            s[i] = s[i] > 0 && Double.isFinite(s[i]) ? 1.0 / s[i] : 1.0;
        }
        for (int j = 0; j < r; j++) {
            for (int i = 0; i < bs; i++) {
                v[i + bs * j] *= s[i];
            }
        }
    }

    private static double[] uniform(double a, double b, int m) {
        double[] x = new double[m];
        for (int j = 0; j < m; j++) {
            x[j] = j == m - 1 ? b : a + (b - a) * j / (m - 1);
        }
        return x;
    }
}
