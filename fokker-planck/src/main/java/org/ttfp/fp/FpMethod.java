package org.ttfp.fp;

import org.ttfp.fp.sde.Sde;

/** Which propagator {@link FpSolver} uses. */
public enum FpMethod {
    /** {@link #EXACT} when the SDE has the separable linear capability ({@link Sde#separableLinear()}), else {@link #SPLIT}. */
    AUTO,
    /**
     * Strang splitting ({@link org.ttfp.fp.solve.StrangSplitPropagator}): half a step of diffusion
     * through per-mode matrix exponentials, a convection step along characteristics assembled by
     * TT-cross, half a step of diffusion. Second order in time; any drift.
     */
    SPLIT,
    /**
     * The exact separable propagator ({@link org.ttfp.fp.solve.ExactSeparablePropagator}): one
     * Gaussian transition matrix per mode and step (no time discretisation error). Only for
     * separable linear SDEs.
     */
    EXACT,
    /**
     * Richardson extrapolation of the Strang split ({@link org.ttfp.fp.solve.RichardsonPropagator}):
     * (4 S_{h/2}S_{h/2} − S_h)/3 with positive steps only, fourth order in time, with a local error
     * estimate per step; adaptive steps when {@code FpSolver.Settings.timeTolerance()} is set. Three
     * crosses per step; any drift.
     */
    EXTRAPOLATED;

    /**
     * The method this request means for the SDE: AUTO becomes EXACT or SPLIT by the SDE's
     * capability, the others stay.
     *
     * @throws IllegalArgumentException if EXACT is requested for an SDE without the separable linear capability
     */
    public FpMethod resolve(Sde sde) {
        boolean separable = sde.separableLinear().isPresent();
        if (this == EXACT && !separable) {
            throw new IllegalArgumentException("method EXACT needs a separable linear SDE (SeparableLinearSde or "
                    + "LinearGaussianSde), got " + sde + ": use SPLIT");
        }
        return this == AUTO ? (separable ? EXACT : SPLIT) : this;
    }
}
