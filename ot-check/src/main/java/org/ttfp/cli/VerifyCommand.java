package org.ttfp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttfp.linalg.Backend;
import org.ttfp.ot.report.RunOutput;
import org.ttfp.ot.report.VerifyReport;
import org.ttfp.ot.verify.Presets;
import org.ttfp.ot.verify.ProblemFile;
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
            "Presets: default (Gaussian + Lavenant-Santambrogio in d=2, under two minutes), gaussian, mixture, "
                + "counterexample, paper."})
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

    /** Completion candidates for --preset. */
    static final class PresetNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        PresetNames() {
            super(Presets.NAMES);
        }
    }

    @Override
    public Integer call() {
        scenario.validate();
        if (count < 1) {
            throw new IllegalArgumentException("--count = " + count + ": expected >= 1");
        }
        if (grid < 0 || rankCap < 0 || steps < 0) {
            throw new IllegalArgumentException("--grid, --rank-cap and --steps must be >= 0 (0 = preset default)");
        }
        Backend backend = common.backend();
        VerificationRunner.Settings settings = new VerificationRunner.Settings(scenario.samples, jacobianPoints, 1e-4,
                scenario.tolerance, 0.75, scenario.densityFloor, common.seed, backend);
        List<Scenario> scenarios = scenario.problemFile != null ? List.of(ProblemFile.read(scenario.problemFile))
                : Presets.build(preset, new Presets.Options(scenario.dims, scenario.sde, grid, rankCap, steps, epsilons,
                        scenario.startTimes, count, common.seed));
        String runName = (scenario.problemFile != null ? scenarios.get(0).name() : "verify-" + preset) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("preset", scenario.problemFile != null ? "problem file " + scenario.problemFile : preset);
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

        try (RunOutput out = RunOutput.open(common.out, runName); CliProgress progress = new CliProgress(System.err,
                !common.noProgress)) {
            TtfpCommand.ACTIVE.set(out);
            List<VerificationRunner.Outcome> outcomes = new ArrayList<>();
            long start = System.nanoTime();
            for (Scenario sc : scenarios) {
                outcomes.add(VerificationRunner.run(sc, settings, progress, TtfpCommand.CANCELLED::get));
            }
            config.put("seconds", (System.nanoTime() - start) / 1e9);
            String table = VerifyReport.write(out, config, outcomes);
            Path done = out.commit();
            TtfpCommand.ACTIVE.set(null);
            System.out.println(table);
            System.out.println("ttfp verify: " + scenarios.size() + " scenario(s) in "
                    + String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9)
                    + "; report, JSON and figures in " + done);
            return ExitCodes.OK;
        } finally {
            TtfpCommand.ACTIVE.set(null);
        }
    }
}
