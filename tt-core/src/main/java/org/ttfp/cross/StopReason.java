package org.ttfp.cross;

/** Why a TT-cross run stopped. */
public enum StopReason {
    /** The relative change of the approximation between two sweeps fell below eps, and no rank was capped. */
    CONVERGED,
    /**
     * The relative change fell below eps, but in the last sweep the rank saturated
     * {@link CrossOptions#maxRank()} (a fibre matrix limited by the cap had full numerical rank): the
     * sweeps settled at the cap, at an accuracy that may be far worse than eps, and a validation
     * ({@link CrossOptions#validationSize()}), if any, measured more than 10·eps. Raise the cap, or
     * accept the capped accuracy. Counts as not converged.
     */
    RANK_CAP,
    /** The sweep limit was reached before convergence. */
    MAX_SWEEPS,
    /** The next fibre set would have exceeded the function-evaluation budget. */
    MAX_EVALUATIONS,
    /**
     * Every entry the run evaluated was zero, up to {@link CrossOptions#maxSweeps()} sweeps: the
     * result is the zero tensor, and nothing shows whether f vanishes or lives where no fibre went
     * (a function concentrated on a small part of a large grid, or values that underflow to 0 on
     * most of it). Start from a guess that locates f (warm start), or shrink the grid's box.
     * Counts as not converged.
     */
    ALL_ZERO
}
