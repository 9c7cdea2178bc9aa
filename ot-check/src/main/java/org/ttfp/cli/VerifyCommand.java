package org.ttfp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ttfp.linalg.Backend;
import org.ttfp.ot.report.RunOutput;
import org.ttfp.ot.report.VerifyReport;
import org.ttfp.ot.verify.Presets;
import org.ttfp.ot.verify.ProblemFile;
import org.ttfp.ot.verify.Registry;
import org.ttfp.ot.verify.ResourceEstimate;
import org.ttfp.ot.verify.Scenario;
import org.ttfp.ot.verify.VerificationRunner;
import picocli.CommandLine;
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

    @Option(names = "--grid", paramLabel = "N", defaultValue = "0", description = "Chebyshev nodes per axis (0: preset default).")
    int grid;

    @Option(names = "--rank-cap", paramLabel = "R", defaultValue = "0", description = "TT rank cap (0: preset default).")
    int rankCap;

    @Option(names = "--steps", defaultValue = "0", description = "Time steps of the solve (0: preset default).")
    int steps;

    @Option(names = "--epsilon", split = ",", paramLabel = "EPS", description = "Convexity perturbations (counterexample).")
    double[] epsilons;

    @Option(names = "--count", defaultValue = "1", description = "Random densities per dimension (paper; default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--jacobian-points", defaultValue = "32", description = "Points of Brenier's test (default ${DEFAULT-VALUE}).")
    int jacobianPoints;

    @Mixin
    ScenarioOptions scenario;

    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The options that only some presets read (the rest apply to every run). */
    static final Set<String> PRESET_OPTIONS;

    static {
        Set<String> s = new LinkedHashSet<>(Presets.REGISTRY.allOptions());
        s.addAll(Presets.COMMON_OPTIONS);
        PRESET_OPTIONS = s;
    }

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
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Path outRoot = common.out();
        scenario.validate();
        CliChecks.range("--count", count, 1, 10_000, "1 to 10000 densities per dimension");
        CliChecks.range("--jacobian-points", jacobianPoints, 0, 100_000, "0 to 100000 (0 skips Brenier's test)");
        CliChecks.range("--steps", steps, 0, 100_000_000, "0 (preset default) or 1 to 1e8 time steps");
        CliChecks.range("--rank-cap", rankCap, 0, 10_000, "0 (preset default) or a TT rank cap 1 to 10000");
        if (grid != 0) {
            CliChecks.range("--grid", grid, ScenarioOptions.MIN_GRID, ResourceEstimate.MAX_NODES, "0 (preset default) or "
                    + ScenarioOptions.MIN_GRID + " to " + ResourceEstimate.MAX_NODES + " Chebyshev nodes per axis");
        }
        CliChecks.distinct("--epsilon", epsilons);
        if (grid != 0) { // a lower bound (one axis), before any box is built
            CliChecks.fits(ResourceEstimate.solve(1, grid, 1, 1), "--grid " + grid + ":", false);
        }
        boolean fromFile = scenario.problemFile != null;
        List<Scenario> scenarios;
        if (fromFile) {
            CliChecks.refuseGiven(parsed, "with --problem (the problem file defines the scenario)", "--preset");
            CliChecks.refuseGiven(parsed, "with --problem (the problem file defines the scenario: grid.n, rankCap, steps, "
                    + "startTime, sde, density)", PRESET_OPTIONS.toArray(String[]::new));
            scenarios = List.of(ProblemFile.read(scenario.problemFile));
        } else {
            Registry.Entry<Presets.Factory> entry;
            try {
                entry = Presets.REGISTRY.get(preset);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--preset: " + e.getMessage());
            }
            Set<String> uses = new LinkedHashSet<>(entry.options());
            uses.addAll(Presets.COMMON_OPTIONS);
            CliChecks.refuseUnused(parsed, PRESET_OPTIONS, new Registry.Entry<>(entry.name(), entry.description(), uses,
                    entry.factory()), "preset '" + entry.name() + "'");
            if (scenario.sde != null) {
                try {
                    Presets.SDE_REGISTRY.get(scenario.sde);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--sde: " + e.getMessage());
                }
            }
            try {
                scenarios = entry.factory().build(new Presets.Options(scenario.dims, scenario.sde, grid, rankCap, steps,
                        epsilons, scenario.startTimes, count, common.seed));
            } catch (IllegalArgumentException e) {
                throw new UsageException("preset '" + entry.name() + "' with these options: " + e.getMessage());
            }
        }
        for (Scenario sc : scenarios) {
            CliChecks.fits(ResourceEstimate.verify(sc, scenario.samples, jacobianPoints),
                    (fromFile ? "problem file " + scenario.problemFile + ": scenario " : "scenario ") + sc.name(), fromFile);
        }
        Backend backend = common.backend();
        VerificationRunner.Settings settings = new VerificationRunner.Settings(scenario.samples, jacobianPoints, 1e-4,
                scenario.tolerance, 0.75, scenario.densityFloor, common.seed, backend);
        String runName = (fromFile ? scenarios.get(0).name() : "verify-" + preset.trim().toLowerCase(Locale.ROOT)) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("preset", fromFile ? "problem file " + scenario.problemFile : preset);
        config.put("dims", scenario.dims == null ? "preset default" : Arrays.toString(scenario.dims));
        config.put("sde", scenario.sde == null ? "preset default" : scenario.sde);
        config.put("grid", grid == 0 ? "preset default" : grid);
        config.put("rankCap", rankCap == 0 ? "preset default" : rankCap);
        config.put("steps", steps == 0 ? "preset default" : steps);
        config.put("samples", scenario.samples);
        config.put("jacobianPoints", jacobianPoints);
        config.put("integratorTolerance", scenario.tolerance);
        config.put("densityFloor", scenario.densityFloor);
        config.put("seed", common.seed);
        config.put("backend", backend.name());
        config.put("scenarios", scenarios.stream().map(Scenario::name).toList());

        try (RunOutput out = RunOutput.open(outRoot, runName); CliProgress progress = new CliProgress(System.err,
                !common.noProgress)) {
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
