package org.ttfp.cross;

import org.ttfp.tt.TensorTrain;

/**
 * The outcome of a TT-cross run: the approximation and how it was obtained.
 *
 * @param tt   the approximation (rounded to the run's eps)
 * @param info diagnostics, including the reason the run stopped
 */
public record CrossResult(TensorTrain tt, CrossInfo info) {
    public CrossResult {
        if (tt == null || info == null) {
            throw new IllegalArgumentException("tt and info must not be null");
        }
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
