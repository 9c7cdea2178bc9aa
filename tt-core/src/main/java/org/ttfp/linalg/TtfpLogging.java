package org.ttfp.linalg;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log format of ttfp: every record of the {@code org.ttfp} logger hierarchy is one line on
 * standard error in the project's own voice, e.g.
 * <pre>
 *   ttfp: backend openblas (auto: no NVIDIA driver found)
 *   ttfp: warning: cudaFree failed: ...
 * </pre>
 * instead of java.util.logging's two-line default ({@code Dec 01, 2026 7:34:01 PM class method} /
 * {@code INFO: …}).
 *
 * <p>{@link #install()} sets this up once; the library calls it before it logs its first record.
 * It leaves logging alone when the application has configured it: when the system property
 * {@code java.util.logging.config.file} or {@code java.util.logging.config.class} is set, when
 * the {@code org.ttfp} logger already has a handler or does not pass records to its parents, or
 * when the system property {@value #PROPERTY} is {@code jul}. Levels are java.util.logging's:
 * INFO and above are printed unless configured otherwise; the backends log their diagnostics at
 * FINE.
 */
public final class TtfpLogging {
    /** Name of the logger hierarchy the format applies to. */
    public static final String ROOT = "org.ttfp";
    /** System property: {@code jul} keeps java.util.logging's own configuration for org.ttfp. */
    public static final String PROPERTY = "ttfp.log";

    /** Held strongly: the LogManager keeps loggers only weakly, and with them their handlers. */
    private static final Logger ROOT_LOGGER = Logger.getLogger(ROOT);
    private static boolean installed;

    private TtfpLogging() {}

    /**
     * Installs the one-line format on the {@code org.ttfp} logger unless the application has
     * configured logging (see the class comment). Idempotent and thread-safe.
     *
     * @return true if this call installed the handler
     */
    public static synchronized boolean install() {
        if (installed) {
            return false;
        }
        installed = true;
        if ("jul".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())
                || System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return false;
        }
        return install(ROOT_LOGGER, () -> System.err);
    }

    /**
     * Installs a one-line handler writing to {@code out} (looked up at each record) on
     * {@code logger} unless it already has a handler or does not use its parents' handlers.
     *
     * @return true if the handler was installed
     */
    static boolean install(Logger logger, Supplier<PrintStream> out) {
        if (logger.getHandlers().length > 0 || !logger.getUseParentHandlers()) {
            return false;
        }
        Handler h = new LineHandler(out);
        logger.addHandler(h);
        logger.setUseParentHandlers(false);
        return true;
    }

    /** The one-line formatter: {@code ttfp: [warning: |error: |fine: ]message[: cause]}. */
    public static Formatter formatter() {
        return new LineFormatter();
    }

    private static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder("ttfp: ");
            Level level = r.getLevel();
            if (level.intValue() >= Level.SEVERE.intValue()) {
                sb.append("error: ");
            } else if (level.intValue() >= Level.WARNING.intValue()) {
                sb.append("warning: ");
            } else if (level.intValue() < Level.INFO.intValue()) {
                sb.append(level.getName().toLowerCase(Locale.ROOT)).append(": ");
            }
            sb.append(oneLine(formatMessage(r)));
            Throwable t = r.getThrown();
            if (t != null) {
                sb.append(": ").append(t.getClass().getSimpleName());
                if (t.getMessage() != null) {
                    sb.append(": ").append(oneLine(t.getMessage()));
                }
            }
            return sb.append(System.lineSeparator()).toString();
        }

        private static String oneLine(String s) {
            return s == null ? "" : s.replace("\r", "").replace('\n', ' ');
        }
    }

    /** Writes formatted records to a stream that is looked up per record (so tests may swap it). */
    private static final class LineHandler extends Handler {
        private final Supplier<PrintStream> out;

        LineHandler(Supplier<PrintStream> out) {
            this.out = out;
            setFormatter(new LineFormatter());
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            PrintStream ps = out.get();
            ps.print(getFormatter().format(record));
            ps.flush();
        }

        @Override
        public void flush() {
            out.get().flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
