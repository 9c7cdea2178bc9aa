package org.ttfp.fp;

/**
 * A density whose optimal-transport (Brenier) map to N(0, I) is known exactly
 * (paper-protocol.md §4): for a strictly convex u, μ0(x) = γ(∇u(x)) det D²u(x) (γ the standard
 * normal density) is pushed to N(0, I) by ∇u. Here
 * <pre>
 *   u(x) = |x|²/2 + ε (Σ_{i&lt;d−1} x_i x_{i+1} + x_1⁴),
 *   ∇u = x + ε (x_{i−1} + x_{i+1} + 4 x_1³ δ_{i1}),   D²u = I + ε (T + 12 x_1² e_1 e_1ᵀ),
 * </pre>
 * T the path adjacency matrix (ones beside the diagonal); for d = 2 this is the example
 * u = |x|²/2 + ε(x1 x2 + x1⁴) of Lavenant–Santambrogio. D²u ≻ 0 everywhere iff
 * ε · 2cos(π/(d+1)) &lt; 1 (the largest eigenvalue of T), which the constructor requires. μ0 is
 * normalised (a push-forward of N(0, I)). det D²u is a tridiagonal continuant, O(d) per point.
 */
public final class ConvexPotentialDensity implements DensityFunction {

    private final int d;
    private final double eps;

    /**
     * @param d   dimension ≥ 1
     * @param eps ε ≥ 0 with ε · 2cos(π/(d+1)) &lt; 1
     */
    public ConvexPotentialDensity(int d, double eps) {
        this.d = FpChecks.dim(d);
        FpChecks.nonNegative("eps (convexity perturbation ε)", eps);
        double lmax = d == 1 ? 0 : 2 * Math.cos(Math.PI / (d + 1));
        if (!(eps * lmax < 1)) {
            throw new IllegalArgumentException("eps = " + eps + ": expected eps * 2cos(pi/(d+1)) < 1 (= eps < "
                    + 1 / lmax + " for d = " + d + ") so that u is strictly convex");
        }
        this.eps = eps;
    }

    /** The dimension d. */
    public int dim() {
        return d;
    }

    /** ε. */
    public double eps() {
        return eps;
    }

    /** The Brenier map ∇u(x_s) (row-major count x d), the exact OT map from μ0 to N(0, I). */
    public void map(double[] x, int count, double[] out) {
        FpChecks.batch(x, count, d, out, count * d);
        for (int s = 0; s < count; s++) {
            gradient(x, s * d, out, s * d);
        }
    }

    private void gradient(double[] x, int o, double[] out, int oo) {
        for (int i = 0; i < d; i++) {
            double nb = (i > 0 ? x[o + i - 1] : 0) + (i + 1 < d ? x[o + i + 1] : 0);
            double v = x[o + i] + eps * nb;
            if (i == 0) {
                v += 4 * eps * x[o] * x[o] * x[o];
            }
            out[oo + i] = v;
        }
    }

    /** μ0(x_s) = γ(∇u(x_s)) det D²u(x_s). */
    @Override
    public void evaluate(double[] x, int count, double[] out) {
        FpChecks.batch(x, count, d, out, count);
        double[] g = new double[d];
        double logNorm = -0.5 * d * Math.log(2 * Math.PI);
        for (int s = 0; s < count; s++) {
            gradient(x, s * d, g, 0);
            double q = 0;
            for (double v : g) {
                q += v * v;
            }
            out[s] = Math.exp(logNorm - 0.5 * q) * hessianDeterminant(x[s * d]);
        }
    }

    /** det(I + ε(T + 12 x1² e1e1ᵀ)) by the continuant recurrence f_k = a_k f_{k−1} − ε² f_{k−2}. */
    private double hessianDeterminant(double x1) {
        double fPrev = 1;
        double f = 1 + 12 * eps * x1 * x1;
        for (int k = 1; k < d; k++) {
            double next = f - eps * eps * fPrev;
            fPrev = f;
            f = next;
        }
        return f;
    }

    @Override
    public String toString() {
        return "ConvexPotentialDensity[d=" + d + ", eps=" + eps + "]";
    }
}
