package org.ttfp.ot.verify;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.fp.FpProblem;
import org.ttfp.fp.FpSolver;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.density.ScoreField;
import org.ttfp.fp.Solution;
import org.ttfp.fp.StepDiagnostics;
import org.ttfp.linalg.Backend;
import org.ttfp.ot.ProbabilityFlowEncoder;
import org.ttfp.ot.verify.MapMetrics.PaperMetric;

/**
 * Runs one {@link Scenario}: solves the Fokker–Planck equation in TT format, draws samples, encodes
 * them with the probability-flow ODE driven by the solved density's score, and measures how far the
 * encoder is from optimal transport, with the numerical errors that bound what can be resolved:
 * <ol>
 *   <li>the paper's metric |C_OT − C_id| / C_id on the pairs (x_i, E(x_i)) (exact assignment);</li>
 *   <li>the deviation ‖E(x) − T(x)‖ / ‖T(x) − x‖ from a known OT map T;</li>
 *   <li>Brenier's test: the asymmetry of E's Jacobian (zero for any OT map), by central differences;
 *       its floor adds the changes under the integrator tolerance, the solver reference and doubling
 *       the difference step (truncation);</li>
 *   <li>the solver error (against the exact-score encoder, or by refining the grid), the integrator
 *       error (tolerance tol against 10·tol; the refinement halves the steps and takes 3/4 of the nodes)
 *       and, for maps to the T → ∞ law, the tail of the flow after
 *       T estimated from the velocity at T (it decays like exp(−2λ(t − T)), λ = −d log α/dt).</li>
 * </ol>
 * The verdict says "E = OT within numerical error" when the deviation from an exact OT map is at
 * most 3 times the sum of those errors, "E ≠ OT (resolved)" when it exceeds 10 times, and "not
 * resolved" in between; a deviation from a sample estimate of the OT map is reported but does not
 * enter the verdict (its sampling error is not bounded). Brenier's test adds its own verdict.
 */
public final class VerificationRunner {

    /**
     * Settings of a run.
     *
     * @param samples             N ≥ 2 samples
     * @param jacobianPoints      points for Brenier's test (0 to skip)
     * @param jacobianStep        relative finite-difference step h &gt; 0
     * @param integratorTolerance absolute and relative tolerance of the ODE integrator
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
            if (!(integratorTolerance > 0 && integratorTolerance < 1e-2)) {
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

    /** Thrown when a run is cancelled through its cancellation check. */
    public static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledException(String where) {
            super("verification cancelled during " + where);
        }
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

