package org.ttfp.fp;

import org.ttfp.tt.TensorTrain;

/**
 * Observes a solve of {@link FpSolver} (the observer of the problem / integrator / observer
 * separation): {@link #init} once before the first step, {@link #handleStep} after the initial
 * density (step 0) and after every step, on the solving thread, {@link #finish} with the solution.
 * A handler must not modify the density it is shown; an exception it throws stops the solve.
 */
@FunctionalInterface
public interface FpStepHandler {

    /**
     * The solve starts.
     *
     * @param problem      what is solved
     * @param settings     how
     * @param plannedSteps the number of steps of the time grid
     */
    default void init(FpProblem problem, FpSolver.Settings settings, int plannedSteps) {}

    /**
     * One step is done and passed its health checks.
     *
     * @param diagnostics  what the step did (step 0: the initial density)
     * @param density      the density at {@code diagnostics.time()}, rounded (a TT of grid values)
     * @param plannedSteps the number of steps of the solve
     */
    void handleStep(StepDiagnostics diagnostics, TensorTrain density, int plannedSteps);

    /** The solve ended normally with this solution. */
    default void finish(Solution solution) {}
}
