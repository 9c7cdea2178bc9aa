package org.ttfp.ot;

import org.ttfp.fp.density.ScoreField;
import org.ttfp.fp.density.ScoreJacobianField;

/**
 * Score Jacobians ∇²log p_t for fields that do not give one in closed form.
 */
public final class ScoreJacobians {

    /** The relative step of {@link #of}'s central differences. */
    public static final double DEFAULT_STEP = 1e-4;

    private ScoreJacobians() {}

    /**
     * The field itself when it is a {@link ScoreJacobianField}, else {@link #centralDifference}
     * with {@link #DEFAULT_STEP}.
     */
    public static ScoreJacobianField of(ScoreField score) {
        if (score == null) {
            throw new IllegalArgumentException("score is null: expected a ScoreField");
        }
        return score instanceof ScoreJacobianField j ? j : centralDifference(score, DEFAULT_STEP);
    }

    /** A batched vector field R^d → R^d: out (row-major count x d) = f(pts) for count points. */
    interface BatchField {
        void apply(double[] pts, int count, double[] out);
    }

    /**
     * Central differences of a batched field at the first count points of x (row-major), one field
     * call on 2d·count points: jac[s d² + i d + j] = (f_i(x + h_j e_j) − f_i(x − h_j e_j)) / (2h_j),
     * h_j = h·max(1, |x_j|). Error O(h² |∇³f|) + O(ε_f / h).
     */
    static void centralDifferences(BatchField f, double[] x, int count, int d, double h, double[] jac) {
        double[] pts = new double[count * 2 * d * d];
        double[] steps = new double[count * d];
        for (int p = 0; p < count; p++) {
            for (int j = 0; j < d; j++) {
                double hj = h * Math.max(1, Math.abs(x[p * d + j]));
                steps[p * d + j] = hj;
                for (int sgn = 0; sgn < 2; sgn++) {
                    int base = ((p * d + j) * 2 + sgn) * d;
                    System.arraycopy(x, p * d, pts, base, d);
                    pts[base + j] += sgn == 0 ? hj : -hj;
                }
            }
        }
        double[] fv = new double[pts.length];
        f.apply(pts, count * 2 * d, fv);
        for (int p = 0; p < count; p++) {
            int jo = p * d * d;
            for (int j = 0; j < d; j++) {
                int plus = ((p * d + j) * 2) * d, minus = plus + d;
                for (int i = 0; i < d; i++) {
                    jac[jo + i * d + j] = (fv[plus + i] - fv[minus + i]) / (2 * steps[p * d + j]);
                }
            }
        }
    }

    /**
     * The Jacobian of the score by central differences of the score, symmetrized (∇²log p is
     * symmetric):
     * <pre>
     *   H_ij ≈ ½ [ (s_i(x + h_j e_j) − s_i(x − h_j e_j)) / (2h_j) + (i ↔ j) ],   h_j = h·max(1, |x_j|).
     * </pre>
     * Error O(h² |∇³s|) + O(ε_s / h) for a score accurate to ε_s; one score call on 2d·count
     * points besides the score itself. A fallback for fields without second derivatives.
     *
     * @param score the field
     * @param h     relative step, 0 &lt; h &lt; 0.1
     */
    public static ScoreJacobianField centralDifference(ScoreField score, double h) {
        if (score == null) {
            throw new IllegalArgumentException("score is null: expected a ScoreField");
        }
        if (!(h > 0 && h < 0.1)) {
            throw new IllegalArgumentException("h = " + h + ": expected 0 < h < 0.1");
        }
        return new ScoreJacobianField() {
            @Override
            public int dim() {
                return score.dim();
            }

            @Override
            public void score(double t, double[] x, int count, double[] out) {
                score.score(t, x, count, out);
            }

            @Override
            public void scoreAndJacobian(double t, double[] x, int count, double[] s, double[] jac) {
                int d = score.dim();
                score.score(t, x, count, s);
                centralDifferences((pts, m, out) -> score.score(t, pts, m, out), x, count, d, h, jac);
                for (int p = 0; p < count; p++) {
                    int jo = p * d * d;
                    for (int i = 0; i < d; i++) {
                        for (int j = i + 1; j < d; j++) {
                            double m = 0.5 * (jac[jo + i * d + j] + jac[jo + j * d + i]);
                            jac[jo + i * d + j] = m;
                            jac[jo + j * d + i] = m;
                        }
                    }
                }
            }
        };
    }
}
