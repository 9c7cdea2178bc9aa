package org.ttfp.cli;

import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.ttfp.cross.CrossNotConvergedException;
import org.ttfp.fp.FpSolveException;
import org.ttfp.ot.report.RunOutput;
import org.ttfp.linalg.BackendUnavailableException;
import org.ttfp.tt.Cancellation;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ttfp} command line: {@code verify} (the encoder against OT), {@code solve} (a
 * Fokker–Planck solve in TT format) and {@code encode} (the probability-flow encoder of samples).
 * Exit codes: see {@link ExitCodes}.
 */
@Command(name = "ttfp", mixinStandardHelpOptions = true, versionProvider = TtfpCommand.Version.class,
        description = "Tensor-train Fokker-Planck solver; checks the DDPM encoder against optimal transport.",
        subcommands = {VerifyCommand.class, SolveCommand.class, EncodeCommand.class, org.ttfp.cli.sweep.SweepCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run finished and wrote its files",
            "2:bad command line (unknown command or option, malformed or out-of-range value, an option the preset "
                + "does not use, a run too large for the memory)",
            "3:invalid input (problem file, a problem too large for the memory, a backend that cannot load)",
            "4:numerical failure", "5:output could not be written", "130:interrupted (SIGINT, SIGTERM)"})
public final class TtfpCommand implements Runnable {

    /** Set when the JVM is asked to stop (SIGINT, SIGTERM); long loops poll it through {@link #CANCELLATION}. */
    static final AtomicBoolean CANCELLED = new AtomicBoolean();
    /** The one cancellation of a command-line run. */
    static final Cancellation CANCELLATION = CANCELLED::get;
    /** The run folder being written, deleted if the JVM stops before it is committed. */
    static final AtomicReference<RunOutput> ACTIVE = new AtomicReference<>();
    /** How long the shutdown hook waits for the command to stop at a safe point, before it cleans up itself. */
    static final long SHUTDOWN_WAIT_MILLIS = 3500;

    /** The cancellation of this command-line run (raised on SIGINT/SIGTERM), for commands in other packages. */
    public static Cancellation cancellation() {
        return CANCELLATION;
    }

    /** Counted down when {@link #execute} has returned (the command cleaned up after itself). */
    private static final CountDownLatch FINISHED = new CountDownLatch(1);
    /** Set before the normal System.exit, so that the hook knows the JVM is not being interrupted. */
    private static volatile boolean exiting;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // created before any allocation-heavy work, so that an exhausted heap cannot stop the hook from starting
        Thread hook = new Thread(TtfpCommand::onShutdown, "ttfp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = execute(args);
        FINISHED.countDown();
        exiting = true;
        System.exit(code);
    }

    /**
     * The shutdown hook on SIGINT/SIGTERM: raise the cancellation, give the command up to
     * {@link #SHUTDOWN_WAIT_MILLIS} to stop at a safe point (it deletes its temporary folder on the
     * way out), delete the temporary folder itself if the command did not stop in time, and halt
     * with exit code 130. It allocates almost nothing, so that it also works when the heap is full.
     */
    private static void onShutdown() {
        if (exiting) {
            return;
        }
        CANCELLED.set(true);
        boolean stopped = false;
        try {
            stopped = FINISHED.await(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopped) {
            System.err.println("ttfp: interrupted: the run did not reach a safe point within "
                    + SHUTDOWN_WAIT_MILLIS + " ms; stopping it and deleting its temporary folder");
        }
        RunOutput out = ACTIVE.get();
        if (out != null) {
            try {
                out.close();
            } catch (RuntimeException | Error e) {
                // nothing more can be done while the JVM stops
            }
        }
        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
    }

    /** Runs the command line and returns the exit code (no System.exit: for tests and embedding). */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /**
     * As {@link #execute(String...)}, with picocli's output (help) and error (messages) written to
     * the given writers (null: System.out / System.err).
     */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter errors, String... args) {
        CommandLine cl = new CommandLine(new TtfpCommand());
        if (out != null) {
            cl.setOut(out);
        }
        if (errors != null) {
            cl.setErr(errors);
        }
        cl.getSubcommands().get("verify").getCommandSpec().usageMessage().footer(VerifyCommand.presetHelp());
        cl.getSubcommands().get("solve").getCommandSpec().usageMessage().footerHeading("%nProblems:%n")
                .footer(SolveProblems.REGISTRY.describe().stream().map(l -> "  " + l).toArray(String[]::new));
        java.io.PrintWriter err = cl.getErr();
        if (args.length > 0 && !args[0].startsWith("-") && !cl.getSubcommands().containsKey(args[0])) {
            err.println("ttfp: unknown command '" + args[0] + "': expected one of "
                    + String.join(", ", cl.getSubcommands().keySet()) + " (ttfp --help lists them)");
            err.flush();
            return ExitCodes.USAGE;
        }
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            int code = exitCode(ex);
            String prefix = switch (code) {
                case ExitCodes.USAGE -> "bad command line: ";
                case ExitCodes.NUMERICAL_FAILURE -> "numerical failure: ";
                case ExitCodes.IO_ERROR -> "cannot write output: ";
                case ExitCodes.INTERRUPTED -> "interrupted: ";
                default -> "error: ";
            };
            cmd.getErr().println("ttfp: " + prefix + message(ex));
            if (code == 1) {
                ex.printStackTrace(cmd.getErr());
            }
            return code;
        });
        return cl.execute(args);
    }

    /** The exit code of an exception that ended a command (see {@link ExitCodes}). */
    static int exitCode(Throwable ex) {
        if (ex instanceof CancellationException) {
            return ExitCodes.INTERRUPTED;
        }
        if (ex instanceof UsageException) {
            return ExitCodes.USAGE;
        }
        if (ex instanceof UncheckedIOException) {
            return ExitCodes.IO_ERROR;
        }
        if (ex instanceof IllegalArgumentException || ex instanceof BackendUnavailableException) {
            return ExitCodes.INVALID_INPUT;
        }
        if (ex instanceof ArithmeticException || ex instanceof IllegalStateException || ex instanceof FpSolveException
                || ex instanceof CrossNotConvergedException) {
            return ExitCodes.NUMERICAL_FAILURE;
        }
        if (ex instanceof OutOfMemoryError) {
            return ExitCodes.NUMERICAL_FAILURE;
        }
        return 1;
    }

    private static String message(Throwable ex) {
        if (ex instanceof OutOfMemoryError) {
            return "out of memory (" + ex.getMessage() + ") although the estimate passed: lower --grid, --rank-cap, "
                    + "--samples or --dims, or give the JVM more heap (TTFP_JAVA_OPTS=-Xmx...)";
        }
        String m = ex.getMessage();
        return m == null ? ex.toString() : m;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TtfpCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ttfp " + (v == null ? "development" : v)};
        }
    }
}
