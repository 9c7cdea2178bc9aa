package org.ttfp.cli;

import org.ttfp.linalg.Backend;
import picocli.CommandLine.Option;

/** The {@code --backend} option of every command that computes (a picocli mixin). */
public final class BackendOption {
    @Option(names = "--backend",
            description = "Dense backend: auto, cpu, openblas, ejml, cublas (default: ttfp.backend / TTFP_BACKEND, else auto).")
    String backend;

    /**
     * The backend: {@code --backend} when given (an unknown name is a usage error, exit 2), else the
     * configuration; a backend that cannot load is an {@link IllegalArgumentException} (exit 3) naming
     * where it was requested and why it failed.
     */
    public Backend backend() {
        return CliChecks.backend(backend);
    }
}
