package org.ttfp.cli;

/**
 * A bad command line found after parsing (an option the chosen preset or command does not use, a
 * duplicate list value, an empty {@code --out}, a run too large for the memory): exit code
 * {@link ExitCodes#USAGE}. The message names the option, the value and what was expected.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names the option, the value and what was expected */
    public UsageException(String message) {
        super(message);
    }
}
