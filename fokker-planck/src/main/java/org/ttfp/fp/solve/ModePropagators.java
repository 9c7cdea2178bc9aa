package org.ttfp.fp.solve;

import org.ttfp.fp.FpChecks;
import org.ttfp.fp.sde.MatrixExponential;

import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.ttfp.cheb.ChebyshevGrid;

/**
 * The n x n matrices (column-major, element (j, i) at j + n·i, for
 * {@link org.ttfp.tt.TensorTrain#applyAlongMode(int, double[], int)}) that advance one mode of a
 * density given by its values on a Chebyshev–Lobatto grid.
 *
 * <p><b>Heat step</b> ({@link #heat}): e^{τ D²} for ∂p/∂t = c(t) ∂²p/∂x², τ = ∫ c, with homogeneous
 * Dirichlet conditions p(a) = p(b) = 0: the exponential of the interior (n−2) x (n−2) block of the
 * spectral second-derivative matrix acts on the interior values, and the boundary values become 0
 * (their input values are ignored). The density must be negligible on the boundary; then the
 * boundary treatment costs nothing in accuracy, otherwise mass leaks out (the solver measures and
 * reports it). The interior block has real negative eigenvalues, so the step is stable for any τ.
 *
 * <p><b>Gaussian transition</b> ({@link #gaussianTransition}): the exact transition
 * p_t(y) = ∫_a^b N(y; α x, v) p_s(x) dx of a linear axis X(t) = α X(s) + √v ε, applied to the
 * polynomial interpolant of p_s on [a, b] (zero outside):
 * <pre>
 *   M(j, i) = ∫_a^b N(y_j; α x, v) ℓ_i(x) dx,
 * </pre>
 * ℓ_i the Lagrange basis of the grid. The integrand is a Gaussian in x of centre y_j/α and width
 * s = √v/α; the integral runs over [y_j/α − 9s, y_j/α + 9s] ∩ [a, b] (the rest is below
 * e^{−40}) by composite Gauss–Legendre (Hipparchus rules) with panels of width ≤ 1.5 s and n/2 + 20 points each,
 * exact for ℓ_i times the degree-40 Taylor polynomial of the Gaussian on each panel, so M is
 * accurate to rounding. For v = 0 it is the pure change of variables M(j, i) = ℓ_i(y_j/α)/α
 * (0 when y_j/α is outside the box). Cost: at most 12 (n/2 + 20) n² · 5 flops; when [a, b] needs
 * fewer panels of width ≤ 1.5 s than n per-row windows do, all rows share one set of panels over
 * [a, b] and the Lagrange basis is evaluated once at their points (about (b − a)/(1.5 s) (n/2 + 20) n
 * weights instead of 12 (n/2 + 20) n²; the rows still sum only over the panels that meet their window).
 */
public final class ModePropagators {

    /** Half-width of the integration window, in kernel standard deviations. */
    static final double WINDOW_SDS = 9.0;
    /** Largest panel width, in kernel standard deviations. */
    static final double PANEL_SDS = 1.5;

    /** Gauss–Legendre rules on [−1, 1] (Hipparchus; it caches the rules it computed). */
    private static final GaussIntegratorFactory RULES = new GaussIntegratorFactory();

    private ModePropagators() {}

