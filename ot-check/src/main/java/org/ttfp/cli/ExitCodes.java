package org.ttfp.cli;

/** Exit codes of the {@code ttfp} command. */
public final class ExitCodes {
    private ExitCodes() {}

    /** The run finished and its files were written. */
    public static final int OK = 0;
    /** Bad command line (unknown option, malformed value): picocli's usage error. */
    public static final int USAGE = 2;
    /** Invalid input: a bad problem, file or parameter value. */
    public static final int INVALID_INPUT = 3;
    /** A numerical failure: a solve or an integration that did not converge, a density that broke down. */
    public static final int NUMERICAL_FAILURE = 4;
    /** The output could not be written. */
    public static final int IO_ERROR = 5;
    /** The run was interrupted. */
    public static final int INTERRUPTED = 130;
}
