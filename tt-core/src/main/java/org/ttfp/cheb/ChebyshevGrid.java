package org.ttfp.cheb;

import java.util.Arrays;

/**
 * The n Chebyshev–Lobatto points on an interval [a, b] and the spectral operators on them.
 *
 * <p>Nodes, in <em>decreasing</em> order (docs/math.md §4):
 * <pre>
 *   x_j = (a+b)/2 + (b−a)/2 · cos(π j / N),   j = 0..N,  N = n − 1,
 * </pre>
 * so x_0 = b and x_N = a. A function is represented by its values f_j = f(x_j); they define the
 * unique polynomial p of degree &lt; n with p(x_j) = f_j, which is also Σ_k c_k T_k(t) with
 * t = (2x − a − b)/(b − a) and T_k the Chebyshev polynomials. Every operator below acts on the
 * values and is exact for that polynomial: coefficients ({@link #valuesToCoefficients}),
 * derivatives ({@link #differentiationMatrix}), the integral ({@link #clenshawCurtisWeights}) and
 * evaluation anywhere ({@link #interpolationWeights}).
 *
 * <p>All matrices are returned as new column-major arrays (element (i, j) at i + rows·j), the
 * layout of {@link org.ttfp.tt.TensorTrain#applyAlongMode(int, double[], int)}: applying one along
 * mode k of a TT of values on a tensor grid applies the operator along axis k without changing
 * ranks. Instances are immutable.
 */
public final class ChebyshevGrid {

    /**
     * Relative tolerance for query points: x is accepted when a − τ(b−a) ≤ x ≤ b + τ(b−a) with
     * τ = {@value}; points in the margin are evaluated with the (extrapolated) interpolant, which
     * differs from its value at the nearest end by at most τ(b−a)·max|p'|.
     */
    public static final double DOMAIN_TOLERANCE = 1e-10;

    /** Smallest node spacing accepted, in ulps of max(|a|, |b|) (node rounding at most ~1e−6 of a spacing). */
    public static final double MIN_SPACING_ULPS = 1 << 20;

    private final double a;
    private final double b;
    private final int n;
    private final double[] nodes;
    /** cos(π j / N) for j = 0..N, computed as sin for exact symmetry. */
    private final double[] t;
    /** Barycentric weights of the Lobatto points: (−1)^j, halved at both ends. */
    private final double[] bary;
    /** D and D², built on first use (the grid is immutable); handed out as copies. */
    private volatile double[] diff1, diff2;

    /**
     * The grid of n Chebyshev–Lobatto nodes on [a, b].
     *
     * <p>The smallest node spacing, (b − a) sin²(π / (2(n − 1))) between x_0 and x_1, must be at least
     * {@value #MIN_SPACING_ULPS} ulps of max(|a|, |b|): otherwise the rounded nodes are not distinct
     * or their rounding is a visible fraction of their spacing, and every spectral operator is wrong
     * (e.g. [1, nextUp(1)] with 10 nodes).
     *
     * @throws IllegalArgumentException if a or b is not finite, a ≥ b, n &lt; 2, or the interval is too
     *                                  narrow for n nodes (the message names the spacing and the limit)
     */
    public ChebyshevGrid(double a, double b, int n) {
        if (!Double.isFinite(a)) {
            throw new IllegalArgumentException("a (left end of the interval) must be finite, got " + a);
        }
        if (!Double.isFinite(b)) {
            throw new IllegalArgumentException("b (right end of the interval) must be finite, got " + b);
        }
        if (!(a < b)) {
            throw new IllegalArgumentException("the interval [a, b] must have a < b, got a = " + a + ", b = " + b);
        }
        if (!Double.isFinite(b - a)) {
            throw new IllegalArgumentException("the interval [a, b] = [" + a + ", " + b + "] is too long: b − a overflows");
        }
        if (n < 2) {
            throw new IllegalArgumentException("n (number of Chebyshev nodes) must be >= 2, got " + n);
        }
        double spacing = (b - a) * Math.pow(Math.sin(Math.PI / (2.0 * (n - 1))), 2);
        double limit = MIN_SPACING_ULPS * Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
        if (!(spacing >= limit)) {
            throw new IllegalArgumentException("the interval [a, b] = [" + a + ", " + b + "] is too narrow for n = " + n
                    + " Chebyshev nodes: the smallest node spacing (b − a)·sin²(π/(2(n − 1))) = " + spacing
                    + " must be at least " + MIN_SPACING_ULPS + " ulps of max(|a|, |b|) = " + limit
                    + " for distinct, accurate nodes; widen the interval, centre it nearer 0 or use fewer nodes");
        }
        this.a = a;
        this.b = b;
        this.n = n;
        int nn = n - 1;
        t = new double[n];
        nodes = new double[n];
        bary = new double[n];
        double c = 0.5 * (a + b), h = 0.5 * (b - a);
        for (int j = 0; j < n; j++) {
            // cos(π j/N) = sin(π (N − 2j) / (2N)): exactly antisymmetric, exact zero in the middle.
            t[j] = Math.sin(Math.PI * (nn - 2 * j) / (2.0 * nn));
            nodes[j] = j == 0 ? b : j == nn ? a : c + h * t[j];
            bary[j] = ((j & 1) == 0 ? 1.0 : -1.0) * (j == 0 || j == nn ? 0.5 : 1.0);
        }
    }

