package org.ttfp.fp;

import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.sde.SeparableLinearSde;

/** Which propagator {@link FpSolver} uses. */
public enum FpMethod {
    /**
     * {@link #EXACT} when the SDE is a {@link SeparableLinearSde} or {@link LinearGaussianSde},
     * else {@link #SPLIT}.
     */
    AUTO,
    /**
     * Strang splitting (math.md §5): half a step of diffusion through per-mode matrix exponentials,
     * a convection step along characteristics assembled by TT-cross, half a step of diffusion, then
     * rounding. Second order in time; any drift.
     */
    SPLIT,
    /**
     * The exact separable propagator: one Gaussian transition matrix per mode and step (no time
     * discretisation error). Only for separable linear SDEs.
     */
    EXACT
}
