package org.ttfp.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that choose and sample the scenarios, shared by {@code verify} and {@code encode}. */
public final class ScenarioOptions {
    /** The fewest Chebyshev nodes per axis, for {@code --grid} and the problem file's {@code grid.n}. */
    static final int MIN_GRID = 3;
    /** The most samples: the exact assignment's N x N cost matrix must fit in one Java array. */
    static final int MAX_SAMPLES = 46340;

    @Option(names = "--problem", paramLabel = "FILE", description = "A problem file (JSON) instead of a preset.")
    Path problemFile;

    @Option(names = "--dims", split = ",", paramLabel = "D", description = "Dimensions (gaussian, mixture, paper).")
    int[] dims;

    @Option(names = "--sde", description = "SDE: vp, ou, ve, subvp (gaussian, mixture: default vp; counterexample: default ou).")
    String sde;

    @Option(names = "--t0", split = ",", paramLabel = "T0", description = "Encoder start times t0 >= 0.")
    double[] startTimes;

    @Option(names = "--samples", defaultValue = "1000", description = "Samples N (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--tolerance", description = "ODE integrator tolerance (default: 1e-10 for scenarios with an "
            + "exact OT map, 1e-8 otherwise).")
    double tolerance = Double.NaN;

    @Option(names = "--density-floor", defaultValue = "1e-3",
            description = "Redraw samples where the solved density is below this fraction of its peak (default ${DEFAULT-VALUE}).")
    double densityFloor;

    /** Checks what picocli cannot; failures are {@link UsageException}s naming the option. */
    void validate() {
        CliChecks.distinct("--dims", dims);
        if (dims != null) {
            for (int d : dims) {
                CliChecks.range("--dims", d, 1, 1000, "dimensions 1 to 1000");
            }
        }
        CliChecks.distinct("--t0", startTimes);
        if (startTimes != null) {
            for (double t : startTimes) {
                CliChecks.range("--t0", t, 0, true, Double.MAX_VALUE, "finite start times >= 0 (below the SDE's horizon T)");
            }
        }
        CliChecks.range("--samples", samples, 2, MAX_SAMPLES, "2 to " + MAX_SAMPLES
                + " samples (the exact assignment holds an N x N cost matrix)");
        if (!Double.isNaN(tolerance)) {
            CliChecks.range("--tolerance", tolerance, 0, false, 1e-2, "an integrator tolerance in (0, 1e-2)");
        }
        CliChecks.range("--density-floor", densityFloor, 0, true, 1, "a fraction of the peak in [0, 1)");
    }
}