    /** Runs the scenario; see the class comment. */
    public static Outcome run(Scenario sc, Settings s, Progress progress, BooleanSupplier cancelled) {
        int d = sc.dim();
        long t0Wall = System.nanoTime();
        progress.stage(sc.name(), "solving Fokker-Planck (n=" + sc.box().axis(0).size() + ", " + sc.steps() + " steps)");
        Solution sol = solve(sc, sc.box(), sc.steps(), s, progress, cancelled);
        double solveSeconds = (System.nanoTime() - t0Wall) / 1e9;
        check(cancelled, "sampling");

        progress.stage(sc.name(), "sampling " + s.samples() + " points");
        StartPoints start = startPoints(sc, sol, s);
        double[] x = start.x();
        int n = x.length / d;

        long tEnc = System.nanoTime();
        progress.stage(sc.name(), "encoding with the TT score");
        double tol = s.integratorTolerance();
        Encoder tt = new Encoder(sc, sol, tol);
        double[] eTt = tt.encode(x);
        check(cancelled, "encoding");
        Encoder ttLoose = new Encoder(sc, sol, 10 * tol);
        Stat integratorError = Stat.of(MapMetrics.relativeDeviation(x, ttLoose.encode(x), eTt, d));

        // solver error: exact score if known, else a coarser solve
        Encoder ref;
        String solverErrorMethod;
        double extraSolve = 0;
        if (sc.exactScore() != null) {
            ref = new Encoder(sc, sc.exactScore(), tol);
            solverErrorMethod = "against the exact-score encoder";
        } else {
            progress.stage(sc.name(), "coarse solve for the refinement estimate");
            ChebyshevBox coarse = coarsen(sc.box(), s.refineFactor());
            int coarseSteps = Math.max(1, sc.steps() / 2);
            long tc = System.nanoTime();
            Solution coarseSol = solve(sc, coarse, coarseSteps, s, progress, cancelled);
            extraSolve = (System.nanoTime() - tc) / 1e9;
            ref = new Encoder(sc, coarseSol, tol);
            solverErrorMethod = "refinement: n=" + coarse.axis(0).size() + ", " + coarseSteps + " steps against n="
                    + sc.box().axis(0).size() + ", " + sc.steps() + " steps";
        }
        check(cancelled, "encoding");
        double[] eRef = ref.encode(x);
        Stat solverError = Stat.of(MapMetrics.relativeDeviation(x, eTt, eRef, d));

        progress.stage(sc.name(), "optimal assignment of " + n + " pairs");
        PaperMetric paper = MapMetrics.paperMetric(x, eTt, d);
        PaperMetric paperExact = sc.exactScore() != null ? MapMetrics.paperMetric(x, eRef, d) : null;

        String refName = "";
        Stat deviation = Stat.NONE, deviationExact = Stat.NONE, tail = Stat.NONE;
        double[] tx = null;
        if (sc.reference() != null) {
            refName = sc.reference().description();
            tx = sc.reference().apply(x);
            deviation = Stat.of(MapMetrics.relativeDeviation(x, eTt, tx, d));
            if (sc.exactScore() != null) {
                deviationExact = Stat.of(MapMetrics.relativeDeviation(x, eRef, tx, d));
            }
            if (sc.reference().limit()) {
                tail = tailEstimate(sc, sol, x, eTt, tx);
            }
        }

        Stat asym = Stat.NONE, floor = Stat.NONE, minEig = Stat.NONE;
        int m = Math.min(s.jacobianPoints(), n);
        if (m > 0) {
            progress.stage(sc.name(), "Jacobians at " + m + " points (Brenier test)");
            double[] xm = java.util.Arrays.copyOf(x, m * d);
            double[][] stencil = MapMetrics.jacobianStencil(xm, m, d, s.jacobianStep());
            double[][] b = MapMetrics.brenier(tt.encode(stencil[0]), stencil[1], d);
            double[][] bLoose = MapMetrics.brenier(ttLoose.encode(stencil[0]), stencil[1], d);
            double[][] bRef = MapMetrics.brenier(ref.encode(stencil[0]), stencil[1], d);
            double[][] stencil2 = MapMetrics.jacobianStencil(xm, m, d, 2 * s.jacobianStep());
            double[][] b2 = MapMetrics.brenier(tt.encode(stencil2[0]), stencil2[1], d);
            double[] fl = new double[m];
            for (int p = 0; p < m; p++) {
                fl[p] = Math.abs(b[0][p] - bLoose[0][p]) + Math.abs(b[0][p] - bRef[0][p]) + Math.abs(b[0][p] - b2[0][p]);
            }
            asym = Stat.of(b[0]);
            minEig = Stat.of(b[1]);
            floor = Stat.of(fl);
        }
        double encodeSeconds = (System.nanoTime() - tEnc) / 1e9 - extraSolve;

        String verdict = verdict(deviation, solverError, integratorError, tail, asym, floor,
                sc.reference() != null && sc.reference().exact());
        int maxRank = 0;
        double drift = 0;
        for (StepDiagnostics sd : sol.diagnostics()) {
            maxRank = Math.max(maxRank, sd.maxRank());
            drift = Math.max(drift, Math.abs(sd.massDrift()));
        }
        ScenarioResult result = new ScenarioResult(sc.name(), sc.family(), sc.parameter(), sc.sdeName(), d, sc.horizon(),
                sc.startTime(), sc.box().axis(0).size(), sc.steps(), maxRank, drift, n, start.excludedFraction(),
                solveSeconds + extraSolve,
                encodeSeconds, paper, paperExact, refName, deviation, deviationExact, solverError, solverErrorMethod,
                integratorError, tail, asym, floor, minEig, verdict);
        return new Outcome(result, sol, x, eTt, tx);
    }

