package org.ttfp.fp.density;

/**
 * The planar potential of Lavenant &amp; Santambrogio (2022) (docs/paper-protocol.md §3–§4):
 * <pre>
 *   u(x) = |x|²/2 + ε (x1 x2 + x1⁴),
 *   ∇u(x) = (x1 + ε (x2 + 4 x1³), x2 + ε x1),
 *   D²u(x) = I + ε [[12 x1², 1], [1, 0]].
 * </pre>
 * For 0 ≤ ε &lt; 1, D²u ⪰ (1 − ε) I on all of R² (the x1⁴ term only adds 12 ε x1² e1e1ᵀ ⪰ 0), so
 * μ0 = (∇u)⁻¹ # N(0, I) is a probability density whose flow-map counterexample to the encoder
 * claim is the subject of that paper; ∇u is its exact OT map to N(0, I).
 */
public final class LavenantSantambrogioPotential implements ConvexPotential {

    private final double epsilon;

    /**
     * @param epsilon ε in [0, 1)
     * @throws IllegalArgumentException if ε makes u non-convex somewhere on R² (ε &lt; 0: the x1⁴
     *         term turns concave for x1² &gt; 1/(12|ε|); ε ≥ 1: D²u(0) has eigenvalue 1 − ε ≤ 0)
     */
    public LavenantSantambrogioPotential(double epsilon) {
        if (!Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon = " + epsilon + ": expected a finite value in [0, 1)");
        }
        if (epsilon < 0) {
            throw new IllegalArgumentException("epsilon = " + epsilon + " makes u non-convex: D²u_11 = 1 + 12 epsilon x1² < 0"
                    + " for |x1| > " + Math.sqrt(1 / (12 * -epsilon)) + ", where the density lives; expected 0 <= epsilon < 1");
        }
        if (epsilon >= 1) {
            throw new IllegalArgumentException("epsilon = " + epsilon + " makes u non-convex: D²u(0) = [[1, eps], [eps, 1]]"
                    + " has eigenvalue 1 - epsilon = " + (1 - epsilon) + " <= 0; expected 0 <= epsilon < 1");
        }
        this.epsilon = epsilon;
    }

    /** ε. */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public int dim() {
        return 2;
    }

    @Override
    public double value(double[] x, int offset) {
        double x1 = x[offset], x2 = x[offset + 1];
        double x1sq = x1 * x1;
        return 0.5 * (x1sq + x2 * x2) + epsilon * (x1 * x2 + x1sq * x1sq);
    }

    @Override
    public void gradient(double[] x, int offset, double[] out, int outOffset) {
        double x1 = x[offset], x2 = x[offset + 1];
        out[outOffset] = x1 + epsilon * (x2 + 4 * x1 * x1 * x1);
        out[outOffset + 1] = x2 + epsilon * x1;
    }

    @Override
    public void hessian(double[] x, int offset, double[] out) {
        double x1 = x[offset];
        out[0] = 1 + 12 * epsilon * x1 * x1;
        out[1] = epsilon;
        out[2] = epsilon;
        out[3] = 1;
    }

    /** 1 − ε, the smallest eigenvalue of D²u(0) and a lower bound everywhere. */
    @Override
    public double strongConvexity() {
        return 1 - epsilon;
    }

    @Override
    public String toString() {
        return "LavenantSantambrogioPotential[epsilon=" + epsilon + "]";
    }
}
