package org.ttfp.fp.sde;

import java.util.Optional;

/**
 * A {@link LinearGaussianSde} that is its own {@link SeparableLinearSde}: it gives the transition
 * a_i(s, t), v_i(s, t) of every axis in closed form (VP, VE, sub-VP, isotropic OU), so the
 * separable view is the SDE itself rather than {@link SeparableLinearSde#of}'s α(t)/α(s) view.
 */
public interface SeparableLinearGaussianSde extends LinearGaussianSde, SeparableLinearSde {

    /** This SDE itself (its axes are independent linear Gaussian transitions). */
    @Override
    default Optional<SeparableLinearSde> separableLinear() {
        return Optional.of(this);
    }
}