    /**
     * Only the encoding: solve, sample and map the samples from t0 to T with the TT score.
     *
     * @return the solution, the samples and their images (reference = null, result = null)
     */
    public static Outcome encodeOnly(Scenario sc, Settings s, Progress progress, BooleanSupplier cancelled) {
        progress.stage(sc.name(), "solving Fokker-Planck (n=" + sc.box().axis(0).size() + ", " + sc.steps() + " steps)");
        Solution sol = solve(sc, sc.box(), sc.steps(), s, progress, cancelled);
        check(cancelled, "sampling");
        progress.stage(sc.name(), "sampling and encoding " + s.samples() + " points");
        double[] x = startPoints(sc, sol, s).x();
        double[] e = new Encoder(sc, sol, s.integratorTolerance()).encode(x);
        return new Outcome(null, sol, x, e, null);
    }

    static String verdict(Stat deviation, Stat solver, Stat integrator, Stat tail, Stat asym, Stat floor, boolean hasRef) {
        StringBuilder v = new StringBuilder();
        double noise = nz(solver.mean()) + nz(integrator.mean()) + nz(tail.mean());
        if (hasRef && deviation.count() > 0) {
            double dev = deviation.mean();
            if (dev <= 3 * noise) {
                v.append("E = OT within numerical error (deviation ").append(fmt(dev)).append(" <= 3 x errors ")
                        .append(fmt(noise)).append(")");
            } else if (dev > 10 * noise) {
                v.append("E != OT, resolved (deviation ").append(fmt(dev)).append(" > 10 x errors ").append(fmt(noise))
                        .append(")");
            } else {
                v.append("deviation ").append(fmt(dev)).append(" not resolved (errors ").append(fmt(noise)).append(")");
            }
        }
        if (asym.count() > 0) {
            if (v.length() > 0) {
                v.append("; ");
            }
            double fl = nz(floor.mean());
            if (asym.mean() > 10 * fl) {
                v.append("Jacobian asymmetric (").append(fmt(asym.mean())).append(" > 10 x floor ").append(fmt(fl))
                        .append("): E is not a gradient map");
            } else {
                v.append("Jacobian symmetric within its floor (").append(fmt(asym.mean())).append(" vs ")
                        .append(fmt(fl)).append(")");
            }
        }
        return v.length() == 0 ? "no reference: see the paper's metric" : v.toString();
    }

    private static double nz(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2e", v);
    }

    private static void check(BooleanSupplier cancelled, String where) {
        if (cancelled.getAsBoolean()) {
            throw new CancelledException(where);
        }
    }

