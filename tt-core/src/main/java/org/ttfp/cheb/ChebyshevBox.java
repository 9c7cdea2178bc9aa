package org.ttfp.cheb;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.tt.TensorTrain;

/**
 * A tensor-product Chebyshev grid on the box [a_1, b_1] x ... x [a_d, b_d] with n_k Lobatto nodes
 * on axis k (see {@link ChebyshevGrid}), and the operations on functions given by their values on
 * it as a {@link TensorTrain}: entry (i_1, ..., i_d) of the TT is f(x_{1,i_1}, ..., x_{d,i_d}), and
 * it defines the tensor-product interpolant p of degree &lt; n_k along each axis.
 *
 * <p>All operations act mode by mode (math.md §4): integration contracts each mode with
 * Clenshaw–Curtis weights, spectral derivatives and values↔coefficients apply an n_k x n_k matrix
 * along one mode (ranks unchanged), and point evaluation contracts each mode with the barycentric
 * weight row of the point. Batched point operations run on the TT's backend as GEMMs over blocks of
 * up to {@value #MAX_BLOCK} points. Costs use N = number of points, r = max rank, n = max mode size.
 *
 * <p>Points are passed row-major: {@code x[s*d + k]} is coordinate k of point s. A coordinate may lie
 * outside [a_k, b_k] by at most {@link ChebyshevGrid#DOMAIN_TOLERANCE}·(b_k − a_k). Instances are
 * immutable.
 */
public final class ChebyshevBox {

    /** Largest number of points handled by one block of GEMMs. */
    public static final int MAX_BLOCK = 4096;
    /** Largest size (in doubles) of one block's work matrices; smaller blocks are used for large r·n. */
    private static final long BLOCK_DOUBLES = 1L << 22;

    private final ChebyshevGrid[] axes;
    private final int[] n;
    private final double[][] ccWeights;

    /**
     * The box made of the given per-axis grids (axis k = {@code axes[k]}).
     *
     * @throws IllegalArgumentException if there is no axis or one is null
     */
    public ChebyshevBox(ChebyshevGrid... axes) {
        if (axes == null || axes.length == 0) {
            throw new IllegalArgumentException("axes must hold at least one ChebyshevGrid, got "
                    + (axes == null ? "null" : "[]"));
        }
        this.axes = axes.clone();
        int d = axes.length;
        n = new int[d];
        ccWeights = new double[d][];
        for (int k = 0; k < d; k++) {
            if (axes[k] == null) {
                throw new IllegalArgumentException("axes[" + k + "] must not be null");
            }
            n[k] = axes[k].size();
            ccWeights[k] = axes[k].clenshawCurtisWeights();
        }
    }

    /** The box made of the grids in {@code axes}, in order. */
    public ChebyshevBox(List<ChebyshevGrid> axes) {
        this(axes == null ? null : axes.toArray(new ChebyshevGrid[0]));
    }

    /**
     * The cube [a, b]^d with n nodes per axis.
     *
     * @throws IllegalArgumentException if d &lt; 1 or the interval or n is invalid (see {@link ChebyshevGrid})
     */
    public static ChebyshevBox cube(int d, double a, double b, int n) {
        if (d < 1) {
            throw new IllegalArgumentException("d (number of dimensions) must be >= 1, got " + d);
        }
        ChebyshevGrid g = new ChebyshevGrid(a, b, n);
        ChebyshevGrid[] ax = new ChebyshevGrid[d];
        Arrays.fill(ax, g);
        return new ChebyshevBox(ax);
    }

    // ------------------------------------------------------------------ shape and points

    /** The number of axes d. */
    public int dim() { return axes.length; }

    /** The grid of axis k (0-based). */
    public ChebyshevGrid axis(int k) {
        checkAxis("k", k);
        return axes[k];
    }

    /** The node counts n_1..n_d: the mode sizes of a TT of values on this box (a copy). */
    public int[] modeSizes() { return n.clone(); }

