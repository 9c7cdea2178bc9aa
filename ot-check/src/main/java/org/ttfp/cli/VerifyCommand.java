package org.ttfp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttfp.linalg.Backend;
import org.ttfp.ot.report.RunOutput;
import org.ttfp.ot.report.VerifyReport;
import org.ttfp.ot.verify.Presets;
import org.ttfp.ot.verify.ResourceEstimate;
import org.ttfp.ot.verify.Scenario;
import org.ttfp.ot.verify.VerificationRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ttfp verify}: the encoder against optimal transport, for a preset or a problem file. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Solves Fokker-Planck in TT format, encodes samples with the probability-flow ODE and measures "
                + "how far the encoder is from the optimal-transport map (paper metric, deviation from known OT maps, "
                + "Brenier's Jacobian test), with the solver, integrator and tail errors that bound it.",
            "An option that the chosen preset does not read is refused (exit 2); the presets and their options are "
                + "listed below."},
        footerHeading = "%nPresets:%n")
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "default", description = "One of ${COMPLETION-CANDIDATES}.",
            completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--jacobian-points", defaultValue = "32", description = "Points of Brenier's test (default ${DEFAULT-VALUE}).")
    int jacobianPoints;

    @Mixin
    ScenarioRunOptions run;

    /** Completion candidates for --preset. */
    static final class PresetNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        PresetNames() {
            super(Presets.REGISTRY.names());
        }
    }

    /** The footer of the help text: one line per preset, from the registry. */
    static String[] presetHelp() {
        return Presets.REGISTRY.describe().stream().map(l -> "  " + l).toArray(String[]::new);
    }

    @Override
    public Integer call() {
        Path outRoot = run.validatedOut();
        CliChecks.range("--jacobian-points", jacobianPoints, 0, 100_000, "0 to 100000 (0 skips Brenier's test)");
        boolean fromFile = run.scenario.problemFile != null;
        List<Scenario> scenarios = run.scenarios(preset);
        for (Scenario sc : scenarios) {
            CliChecks.fits(ResourceEstimate.verify(sc, run.scenario.samples, jacobianPoints),
                    (fromFile ? "problem file " + run.scenario.problemFile + ": scenario " : "scenario ") + sc.name(), fromFile);
        }
        Backend backend = run.common.backend();
        VerificationRunner.Settings settings = new VerificationRunner.Settings(run.scenario.samples, jacobianPoints, 1e-4,
                run.scenario.tolerance, 0.75, run.scenario.densityFloor, run.common.seed, backend);
        String runName = (fromFile ? scenarios.get(0).name() : "verify-" + preset.trim().toLowerCase(Locale.ROOT)) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("preset", fromFile ? "problem file " + run.scenario.problemFile : preset);
        config.put("dims", run.scenario.dims == null ? "preset default" : Arrays.toString(run.scenario.dims));
        config.put("sde", run.scenario.sde == null ? "preset default" : run.scenario.sde);
        config.put("grid", run.presets.grid == 0 ? "preset default" : run.presets.grid);
        config.put("rankCap", run.presets.rankCap == 0 ? "preset default" : run.presets.rankCap);
        config.put("steps", run.presets.steps == 0 ? "preset default" : run.presets.steps);
        config.put("samples", run.scenario.samples);
        config.put("jacobianPoints", jacobianPoints);
        config.put("integratorTolerance", Double.isNaN(run.scenario.tolerance) ? "auto (1e-10 with an exact OT map, else 1e-8)"
                : run.scenario.tolerance);
        config.put("densityFloor", run.scenario.densityFloor);
        config.put("seed", run.common.seed);
        config.put("backend", backend.name());
        config.put("scenarios", scenarios.stream().map(Scenario::name).toList());

        try (RunOutput out = RunOutput.open(outRoot, runName); CliProgress progress = new CliProgress(System.err,
                !run.common.noProgress)) {
            TtfpCommand.ACTIVE.set(out);
            List<VerificationRunner.Outcome> outcomes = new ArrayList<>();
            long start = System.nanoTime();
            for (Scenario sc : scenarios) {
                outcomes.add(VerificationRunner.run(sc, settings, progress, TtfpCommand.CANCELLATION));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            config.put("seconds", seconds);
            String table = VerifyReport.write(out, config, outcomes);
            Path done = out.commit();
            TtfpCommand.ACTIVE.set(null);
            System.out.println(table);
            System.out.println("ttfp verify: " + scenarios.size() + " scenario(s) in "
                    + String.format(Locale.ROOT, "%.1f s", seconds) + "; report, JSON and figures in " + done);
            return ExitCodes.OK;
        } finally {
            TtfpCommand.ACTIVE.set(null);
        }
    }
}