    static Solution solve(Scenario sc, ChebyshevBox box, int steps, Settings s, Progress progress,
            BooleanSupplier cancelled) {
        FpProblem problem = FpProblem.builder(sc.sde(), box).initial(sc.initial()).finalTime(sc.horizon())
                .steps(steps).build();
        FpSolver.Settings how = FpSolver.Settings.defaults().withMaxRank(sc.maxRank()).withEps(sc.tolerance())
                .withBoxMassTolerance(sc.boxMassTolerance()).withSeed(s.seed()).withBackend(s.backend());
        try {
            return FpSolver.solve(problem, how, (diag, density, total) -> progress.solveStep(diag.step(), total),
                    cancelled::getAsBoolean);
        } catch (java.util.concurrent.CancellationException e) {
            throw new CancelledException("the Fokker-Planck solve");
        }
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


    /**
     * Exact samples of p_{t0}: x0 ~ p0 (from the scenario's sampler, else from the solved TT density
     * p0 on the grid, as in the paper), then α(t0) x0 + σ(t0) ε. A sample is redrawn when it lies
     * closer to the box's boundary than 10 % of its width (the flow would query the score outside the
     * box) or where the solved density p_{t0} is below {@code densityFloor} times the largest value
     * among the candidates (there the TT's relative accuracy, hence the score, is not resolved, and
     * the flow of thin-tailed densities is violent at small t). The verification then covers the
     * bulk of p_{t0}; the fraction of draws left out is reported ({@link ScenarioResult#excludedFraction}).
     */
    /** Start points and the fraction of draws that were redrawn. */
    record StartPoints(double[] x, double excludedFraction) {}

    static StartPoints startPoints(Scenario sc, Solution sol, Settings s) {
        int d = sc.dim(), need = s.samples();
        SplittableRandom rng = new SplittableRandom(s.seed());
        Scenario.Sampler sampler = sc.sampler() != null ? sc.sampler()
                : (r, count) -> sol.box().sample(sol.snapshot(0), count, r);
        double alpha = sc.sde().alpha(sc.startTime()), sigma = Math.sqrt(sc.sde().sigma2(sc.startTime()));
        double[] out = new double[need * d];
        int have = 0;
        long drawn = 0, considered = 0;
        double pmax = 0;
        while (have < need) {
            int batch = Math.max(16, (need - have) * 2);
            double[] x = sampler.sample(rng, batch);
            drawn += batch;
            double[] inBox = new double[batch * d];
            int[] slot = new int[batch]; // index in inBox, or -1 when outside the inner box
            int m = 0;
            for (int p = 0; p < batch; p++) {
                boolean inside = true;
                for (int k = 0; k < d; k++) {
                    double v = alpha * x[p * d + k] + (sigma > 0 ? sigma * rng.nextGaussian() : 0);
                    x[p * d + k] = v;
                    ChebyshevGrid g = sc.box().axis(k);
                    double margin = 0.1 * (g.b() - g.a());
                    inside &= v > g.a() + margin && v < g.b() - margin;
                }
                slot[p] = inside ? m : -1;
                if (inside) {
                    System.arraycopy(x, p * d, inBox, m * d, d);
                    m++;
                }
            }
            double[] dens = new double[m];
            sol.density(sc.startTime(), java.util.Arrays.copyOf(inBox, m * d), m, dens);
            for (double v : dens) {
                pmax = Math.max(pmax, v);
            }
            for (int p = 0; p < batch && have < need; p++) {
                considered++;
                if (slot[p] >= 0 && dens[slot[p]] >= s.densityFloor() * pmax) {
                    System.arraycopy(inBox, slot[p] * d, out, have * d, d);
                    have++;
                }
            }
            if (drawn > 100L * need + 1000) {
                throw new IllegalStateException("scenario " + sc.name() + ": fewer than 1 % of the samples of p_t0 fall"
                        + " inside the inner 80 % of the box where the solved density is resolved; enlarge or refine the box");
            }
        }
        return new StartPoints(out, 1 - have / (double) considered);
    }

    /**
     * The flow's remaining displacement after T, relative to ‖T(x) − x‖: |v(T)| / (2λ) with the
     * velocity v(T) = f(x_T, T) − ½ g² ∇log p_T(x_T) and λ = −d log α/dt at T.
     */
    static Stat tailEstimate(Scenario sc, ScoreField score, double[] x, double[] xT, double[] tx) {
        int d = sc.dim(), n = x.length / d;
        LinearGaussianSde sde = sc.sde();
        double t = sc.horizon(), h = 1e-6 * Math.max(1, t);
        double lambda = -(Math.log(sde.alpha(t + h)) - Math.log(sde.alpha(t - h))) / (2 * h);
        double[] out = new double[n];
        if (!(lambda > 0)) {
            java.util.Arrays.fill(out, Double.NaN);
            return Stat.of(out);
        }
        double[] f = new double[n * d], sc2 = new double[n * d];
        sde.drift(t, xT, n, f);
        score.score(t, xT, n, sc2);
        for (int p = 0; p < n; p++) {
            double v2 = 0, den = 0;
            for (int k = 0; k < d; k++) {
                double v = f[p * d + k] - 0.5 * sde.diffusion2(k, t) * sc2[p * d + k];
                v2 += v * v;
                double dd = tx[p * d + k] - x[p * d + k];
                den += dd * dd;
            }
            out[p] = den == 0 ? Double.NaN : Math.sqrt(v2) / (2 * lambda) / Math.sqrt(den);
        }
        return Stat.of(out);
    }

    /** The encoder of a scenario with one score and tolerance. */
    private record Encoder(Scenario sc, ScoreField score, double tol) {
        double[] encode(double[] x) {
            return new ProbabilityFlowEncoder(sc.sde(), score, ProbabilityFlowEncoder.Settings.of(tol, tol))
                    .encode(x, sc.startTime(), sc.horizon()).points();
        }
    }
}
