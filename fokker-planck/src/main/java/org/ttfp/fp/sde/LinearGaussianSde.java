package org.ttfp.fp.sde;

import java.util.Optional;

/**
 * An SDE whose transition is X(t) = α(t) X(0) + σ(t) ε with ε ~ N(0, I) (isotropic affine drift
 * f = (α'/α) x and diffusion g² = d(σ²)/dt − 2(α'/α)σ²): VP, VE, sub-VP, isotropic OU. For these,
 * a Gaussian mixture stays a Gaussian mixture: p_t = Σ w_k N(α μ_k, α² S_k + σ² I).
 */
public interface LinearGaussianSde extends Sde {
    /** The scale α(t) of the initial point, α(0) = 1. */
    double alpha(double t);

    /** The added noise variance σ(t)², σ(0)² = 0. */
    double sigma2(double t);

    /** The separable view {@link SeparableLinearSde#of} (every axis has the scale α(t)/α(s)). */
    @Override
    default Optional<SeparableLinearSde> separableLinear() {
        return Optional.of(SeparableLinearSde.of(this));
    }
}
