package org.ttfp.fp.solve;

import org.ttfp.cross.CrossInfo;
import org.ttfp.tt.TensorTrain;

/**
 * Advances a density p(·, s), a TT of values on a Chebyshev grid, to p(·, t) for the Fokker–Planck
 * equation of one SDE: the integrator of the solver, separate from the problem (what) and the step
 * handler (observer). Implementations: {@link ExactSeparablePropagator} (exact per-mode Gaussian
 * transitions for separable linear SDEs, any step) and {@link StrangSplitPropagator} (Strang
 * splitting of diffusion and convection, any drift). The result is not rounded; the caller rounds.
 */
public interface Propagator {

    /**
     * Advances p from s to t &gt; s.
     *
     * @param p    the density at s (values on the grid; not modified)
     * @param s    the start time
     * @param t    the end time, &gt; s
     * @param step the 1-based number of this step (seeds the randomised parts of a step)
     * @return the density at t and what the step did
     */
    Advance advance(TensorTrain p, double s, double t, int step);

    /** A short name for reports ("exact separable", "Strang split"). */
    String name();

    /**
     * The result of one {@link #advance}.
     *
     * @param density       p(·, t), unrounded
     * @param cross         the TT-cross of the step, or null when it ran none
     * @param minValue      the smallest value the step computed pointwise (+∞ when none)
     * @param maxValue      the largest such value (−∞ when none)
     * @param errorEstimate an estimate of the local time-discretisation error of the step, relative
     *                      to ‖p‖ (0 for an exact propagator, NaN when not estimated)
     * @param substeps      the accepted internal sub-steps (1 unless the propagator adapts its step)
     */
    record Advance(TensorTrain density, CrossInfo cross, double minValue, double maxValue, double errorEstimate,
            int substeps) {

        /** A result with no cross and no pointwise values. */
        public static Advance exact(TensorTrain density) {
            return new Advance(density, null, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, 1);
        }
    }
}