    /** The box of the axes {@code keep} in the given order (e.g. for a marginal). */
    public ChebyshevBox subBox(int... keep) {
        if (keep == null || keep.length == 0) {
            throw new IllegalArgumentException("keep must name at least one axis");
        }
        ChebyshevGrid[] g = new ChebyshevGrid[keep.length];
        for (int t = 0; t < keep.length; t++) {
            checkAxis("keep[" + t + "]", keep[t]);
            g[t] = axes[keep[t]];
        }
        return new ChebyshevBox(g);
    }

    /**
     * The grid point x(i) = (x_{1,i_1}, ..., x_{d,i_d}) of a multi-index.
     *
     * @throws IllegalArgumentException if the index has the wrong length
     * @throws IndexOutOfBoundsException if an index is outside 0..n_k−1
     */
    public double[] point(int[] multiIndex) {
        if (multiIndex == null || multiIndex.length != n.length) {
            throw new IllegalArgumentException("multiIndex must have d = " + n.length + " entries, got "
                    + (multiIndex == null ? "null" : multiIndex.length));
        }
        return points(multiIndex, 1);
    }

    /**
     * The grid points of {@code count} multi-indices given row-major (indices[s·d + k] = i_k of
     * point s), as a row-major count x d array of coordinates: the input a TT-cross callback on
     * multi-indices needs to evaluate a function of x.
     *
     * @throws IllegalArgumentException if the array length is not count·d
     * @throws IndexOutOfBoundsException if an index is outside 0..n_k−1 (the message names point and axis)
     */
    public double[] points(int[] indices, int count) {
        int d = n.length;
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (indices == null || indices.length != (long) count * d) {
            throw new IllegalArgumentException("indices must have count*d = " + count + "*" + d + " = "
                    + (long) count * d + " entries, got " + (indices == null ? "null" : indices.length));
        }
        double[][] nodes = new double[d][];
        for (int k = 0; k < d; k++) {
            nodes[k] = axes[k].nodes();
        }
        double[] x = new double[indices.length];
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < d; k++) {
                int i = indices[s * d + k];
                if (i < 0 || i >= n[k]) {
                    throw new IndexOutOfBoundsException("index " + i + " of point " + s + " on axis " + k
                            + " is outside 0.." + (n[k] - 1));
                }
                x[s * d + k] = nodes[k][i];
            }
        }
        return x;
    }

    // ------------------------------------------------------------------ integration, marginals

    /** The Clenshaw–Curtis weights of every axis, {@code [k][j]} = w_{k,j} (copies). */
    public double[][] quadratureWeights() {
        double[][] w = new double[n.length][];
        for (int k = 0; k < n.length; k++) {
            w[k] = ccWeights[k].clone();
        }
        return w;
    }

    /**
     * ∫_box p(x) dx = Σ_i f(i) w_1(i_1)...w_d(i_d), exact for the tensor-product interpolant p.
     * Cost: 2 d n r² flops.
     *
     * @throws IllegalArgumentException if the TT's mode sizes differ from {@link #modeSizes} or it holds NaN/Inf
     * @throws ArithmeticException      if the integral overflows a double
     */
    public double integrate(TensorTrain values) {
        checkTensor("values", values);
        return values.contract(ccWeights);
    }

    /**
     * The marginal over the axes {@code keep}: ∫ p dx over every other axis (Clenshaw–Curtis), as a
     * TT of values on {@code subBox(sorted keep)}. Modes come out in increasing axis order whatever
     * the order of {@code keep} (see {@link TensorTrain#contractExcept}). Cost: 2 d n r² + O(d r³) flops.
     *
     * @throws IllegalArgumentException if keep is empty, repeats an axis or names one outside 0..d−1
     */
    public TensorTrain marginal(TensorTrain values, int... keep) {
        checkTensor("values", values);
        return values.contractExcept(ccWeights, keep);
    }

    // ------------------------------------------------------------------ spectral operators

    /**
     * The TT of values of ∂p/∂x_axis on the grid: the differentiation matrix of that axis applied
     * along its mode ({@link TensorTrain#applyAlongMode}); ranks unchanged. Exact for the
     * interpolant. Cost: 2 r² n² flops.
     */
    public TensorTrain derivative(TensorTrain values, int axis) {
        checkTensor("values", values);
        checkAxis("axis", axis);
        return values.applyAlongMode(axis, axes[axis].differentiationMatrix(), n[axis]);
    }

    /**
     * The TT of tensor-product Chebyshev coefficients c(k_1..k_d) with
     * p(x) = Σ c(k) T_{k_1}(t_1) ... T_{k_d}(t_d): a DCT-I ({@link ChebyshevGrid#valuesToCoefficients})
     * along every mode; ranks unchanged. Cost: 2 d r² n² flops.
     */
    public TensorTrain toCoefficients(TensorTrain values) {
        checkTensor("values", values);
        TensorTrain c = values;
        for (int k = 0; k < n.length; k++) {
            c = c.applyAlongMode(k, axes[k].valuesToCoefficients(), n[k]);
        }
        return c;
    }

    /** The inverse of {@link #toCoefficients}: values on the grid from Chebyshev coefficients. */
    public TensorTrain fromCoefficients(TensorTrain coefficients) {
        checkTensor("coefficients", coefficients);
        TensorTrain v = coefficients;
        for (int k = 0; k < n.length; k++) {
            v = v.applyAlongMode(k, axes[k].coefficientsToValues(), n[k]);
        }
        return v;
    }

    // ------------------------------------------------------------------ point evaluation

    /**
     * p(x_s) for N = {@code count} points (row-major N x d in {@code x}).
     *
     * <p>p(x) = Σ_i f(i) w_1(x_1)_{i_1} ... w_d(x_d)_{i_d} with the barycentric rows w_k of
     * {@link ChebyshevGrid#interpolationWeights}. Per block of B points the left interfaces
     * V_{k+1}[s, b] = Σ_{a,i} V_k[s, a] W_k[s, i] G_k(a, i, b) (B x r_k, V_0 = 1) are advanced mode by
     * mode with one GEMM on the TT's backend and one vectorized host pass, contracting first the
     * weight rows (W_k times the core permuted to n_k x r_{k−1} r_k) or, when r_{k−1} &gt; n_k, the
     * interface (V_k times the right unfolding), whichever leaves the smaller B x min(r_{k−1}, n_k) r_k
     * intermediate. Cost: 2 N Σ_k r_{k−1} n_k r_k flops (GEMM) + N Σ_k (min(r_{k−1}, n_k) r_k + 4 n_k)
     * flops on the host.
     *
     * @throws IllegalArgumentException on wrong lengths, a NaN/Inf or out-of-box coordinate, or a TT
     *                                  that does not match the box
     */
    public double[] interpolate(TensorTrain values, double[] x, int count) {
        checkTensor("values", values);
        checkPoints(x, count);
        Backend be = values.backend();
        int d = n.length;
        int[] r = values.ranks();
        PointKernel kernel = new PointKernel(be, r, cores(values, false));
        double[] out = new double[count];
        int block = blockSize(r, 1);
        for (int start = 0; start < count; start += block) {
            int bs = Math.min(block, count - start);
            double[] v = null; // B x r_k column-major; null = ones (r_0 = 1)
            for (int k = 0; k < d; k++) {
                v = kernel.left(k, v, weightRows(k, x, start, bs), bs);
            }
            System.arraycopy(v, 0, out, start, bs);
        }
        return out;
    }

    /**
     * ∇p(x_s) for N = {@code count} points: a row-major N x d array, entry [s·d + k] = ∂p/∂x_k(x_s).
     *
     * <p>Uses the differentiated TTs: ∂_k p has the cores of p except D_k G_k in mode k (D_k the
     * differentiation matrix of axis k, {@link #derivative}). With the left interfaces V_k of
     * {@link #interpolate} and right interfaces U_{k+1}[s, b] (the later cores contracted with the
     * points' weight rows, from one right-to-left pass),
     * ∂_k p(x_s) = Σ_{a,i,b} V_k[s, a] W_k[s, i] (D_k G_k)(a, i, b) U_{k+1}[s, b].
     * Cost: about 3 x {@link #interpolate} + 2 Σ_k r² n² flops.
     *
     * @throws IllegalArgumentException as {@link #interpolate}
     */
    public double[] gradient(TensorTrain values, double[] x, int count) {
        checkTensor("values", values);
        checkPoints(x, count);
        Backend be = values.backend();
        int d = n.length;
        int[] r = values.ranks();
        PointKernel kp = new PointKernel(be, r, cores(values, false));
        PointKernel kd = new PointKernel(be, r, cores(values, true));
        double[] out = new double[Math.multiplyExact(count, d)];
        int block = blockSize(r, 1);
        for (int start = 0; start < count; start += block) {
            int bs = Math.min(block, count - start);
            double[][] w = new double[d][];
            for (int k = 0; k < d; k++) {
                w[k] = weightRows(k, x, start, bs);
            }
            double[][] u = new double[d + 1][]; // u[k+1]: B x r_{k+1}; null = ones (r_d = 1)
            for (int k = d - 1; k >= 1; k--) {
                u[k] = kp.right(k, u[k + 1], w[k], bs);
            }
            double[] v = null;
            for (int k = 0; k < d; k++) {
                double[] t = kd.left(k, v, w[k], bs); // B x r_{k+1}
                for (int s = 0; s < bs; s++) {
                    double acc;
                    if (u[k + 1] == null) {
                        acc = t[s];
                    } else {
                        acc = 0;
                        for (int b = 0; b < r[k + 1]; b++) {
                            acc += t[s + bs * b] * u[k + 1][s + bs * b];
                        }
                    }
                    out[(start + s) * d + k] = acc;
                }
                if (k < d - 1) {
                    v = kp.left(k, v, w[k], bs);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ sampling

    /**
     * Draws {@code count} points from the density proportional to p on the box, by sequential
     * conditional sampling, with the default fine-grid size max(1025, 8(n_k − 1) + 1) per axis.
     * See {@link #sample(TensorTrain, int, RandomGenerator, int)}.
     */
    public double[] sample(TensorTrain density, int count, RandomGenerator rng) {
        return sample(density, count, rng, 0);
    }

    /**
     * Draws {@code count} points (row-major count x d) from the density proportional to the
     * interpolant p of a non-negative TT of values, by sequential conditional sampling in axis order.
     *
     * <p><b>Method.</b> The later axes are integrated out once with Clenshaw–Curtis weights,
     * q_k = Σ_{i,b} G_k[:, i, b] c_k(i) q_{k+1}(b), q_d = 1, and the conditional cores are resampled
     * onto m uniform fine points: C_k = (G_k q_{k+1}) P_kᵀ (r_{k−1} x m, P_k the m x n_k interpolation
     * matrix). For axis k and all samples of a block at once, the unnormalized conditional of x_k
     * given the drawn x_1..x_{k−1} at the fine points is F = V_k C_k (one GEMM, B x m), where V_k
     * holds the left cores contracted with the drawn coordinates' weight rows (as in
     * {@link #interpolate}; rows rescaled to max 1, which leaves each conditional unchanged and
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
     * @param fineGridSize m, the number of uniform points per axis (≥ 2), or 0 for the default
     * @throws IllegalArgumentException if the TT does not match the box, count &lt; 0, rng is null
     *                                  or fineGridSize is 1 or negative
     * @throws ArithmeticException      if the density has no positive mass (overall or in a conditional)
     */
    public double[] sample(TensorTrain density, int count, RandomGenerator rng, int fineGridSize) {
        checkTensor("density", density);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
        if (fineGridSize < 0 || fineGridSize == 1) {
            throw new IllegalArgumentException("fineGridSize must be 0 (default) or >= 2, got " + fineGridSize);
        }
        double mass = density.contract(ccWeights);
        if (!(mass > 0)) {
            throw new ArithmeticException("density must have a positive integral over the box, got " + mass);
        }
        Backend be = density.backend();
        int d = n.length;
        int[] r = density.ranks();
        PointKernel kernel = new PointKernel(be, r, cores(density, false));
        int[] m = new int[d];
        double[][] fine = new double[d][];
        Mat[] condFine = new Mat[d]; // r_{k-1} x m_k
        Mat q = null;
        for (int k = d - 1; k >= 0; k--) {
            m[k] = fineGridSize > 0 ? fineGridSize : Math.max(1025, 8 * (n[k] - 1) + 1);
            fine[k] = uniform(axes[k].a(), axes[k].b(), m[k]);
            Mat gq = q == null ? density.core(k) : be.mul(density.core(k), q); // (r_{k-1} n_k) x 1
            Mat cond = gq.reshape(r[k], n[k]);
            Mat interp = be.fromArray(axes[k].interpolationMatrix(fine[k]), m[k], n[k]);
            condFine[k] = be.mul(cond, false, interp, true);
            Mat next = be.mul(cond, be.fromArray(ccWeights[k], n[k], 1)); // r_{k-1} x 1
            double s = be.maxAbs(next);
            if (s > 0 && Double.isFinite(s)) {
                be.scale(1.0 / s, next);
            }
            q = next;
        }
        double[] out = new double[Math.multiplyExact(count, d)];
        int maxM = Arrays.stream(m).max().getAsInt();
        int block = blockSize(r, maxM);
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
                    v = kernel.left(k, v, weightRows(k, out, start, bs), bs);
                    normalizeRows(v, bs, r[k + 1]);
                }
            }
        }
        return out;
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

    // ------------------------------------------------------------------ kernels

    /**
     * The cores of a TT prepared for contraction with the weight rows of a block of B points. A step
     * takes one GEMM on the backend and one vectorized pass on the host, along the cheaper of two
     * equivalent orders: contract the weights first, P = W_k G̃_k (B x r_{k−1} r_k) with the core
     * permuted to G̃_k(i, a + r_{k−1} b) = G_k(a, i, b); or contract the interface first,
     * e.g. V_k G_k^R (B x n_k r_k) with the right unfolding. Host arrays are column-major.
     */
    private final class PointKernel {
        private final Backend be;
        private final int[] r;
        private final Mat[] g;
        private final Mat[] permuted;

        PointKernel(Backend be, int[] r, Mat[] cores) {
            this.be = be;
            this.r = r;
            this.g = cores;
            this.permuted = new Mat[cores.length];
        }

        /** G̃_k, made on first use. */
        private Mat permuted(int k) {
            if (permuted[k] == null) {
                int r0 = r[k], nk = n[k], r1 = r[k + 1];
                double[] src = g[k].toArray();
                double[] p = new double[src.length];
                for (int b = 0; b < r1; b++) {
                    for (int i = 0; i < nk; i++) {
                        int s = r0 * (i + nk * b), t = i + nk * r0 * b;
                        for (int a = 0; a < r0; a++) {
                            p[t + nk * a] = src[s + a];
                        }
                    }
                }
                permuted[k] = be.fromArray(p, nk, r0 * r1);
            }
            return permuted[k];
        }

        /** V_{k+1}[s, b] = Σ_{a,i} V_k[s, a] W_k[s, i] G_k(a, i, b); v = null means r_k = 1 and ones. Returns B x r_{k+1}. */
        double[] left(int k, double[] v, double[] w, int bs) {
            int r0 = r[k], nk = n[k], r1 = r[k + 1];
            if (v == null || r0 <= nk) {
                double[] p = be.mul(be.fromArray(w, bs, nk), permuted(k)).toArray();
                return v == null ? p : rowReduce(v, p, bs, r0, r1);
            }
            double[] u = be.mul(be.fromArray(v, bs, r0), g[k].reshape(r0, nk * r1)).toArray(); // (s, i + n b)
            return rowReduce(w, u, bs, nk, r1);
        }

        /** U_k[s, a] = Σ_{i,b} G_k(a, i, b) W_k[s, i] U_{k+1}[s, b]; u = null means r_{k+1} = 1 and ones. Returns B x r_k. */
        double[] right(int k, double[] u, double[] w, int bs) {
            int r0 = r[k], nk = n[k], r1 = r[k + 1];
            if (u == null || r1 <= nk) {
                double[] p = be.mul(be.fromArray(w, bs, nk), permuted(k)).toArray();
                return u == null ? p : rowReduceRight(p, u, bs, r0, r1);
            }
            double[] y = be.mul(be.fromArray(u, bs, r1), false, g[k], true).toArray(); // (s, a + r0 i)
            return rowReduceRight(y, w, bs, r0, nk);
        }
    }

    /** The cores of t, or of its derivatives D_k G_k along every mode k. */
    private Mat[] cores(TensorTrain t, boolean differentiated) {
        Backend be = t.backend();
        int[] r = t.ranks();
        Mat[] out = new Mat[n.length];
        for (int k = 0; k < n.length; k++) {
            out[k] = t.core(k);
            if (differentiated) {
                Mat dk = be.fromArray(axes[k].differentiationMatrix(), n[k], n[k]);
                out[k] = be.modeProduct(out[k], r[k], n[k], r[k + 1], dk);
            }
        }
        return out;
    }

    /** out[s, b] = Σ_a v[s, a] p[s, a + r0 b]: v is B x r0, p is B x (r0 r1), out B x r1 (column-major). */
    static double[] rowReduce(double[] v, double[] p, int bs, int r0, int r1) {
        double[] out = new double[bs * r1];
        for (int b = 0; b < r1; b++) {
            int ob = bs * b;
            for (int a = 0; a < r0; a++) {
                int vo = bs * a, po = bs * (a + r0 * b);
                for (int s = 0; s < bs; s++) {
                    out[ob + s] += v[vo + s] * p[po + s];
                }
            }
        }
        return out;
    }

    /** out[s, a] = Σ_b p[s, a + r0 b] u[s, b]: p is B x (r0 r1), u is B x r1, out B x r0 (column-major). */
    static double[] rowReduceRight(double[] p, double[] u, int bs, int r0, int r1) {
        double[] out = new double[bs * r0];
        for (int b = 0; b < r1; b++) {
            int uo = bs * b;
            for (int a = 0; a < r0; a++) {
                int oa = bs * a, po = bs * (a + r0 * b);
                for (int s = 0; s < bs; s++) {
                    out[oa + s] += p[po + s] * u[uo + s];
                }
            }
        }
        return out;
    }

    /** Barycentric rows of axis k for points start..start+bs−1 of x, column-major bs x n_k. */
    private double[] weightRows(int k, double[] x, int start, int bs) {
        int d = n.length;
        double[] w = new double[Math.multiplyExact(bs, n[k])];
        for (int s = 0; s < bs; s++) {
            axes[k].weightsInto(x[(start + s) * d + k], w, s, bs);
        }
        return w;
    }

    /** Points per block: at most MAX_BLOCK, and work matrices of at most BLOCK_DOUBLES doubles. */
    private int blockSize(int[] r, int extraCols) {
        long widest = extraCols;
        for (int k = 0; k < n.length; k++) {
            long lo = Math.min(r[k], n[k]), hi = Math.min(r[k + 1], n[k]);
            widest = Math.max(widest, Math.max(lo * r[k + 1], r[k] * hi));
            widest = Math.max(widest, n[k]);
        }
        return (int) Math.max(1, Math.min(MAX_BLOCK, BLOCK_DOUBLES / widest));
    }

    // ------------------------------------------------------------------ validation

    private void checkAxis(String name, int k) {
        if (k < 0 || k >= n.length) {
            throw new IllegalArgumentException(name + " = " + k + " is not an axis, expected 0.." + (n.length - 1));
        }
    }

    /** Requires a TT of values on this grid with finite cores. */
    void checkTensor(String name, TensorTrain t) {
        if (t == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (!Arrays.equals(t.modeSizes(), n)) {
            throw new IllegalArgumentException(name + " has mode sizes " + Arrays.toString(t.modeSizes())
                    + ", expected the box's node counts " + Arrays.toString(n));
        }
        Backend be = t.backend();
        for (int k = 0; k < n.length; k++) {
            double s = be.maxAbs(t.core(k));
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException(name + ": core " + k + " holds a NaN or infinite entry");
            }
        }
    }

    /** Requires count ≥ 0 and count x d finite coordinates inside the box. */
    private void checkPoints(double[] x, int count) {
        int d = n.length;
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (x == null || x.length != (long) count * d) {
            throw new IllegalArgumentException("x must hold count*d = " + count + "*" + d + " = " + (long) count * d
                    + " coordinates (row-major), got " + (x == null ? "null" : x.length));
        }
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < d; k++) {
                axes[k].checkPoint("x[" + (s * d + k) + "] (point " + s + ", axis " + k + ")", x[s * d + k]);
            }
        }
    }

    @Override
    public String toString() {
        return "ChebyshevBox" + Arrays.toString(axes);
    }
}
