package org.ttfp.fp.sde;

import java.util.Optional;
import org.ttfp.fp.FpSolver;

/**
 * An SDE whose axes evolve independently by linear Gaussian transitions:
 * <pre>
 *   X_i(t) = a_i(s, t) X_i(s) + √v_i(s, t) ε_i,   ε ~ N(0, I),  0 ≤ s ≤ t,
 * </pre>
 * i.e. drift f_i(x, t) = c_i(t) x_i and diffusion g_i(t)² per axis (VP, VE, sub-VP, OU with a
 * diagonal matrix). The Fokker–Planck operator is then a sum of one-dimensional operators, so the
 * exact transition p_s ↦ p_t factorises over the axes:
 * <pre>
 *   p_t(y) = ∫ Π_i K_i(y_i | x_i) p_s(x) dx,   K_i(y | x) = N(y; a_i x, v_i),
 * </pre>
 * which {@link FpSolver} applies as one n_i x n_i matrix per mode of a TT (no rank growth).
 */
public interface SeparableLinearSde extends Sde {

    /** This SDE itself. */
    @Override
    default Optional<SeparableLinearSde> separableLinear() {
        return Optional.of(this);
    }

    /** The scale a_i(s, t) = exp(∫_s^t c_i) &gt; 0 of the transition along {@code axis}, for s ≤ t. */
    double transitionScale(int axis, double s, double t);

    /** The variance v_i(s, t) ≥ 0 of the transition along {@code axis}, for s ≤ t (0 when s = t). */
    double transitionVariance(int axis, double s, double t);

    /**
     * A view of an isotropic {@link LinearGaussianSde} as a separable one, with
     * a(s, t) = α(t)/α(s) and v(s, t) = σ²(t) − a(s, t)² σ²(s) (valid because the process is a
     * linear Markov process). Instances that already implement this interface are returned as they
     * are.
     *
     * @throws IllegalArgumentException if {@code sde} is null
     */
    static SeparableLinearSde of(LinearGaussianSde sde) {
        if (sde == null) {
            throw new IllegalArgumentException("sde is null: expected a LinearGaussianSde");
        }
        if (sde instanceof SeparableLinearSde s) {
            return s;
        }
        return new SeparableLinearSde() {
            @Override
            public int dim() {
                return sde.dim();
            }

            @Override
            public void drift(double t, double[] x, int count, double[] out) {
                sde.drift(t, x, count, out);
            }

            @Override
            public void divergence(double t, double[] x, int count, double[] out) {
                sde.divergence(t, x, count, out);
            }

            @Override
            public double diffusion2(int axis, double t) {
                return sde.diffusion2(axis, t);
            }

            @Override
            public double integratedDiffusion2(int axis, double s, double t) {
                return sde.integratedDiffusion2(axis, s, t);
            }

            @Override
            public double transitionScale(int axis, double s, double t) {
                return sde.alpha(t) / sde.alpha(s);
            }

            @Override
            public double transitionVariance(int axis, double s, double t) {
                double a = sde.alpha(t) / sde.alpha(s);
                return Math.max(0.0, sde.sigma2(t) - a * a * sde.sigma2(s));
            }

            @Override
            public String toString() {
                return "SeparableLinearSde.of(" + sde + ")";
            }
        };
    }
}
