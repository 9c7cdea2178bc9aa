package org.ttfp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttfp.linalg.Backend;
import org.ttfp.ot.report.RunOutput;
import org.ttfp.ot.report.VerifyReport;
import org.ttfp.ot.verify.EncodeRun;
import org.ttfp.ot.verify.ResourceEstimate;
import org.ttfp.ot.verify.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ttfp encode}: solve one scenario, then map points from t0 to T with the probability-flow
 * ODE driven by the solved density's score, with the Jacobians by the variational equation
 * ({@link EncodeRun}). The points come from {@code --points FILE.csv} (see {@link PointsCsv}) or are
 * drawn from p_t0 as in {@code verify}. Writes exactly one CSV ({@code encoded.csv}: x, e and J per
 * point, in input order) and {@code encode.json}, atomically.
 */
@Command(name = "encode", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Solves Fokker-Planck for one scenario (the first of a preset, or a problem file) and maps points "
                + "from t0 to T with the probability-flow ODE driven by the solved density's score, with the Jacobian "
                + "J_i_j = de_i/dx_j of the map by its variational equation.",
            "The points are read from --points FILE.csv (one point per row, d columns, optional header) or drawn from "
                + "p_t0 (--samples). Writes encoded.csv (x_1..x_d, e_1..e_d, J_1_1..J_d_d, 17 significant digits, rows "
                + "in input order) and encode.json."})
public final class EncodeCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "gaussian", description = "Preset whose first scenario is encoded (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--points", paramLabel = "FILE.csv", description = "Points to encode (one per row, d columns, optional header).")
    Path points;

    @Option(names = "--horizon", paramLabel = "T", defaultValue = "NaN",
            description = "End the flow at T > t0 instead of the scenario's horizon (the density is solved up to T).")
    double horizon;

    @Option(names = "--no-jacobians", description = "Leave out the Jacobians (the J columns).")
    boolean noJacobians;

    @Mixin
    ScenarioRunOptions run;

    @Override
    public Integer call() {
        Path outRoot = run.validatedOut();
        if (!Double.isNaN(horizon)) {
            CliChecks.range("--horizon", horizon, 0, false, 1e6, "a finite horizon T > t0");
        }
        if (points != null && run.parsed().hasMatchedOption("--samples")) {
            throw new UsageException("--samples with --points: the points file gives the points");
        }
        Scenario sc = EncodeRun.withHorizon(run.scenarios(preset).get(0), horizon);
        double[] x = points == null ? null : PointsCsv.read(points, sc.box());
        int n = x == null ? run.scenario.samples : x.length / sc.dim();
        CliChecks.fits(ResourceEstimate.verify(sc, n, 0), "scenario " + sc.name(), run.scenario.problemFile != null);
        Backend backend = run.common.backend();
        EncodeRun.Settings settings = new EncodeRun.Settings(Double.NaN, run.scenario.tolerance, !noJacobians, run.common.seed,
                backend);
        String runName = "encode-" + sc.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try (RunOutput out = RunOutput.open(outRoot, runName); CliProgress progress = new CliProgress(System.err,
                !run.common.noProgress)) {
            TtfpCommand.ACTIVE.set(out);
            EncodeRun.Result r = x != null ? EncodeRun.at(sc, x, settings, progress, TtfpCommand.CANCELLATION)
                    : EncodeRun.samples(sc, run.scenario.samples, run.scenario.densityFloor, settings, progress,
                            TtfpCommand.CANCELLATION);
            int d = sc.dim();
            out.writeText("encoded.csv", PointsCsv.write(r.points(), r.images(), r.jacobians(), d));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tool", "ttfp encode");
            json.put("versions", VerifyReport.versions());
            json.put("scenario", sc.name());
            json.put("sde", sc.sdeName());
            json.put("dim", d);
            json.put("startTime", sc.startTime());
            json.put("horizon", sc.horizon());
            json.put("grid", sc.box().axis(0).size());
            json.put("solverSteps", sc.steps());
            json.put("rankCap", sc.maxRank());
            json.put("points", n);
            json.put("pointsFrom", points == null ? "samples of p_t0" : points.toString());
            json.put("jacobians", !noJacobians ? "variational equation" : "none");
            json.put("integratorTolerance", Double.isNaN(run.scenario.tolerance) ? "auto" : run.scenario.tolerance);
            json.put("integratorSteps", r.steps());
            json.put("scoreEvaluations", r.scoreEvaluations());
            json.put("solveSeconds", r.solveSeconds());
            json.put("encodeSeconds", r.encodeSeconds());
            json.put("seed", run.common.seed);
            json.put("backend", backend.name());
            json.put("files", java.util.List.of("encoded.csv", "encode.json"));
            out.writeJson("encode.json", json);
            Path done = out.commit();
            TtfpCommand.ACTIVE.set(null);
            System.out.printf(Locale.ROOT, "ttfp encode: %d points of %s to T = %s in %.1f s (solve %.1f s, %d steps, "
                    + "%d score evaluations); files in %s%n", n, sc.name(), sc.horizon(), r.solveSeconds() + r.encodeSeconds(),
                    r.solveSeconds(), r.steps(), r.scoreEvaluations(), done);
            return ExitCodes.OK;
        } finally {
            TtfpCommand.ACTIVE.set(null);
        }
    }
}
