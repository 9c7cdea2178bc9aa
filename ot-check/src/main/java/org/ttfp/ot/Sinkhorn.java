package org.ttfp.ot;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Entropic optimal transport by log-domain Sinkhorn iterations, stable for small ε.
 *
 * <p>For weights a (n), b (m) and costs C (n x m) it solves
 * min_P ⟨P, C⟩ + ε KL(P | a⊗b) over couplings P with marginals a and b. With dual potentials
 * f, g the plan is P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε), and the updates are
 * <pre>
 *   f_i = −ε LSE_j (log b_j + (g_j − C_ij)/ε),   g_j = −ε LSE_i (log a_i + (f_i − C_ij)/ε)
 * </pre>
 * (LSE = log-sum-exp with the maximum factored out, so nothing overflows for any ε &gt; 0). After
 * each g-update the column marginals are exact; the row error ‖P1 − a‖₁ is read off the next
 * f-update for free: Σ_j P_ij = a_i exp((f_i^old − f_i^new)/ε). Optional ε-scaling runs the
 * sequence ε_s = max(ε, C_max 2^{−s}), warm-starting each stage from the last. One iteration
 * costs 2nm exponentials (parallel over rows, then columns).
 *
 * <p>As ε → 0, ⟨P_ε, C⟩ decreases to the unregularised OT cost (the assignment cost / n for
 * uniform weights on equal-size sets), with ⟨P_ε, C⟩ − OT = O(ε log n).
 *
 * <p>Convergence is linear with a rate set by the spectral gap of the plan: fast for large ε
 * and, thanks to ε-scaling, once ε is below the reduced-cost gap of a unique optimal assignment
 * (the plan is then nearly a permutation); slow (10⁴–10⁵ iterations) at intermediate ε where
 * many couplings compete. {@link Result#converged()} and {@link Result#marginalError()} report
 * what was reached.
 */
public final class Sinkhorn {

    /** Marginal error below which intermediate ε-scaling stages stop. */
    private static final double STAGE_TOLERANCE = 1e-3;

    private Sinkhorn() {
    }

    /**
     * Solver settings.
     *
     * @param epsilon        the regularisation ε &gt; 0 (in cost units)
     * @param tolerance      stop when the row marginal error ‖P1 − a‖₁ ≤ tolerance (&gt; 0)
     * @param maxIterations  cap on iterations over all stages (≥ 1)
     * @param epsilonScaling whether to anneal ε from the largest cost down
     */
    public record Options(double epsilon, double tolerance, int maxIterations, boolean epsilonScaling) {
        /** Validates the settings. */
        public Options {
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("epsilon = " + epsilon + ": expected a finite value > 0");
            }
            if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
                throw new IllegalArgumentException("tolerance = " + tolerance + ": expected a finite value > 0");
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations = " + maxIterations + ": expected >= 1");
            }
        }

        /** ε with tolerance 1e-9, at most 100000 iterations, ε-scaling on. */
        public static Options of(double epsilon) {
            return new Options(epsilon, 1e-9, 100_000, true);
        }
    }

    /**
     * Entropic OT between point sets x (N x d) and y (M x d), N, M ≥ 2, with uniform weights and
     * squared Euclidean cost.
     *
     * @throws IllegalArgumentException naming the argument for bad shapes, fewer than 2 points
     *         or non-finite coordinates
     */
    public static Result solve(double[] x, double[] y, int d, Options options) {
        int n = PointSets.requirePoints(x, d, 2, "x");
        int m = PointSets.requirePoints(y, d, 2, "y");
        double[] a = new double[n], b = new double[m];
        Arrays.fill(a, 1.0 / n);
        Arrays.fill(b, 1.0 / m);
        return run(PointSets.costMatrix(x, y, d), n, m, a, b, options);
    }

    /**
     * Entropic OT for a general cost matrix.
     *
     * @param cost row-major n x m finite costs
     * @param a    source weights, all &gt; 0, summing to 1 within 1e-12
     * @param b    target weights, all &gt; 0, summing to 1 within 1e-12
     */
    public static Result solve(double[] cost, int n, int m, double[] a, double[] b, Options options) {
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException("n = " + n + ", m = " + m + ": expected both >= 1");
        }
        if (cost == null || cost.length != (long) n * m) {
            throw new IllegalArgumentException("cost has length " + (cost == null ? "null" : Integer.toString(cost.length))
                    + ": expected n*m = " + (long) n * m);
        }
        for (int k = 0; k < cost.length; k++) {
            if (!Double.isFinite(cost[k])) {
                throw new IllegalArgumentException("cost[" + (k / m) + "][" + (k % m) + "] = " + cost[k]
                        + ": expected a finite cost");
            }
        }
        requireWeights(a, n, "a");
        requireWeights(b, m, "b");
        return run(cost.clone(), n, m, a.clone(), b.clone(), options);
    }

    private static void requireWeights(double[] w, int len, String name) {
        if (w == null || w.length != len) {
            throw new IllegalArgumentException(name + " has length " + (w == null ? "null" : Integer.toString(w.length))
                    + ": expected " + len);
        }
        double s = 0;
        for (int i = 0; i < len; i++) {
            if (!(w[i] > 0) || !Double.isFinite(w[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + w[i] + ": expected a finite weight > 0");
            }
            s += w[i];
        }
        if (Math.abs(s - 1) > 1e-12) {
            throw new IllegalArgumentException(name + " sums to " + s + ": expected 1 within 1e-12");
        }
    }

    private static Result run(double[] c, int n, int m, double[] a, double[] b, Options o) {
        if (o == null) {
            throw new IllegalArgumentException("options is null: expected Sinkhorn.Options");
        }
        double[] ct = new double[n * m];
        double cmax = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                ct[j * n + i] = c[i * m + j];
                cmax = Math.max(cmax, Math.abs(c[i * m + j]));
            }
        }
        double[] logA = new double[n], logB = new double[m];
        for (int i = 0; i < n; i++) {
            logA[i] = Math.log(a[i]);
        }
        for (int j = 0; j < m; j++) {
            logB[j] = Math.log(b[j]);
        }
        double[] f = new double[n], g = new double[m], fNew = new double[n];
        double eps = o.epsilonScaling() ? Math.max(o.epsilon(), cmax) : o.epsilon();
        int iterations = 0;
        double error = Double.POSITIVE_INFINITY;
        boolean converged = false;
        // initial g for f = 0
        update(ct, m, n, logA, f, eps, g);
        while (true) {
            boolean last = eps == o.epsilon();
            double stageTol = last ? o.tolerance() : Math.max(o.tolerance(), STAGE_TOLERANCE);
            while (true) {
                // (f, g) has exact column marginals; its row error follows from the next f
                update(c, n, m, logB, g, eps, fNew);
                iterations++;
                error = 0;
                for (int i = 0; i < n; i++) {
                    error += a[i] * Math.abs(Math.expm1((f[i] - fNew[i]) / eps));
                }
                if (error <= stageTol || iterations >= o.maxIterations()) {
                    break;
                }
                System.arraycopy(fNew, 0, f, 0, n);
                update(ct, m, n, logA, f, eps, g);
            }
            if (last || iterations >= o.maxIterations()) {
                converged = last && error <= o.tolerance();
                break;
            }
            // next stage: the current (f, g) is a good start; refresh g to the new ε
            eps = Math.max(o.epsilon(), 0.5 * eps);
            System.arraycopy(fNew, 0, f, 0, n);
            update(ct, m, n, logA, f, eps, g);
        }
        return new Result(c, n, m, logA, logB, f, g, eps, error, iterations, converged);
    }

    /**
     * out_r = −ε LSE_s (logW_s + (pot_s − K_rs)/ε) for r &lt; rows, K row-major rows x cols
     * (the f-update with K = C, the g-update with K = Cᵀ).
     */
    private static void update(double[] k, int rows, int cols, double[] logW, double[] pot, double eps, double[] out) {
        double inv = 1 / eps;
        IntStream.range(0, rows).parallel().forEach(r -> {
            int base = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < cols; s++) {
                max = Math.max(max, logW[s] + (pot[s] - k[base + s]) * inv);
            }
            double sum = 0;
            for (int s = 0; s < cols; s++) {
                sum += Math.exp(logW[s] + (pot[s] - k[base + s]) * inv - max);
            }
            out[r] = -eps * (max + Math.log(sum));
        });
    }

    /**
     * A Sinkhorn solution. The plan P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε) has exact column
     * marginals b and row marginals within {@link #marginalError()} of a (L1).
     */
    public static final class Result {
        private final double[] cost;
        private final int n;
        private final int m;
        private final double[] logA;
        private final double[] logB;
        private final double[] f;
        private final double[] g;
        private final double epsilon;
        private final double marginalError;
        private final int iterations;
        private final boolean converged;

        Result(double[] cost, int n, int m, double[] logA, double[] logB, double[] f, double[] g, double epsilon,
               double marginalError, int iterations, boolean converged) {
            this.cost = cost;
            this.n = n;
            this.m = m;
            this.logA = logA;
            this.logB = logB;
            this.f = f;
            this.g = g;
            this.epsilon = epsilon;
            this.marginalError = marginalError;
            this.iterations = iterations;
            this.converged = converged;
        }

        /** The number of source points n. */
        public int sourceSize() {
            return n;
        }

        /** The number of target points m. */
        public int targetSize() {
            return m;
        }

        /** The final ε. */
        public double epsilon() {
            return epsilon;
        }

        /** A copy of the source potential f (length n). */
        public double[] f() {
            return f.clone();
        }

        /** A copy of the target potential g (length m). */
        public double[] g() {
            return g.clone();
        }

        /** ‖P1 − a‖₁ of the returned plan. */
        public double marginalError() {
            return marginalError;
        }

        /** Iterations made over all ε stages. */
        public int iterations() {
            return iterations;
        }

        /** Whether the final stage reached the tolerance within the iteration cap. */
        public boolean converged() {
            return converged;
        }

        /** P_ij. */
        public double plan(int i, int j) {
            return Math.exp(logA[i] + logB[j] + (f[i] + g[j] - cost[i * m + j]) / epsilon);
        }

        /** The dense plan, row-major n x m. */
        public double[] plan() {
            double[] p = new double[n * m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    p[i * m + j] = plan(i, j);
                }
            }
            return p;
        }

        /** The transport cost ⟨P, C⟩ = Σ_ij P_ij C_ij (nm exponentials). */
        public double transportCost() {
            PointSets.Sum s = new PointSets.Sum();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    s.add(plan(i, j) * cost[i * m + j]);
                }
            }
            return s.value();
        }

        /** The dual objective Σ a_i f_i + Σ b_j g_j (the entropic cost at convergence). */
        public double dualObjective() {
            PointSets.Sum s = new PointSets.Sum();
            for (int i = 0; i < n; i++) {
                s.add(Math.exp(logA[i]) * f[i]);
            }
            for (int j = 0; j < m; j++) {
                s.add(Math.exp(logB[j]) * g[j]);
            }
            return s.value();
        }

        /**
         * The barycentric map T(x_i) = Σ_j P_ij y_j / Σ_j P_ij, row-major n x d, for the target
         * points y (m x d) the problem was solved for (nm(d + 1) flops).
         */
        public double[] barycentricMap(double[] y, int d) {
            int mm = PointSets.requirePoints(y, d, 1, "y");
            if (mm != m) {
                throw new IllegalArgumentException("y has " + mm + " points: expected the " + m + " target points");
            }
            double[] out = new double[n * d];
            IntStream.range(0, n).parallel().forEach(i -> {
                double mass = 0;
                for (int j = 0; j < m; j++) {
                    double p = plan(i, j);
                    mass += p;
                    for (int k = 0; k < d; k++) {
                        out[i * d + k] += p * y[j * d + k];
                    }
                }
                for (int k = 0; k < d; k++) {
                    out[i * d + k] /= mass;
                }
            });
            return out;
        }

        @Override
        public String toString() {
            return "Sinkhorn.Result[n=" + n + ", m=" + m + ", epsilon=" + epsilon + ", iterations=" + iterations
                    + ", marginalError=" + marginalError + ", converged=" + converged + "]";
        }
    }
}
