package org.ttfp.fp;

import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.density.ScoreJacobianField;
import org.ttfp.fp.sde.DiffusionMatrix;
import org.ttfp.fp.sde.RotatedSde;
import org.ttfp.fp.sde.Sde;

/**
 * Solves the Fokker–Planck equation of an SDE with a constant <b>full</b> diffusion matrix
 * D = ½ G Gᵀ = Q Λ Qᵀ ({@link Sde#diffusionMatrix()}) in the eigen-coordinates y = Qᵀ x, where
 * the diffusion is diagonal (docs/fp-time-stepping.md, "Full diffusion matrices"):
 * <pre>
 *   p̃(y, t) = p(Q y, t),   f̃(y, t) = Qᵀ f(Q y, t),   g̃_k² = 2 λ_k,   p̃_0(y) = p_0(Q y),
 * </pre>
 * and maps the solution back: p(x, t) = p̃(Qᵀ x, t), ∇_x log p = Q ∇_y log p̃,
 * ∇_x∇_xᵀ log p = Q (∇_y∇_yᵀ log p̃) Qᵀ, mean Q m̃, covariance Q S̃ Qᵀ. The rotation is exact (Q is
 * orthogonal, Jacobian 1), so the solver's diffusion substep stays the exact per-mode heat
 * exponential (stable for any step, no backward heat step) and the split path keeps its order; the
 * drift couples the axes in y, which the split path handles anyway. The box is given in y
 * ({@link #coveringBox} gives the bounding box of a rotated x-box). Usage:
 * <pre>
 *   DiffusionRotation rot = DiffusionRotation.of(MatrixOuSde.withNoiseCovariance(a, ggt));
 *   FpProblem pr = rot.problem(rot.coveringBox(xBox, 64, 64)).initial(rot.rotate(p0)).finalTime(1).steps(20).build();
 *   DiffusionRotation.Field p = rot.inOriginal(FpSolver.solve(pr, settings));
 * </pre>
 * Cost: one d x d eigen-decomposition; 4d² flops per drift call and 2d² per point evaluation on top
 * of the diagonal solve. Immutable.
 */
public final class DiffusionRotation {

    private final Sde sde;
    private final DiffusionMatrix dm;
    private final RotatedSde rotated;
    private final int d;
    private final double[] q;

    private DiffusionRotation(Sde sde, DiffusionMatrix dm) {
        this.sde = sde;
        this.dm = dm;
        this.rotated = new RotatedSde(sde, dm);
        this.d = sde.dim();
        this.q = dm.rotation();
    }

    /**
     * The rotation of an SDE that reports its full diffusion matrix.
     *
     * @throws IllegalArgumentException if sde is null or has no {@link Sde#diffusionMatrix()}
     */
    public static DiffusionRotation of(Sde sde) {
        if (sde == null) {
            throw new IllegalArgumentException("sde is null: expected an Sde with a full diffusion matrix");
        }
        DiffusionMatrix dm = sde.diffusionMatrix().orElseThrow(() -> new IllegalArgumentException("sde " + sde
                + " reports no full diffusion matrix (diffusionMatrix() is empty): expected one; a diagonal "
                + "diffusion needs no rotation, solve it with FpProblem directly"));
        return new DiffusionRotation(sde, dm);
    }

    /**
     * The rotation of any SDE's drift (and divergence) with the constant full diffusion D given
     * here; the SDE's own {@link Sde#diffusion2} is replaced by D (e.g. a nonlinear drift such as
     * {@link org.ttfp.fp.sde.DoubleWellSde} with correlated noise).
     *
     * @throws IllegalArgumentException if either is null or the dimensions differ
     */
    public static DiffusionRotation of(Sde drift, DiffusionMatrix diffusion) {
        if (drift == null) {
            throw new IllegalArgumentException("sde is null: expected an Sde (its drift is used)");
        }
        if (diffusion == null) {
            throw new IllegalArgumentException("diffusion matrix is null: expected a DiffusionMatrix");
        }
        if (diffusion.dim() != drift.dim()) {
            throw new IllegalArgumentException("diffusion matrix has dimension " + diffusion.dim() + " but sde.dim() = "
                    + drift.dim() + ": expected equal dimensions");
        }
        return new DiffusionRotation(drift, diffusion);
    }

    /** The SDE in the original coordinates. */
    public Sde sde() {
        return sde;
    }

    /** D = Q Λ Qᵀ. */
    public DiffusionMatrix diffusion() {
        return dm;
    }

    /** The SDE in y = Qᵀ x, with diagonal diffusion g̃_k² = 2 λ_k. */
    public RotatedSde rotatedSde() {
        return rotated;
    }