    /** Left end a. */
    public double a() { return a; }

    /** Right end b. */
    public double b() { return b; }

    /** Number of nodes n. */
    public int size() { return n; }

    /** The nodes x_0 = b &gt; x_1 &gt; ... &gt; x_{n−1} = a (a copy). */
    public double[] nodes() { return nodes.clone(); }

    /** Node x_j. */
    public double node(int j) {
        if (j < 0 || j >= n) {
            throw new IndexOutOfBoundsException("node index " + j + " outside 0.." + (n - 1));
        }
        return nodes[j];
    }

    /** cos(π m / N) for any integer m ≥ 0, reduced to m mod 2N first (exact symmetry, no large arguments). */
    private double cosPi(long m) {
        int nn = n - 1;
        long r = m % (2L * nn);
        if (r > nn) {
            r = 2L * nn - r;
        }
        return t[(int) r];
    }

    // ------------------------------------------------------------------ values <-> coefficients

    /**
     * The n x n matrix C with c = C f: the Chebyshev coefficients c_k of the interpolant
     * p(x) = Σ_k c_k T_k(t(x)) from its values f_j (a DCT-I):
     * <pre>
     *   c_k = (2 / N) · γ_k · Σ_j'' f_j cos(π j k / N),   γ_0 = γ_N = 1/2, else γ_k = 1,
     * </pre>
     * where Σ'' halves the terms j = 0 and j = N. Column-major. Cost: O(n²) to build.
     */
    public double[] valuesToCoefficients() {
        int nn = n - 1;
        double[] m = new double[n * n];
        for (int j = 0; j < n; j++) {
            double wj = (j == 0 || j == nn) ? 0.5 : 1.0;
            for (int k = 0; k < n; k++) {
                double gk = (k == 0 || k == nn) ? 0.5 : 1.0;
                m[k + n * j] = 2.0 / nn * gk * wj * cosPi((long) j * k);
            }
        }
        return m;
    }

