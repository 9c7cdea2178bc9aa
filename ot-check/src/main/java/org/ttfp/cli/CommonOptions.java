package org.ttfp.cli;

import java.nio.file.Path;
import org.ttfp.linalg.Backend;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command shares. */
public final class CommonOptions {
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Folder for the run's files (a new sub-folder per run; default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of samples and random densities (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOption backend;

    @Option(names = "--no-progress", description = "Do not draw progress bars (stage lines are still printed).")
    boolean noProgress;

    /** The backend (see {@link BackendOption#backend}). */
    Backend backend() {
        return backend.backend();
    }

    /** The output folder, refused when empty. */
    Path out() {
        return CliChecks.out(out);
    }
}
