package org.ttfp.fp.sde;


/**
 * An SDE dX = f(X, t) dt + G dW with constant full D = ½ G Gᵀ = Q Λ Qᵀ, written in the
 * eigen-coordinates y = Qᵀ x of D, where its diffusion is diagonal:
 * <pre>
 *   dY = f̃(Y, t) dt + Λ^{1/2} √2 dW̃,   f̃(y, t) = Qᵀ f(Q y, t),   ∇_y·f̃(y, t) = (∇_x·f)(Q y, t),
 *   g̃_k² = 2 λ_k (constant),
 * </pre>
 * so p̃(y, t) = p(Q y, t) solves ∂p̃/∂t = −∇·(f̃ p̃) + Σ_k λ_k ∂²_{y_k} p̃ (Q is orthogonal: the
 * change of variables has Jacobian 1, and the divergence is invariant). The base SDE's own
 * {@link Sde#diffusion2} is not used. Cost per point: the base drift plus 4d² flops (two rotations);
 * the divergence: the base divergence plus 2d². Thread-safe if the base is.
 */
public final class RotatedSde extends ConstantAxisDiffusionSde {

    private final Sde base;
    private final DiffusionMatrix dm;
    private final double[] q;
    private final double[] lambda;

    /**
     * @param base the SDE in the original coordinates x (its drift and divergence are used)
     * @param dm   D = Q Λ Qᵀ of the base SDE, of its dimension
     * @throws IllegalArgumentException if either is null or the dimensions differ
     */
    public RotatedSde(Sde base, DiffusionMatrix dm) {
        super(checked(base, dm).dim(), rotatedDiffusion2(dm.eigenvalues()));
        this.base = base;
        this.dm = dm;
        this.q = dm.rotation();
        this.lambda = dm.eigenvalues();
    }

    /** dm after the checks of the constructor. */
    private static DiffusionMatrix checked(Sde base, DiffusionMatrix dm) {
        if (base == null) {
            throw new IllegalArgumentException("base sde is null: expected an Sde");
        }
        if (dm == null) {
            throw new IllegalArgumentException("diffusion matrix is null: expected a DiffusionMatrix");
        }
        if (dm.dim() != base.dim()) {
            throw new IllegalArgumentException("diffusion matrix has dimension " + dm.dim() + " but sde.dim() = "
                    + base.dim() + ": expected equal dimensions");
        }
        return dm;
    }

    /** g̃_k² = 2 λ_k. */
    private static double[] rotatedDiffusion2(double[] lambda) {
        double[] g2 = new double[lambda.length];
        for (int k = 0; k < g2.length; k++) {
            g2[k] = 2 * lambda[k];
        }
        return g2;
    }

    /** The SDE in the original coordinates. */
    public Sde base() {
        return base;
    }

    /** D and its eigen-decomposition. */
    public DiffusionMatrix diffusion() {
        return dm;
    }

    /** x = Q y for a batch (row-major count x d). */
    static double[] rotateForward(double[] q, int d, double[] y, int count) {
        double[] x = new double[count * d];
        for (int s = 0; s < count; s++) {
            int o = s * d;
            for (int i = 0; i < d; i++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += q[i * d + k] * y[o + k];
                }
                x[o + i] = v;
            }
        }
        return x;
    }

    /** y = Qᵀ x for a batch, written into {@code out}. */
    static void rotateBack(double[] q, int d, double[] x, int count, double[] out) {
        for (int s = 0; s < count; s++) {
            int o = s * d;
            for (int k = 0; k < d; k++) {
                double v = 0;
                for (int i = 0; i < d; i++) {
                    v += q[i * d + k] * x[o + i];
                }
                out[o + k] = v;
            }
        }
    }

    /** f̃(y, t) = Qᵀ f(Q y, t). */
    @Override
    protected void computeDrift(double t, double[] y, int count, double[] out) {
        double[] x = rotateForward(q, d, y, count);
        double[] f = new double[count * d];
        base.drift(t, x, count, f);
        rotateBack(q, d, f, count, out);
    }

    /** (∇_x·f)(Q y, t), the base divergence at the rotated points. */
    @Override
    protected void computeDivergence(double t, double[] y, int count, double[] out) {
        base.divergence(t, rotateForward(q, d, y, count), count, out);
    }

    @Override
    public String toString() {
        return "RotatedSde[" + base + ", eigenvalues of D=" + java.util.Arrays.toString(lambda) + "]";
    }
}
