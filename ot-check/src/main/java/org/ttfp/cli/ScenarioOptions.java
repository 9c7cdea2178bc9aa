package org.ttfp.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that choose and sample the scenarios, shared by {@code verify} and {@code encode}. */
public final class ScenarioOptions {
    @Option(names = "--problem", paramLabel = "FILE", description = "A problem file (JSON) instead of a preset.")
    Path problemFile;

    @Option(names = "--dims", split = ",", paramLabel = "D", description = "Dimensions (gaussian, mixture, paper).")
    int[] dims;

    @Option(names = "--sde", description = "SDE for gaussian/mixture: vp, ou, ve, subvp (default vp).")
    String sde;

    @Option(names = "--t0", split = ",", paramLabel = "T0", description = "Encoder start times t0 >= 0.")
    double[] startTimes;

    @Option(names = "--samples", defaultValue = "1000", description = "Samples N (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--tolerance", defaultValue = "1e-8", description = "ODE integrator tolerance (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--density-floor", defaultValue = "1e-3",
            description = "Redraw samples where the solved density is below this fraction of its peak (default ${DEFAULT-VALUE}).")
    double densityFloor;

    /** Checks what picocli cannot. */
    void validate() {
        if (dims != null && dims.length == 0) {
            throw new IllegalArgumentException("--dims is empty: expected a comma-separated list of dimensions >= 1");
        }
        if (startTimes != null) {
            for (double t : startTimes) {
                if (!(t >= 0)) {
                    throw new IllegalArgumentException("--t0 = " + t + ": expected start times >= 0");
                }
            }
        }
    }
}
