package org.ttfp.ot.verify;

import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.fp.FpProblem;
import org.ttfp.fp.FpSolver;
import org.ttfp.fp.Solution;
import org.ttfp.fp.StepDiagnostics;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.Cancellation;

/**
 * Stage 1 of a verification run: the Fokker–Planck solve of a {@link Scenario} in TT format on its
 * box (or on a coarser one, for the refinement estimate of the solver error).
 */
final class SolveStage {
    private SolveStage() {}

    /**
     * A finished solve.
     *
     * @param solution  the TT solution
     * @param box       the grid it was solved on
     * @param steps     its time steps
     * @param seconds   wall time
     * @param maxRank   the largest TT rank of any step
     * @param massDrift the largest relative mass drift of any step
     */
    record Solved(Solution solution, ChebyshevBox box, int steps, double seconds, int maxRank, double massDrift) {}

    /**
     * Solves the scenario's equation on {@code box} with {@code steps} steps.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancel} is raised (polled before
     *         every step and inside every cross)
     */
    static Solved run(Scenario sc, ChebyshevBox box, int steps, long seed, Backend backend,
            VerificationRunner.Progress progress, Cancellation cancel) {
        cancel.check("before the Fokker-Planck solve of " + sc.name());
        long t0 = System.nanoTime();
        FpProblem problem = FpProblem.builder(sc.sde(), box).initial(sc.initial()).finalTime(sc.horizon())
                .steps(steps).build();
        FpSolver.Settings how = FpSolver.Settings.defaults().withMaxRank(sc.maxRank()).withEps(sc.tolerance())
                .withBoxMassTolerance(sc.boxMassTolerance()).withSeed(seed).withBackend(backend);
        Solution sol = FpSolver.solve(problem, how, (diag, density, total) -> progress.solveStep(diag.step(), total),
                cancel);
        int maxRank = 0;
        double drift = 0;
        for (StepDiagnostics sd : sol.diagnostics()) {
            maxRank = Math.max(maxRank, sd.maxRank());
            drift = Math.max(drift, Math.abs(sd.massDrift()));
        }
        return new Solved(sol, box, steps, (System.nanoTime() - t0) / 1e9, maxRank, drift);
    }

    /** The same box with about {@code factor} times the nodes per axis (at least 8). */
    static ChebyshevBox coarsen(ChebyshevBox box, double factor) {
        ChebyshevGrid[] axes = new ChebyshevGrid[box.dim()];
        for (int i = 0; i < axes.length; i++) {
            ChebyshevGrid g = box.axis(i);
            axes[i] = new ChebyshevGrid(g.a(), g.b(), Math.max(8, (int) Math.round(g.size() * factor)));
        }
        return new ChebyshevBox(axes);
    }
}
