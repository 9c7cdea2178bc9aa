package org.ttfp.fp;

/** Progress reports of {@link FpSolver}: called on the solving thread after every step. */
@FunctionalInterface
public interface FpListener {
    /**
     * One step is done.
     *
     * @param diagnostics what the step did (step 0: the initial density)
     * @param totalSteps  the number of steps of the solve
     */
    void onStep(StepDiagnostics diagnostics, int totalSteps);
}
