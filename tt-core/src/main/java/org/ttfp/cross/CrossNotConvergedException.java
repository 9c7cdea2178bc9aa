package org.ttfp.cross;

/**
 * Thrown when a TT-cross run stopped before its relative change fell below eps (sweep limit,
 * evaluation budget or cancellation) and the caller asked for convergence. The partial result is
 * kept.
 */
public final class CrossNotConvergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient CrossResult result;

    /** An exception for a run that did not converge; the message holds its diagnostics. */
    public CrossNotConvergedException(CrossResult result) {
        super("TT-cross did not converge: " + result.info());
        this.result = result;
    }

    /** The result the run stopped with (its approximation and diagnostics). */
    public CrossResult result() {
        return result;
    }

    /** The diagnostics of the run. */
    public CrossInfo info() {
        return result.info();
    }
}
