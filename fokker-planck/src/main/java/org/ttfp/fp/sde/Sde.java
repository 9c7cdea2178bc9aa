package org.ttfp.fp.sde;

import java.util.Optional;

/**
 * An Itô SDE dX = f(X, t) dt + G(t) dW in R^d with a diagonal diffusion matrix, whose density
 * solves the Fokker–Planck equation ∂p/∂t = −∇·(f p) + ½ Σ_i g_i(t)² ∂²p/∂x_i². An SDE with a
 * constant full G Gᵀ reports it as {@link #diffusionMatrix()} and is solved through
 * {@code org.ttfp.fp.DiffusionRotation}.
 *
 * <p>Points are passed in batches: {@code x} is row-major count x d ({@code x[s*d + i]}).
 */
public interface Sde {

    /** The dimension d. */
    int dim();

    /**
     * Writes the drift f(x_s, t) of {@code count} points into {@code out} (row-major count x d).
     */
    void drift(double t, double[] x, int count, double[] out);

    /**
     * Writes the divergence ∇·f(x_s, t) of {@code count} points into {@code out} (length count).
     * The default takes central differences with step h = 1e-5·max(1, |x_i|) per axis (error
     * O(h²) in smooth drifts, 2d extra drift calls per point); override it with the exact formula
     * where one is known.
     */
    default void divergence(double t, double[] x, int count, double[] out) {
        int d = dim();
        double[] xp = x.clone();
        double[] fp = new double[count * d];
        double[] fm = new double[count * d];
        java.util.Arrays.fill(out, 0, count, 0.0);
        for (int i = 0; i < d; i++) {
            double[] hs = new double[count];
            for (int s = 0; s < count; s++) {
                hs[s] = 1e-5 * Math.max(1.0, Math.abs(x[s * d + i]));
                xp[s * d + i] = x[s * d + i] + hs[s];
            }
            drift(t, xp, count, fp);
            for (int s = 0; s < count; s++) {
                xp[s * d + i] = x[s * d + i] - hs[s];
            }
            drift(t, xp, count, fm);
            for (int s = 0; s < count; s++) {
                out[s] += (fp[s * d + i] - fm[s * d + i]) / (2 * hs[s]);
                xp[s * d + i] = x[s * d + i];
            }
        }
    }

    /** g_i(t)², the squared diffusion coefficient along axis i at time t (non-negative). */
    double diffusion2(int axis, double t);

    /**
     * ∫_s^t g_i(τ)² dτ. The default uses 8-point Gauss–Legendre quadrature (Hipparchus; exact for
     * polynomials g² of degree ≤ 15); override with the closed form where known.
     */
    default double integratedDiffusion2(int axis, double s, double t) {
        return Quadrature.gaussLegendre8(tau -> diffusion2(axis, tau), s, t);
    }

    /**
     * This SDE as a separable linear one (independent Gaussian transitions per axis, see
     * {@link SeparableLinearSde}), when it is one: the capability that lets a solver use the exact
     * per-mode propagator. Empty by default.
     */
    default Optional<SeparableLinearSde> separableLinear() {
        return Optional.empty();
    }

    /**
     * The constant full diffusion matrix D = ½ G Gᵀ when G Gᵀ is not diagonal: the Fokker–Planck
     * equation is then ∂p/∂t = −∇·(f p) + Σ_{i,j} D_ij ∂_i ∂_j p, {@link #diffusion2}(i) returns
     * 2 D_ii, and the (diagonal) solver refuses the SDE as it is: solve it in the eigen-coordinates
     * of D with {@code org.ttfp.fp.DiffusionRotation}. Empty (diagonal diffusion g_i(t)²) by default.
     */
    default Optional<DiffusionMatrix> diffusionMatrix() {
        return Optional.empty();
    }
}
