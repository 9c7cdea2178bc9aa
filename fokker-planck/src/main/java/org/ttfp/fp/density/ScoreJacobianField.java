package org.ttfp.fp.density;

/**
 * A score field that also gives its Jacobian, the Hessian of the log-density:
 * <pre>
 *   s(x, t) = ∇log p_t(x),     H(x, t) = ∇²log p_t(x) = ∇²p/p − ∇p ∇pᵀ/p²   (symmetric d x d).
 * </pre>
 * The probability-flow encoder integrates its variational equation with it (the Jacobian of the
 * flow map without finite differences).
 */
public interface ScoreJacobianField extends ScoreField {
    /**
     * Writes s(x_s, t) into {@code score} (row-major count x d) and H(x_s, t) into {@code jacobian}
     * (row-major count x d x d: {@code jacobian[s*d*d + i*d + j]} = ∂_i ∂_j log p_t(x_s)).
     */
    void scoreAndJacobian(double t, double[] x, int count, double[] score, double[] jacobian);
}
