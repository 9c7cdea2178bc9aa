package org.ttfp.cross;

import org.ttfp.tt.TensorTrain;

/**
 * The outcome of a TT-cross run: the approximation and how it was obtained.
 *
 * @param tt   the approximation (rounded to the run's eps)
 * @param info diagnostics, including the reason the run stopped
 * @param sets the interpolation sets the run ended with (a warm start of a nearby function, see
 *             {@link TtCross#approximate(TensorTrain, CrossIndexSets, BatchFunction, CrossOptions)});
 *             null when not known
 */
public record CrossResult(TensorTrain tt, CrossInfo info, CrossIndexSets sets) {
    public CrossResult {
        if (tt == null || info == null) {
            throw new IllegalArgumentException("tt and info must not be null");
        }
    }

    /** A result without interpolation sets. */
    public CrossResult(TensorTrain tt, CrossInfo info) {
        this(tt, info, null);
    }

    /**
     * This result if the run converged.
     *
     * @throws CrossNotConvergedException otherwise (it carries this result and names the reason)
     */
    public CrossResult requireConverged() {
        if (!info.converged()) {
            throw new CrossNotConvergedException(this);
        }
        return this;
    }
}
