package org.ttfp.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ttfp.ot.verify.Presets;
import org.ttfp.ot.verify.ProblemFile;
import org.ttfp.ot.verify.Registry;
import org.ttfp.ot.verify.ResourceEstimate;
import org.ttfp.ot.verify.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The preset parameters (grid, rank cap, steps, ε, count) and the choice of scenarios from a preset
 * or a problem file, with the checks of {@code verify}: an option the preset does not read, or any
 * preset option together with {@code --problem}, is refused (exit 2).
 */
public final class PresetOptions {
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

    /** The options that only some presets read. */
    static Set<String> presetOptions() {
        Set<String> s = new LinkedHashSet<>(Presets.REGISTRY.allOptions());
        s.addAll(Presets.COMMON_OPTIONS);
        return s;
    }

    /** Validates and builds the scenarios of {@code preset} (or the problem file of {@code scenario}). */
    List<Scenario> scenarios(String preset, ScenarioOptions scenario, long seed, CommandLine.ParseResult parsed) {
        CliChecks.range("--count", count, 1, 10_000, "1 to 10000 densities per dimension");
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
        if (scenario.problemFile != null) {
            CliChecks.refuseGiven(parsed, "with --problem (the problem file defines the scenario)", "--preset");
            CliChecks.refuseGiven(parsed, "with --problem (the problem file defines the scenario: grid.n, rankCap, steps, "
                    + "startTime, sde, density)", presetOptions().toArray(String[]::new));
            return List.of(ProblemFile.read(scenario.problemFile));
        }
        Registry.Entry<Presets.Factory> entry;
        try {
            entry = Presets.REGISTRY.get(preset);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--preset: " + e.getMessage());
        }
        Set<String> uses = new LinkedHashSet<>(entry.options());
        uses.addAll(Presets.COMMON_OPTIONS);
        CliChecks.refuseUnused(parsed, presetOptions(), new Registry.Entry<>(entry.name(), entry.description(), uses,
                entry.factory()), "preset '" + entry.name() + "'");
        if (scenario.sde != null) {
            try {
                Presets.SDE_REGISTRY.get(scenario.sde);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--sde: " + e.getMessage());
            }
        }
        try {
            return entry.factory().build(new Presets.Options(scenario.dims, scenario.sde, grid, rankCap, steps, epsilons,
                    scenario.startTimes, count, seed));
        } catch (IllegalArgumentException e) {
            throw new UsageException("preset '" + entry.name() + "' with these options: " + e.getMessage());
        }
    }
}