    /**
     * e^{τ D²} with homogeneous Dirichlet conditions (see the class comment); τ = 0 gives the
     * identity on the interior (boundary values still set to 0).
     *
     * @param grid the grid, n ≥ 3
     * @param tau  τ ≥ 0
     * @throws IllegalArgumentException if n &lt; 3 or τ is negative or not finite
     */
    public static double[] heat(ChebyshevGrid grid, double tau) {
        requireGrid(grid);
        FpChecks.nonNegative("tau (integrated diffusion coefficient)", tau);
        int n = grid.size();
        int m = n - 2;
        double[] d2 = grid.secondDerivativeMatrix();
        double[] inner = new double[m * m];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < m; i++) {
                inner[i + m * j] = tau * d2[(i + 1) + n * (j + 1)];
            }
        }
        double[] e = MatrixExponential.expm(inner, m);
        double[] out = new double[n * n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < m; i++) {
                out[(i + 1) + n * (j + 1)] = e[i + m * j];
            }
        }
        return out;
    }

    /**
     * The exact transition matrix of X(t) = α X(s) + √v ε on the grid (see the class comment).
     *
     * @param grid  the grid, n ≥ 3
     * @param alpha α &gt; 0
     * @param v     v ≥ 0
     * @throws IllegalArgumentException on a bad argument
     */
    public static double[] gaussianTransition(ChebyshevGrid grid, double alpha, double v) {
        requireGrid(grid);
        FpChecks.positive("alpha (transition scale)", alpha);
        FpChecks.nonNegative("v (transition variance)", v);
        int n = grid.size();
        double a = grid.a(), b = grid.b();
        double[] y = grid.nodes();
        double[] out = new double[n * n];
        double s = Math.sqrt(v) / alpha;
        if (!(s > 1e-14 * (b - a))) {
            return scaling(grid, alpha); // pure change of variables
        }
        GaussIntegrator gl = RULES.legendre(n / 2 + 20);
        int m = gl.getNumberOfPoints();
        double[] gx = new double[m], gw = new double[m];
        for (int q = 0; q < m; q++) {
            gx[q] = gl.getPoint(q);
            gw[q] = gl.getWeight(q);
        }
        double norm = 1.0 / (alpha * s * Math.sqrt(2 * Math.PI));
        int globalPanels = (int) Math.ceil((b - a) / (PANEL_SDS * s));
        if (globalPanels < n * Math.ceil(2 * WINDOW_SDS / PANEL_SDS)) {
            return onCommonPanels(grid, alpha, s, norm, globalPanels, gx, gw);
        }
        for (int j = 0; j < n; j++) {
            double c = y[j] / alpha;
            // the window in the kernel's own coordinate z = (x − c)/s: forming x first and z = (x − c)/s
            // afterwards loses |c|·ulp/s in z (1e−6 relative for s = 1e−10), so z is the primary variable
            double zlo = Math.max((a - c) / s, -WINDOW_SDS);
            double zhi = Math.min((b - c) / s, WINDOW_SDS);
            if (!(zhi > zlo)) {
                continue;
            }
            int panels = (int) Math.ceil((zhi - zlo) / PANEL_SDS);
            double width = (zhi - zlo) / panels;
            double[] xs = new double[panels * m];
            double[] ws = new double[panels * m];
            for (int p = 0; p < panels; p++) {
                double mid = zlo + (p + 0.5) * width;
                for (int q = 0; q < m; q++) {
                    double z = mid + 0.5 * width * gx[q];
                    xs[p * m + q] = Math.min(b, Math.max(a, c + s * z));
                    ws[p * m + q] = 0.5 * width * s * gw[q] * norm * Math.exp(-0.5 * z * z);
                }
            }
            double[] lag = grid.interpolationMatrix(xs);
            int rows = xs.length;
            for (int i = 0; i < n; i++) {
                double sum = 0;
                int off = rows * i;
                for (int q = 0; q < rows; q++) {
                    sum += ws[q] * lag[off + q];
                }
                out[j + n * i] = sum;
            }
        }
        return out;
    }

    /**
     * The quadrature of {@link #gaussianTransition} on one set of panels for all rows: [a, b] cut
     * into {@code panels} equal panels of width ≤ {@value #PANEL_SDS} s with the same rule, the
     * Lagrange basis evaluated once at their points, and row j summing over the panels that meet
     * its window [y_j/α − 9s, y_j/α + 9s] (the same exactness per panel as the per-row windows; the
     * panels cover the window and at most one panel more on each side, where the kernel is below
     * e^{−40}). Cheaper than per-row windows when the panels are fewer than n times a row's.
     */
    private static double[] onCommonPanels(ChebyshevGrid grid, double alpha, double s, double norm, int panels,
            double[] gx, double[] gw) {
        int n = grid.size(), m = gx.length;
        double a = grid.a(), b = grid.b();
        double width = (b - a) / panels;
        int rows = panels * m;
        double[] xs = new double[rows], base = new double[rows];
        for (int p = 0; p < panels; p++) {
            double mid = a + (p + 0.5) * width;
            for (int q = 0; q < m; q++) {
                xs[p * m + q] = Math.min(b, Math.max(a, mid + 0.5 * width * gx[q]));
                base[p * m + q] = 0.5 * width * gw[q] * norm;
            }
        }
        double[] lag = grid.interpolationMatrix(xs);
        double[] y = grid.nodes();
        double[] out = new double[n * n];
        double[] ws = new double[rows];
        for (int j = 0; j < n; j++) {
            double c = y[j] / alpha;
            double lo = Math.max(a, c - WINDOW_SDS * s), hi = Math.min(b, c + WINDOW_SDS * s);
            if (!(hi > lo)) {
                continue;
            }
            int q0 = m * Math.max(0, (int) Math.floor((lo - a) / width));
            int q1 = m * Math.min(panels, (int) Math.ceil((hi - a) / width));
            for (int q = q0; q < q1; q++) {
                double z = (xs[q] - c) / s;
                ws[q] = base[q] * Math.exp(-0.5 * z * z);
            }
            for (int i = 0; i < n; i++) {
                double sum = 0;
                int off = rows * i;
                for (int q = q0; q < q1; q++) {
                    sum += ws[q] * lag[off + q];
                }
                out[j + n * i] = sum;
            }
        }
        return out;
    }

    /**
     * S(α), the change of variables y = α x on the grid: column-major n x n, S(j, i) = ℓ_i(y_j/α)/α,
     * row j zero where y_j/α is outside [a, b] (the transition {@link #gaussianTransition} with v = 0).
     */
    static double[] scaling(ChebyshevGrid grid, double alpha) {
        int n = grid.size();
        double[] y = grid.nodes();
        double[] out = new double[n * n];
        double a = grid.a(), b = grid.b();
        for (int j = 0; j < n; j++) {
            double c = y[j] / alpha;
            if (c < a || c > b) {
                continue;
            }
            double[] w = grid.interpolationWeights(c);
            for (int i = 0; i < n; i++) {
                out[j + n * i] = w[i] / alpha;
            }
        }
        return out;
    }

    private static void requireGrid(ChebyshevGrid grid) {
        if (grid == null) {
            throw new IllegalArgumentException("grid is null: expected a ChebyshevGrid");
        }
        if (grid.size() < 3) {
            throw new IllegalArgumentException("grid has n = " + grid.size() + " nodes: expected n >= 3");
        }
    }
}
