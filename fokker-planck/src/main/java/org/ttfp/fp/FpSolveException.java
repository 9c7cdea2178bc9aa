package org.ttfp.fp;

import java.util.List;

/**
 * A solve stopped because its density became untrustworthy: the mass drifted beyond
 * {@code FpSolver.Settings.massTolerance()} or the density went negative beyond
 * {@code FpSolver.Settings.negativityTolerance()}. The diagnostics up to and including the failing step
 * and the solution computed before it are kept.
 */
public final class FpSolveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<StepDiagnostics> diagnostics;
    private final transient Solution partial;

    FpSolveException(String message, List<StepDiagnostics> diagnostics, Solution partial) {
        super(message);
        this.diagnostics = List.copyOf(diagnostics);
        this.partial = partial;
    }

    /** The diagnostics of every step done, the failing one last. */
    public List<StepDiagnostics> diagnostics() {
        return diagnostics;
    }

    /** The snapshots stored before the failing step, or null when it failed on the initial density. */
    public Solution partial() {
        return partial;
    }
}