    /**
     * The n x n matrix V with f = V c: values at the nodes from Chebyshev coefficients,
     * V(j, k) = T_k(t_j) = cos(π j k / N); the inverse of {@link #valuesToCoefficients}. Column-major.
     */
    public double[] coefficientsToValues() {
        double[] m = new double[n * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                m[j + n * k] = cosPi((long) j * k);
            }
        }
        return m;
    }

    /**
     * The Chebyshev coefficients of the interpolant of {@code values} (length n). Cost: 2n² flops.
     *
     * @throws IllegalArgumentException on a wrong length or a NaN/Inf value
     */
    public double[] coefficients(double[] values) {
        checkValues(values);
        return matVec(valuesToCoefficients(), values);
    }

    /**
     * Values at the nodes of Σ_k c_k T_k (inverse of {@link #coefficients}). Cost: 2n² flops.
     *
     * @throws IllegalArgumentException on a wrong length or a NaN/Inf coefficient
     */
    public double[] values(double[] coefficients) {
        checkArray("coefficients", coefficients);
        return matVec(coefficientsToValues(), coefficients);
    }

    private double[] matVec(double[] m, double[] v) {
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double vj = v[j];
            for (int i = 0; i < n; i++) {
                out[i] += m[i + n * j] * vj;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ differentiation

    /**
     * The n x n spectral differentiation matrix D on [a, b]: (D f)_i = p'(x_i) for the interpolant p.
     * Off the diagonal (Trefethen, <i>Spectral Methods in MATLAB</i>, ch. 6)
     * <pre>
     *   D_ij = (2/(b−a)) · (c_i / c_j) · (−1)^{i+j} / (t_i − t_j),   c_0 = c_N = 2, else c_j = 1,
     * </pre>
     * with t_i − t_j = 2 sin(π(i+j)/2N) sin(π(j−i)/2N) computed without cancellation, and the
     * diagonal by the negative-sum trick D_ii = −Σ_{j≠i} D_ij (exact on constants). Exact for
     * polynomials of degree &lt; n up to rounding. Column-major. Cost: O(n²) to build (once per
     * grid; each call returns a fresh copy, n² doubles).
     */
    public double[] differentiationMatrix() {
        double[] c = diff1;
        if (c == null) {
            c = buildDifferentiationMatrix();
            diff1 = c;
        }
        return c.clone();
    }

    private double[] buildDifferentiationMatrix() {
        int nn = n - 1;
        double scale = 2.0 / (b - a);
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            double ci = (i == 0 || i == nn) ? 2.0 : 1.0;
            double diag = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double cj = (j == 0 || j == nn) ? 2.0 : 1.0;
                double diff = 2.0 * Math.sin(Math.PI * (i + j) / (2.0 * nn)) * Math.sin(Math.PI * (j - i) / (2.0 * nn));
                double sign = ((i + j) & 1) == 0 ? 1.0 : -1.0;
                double v = scale * (ci / cj) * sign / diff;
                d[i + n * j] = v;
                diag += v;
            }
            d[i + n * i] = -diag;
        }
        return d;
    }

    /**
     * The second-derivative matrix D² (n x n, column-major): (D² f)_i = p''(x_i). Computed as the
     * product D·D, then the diagonal reset by the negative-sum trick (rows sum to zero, exact on
     * constants and on linear functions up to rounding). Cost: 2n³ flops to build (once per grid;
     * each call returns a fresh copy).
     */
    public double[] secondDerivativeMatrix() {
        double[] c = diff2;
        if (c == null) {
            c = buildSecondDerivativeMatrix();
            diff2 = c;
        }
        return c.clone();
    }

    private double[] buildSecondDerivativeMatrix() {
        double[] d = differentiationMatrix();
        double[] d2 = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double dkj = d[k + n * j];
                if (dkj == 0) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    d2[i + n * j] += d[i + n * k] * dkj;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    s += d2[i + n * j];
                }
            }
            d2[i + n * i] = -s;
        }
        return d2;
    }

    // ------------------------------------------------------------------ integration

    /**
     * Clenshaw–Curtis weights w_j with ∫_a^b p(x) dx = Σ_j w_j f_j exactly for the interpolant p
     * (so exact for polynomials of degree &lt; n, and spectrally accurate for smooth f). Computed
     * by the explicit cosine sums of Trefethen's {@code clencurt}, scaled by (b−a)/2. The weights
     * are positive and sum to b − a. Cost: O(n²).
     */
    public double[] clenshawCurtisWeights() {
        int nn = n - 1;
        double half = 0.5 * (b - a);
        double[] w = new double[n];
        if (nn == 1) {
            w[0] = half;
            w[1] = half;
            return w;
        }
        double end;
        if ((nn & 1) == 0) {
            end = 1.0 / ((double) nn * nn - 1);
        } else {
            end = 1.0 / ((double) nn * nn);
        }
        w[0] = end * half;
        w[nn] = end * half;
        for (int j = 1; j < nn; j++) {
            double v = 1.0;
            if ((nn & 1) == 0) {
                for (int k = 1; k < nn / 2; k++) {
                    v -= 2.0 * cosPi(2L * k * j) / (4.0 * k * k - 1);
                }
                v -= cosPi((long) nn * j) / ((double) nn * nn - 1);
            } else {
                for (int k = 1; k <= (nn - 1) / 2; k++) {
                    v -= 2.0 * cosPi(2L * k * j) / (4.0 * k * k - 1);
                }
            }
            w[j] = 2.0 * v / nn * half;
        }
        return w;
    }

    /**
     * ∫_a^b p(x) dx of the interpolant of {@code values}. Cost: O(n²) (the weights) + 2n flops.
     */
    public double integrate(double[] values) {
        checkValues(values);
        double[] w = clenshawCurtisWeights();
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += w[j] * values[j];
        }
        return s;
    }

    // ------------------------------------------------------------------ interpolation

    /**
     * The row w(x) (length n) with p(x) = Σ_j w_j f_j for the interpolant p of any values f,
     * exact for polynomials of degree &lt; n. Barycentric formula of the second kind with the
     * Lobatto weights λ_j = (−1)^j δ_j (δ = 1/2 at both ends, 1 inside):
     * <pre>
     *   w_j(x) = (λ_j / (x − x_j)) / Σ_k λ_k / (x − x_k),
     * </pre>
     * and w = e_j exactly when x equals a node x_j. Numerically stable for x in [a, b]. Cost: 4n flops.
     *
     * @throws IllegalArgumentException if x is NaN/Inf or outside [a, b] by more than
     *                                  {@link #DOMAIN_TOLERANCE}·(b − a)
     */
    public double[] interpolationWeights(double x) {
        double[] w = new double[n];
        weightsInto(checkPoint("x", x), w, 0, 1);
        return w;
    }

    /**
     * The m x n interpolation matrix P (column-major) with P(i, j) = w_j(xs_i): P f are the values
     * of the interpolant at the m points. Usable with
     * {@link org.ttfp.tt.TensorTrain#applyAlongMode(int, double[], int)} to resample one mode of a
     * TT onto other points. Cost: 4mn flops.
     *
     * @throws IllegalArgumentException if xs is null or empty, or a point is NaN/Inf or outside the grid
     */
    public double[] interpolationMatrix(double[] xs) {
        if (xs == null || xs.length == 0) {
            throw new IllegalArgumentException("xs must hold at least one point, got " + (xs == null ? "null" : "[]"));
        }
        int m = xs.length;
        double[] p = new double[Math.multiplyExact(m, n)];
        double[] pts = new double[m];
        for (int i = 0; i < m; i++) {
            double xi = xs[i];
            pts[i] = Double.isFinite(xi) && xi >= a && xi <= b ? xi : checkPoint("xs[" + i + "]", xi);
        }
        weightsBlock(pts, m, p, 0, m, new double[n][m], new double[m]);
        return p;
    }

    /**
     * p(x) for the interpolant p of {@code values} (length n). Cost: 6n flops.
     *
     * @throws IllegalArgumentException on a wrong length, NaN/Inf values, or x outside the grid
     */
    public double interpolate(double[] values, double x) {
        checkValues(values);
        double[] w = interpolationWeights(x);
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += w[j] * values[j];
        }
        return s;
    }

    /**
     * Writes w(x) into out[offset + stride·j], j = 0..n−1 (x already validated). Used for
     * row-major rows (stride 1) and for rows of column-major matrices (stride = number of rows).
     */
    void weightsInto(double x, double[] out, int offset, int stride) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double diff = x - nodes[j];
            if (diff == 0) {
                for (int k = 0; k < n; k++) {
                    out[offset + stride * k] = k == j ? 1.0 : 0.0;
                }
                return;
            }
            double v = bary[j] / diff;
            out[offset + stride * j] = v;
            sum += v;
        }
        double inv = 1.0 / sum;
        for (int j = 0; j < n; j++) {
            out[offset + stride * j] *= inv;
        }
    }

    /**
     * The weight rows of {@code count} points at once, column-major with leading dimension ld:
     * out[off + s + ld·j] = w_j(xs[s]) (xs already validated). The same operations in the same order
     * as {@link #weightsInto} (so the same values, bit for bit), arranged so that the loops run over
     * the points with one index for every array, which the JIT vectorizes (the divisions dominate);
     * a point on a node (or with a non-finite sum) is redone by {@link #weightsInto}. {@code rows}
     * (n arrays of at least count entries) and {@code sum} (count entries) are work space.
     */
    void weightsBlock(double[] xs, int count, double[] out, int off, int ld, double[][] rows, double[] sum) {
        java.util.Arrays.fill(sum, 0, count, 0.0);
        for (int j = 0; j < n; j++) {
            double[] row = rows[j];
            double node = nodes[j], bj = bary[j];
            for (int s = 0; s < count; s++) {
                double v = bj / (xs[s] - node);
                row[s] = v;
                sum[s] += v;
            }
        }
        for (int s = 0; s < count; s++) {
            sum[s] = 1.0 / sum[s];
        }
        for (int j = 0; j < n; j++) {
            double[] row = rows[j];
            for (int s = 0; s < count; s++) {
                row[s] *= sum[s];
            }
            System.arraycopy(row, 0, out, off + ld * j, count);
        }
        for (int s = 0; s < count; s++) {
            if (!Double.isFinite(sum[s]) || sum[s] == 0) {
                weightsInto(xs[s], out, off + s, ld);
            }
        }
    }

    /** Validates a query point; returns it. */
    double checkPoint(String name, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(name + " must be finite, got " + x);
        }
        double tol = DOMAIN_TOLERANCE * (b - a);
        if (x < a - tol || x > b + tol) {
            throw new IllegalArgumentException(name + " = " + x + " is outside the grid interval [" + a + ", " + b + "]");
        }
        return x;
    }

    private void checkValues(double[] values) {
        checkArray("values", values);
    }

    private void checkArray(String name, double[] v) {
        if (v == null || v.length != n) {
            throw new IllegalArgumentException(name + " must have n = " + n + " entries, got "
                    + (v == null ? "null" : v.length));
        }
        for (int j = 0; j < n; j++) {
            if (!Double.isFinite(v[j])) {
                throw new IllegalArgumentException(name + "[" + j + "] must be finite, got " + v[j]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChebyshevGrid g && g.n == n && Double.compare(g.a, a) == 0 && Double.compare(g.b, b) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {a, b, n});
    }

    @Override
    public String toString() {
        return "ChebyshevGrid[" + a + ", " + b + "; n=" + n + "]";
    }
}
