package org.ttfp.fp.density;

/**
 * A d-dimensional family of convex potentials: separable quartic terms plus nearest-neighbour
 * couplings,
 * <pre>
 *   u(x) = Σ_i (x_i²/2 + a x_i⁴) + ε Σ_{i&lt;d} x_i x_{i+1},
 *   ∂u/∂x_i = x_i + 4a x_i³ + ε (x_{i−1} + x_{i+1}),
 *   D²u(x) = diag(1 + 12 a x_i²) + ε T,
 * </pre>
 * with T the adjacency matrix of the path 1–2–…–d (eigenvalues 2cos(kπ/(d+1)), k = 1..d). For
 * a ≥ 0, D²u ⪰ (1 − 2|ε| cos(π/(d+1))) I on all of R^d, with equality at x = 0, so u is strongly
 * convex exactly when a ≥ 0 and |ε| &lt; 1/(2cos(π/(d+1))) (any ε for d = 1). Then
 * μ0 = (∇u)⁻¹ # N(0, I) has the exact OT map ∇u to N(0, I) in any dimension (docs/paper-protocol.md
 * §4); a = ε = 0 gives N(0, I) itself.
 */
public final class CoupledQuarticPotential implements ConvexPotential {

    private final int d;
    private final double a;
    private final double epsilon;

    /**
     * @param d       dimension ≥ 1
     * @param a       quartic coefficient ≥ 0
     * @param epsilon coupling, |ε| &lt; 1/(2cos(π/(d+1)))
     * @throws IllegalArgumentException naming the parameter that makes u non-convex somewhere
     */
    public CoupledQuarticPotential(int d, double a, double epsilon) {
        if (d < 1) {
            throw new IllegalArgumentException("d = " + d + ": expected a dimension >= 1");
        }
        if (!Double.isFinite(a) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("a = " + a + ", epsilon = " + epsilon + ": expected finite values");
        }
        if (a < 0) {
            throw new IllegalArgumentException("a = " + a + " makes u non-convex: 1 + 12 a x_i² < 0 for |x_i| > "
                    + Math.sqrt(1 / (12 * -a)) + ", where the density lives; expected a >= 0");
        }
        double bound = d == 1 ? Double.POSITIVE_INFINITY : 1 / (2 * Math.cos(Math.PI / (d + 1)));
        if (!(Math.abs(epsilon) < bound)) {
            throw new IllegalArgumentException("epsilon = " + epsilon + " makes u non-convex in d = " + d
                    + ": D²u(0) = I + epsilon T has smallest eigenvalue 1 - 2|epsilon| cos(pi/(d+1)) = "
                    + (1 - Math.abs(epsilon) / bound) + " <= 0; expected |epsilon| < " + bound);
        }
        this.d = d;
        this.a = a;
        this.epsilon = epsilon;
    }

    /** The quartic coefficient a. */
    public double a() {
        return a;
    }

    /** The coupling ε. */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public double value(double[] x, int offset) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double xi = x[offset + i], sq = xi * xi;
            s += 0.5 * sq + a * sq * sq;
            if (i + 1 < d) {
                s += epsilon * xi * x[offset + i + 1];
            }
        }
        return s;
    }

    @Override
    public void gradient(double[] x, int offset, double[] out, int outOffset) {
        for (int i = 0; i < d; i++) {
            double xi = x[offset + i];
            double g = xi + 4 * a * xi * xi * xi;
            if (i > 0) {
                g += epsilon * x[offset + i - 1];
            }
            if (i + 1 < d) {
                g += epsilon * x[offset + i + 1];
            }
            out[outOffset + i] = g;
        }
    }

    @Override
    public void hessian(double[] x, int offset, double[] out) {
        java.util.Arrays.fill(out, 0, d * d, 0.0);
        for (int i = 0; i < d; i++) {
            double xi = x[offset + i];
            out[i * d + i] = 1 + 12 * a * xi * xi;
            if (i + 1 < d) {
                out[i * d + i + 1] = epsilon;
                out[(i + 1) * d + i] = epsilon;
            }
        }
    }

    /** 1 − 2|ε| cos(π/(d+1)), the smallest eigenvalue of D²u(0) and a lower bound everywhere. */
    @Override
    public double strongConvexity() {
        return d == 1 ? 1 : 1 - 2 * Math.abs(epsilon) * Math.cos(Math.PI / (d + 1));
    }

    @Override
    public String toString() {
        return "CoupledQuarticPotential[d=" + d + ", a=" + a + ", epsilon=" + epsilon + "]";
    }
}
