package org.ttfp.ot.verify;

import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.Solution;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.Cancellation;

/**
 * Runs one {@link Scenario} through five stages, each a small type with its inputs and outputs:
 * <ol>
 *   <li>{@link SolveStage}: the Fokker–Planck equation in TT format (and, without an exact score, a
 *       coarser solve for the refinement estimate of the solver error: 3/4 of the nodes, half the steps);</li>
 *   <li>{@link SampleStage}: samples of p_{t0} in the resolved bulk of the density;</li>
 *   <li>{@link EncodeStage}: the probability-flow encoder with the TT score, at 10× the integrator
 *       tolerance, with the reference score, and the Jacobians of Brenier's test;</li>
 *   <li>{@link MeasureStage}: the paper's metric, the deviation from a known OT map, the error
 *       budget (solver, integrator, tail, time interpolation) and Brenier's asymmetry with its floor;</li>
 *   <li>{@link JudgeStage}: the two typed verdicts ({@link Verdict}).</li>
 * </ol>
 * Cancellation is the one mechanism of ttfp ({@link Cancellation}): polled at every solver step
 * and score evaluation, it stops the run with a {@link java.util.concurrent.CancellationException}.
 */
public final class VerificationRunner {

    /**
     * The integrator tolerance of a scenario: the requested one, or where it is automatic (NaN)
     * 1e−10 for scenarios with an exact OT map, whose deviation the error budget can resolve to
     * 1e−7 (at 1e−8 the integrator alone left 3.4e−7 on the counterexample, ε = 0.1, t0 = 0;
     * docs/exact-in-time.md), and 1e−8 otherwise (the refinement estimate of the solver dominates
     * their budget, and 1e−10 made the paper preset's encoding about 13 times slower).
     *
     * @param requested a tolerance in (0, 1e−2), or NaN for automatic
     */
    public static double integratorTolerance(Scenario sc, double requested) {
        if (!Double.isNaN(requested)) {
            return requested;
        }
        return sc.reference() != null && sc.reference().exact() ? 1e-10 : 1e-8;
    }

    /**
     * Settings of a run.
     *
     * @param samples             N ≥ 2 samples
     * @param jacobianPoints      points for Brenier's test (0 to skip)
     * @param jacobianStep        relative finite-difference step h &gt; 0 of a finite-difference cross-check of
     *                            the Jacobians (the verification itself uses the variational equation)
     * @param integratorTolerance absolute and relative tolerance of the ODE integrator, or NaN for
     *                            the automatic choice per scenario ({@link #integratorTolerance(Scenario, double)})
     * @param refineFactor        grid factor of the coarse solve used when no exact score exists (0 &lt; f &lt; 1)
     * @param densityFloor        samples where the solved p_{t0} is below this fraction of its largest
     *                            sampled value are redrawn (0 ≤ floor &lt; 1; the tails the grid does not resolve)
     * @param seed                seed of the samples and of the solver's cross
     * @param backend             dense backend of the TT computations
     */
    public record Settings(int samples, int jacobianPoints, double jacobianStep, double integratorTolerance,
            double refineFactor, double densityFloor, long seed, Backend backend) {
        public Settings {
            if (!(densityFloor >= 0 && densityFloor < 1)) {
                throw new IllegalArgumentException("densityFloor = " + densityFloor + ": expected 0 <= floor < 1");
            }
            if (samples < 2) {
                throw new IllegalArgumentException("samples = " + samples + ": expected at least 2");
            }
            if (jacobianPoints < 0) {
                throw new IllegalArgumentException("jacobianPoints = " + jacobianPoints + ": expected >= 0");
            }
            if (!(jacobianStep > 0 && jacobianStep < 0.1)) {
                throw new IllegalArgumentException("jacobianStep = " + jacobianStep + ": expected 0 < h < 0.1");
            }
            if (!Double.isNaN(integratorTolerance) && !(integratorTolerance > 0 && integratorTolerance < 1e-2)) {
                throw new IllegalArgumentException("integratorTolerance = " + integratorTolerance
                        + ": expected 0 < tol < 1e-2");
            }
            if (!(refineFactor > 0 && refineFactor < 1)) {
                throw new IllegalArgumentException("refineFactor = " + refineFactor + ": expected 0 < f < 1");
            }
            if (backend == null) {
                throw new IllegalArgumentException("backend is null");
            }
        }
    }

    /** Progress of a run: stages and solver steps. */
    public interface Progress {
        /** A new stage of a scenario begins. */
        void stage(String scenario, String stage);

        /** A solver step is done. */
        void solveStep(int step, int totalSteps);

