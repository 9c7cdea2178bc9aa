package org.ttfp.cli;

import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.ttfp.cross.CrossNotConvergedException;
import org.ttfp.fp.FpSolveException;
import org.ttfp.ot.report.RunOutput;
import org.ttfp.ot.verify.VerificationRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ttfp} command line: {@code verify} (the encoder against OT), {@code solve} (a
 * Fokker–Planck solve in TT format) and {@code encode} (the probability-flow encoder of samples).
 * Exit codes: see {@link ExitCodes}.
 */
@Command(name = "ttfp", mixinStandardHelpOptions = true, versionProvider = TtfpCommand.Version.class,
        description = "Tensor-train Fokker-Planck solver; checks the DDPM encoder against optimal transport.",
        subcommands = {VerifyCommand.class, SolveCommand.class, EncodeCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run finished and wrote its files", "2:bad command line",
            "3:invalid input (problem, file or value)", "4:numerical failure", "5:output could not be written",
            "130:interrupted"})
public final class TtfpCommand implements Runnable {

    /** Set when the JVM is asked to stop (Ctrl-C); long loops poll it. */
    static final AtomicBoolean CANCELLED = new AtomicBoolean();
    /** The run folder being written, deleted if the JVM stops before it is committed. */
    static final AtomicReference<RunOutput> ACTIVE = new AtomicReference<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            CANCELLED.set(true);
            RunOutput out = ACTIVE.get();
            if (out != null) {
                out.close();
            }
        }, "ttfp-shutdown"));
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (no System.exit: for tests and embedding). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new TtfpCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            int code = exitCode(ex);
            cmd.getErr().println("ttfp: " + (code == ExitCodes.NUMERICAL_FAILURE ? "numerical failure: "
                    : code == ExitCodes.IO_ERROR ? "cannot write output: " : code == ExitCodes.INTERRUPTED ? "" : "error: ")
                    + message(ex));
            return code;
        });
        return cl.execute(args);
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof VerificationRunner.CancelledException || ex instanceof java.util.concurrent.CancellationException) {
            return ExitCodes.INTERRUPTED;
        }
        if (ex instanceof UncheckedIOException) {
            return ExitCodes.IO_ERROR;
        }
        if (ex instanceof IllegalArgumentException) {
            return ExitCodes.INVALID_INPUT;
        }
        if (ex instanceof ArithmeticException || ex instanceof IllegalStateException || ex instanceof FpSolveException
                || ex instanceof CrossNotConvergedException) {
            return ExitCodes.NUMERICAL_FAILURE;
        }
        return 1;
    }

    private static String message(Throwable ex) {
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