    /** A problem builder for the rotated SDE on a box in y (initial density, T and steps still to set). */
    public FpProblem.Builder problem(ChebyshevBox yBox) {
        return FpProblem.builder(rotated, yBox);
    }

    /** y = Qᵀ x for a batch (row-major count x d), a new array. */
    public double[] toRotated(double[] x, int count) {
        requireBatch(x, count, "x");
        double[] y = new double[count * d];
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < d; k++) {
                double v = 0;
                for (int i = 0; i < d; i++) {
                    v += q[i * d + k] * x[s * d + i];
                }
                y[s * d + k] = v;
            }
        }
        return y;
    }

    /** x = Q y for a batch (row-major count x d), a new array. */
    public double[] fromRotated(double[] y, int count) {
        requireBatch(y, count, "y");
        return multiply(q, y, count);
    }

    private void requireBatch(double[] v, int count, String name) {
        if (count < 0 || v == null || v.length < (long) count * d) {
            throw new IllegalArgumentException(name + " has length " + (v == null ? "null" : Integer.toString(v.length))
                    + " for count = " + count + ": expected count >= 0 and at least count*d = " + (long) count * d);
        }
    }

    /** Q v for every row v of a count x d batch. */
    private double[] multiply(double[] m, double[] v, int count) {
        double[] out = new double[count * d];
        for (int s = 0; s < count; s++) {
            for (int i = 0; i < d; i++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    acc += m[i * d + k] * v[s * d + k];
                }
                out[s * d + i] = acc;
            }
        }
        return out;
    }

    /** Qᵀ S Q (transpose = true) or Q S Qᵀ (false) of a d x d row-major S. */
    private double[] congruence(double[] s, boolean transpose) {
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    for (int l = 0; l < d; l++) {
                        double a = transpose ? q[k * d + i] : q[i * d + k];
                        double b = transpose ? q[l * d + j] : q[j * d + l];
                        acc += a * s[k * d + l] * b;
                    }
                }
                out[i * d + j] = acc;
            }
        }
        for (int i = 0; i < d; i++) { // exact symmetry
            for (int j = i + 1; j < d; j++) {
                double v = 0.5 * (out[i * d + j] + out[j * d + i]);
                out[i * d + j] = v;
                out[j * d + i] = v;
            }
        }
        return out;
    }

    /** A mixture in y: each component N(μ, S) becomes N(Qᵀ μ, Qᵀ S Q) (exact). */
    public GaussianMixture rotate(GaussianMixture p) {
        if (p == null) {
            throw new IllegalArgumentException("mixture is null: expected a GaussianMixture");
        }
        if (p.dim() != d) {
            throw new IllegalArgumentException("mixture has dimension " + p.dim() + ": expected the SDE dimension " + d);
        }
        int kc = p.components();
        double[] w = new double[kc];
        double[][] mu = new double[kc][];
        double[][] cov = new double[kc][];
        for (int c = 0; c < kc; c++) {
            w[c] = p.weight(c);
            mu[c] = toRotated(p.mean(c), 1);
            cov[c] = congruence(p.covariance(c), true);
        }
        return GaussianMixture.of(w, mu, cov);
    }

    /**
     * The initial density in y, p̃_0(y) = p_0(Q y): a mixture exactly ({@link #rotate(GaussianMixture)}),
     * a callback by composition (its hint rotated).
     *
     * @throws IllegalArgumentException for grid values (they live on an x grid; give a callback)
     */
    public InitialDensity rotate(InitialDensity p0) {
        if (p0 == null) {
            throw new IllegalArgumentException("initial density is null: expected an InitialDensity");
        }
        if (p0.dim() != d) {
            throw new IllegalArgumentException("initial density has dimension " + p0.dim() + ": expected " + d);
        }
        if (p0 instanceof InitialDensity.Mixture m) {
            return InitialDensity.of(rotate(m.mixture()));
        }
        if (p0 instanceof InitialDensity.Callback c) {
            return InitialDensity.of((y, count, out) -> c.function().evaluate(fromRotated(y, count), count, out), d,
                    c.normalized(), c.hint() == null ? null : rotate(c.hint()));
        }
        throw new IllegalArgumentException("initial density given as grid values cannot be rotated: expected a "
                + "mixture or a callback p0(x)");
    }

    /**
     * The box in y that bounds the rotated x-box Qᵀ [a, b]: per axis k the centre Σ_i Q_ik c_i and the
     * half-width Σ_i |Q_ik| (b_i − a_i)/2 (up to √d times the x half-widths), with {@code nodes[k]}
     * Chebyshev nodes (one value for all axes, or d values). A density supported in an x-ball needs
     * only the ball's box in y, which is smaller: give that box directly when it is known.
     */
    public ChebyshevBox coveringBox(ChebyshevBox xBox, int... nodes) {
        if (xBox == null || xBox.dim() != d) {
            throw new IllegalArgumentException("xBox " + (xBox == null ? "is null" : "has dimension " + xBox.dim())
                    + ": expected a ChebyshevBox of dimension " + d);
        }
        if (nodes == null || (nodes.length != 1 && nodes.length != d)) {
            throw new IllegalArgumentException("nodes has length " + (nodes == null ? "null" : nodes.length)
                    + ": expected 1 or d = " + d + " node counts");
        }
        ChebyshevGrid[] axes = new ChebyshevGrid[d];
        for (int k = 0; k < d; k++) {
            double c = 0, h = 0;
            for (int i = 0; i < d; i++) {
                ChebyshevGrid g = xBox.axis(i);
                c += q[i * d + k] * 0.5 * (g.a() + g.b());
                h += Math.abs(q[i * d + k]) * 0.5 * (g.b() - g.a());
            }
            axes[k] = new ChebyshevGrid(c - h, c + h, nodes.length == 1 ? nodes[0] : nodes[k]);
        }
        return new ChebyshevBox(axes);
    }

    /** The solution of the rotated problem, evaluated in the original coordinates x. */
    public Field inOriginal(Solution rotatedSolution) {
        if (rotatedSolution == null) {
            throw new IllegalArgumentException("solution is null: expected the Solution of the rotated problem");
        }
        if (rotatedSolution.dim() != d) {
            throw new IllegalArgumentException("solution has dimension " + rotatedSolution.dim() + ": expected " + d);
        }
        return new Field(rotatedSolution);
    }

    /** p, ∇ log p and its Jacobian in x from the rotated solution (see the class comment). */
    public final class Field implements ScoreJacobianField {
        private final Solution sol;

        private Field(Solution sol) {
            this.sol = sol;
        }

        /** The solution in y. */
        public Solution rotatedSolution() {
            return sol;
        }

        @Override
        public int dim() {
            return d;
        }

        /**
         * p(x_s, t) = p̃(Qᵀ x_s, t); 0 where Qᵀ x_s is outside the y-box (the solver's convention:
         * the density is 0 outside its box). Cost: the rotation (2d² flops per point) and
         * {@link Solution#density}.
         */
        public void density(double t, double[] x, int count, double[] out) {
            FpChecks.batch(x, count, d, out, count);
            double[] y = toRotated(x, count);
            ChebyshevBox box = sol.box();
            int[] inside = new int[count];
            int m = 0;
            for (int s = 0; s < count; s++) {
                boolean in = true;
                for (int k = 0; k < d && in; k++) {
                    double v = y[s * d + k];
                    in = v >= box.axis(k).a() && v <= box.axis(k).b();
                }
                if (in) {
                    inside[m++] = s;
                }
            }
            double[] pts = new double[m * d];
            for (int j = 0; j < m; j++) {
                System.arraycopy(y, inside[j] * d, pts, j * d, d);
            }
            double[] v = new double[m];
            if (m > 0) {
                sol.density(t, pts, m, v);
            }
            java.util.Arrays.fill(out, 0, count, 0.0);
            for (int j = 0; j < m; j++) {
                out[inside[j]] = v[j];
            }
        }

        /** ∇_x log p = Q ∇_y log p̃ (points must map into the y-box, see {@link Solution#score}). */
        @Override
        public void score(double t, double[] x, int count, double[] out) {
            FpChecks.batch(x, count, d, out, count * d);
            double[] sy = new double[count * d];
            sol.score(t, toRotated(x, count), count, sy);
            System.arraycopy(multiply(q, sy, count), 0, out, 0, count * d);
        }

        /** The score and Q H̃ Qᵀ, H̃ the Jacobian of the score in y. */
        @Override
        public void scoreAndJacobian(double t, double[] x, int count, double[] score, double[] jacobian) {
            FpChecks.batch(x, count, d, score, count * d);
            FpChecks.batch(x, count, d, jacobian, count * d * d);
            double[] sy = new double[count * d], hy = new double[count * d * d];
            sol.scoreAndJacobian(t, toRotated(x, count), count, sy, hy);
            System.arraycopy(multiply(q, sy, count), 0, score, 0, count * d);
            for (int s = 0; s < count; s++) {
                double[] h = congruence(java.util.Arrays.copyOfRange(hy, s * d * d, (s + 1) * d * d), false);
                System.arraycopy(h, 0, jacobian, s * d * d, d * d);
            }
        }

        /** The mean Q m̃ of snapshot j in x. */
        public double[] mean(int j) {
            return multiply(q, sol.mean(j), 1);
        }

        /** The covariance Q S̃ Qᵀ of snapshot j in x (row-major d x d). */
        public double[] covariance(int j) {
            return congruence(sol.covariance(j), false);
        }
    }
}
