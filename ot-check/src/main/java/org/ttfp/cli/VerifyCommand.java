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

    @Option(names = "--problem", paramLabel = "FILE", description = "A problem file (JSON) instead of a preset.")
    Path problemFile;

    @Option(names = "--dims", split = ",", paramLabel = "D", description = "Dimensions (gaussian, mixture, paper).")
    int[] dims;

    @Option(names = "--sde", description = "SDE for gaussian/mixture: vp, ou, ve, subvp (default vp).")
    String sde;

    @Option(names = "--grid", paramLabel = "N", defaultValue = "0", description = "Chebyshev nodes per axis (0: preset default).")
    int grid;

    @Option(names = "--rank-cap", paramLabel = "R", defaultValue = "0", description = "TT rank cap (0: preset default).")
    int rankCap;

    @Option(names = "--steps", defaultValue = "0", description = "Time steps of the solve (0: preset default).")
    int steps;

    @Option(names = "--epsilon", split = ",", paramLabel = "EPS", description = "Convexity perturbations (counterexample).")
    double[] epsilons;

    @Option(names = "--t0", split = ",", paramLabel = "T0", description = "Encoder start times t0 >= 0.")
    double[] startTimes;

    @Option(names = "--count", defaultValue = "1", description = "Random densities per dimension (paper; default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--samples", defaultValue = "1000", description = "Samples N (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--jacobian-points", defaultValue = "32", description = "Points of Brenier's test (default ${DEFAULT-VALUE}).")
    int jacobianPoints;

    @Option(names = "--tolerance", defaultValue = "1e-8", description = "ODE integrator tolerance (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--density-floor", defaultValue = "1e-3",
            description = "Redraw samples where the solved density is below this fraction of its peak (default ${DEFAULT-VALUE}).")
    double densityFloor;

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
        if (dims != null && dims.length == 0) {
            throw new IllegalArgumentException("--dims is empty: expected a comma-separated list of dimensions >= 1");
        }
        if (count < 1) {
            throw new IllegalArgumentException("--count = " + count + ": expected >= 1");
        }
        if (grid < 0 || rankCap < 0 || steps < 0) {
            throw new IllegalArgumentException("--grid, --rank-cap and --steps must be >= 0 (0 = preset default)");
        }
        if (startTimes != null) {
            for (double t : startTimes) {
                if (!(t >= 0)) {
                    throw new IllegalArgumentException("--t0 = " + t + ": expected start times >= 0");
                }
            }
        }
        Backend backend = common.backend();
        VerificationRunner.Settings settings = new VerificationRunner.Settings(samples, jacobianPoints, 1e-4, tolerance,
                0.75, densityFloor, common.seed, backend);
        List<Scenario> scenarios = problemFile != null ? List.of(ProblemFile.read(problemFile))
                : Presets.build(preset, new Presets.Options(dims, sde, grid, rankCap, steps, epsilons, startTimes, count,
                        common.seed));
        String runName = (problemFile != null ? scenarios.get(0).name() : "verify-" + preset) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("preset", problemFile != null ? "problem file " + problemFile : preset);
        config.put("dims", dims == null ? "preset default" : Arrays.toString(dims));
        config.put("sde", sde == null ? "preset default" : sde);
        config.put("grid", grid == 0 ? "preset default" : grid);
        config.put("rankCap", rankCap == 0 ? "preset default" : rankCap);
        config.put("steps", steps == 0 ? "preset default" : steps);
        config.put("samples", samples);
        config.put("jacobianPoints", jacobianPoints);
        config.put("integratorTolerance", tolerance);
        config.put("densityFloor", densityFloor);
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
