package org.ttfp.cheb;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.TensorTrain;

/**
 * A tensor-product Chebyshev grid on the box [a_1, b_1] x ... x [a_d, b_d] with n_k Lobatto nodes
 * on axis k (see {@link ChebyshevGrid}), and the operations on functions given by their values on
 * it as a {@link TensorTrain}: entry (i_1, ..., i_d) of the TT is f(x_{1,i_1}, ..., x_{d,i_d}), and
 * it defines the tensor-product interpolant p of degree &lt; n_k along each axis.
 *
 * <p>This class holds the geometry (axes, nodes, multi-index ↔ point), the quadrature (integral,
 * marginals) and the spectral operators (derivatives, values ↔ coefficients) on TTs of values; all
 * act mode by mode (docs/math.md §4): integration contracts each mode with Clenshaw–Curtis weights,
 * spectral derivatives and values↔coefficients apply an n_k x n_k matrix along one mode (ranks
 * unchanged). Point evaluation (values, gradients, Hessians at arbitrary points) is
 * {@link TtInterpolant}; sampling from a TT density is {@link TtSampler}. Costs use r = max rank,
 * n = max mode size.
 *
 * <p>Points are passed row-major: {@code x[s*d + k]} is coordinate k of point s. A coordinate may lie
 * outside [a_k, b_k] by at most {@link ChebyshevGrid#DOMAIN_TOLERANCE}·(b_k − a_k). Instances are
 * immutable.
 */
public final class ChebyshevBox {

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
     * @throws IllegalArgumentException if d &lt; 1 or the interval or n is invalid, including an interval
     *                                  too narrow for n distinct nodes (see {@link ChebyshevGrid})
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
        return alongEveryMode(values, ChebyshevGrid::valuesToCoefficients);
    }

    /** The inverse of {@link #toCoefficients}: values on the grid from Chebyshev coefficients. */
    public TensorTrain fromCoefficients(TensorTrain coefficients) {
        checkTensor("coefficients", coefficients);
        return alongEveryMode(coefficients, ChebyshevGrid::coefficientsToValues);
    }

    /** Applies the n_k x n_k matrix {@code matrix(axes[k])} along every mode k in turn. */
    private TensorTrain alongEveryMode(TensorTrain t, Function<ChebyshevGrid, double[]> matrix) {
        TensorTrain out = t;
        for (int k = 0; k < n.length; k++) {
            out = out.applyAlongMode(k, matrix.apply(axes[k]), n[k]);
        }
        return out;
    }

    // ------------------------------------------------------------------ sampling

    /**
     * Draws {@code count} points from the density proportional to p on the box with the default
     * fine grid: {@code TtSampler.of(this, density).sample(count, rng)} (see {@link TtSampler}).
     */
    public double[] sample(TensorTrain density, int count, RandomGenerator rng) {
        return sample(density, count, rng, 0);
    }

    /**
     * Draws {@code count} points from the density proportional to p on the box:
     * {@code TtSampler.of(this, density, fineGridSize).sample(count, rng)} (see {@link TtSampler}).
     */
    public double[] sample(TensorTrain density, int count, RandomGenerator rng, int fineGridSize) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
        return TtSampler.of(this, density, fineGridSize).sample(count, rng);
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

    @Override
    public String toString() {
        return "ChebyshevBox" + Arrays.toString(axes);
    }
}
