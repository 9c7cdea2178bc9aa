package org.ttfp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.FpMethod;
import org.ttfp.fp.FpProblem;
import org.ttfp.fp.FpSolver;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.Problems;
import org.ttfp.fp.Solution;
import org.ttfp.fp.StepDiagnostics;
import org.ttfp.ot.report.RunOutput;
import org.ttfp.ot.verify.ResourceEstimate;
import org.ttfp.ot.report.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ttfp solve}: one Fokker–Planck solve in TT format, with diagnostics and marginals. */
@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Solves the Fokker-Planck equation of a built-in problem in TT format on a Chebyshev grid and "
                + "writes per-step diagnostics, moments, marginals and (where known) the error against the exact density.")
public final class SolveCommand implements Callable<Integer> {

    @Option(names = "--problem", defaultValue = "vp", description = "One of ${COMPLETION-CANDIDATES} (default "
            + "${DEFAULT-VALUE}; listed below).", completionCandidates = ProblemNames.class)
    String problem;

    /** Completion candidates for --problem. */
    static final class ProblemNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ProblemNames() {
            super(SolveProblems.REGISTRY.names());
        }
    }

    @Option(names = "--dim", defaultValue = "3", description = "Dimension d (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--grid", paramLabel = "N", defaultValue = "48", description = "Chebyshev nodes per axis (default ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--steps", defaultValue = "0", description = "Time steps (0: the problem's default).")
    int steps;

    @Option(names = "--rank-cap", paramLabel = "R", defaultValue = "40", description = "TT rank cap (default ${DEFAULT-VALUE}).")
    int rankCap;

    @Option(names = "--eps", defaultValue = "1e-9", description = "TT tolerance (default ${DEFAULT-VALUE}).")
    double eps;

    @Option(names = "--method", defaultValue = "auto", description = "auto, exact, split or extrapolated (Richardson-"
            + "extrapolated Strang, fourth order, with an error estimate; default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--time-tolerance", paramLabel = "TOL", description = "Local time-error tolerance per step of the "
            + "extrapolated method: the steps adapt to it (--steps is then the fewest steps; default: fixed steps).")
    Double timeTolerance;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        java.nio.file.Path outRoot = common.out();
        CliChecks.range("--dim", dim, 1, 1000, "a dimension 1 to 1000");
        CliChecks.range("--grid", grid, ScenarioOptions.MIN_GRID, ResourceEstimate.MAX_NODES,
                ScenarioOptions.MIN_GRID + " to " + ResourceEstimate.MAX_NODES + " Chebyshev nodes per axis");
        CliChecks.range("--steps", steps, 0, 100_000_000, "0 (the problem's default) or 1 to 1e8 time steps");
        CliChecks.range("--rank-cap", rankCap, 1, 10_000, "a TT rank cap 1 to 10000");
        CliChecks.range("--eps", eps, 0, false, 1, "a TT tolerance in (0, 1)");
        CliChecks.fits(ResourceEstimate.solve(dim, grid, 1, 1), "--grid " + grid + " in d=" + dim + ":", false);
        Problems.Preset preset;
        try {
            preset = SolveProblems.build(problem, dim, grid, common.seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--problem: " + e.getMessage());
        }
        CliChecks.fits(ResourceEstimate.solve(dim, grid, rankCap, steps > 0 ? steps : preset.steps()),
                "problem " + preset.name() + " (d=" + dim + ", --grid " + grid + ", --rank-cap " + rankCap + ", "
                        + (steps > 0 ? steps : preset.steps()) + " steps)", false);
        FpProblem.Builder b = preset.builder();
        if (steps > 0) {
            b.steps(steps);
        }
        FpProblem p = b.build();
        FpMethod m;
        try {
            m = FpMethod.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--method = " + method + ": expected auto, exact, split or extrapolated");
        }
        if (timeTolerance != null && m != FpMethod.EXTRAPOLATED) {
            throw new UsageException("--time-tolerance is used only with --method extrapolated (got --method " + method + ")");
        }
        if (timeTolerance != null) {
            CliChecks.range("--time-tolerance", timeTolerance, 0, false, 1, "a local error tolerance in (0, 1)");
        }
        FpSolver.Settings how = preset.settings().withMaxRank(rankCap).withEps(eps).withSeed(common.seed)
                .withBackend(common.backend()).withMethod(m)
                .withTimeTolerance(timeTolerance == null ? Double.NaN : timeTolerance);
        String runName = "solve-" + preset.name() + "-d" + dim + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try (RunOutput out = RunOutput.open(outRoot, runName); CliProgress progress = new CliProgress(System.err,
                !common.noProgress)) {
            TtfpCommand.ACTIVE.set(out);
            progress.stage(preset.name(), "solving d=" + dim + ", n=" + grid + ", " + p.steps() + " steps");
            long start = System.nanoTime();
            Solution sol = FpSolver.solve(p, how, (diag, density, total) -> progress.solveStep(diag.step(), total),
                    TtfpCommand.CANCELLATION);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.close();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tool", "ttfp solve");
            json.put("versions", VerifyReport.versions());
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("problem", preset.name());
            config.put("dim", dim);
            config.put("grid", grid);
            config.put("steps", p.steps());
            config.put("finalTime", p.finalTime());
            config.put("rankCap", rankCap);
            config.put("eps", eps);
            config.put("method", sol.method().toString());
            config.put("timeTolerance", how.timeTolerance());
            config.put("seed", common.seed);
            config.put("backend", how.backend().name());
            json.put("config", config);
            json.put("seconds", seconds);
            List<Map<String, Object>> snaps = new ArrayList<>();
            double finalError = Double.NaN;
            for (int j = 0; j < sol.snapshotCount(); j++) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("time", sol.time(j));
                s.put("rank", sol.snapshot(j).maxRank());
                s.put("mass", sol.mass(j));
                s.put("mean", sol.mean(j));
                if (preset.hasExact()) {
                    double err = relativeError(sol, j, preset.exact(sol.time(j)), common.seed);
                    s.put("relativeErrorVsExact", err);
                    finalError = err;
                }
                snaps.add(s);
            }
            json.put("snapshots", snaps);
            json.put("diagnostics", sol.diagnostics());
            json.put("timeErrorEstimate", sol.timeErrorEstimate());
            double m2 = preset.stationarySecondMoment();
            double momentError = Double.NaN;
            if (Double.isFinite(m2)) {
                double[] c = sol.covariance(sol.snapshotCount() - 1);
                momentError = 0;
                for (int i = 0; i < dim; i++) {
                    for (int k = 0; k < dim; k++) {
                        momentError = Math.max(momentError, Math.abs(c[i * dim + k] - (i == k ? m2 : 0)) / m2);
                    }
                }
                json.put("stationarySecondMoment", m2);
                json.put("secondMomentErrorVsStationary", momentError);
            }
            out.writeJson("solve.json", json);
            VerifyReport.marginalFigure(out, "marginals.png", preset.name(), sol);
            StringBuilder md = new StringBuilder("# ttfp solve: ").append(preset.name()).append("\n\n");
            config.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
            int maxRank = sol.diagnostics().stream().mapToInt(StepDiagnostics::maxRank).max().orElse(0);
            md.append(String.format(Locale.ROOT, "%n- time %.2f s, max rank %d, final mass %.12f%n", seconds, maxRank,
                    sol.mass(sol.snapshotCount() - 1)));
            if (preset.hasExact()) {
                md.append(String.format(Locale.ROOT, "- relative L2 error at T against the exact density: %.3e%n", finalError));
            }
            md.append(String.format(Locale.ROOT, "- time-discretisation error estimate at T: %.3e%n", sol.timeErrorEstimate()));
            if (Double.isFinite(momentError)) {
                md.append(String.format(Locale.ROOT, "- second moments at T against the steady state m2 I (m2 = %.10f): "
                        + "max relative error %.3e%n", m2, momentError));
            }
            md.append("\n| step | t | rank | mass drift | min value | cross evals | seconds |\n|---|---|---|---|---|---|---|\n");
            for (StepDiagnostics d : sol.diagnostics()) {
                md.append(String.format(Locale.ROOT, "| %d | %.4g | %d | %.2e | %.2e | %d | %.3f |%n", d.step(), d.time(),
                        d.maxRank(), d.massDrift(), d.minValue(), d.crossEvaluations(), d.seconds()));
            }
            md.append("\n![marginals](marginals.png)\n");
            out.writeText("report.md", md.toString());
            Path done = out.commit();
            TtfpCommand.ACTIVE.set(null);
            long substeps = sol.diagnostics().stream().mapToLong(StepDiagnostics::substeps).sum();
            System.out.printf(Locale.ROOT, "ttfp solve: %s d=%d in %.1f s, max rank %d, %d steps%s%s%s; files in %s%n",
                    preset.name(), dim, seconds, maxRank, substeps,
                    preset.hasExact() ? String.format(Locale.ROOT, ", error at T %.2e", finalError) : "",
                    Double.isNaN(sol.timeErrorEstimate()) ? ""
                            : String.format(Locale.ROOT, ", time error estimate %.2e", sol.timeErrorEstimate()),
                    Double.isFinite(momentError)
                            ? String.format(Locale.ROOT, ", second moments vs steady state %.2e", momentError) : "",
                    done);
            return ExitCodes.OK;
        } finally {
            TtfpCommand.ACTIVE.set(null);
        }
    }

    /**
     * Relative L2 error of snapshot j against the exact density, estimated at 4000 points drawn from
     * the exact density (inside the box): sqrt(Σ (p − q)²/q) / sqrt(Σ q) with importance weights 1/q.
     */
    static double relativeError(Solution sol, int j, GaussianMixture exact, long seed) {
        ChebyshevBox box = sol.box();
        int d = box.dim(), n = 4000;
        double[] x = exact.sample(new SplittableRandom(seed ^ 0xE44L), n);
        double[] kept = new double[n * d];
        int m = 0;
        for (int s = 0; s < n; s++) {
            boolean inside = true;
            for (int k = 0; k < d; k++) {
                double v = x[s * d + k];
                inside &= v >= box.axis(k).a() && v <= box.axis(k).b();
            }
            if (inside) {
                System.arraycopy(x, s * d, kept, m * d, d);
                m++;
            }
        }
        double[] pts = java.util.Arrays.copyOf(kept, m * d);
        double[] p = new double[m], q = new double[m];
        sol.density(sol.time(j), pts, m, p);
        exact.density(pts, m, q);
        double num = 0, den = 0;
        for (int s = 0; s < m; s++) {
            num += (p[s] - q[s]) * (p[s] - q[s]) / q[s];
            den += q[s];
        }
        return Math.sqrt(num / den);
    }
}
