package org.ttfp.cross;

/** Why a TT-cross run stopped. */
public enum StopReason {
    /** The relative change of the approximation between two sweeps fell below eps. */
    CONVERGED,
    /** The sweep limit was reached before convergence. */
    MAX_SWEEPS,
    /** The next fibre set would have exceeded the function-evaluation budget. */
    MAX_EVALUATIONS,
    /** The cancellation check returned true. */
    CANCELLED
}
