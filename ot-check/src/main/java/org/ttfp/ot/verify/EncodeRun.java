package org.ttfp.ot.verify;

import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.fp.Solution;
import org.ttfp.linalg.Backend;
import org.ttfp.ot.ProbabilityFlowEncoder;
import org.ttfp.tt.Cancellation;

/**
 * The encoder of a scenario at given points, as a library call (what {@code ttfp encode} runs):
 * solve the Fokker–Planck equation of the scenario up to the horizon T, then map the points from
 * t0 to T with the probability-flow ODE driven by the TT score, with the Jacobians
 * J_ij = ∂E_i/∂x_j by the variational equation ({@link ProbabilityFlowEncoder#encodeWithJacobian}).
 *
 * <p>A horizon other than the scenario's own (larger too) solves the density up to it, with the
 * number of solver steps scaled by T'/T so that the step length stays the preset's.
 */
public final class EncodeRun {
    private EncodeRun() {}

    /**
     * Settings of an encoder run.
     *
     * @param horizon             T' &gt; t0, or NaN for the scenario's own horizon
     * @param integratorTolerance absolute and relative tolerance, in (0, 1e−2), or NaN: automatic per scenario
     * @param jacobians           whether to integrate the variational equation
     * @param seed                seed of the solver's cross (and of drawn samples)
     * @param backend             dense backend
     */
    public record Settings(double horizon, double integratorTolerance, boolean jacobians, long seed, Backend backend) {
        /** Validates the settings. */
        public Settings {
            if (!Double.isNaN(horizon) && !(horizon > 0 && Double.isFinite(horizon))) {
                throw new IllegalArgumentException("horizon = " + horizon + ": expected a finite T > 0 (or NaN: the scenario's)");
            }
            if (!Double.isNaN(integratorTolerance) && !(integratorTolerance > 0 && integratorTolerance < 1e-2)) {
                throw new IllegalArgumentException("integratorTolerance = " + integratorTolerance
                        + ": expected 0 < tol < 1e-2");
            }
            if (backend == null) {
                throw new IllegalArgumentException("backend is null: expected a dense Backend");
            }
        }
    }

    /**
     * The outcome.
     *
     * @param scenario         the scenario as run (with the horizon and steps used)
     * @param points           x, row-major N x d (the input)
     * @param images           E(x), row-major N x d
     * @param jacobians        ∂E_i/∂x_j at [s·d² + i·d + j], or null when not asked for
     * @param steps            accepted integrator steps
     * @param scoreEvaluations batched score evaluations
     * @param solveSeconds     wall time of the solve
     * @param encodeSeconds    wall time of the encoding
     * @param solution         the TT solution
     */
    public record Result(Scenario scenario, double[] points, double[] images, double[] jacobians, int steps,
            int scoreEvaluations, double solveSeconds, double encodeSeconds, Solution solution) {}

    /** The scenario with another horizon (steps scaled by T'/T), or itself for NaN or an equal horizon. */
    public static Scenario withHorizon(Scenario sc, double horizon) {
        if (Double.isNaN(horizon) || horizon == sc.horizon()) {
            return sc;
        }
        if (!(horizon > sc.startTime()) || !Double.isFinite(horizon)) {
            throw new IllegalArgumentException("horizon = " + horizon + ": expected a finite T > t0 = " + sc.startTime());
        }
        int steps = (int) Math.max(1, Math.ceil(sc.steps() * horizon / sc.horizon() - 1e-9));
        return new Scenario(sc.name(), sc.family(), sc.parameter(), sc.sde(), sc.sdeName(), horizon, sc.startTime(),
                sc.box(), steps, sc.maxRank(), sc.tolerance(), sc.initial(), sc.sampler(), sc.exactScore(),
                null, sc.boxMassTolerance());
    }

    /**
     * Checks that the points (row-major N x d) are finite and inside the scenario's box.
     *
     * @throws IllegalArgumentException naming the point (0-based), the axis and the value
     */
    public static void requireInBox(Scenario sc, double[] x) {
        int d = sc.dim();
        if (x == null || x.length == 0 || x.length % d != 0) {
            throw new IllegalArgumentException("points have " + (x == null ? "null" : x.length + " values")
                    + ": expected a non-empty row-major N x " + d + " array");
        }
        for (int j = 0; j < x.length; j++) {
            ChebyshevGrid g = sc.box().axis(j % d);
            if (!Double.isFinite(x[j]) || x[j] < g.a() || x[j] > g.b()) {
                throw new IllegalArgumentException("point " + (j / d) + ", axis " + (j % d) + ": x = " + x[j]
                        + ": expected a finite coordinate in the box [" + g.a() + ", " + g.b() + "]");
            }
        }
    }

    /** Solves the scenario (up to the settings' horizon) and encodes the given points. */
    public static Result at(Scenario scenario, double[] x, Settings s, VerificationRunner.Progress progress,
            Cancellation cancel) {
        Scenario sc = withHorizon(scenario, s.horizon());
        requireInBox(sc, x);
        progress.stage(sc.name(), "solving Fokker-Planck (n=" + sc.box().axis(0).size() + ", " + sc.steps()
                + " steps, T = " + sc.horizon() + ")");
        SolveStage.Solved solved = SolveStage.run(sc, sc.box(), sc.steps(), s.seed(), s.backend(), progress, cancel);
        return encode(sc, solved, x, s, progress, cancel);
    }

    /** Solves the scenario, draws {@code samples} points of p_t0 as the verification does, and encodes them. */
    public static Result samples(Scenario scenario, int samples, double densityFloor, Settings s,
            VerificationRunner.Progress progress, Cancellation cancel) {
        Scenario sc = withHorizon(scenario, s.horizon());
        progress.stage(sc.name(), "solving Fokker-Planck (n=" + sc.box().axis(0).size() + ", " + sc.steps()
                + " steps, T = " + sc.horizon() + ")");
        SolveStage.Solved solved = SolveStage.run(sc, sc.box(), sc.steps(), s.seed(), s.backend(), progress, cancel);
        double[] x = SampleStage.run(sc, solved.solution(), samples, densityFloor, s.seed(), cancel).x();
        return encode(sc, solved, x, s, progress, cancel);
    }

    private static Result encode(Scenario sc, SolveStage.Solved solved, double[] x, Settings s,
            VerificationRunner.Progress progress, Cancellation cancel) {
        int n = x.length / sc.dim();
        progress.stage(sc.name(), "encoding " + n + " points" + (s.jacobians() ? " with Jacobians" : ""));
        long t0 = System.nanoTime();
        ProbabilityFlowEncoder enc = new EncodeStage.Encoder(sc, solved.solution(),
                VerificationRunner.integratorTolerance(sc, s.integratorTolerance()), cancel)
                .encoder();
        ProbabilityFlowEncoder.Result r = s.jacobians() ? enc.encodeWithJacobian(x, sc.startTime(), sc.horizon())
                : enc.encode(x, sc.startTime(), sc.horizon());
        return new Result(sc, x.clone(), r.points(), r.jacobians(), r.steps(), r.scoreEvaluations(), solved.seconds(),
                (System.nanoTime() - t0) / 1e9, solved.solution());
    }
}