        /** Reports nothing. */
        Progress NONE = new Progress() {
            @Override
            public void stage(String scenario, String stage) {}

            @Override
            public void solveStep(int step, int totalSteps) {}
        };
    }

    private VerificationRunner() {}

    /**
     * A finished scenario: its figures, the solution and the points (for figures).
     *
     * @param result    the figures
     * @param solution  the TT solution of the Fokker–Planck equation
     * @param start     the samples x (row-major N x d)
     * @param encoded   E(x) with the TT score
     * @param reference T(x) of the reference OT map, or null
     */
    public record Outcome(ScenarioResult result, Solution solution, double[] start, double[] encoded, double[] reference) {}

    /**
     * Runs the scenario through the stages solve → sample → encode → measure → judge.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancel} is raised (polled at
     *         every solver step and score evaluation)
     */
    public static Outcome run(Scenario sc, Settings s, Progress progress, Cancellation cancel) {
        progress.stage(sc.name(), "solving Fokker-Planck (n=" + sc.box().axis(0).size() + ", " + sc.steps() + " steps)");
        SolveStage.Solved solved = SolveStage.run(sc, sc.box(), sc.steps(), s.seed(), s.backend(), progress, cancel);
        Solution sol = solved.solution();
        double solveSeconds = solved.seconds();

        progress.stage(sc.name(), "sampling " + s.samples() + " points");
        SampleStage.Samples samples = SampleStage.run(sc, sol, s.samples(), s.densityFloor(), s.seed(), cancel);
        double[] x = samples.x();

        EncodeStage.Scores scores;
        if (sc.exactScore() != null) {
            scores = new EncodeStage.Scores(sol, sc.exactScore(), "against the exact-score encoder", true);
        } else {
            ChebyshevBox coarse = SolveStage.coarsen(sc.box(), s.refineFactor());
            int coarseSteps = Math.max(1, sc.steps() / 2);
            progress.stage(sc.name(), "coarse solve for the refinement estimate (n=" + coarse.axis(0).size() + ", "
                    + coarseSteps + " steps)");
            SolveStage.Solved c = SolveStage.run(sc, coarse, coarseSteps, s.seed(), s.backend(), progress, cancel);
            solveSeconds += c.seconds();
            scores = new EncodeStage.Scores(sol, c.solution(), "refinement: n=" + coarse.axis(0).size() + ", "
                    + coarseSteps + " steps against n=" + sc.box().axis(0).size() + ", " + sc.steps() + " steps", false);
        }
        long tEnc = System.nanoTime();
        EncodeStage.Encodings enc = EncodeStage.run(sc, scores, x, integratorTolerance(sc, s.integratorTolerance()),
                s.jacobianPoints(), progress, cancel);
        MeasureStage.Measures m = MeasureStage.run(sc, scores, x, enc, progress);
        Verdict verdict = JudgeStage.run(m);
        double encodeSeconds = (System.nanoTime() - tEnc) / 1e9;

        ScenarioResult result = new ScenarioResult(
                new ScenarioResult.ScenarioInfo(sc.name(), sc.family(), sc.parameter(), sc.sdeName(), sc.dim(),
                        sc.horizon(), sc.startTime()),
                new ScenarioResult.SolveFigures(sc.box().axis(0).size(), sc.steps(), solved.maxRank(), sc.maxRank(),
                        solved.massDrift()),
                new ScenarioResult.SamplingFigures(x.length / sc.dim(), samples.excludedFraction()), m.paper(),
                m.deviation(), m.errors(), m.brenier(), new ScenarioResult.Timings(solveSeconds, encodeSeconds), verdict);
        return new Outcome(result, sol, x, enc.tt(), m.otImages());
    }

    /**
     * Only the encoding: solve, sample and map the samples from t0 to T with the TT score.
     *
     * @return the solution, the samples and their images (reference = null, result = null)
     */
    public static Outcome encodeOnly(Scenario sc, Settings s, Progress progress, Cancellation cancel) {
        progress.stage(sc.name(), "solving Fokker-Planck (n=" + sc.box().axis(0).size() + ", " + sc.steps() + " steps)");
        Solution sol = SolveStage.run(sc, sc.box(), sc.steps(), s.seed(), s.backend(), progress, cancel).solution();
        progress.stage(sc.name(), "sampling and encoding " + s.samples() + " points");
        double[] x = SampleStage.run(sc, sol, s.samples(), s.densityFloor(), s.seed(), cancel).x();
        double[] e = new EncodeStage.Encoder(sc, sol, integratorTolerance(sc, s.integratorTolerance()), cancel)
                .encode(x);
        return new Outcome(null, sol, x, e, null);
    }
}
