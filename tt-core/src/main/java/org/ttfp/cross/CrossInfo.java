package org.ttfp.cross;

/**
 * Diagnostics of a TT-cross run (or of its state after one sweep, as given to a progress listener).
 *
 * @param evaluations     distinct multi-indices at which the function was called (cache misses);
 *                        the validation points are not included
 * @param cacheHits       fibre entries served from the cache of earlier evaluations
 * @param sweeps          completed sweeps; a sweep updates all d cores once, alternately left to
 *                        right and right to left
 * @param lastChange      ‖Y_s − Y_{s−1}‖_F / max(‖Y_s‖_F, ‖Y_{s−1}‖_F) between the approximations after
 *                        the last two sweeps (Y_0 = the starting tensor); NaN before the first sweep
 * @param maxRank         the largest TT rank of the approximation (after the final rounding in a
 *                        result, before it in a progress report)
 * @param stopReason      why the run stopped; null in a progress report of a sweep after which it
 *                        goes on
 * @param validationError ‖f − Y‖₂ / ‖f‖₂ over the random validation multi-indices, or NaN when not
 *                        measured
 * @param seconds         wall-clock time since the start of the run
 */
public record CrossInfo(long evaluations, long cacheHits, int sweeps, double lastChange, int maxRank,
                        StopReason stopReason, double validationError, double seconds) {

    /** True when the run stopped because it converged. */
    public boolean converged() {
        return stopReason == StopReason.CONVERGED;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "CrossInfo[stop=%s, sweeps=%d, evaluations=%d, cacheHits=%d, lastChange=%.3g, maxRank=%d, "
                        + "validationError=%.3g, seconds=%.3f]",
                stopReason == null ? "running" : stopReason, sweeps, evaluations, cacheHits, lastChange, maxRank,
                validationError, seconds);
    }
}
