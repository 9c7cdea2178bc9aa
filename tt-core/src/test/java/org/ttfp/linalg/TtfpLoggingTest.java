package org.ttfp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The one-line log format of ttfp and the backend selection line. */
class TtfpLoggingTest {
    private static final String NL = System.lineSeparator();

    @Test
    void recordsBecomeOneLineInTheProjectsVoice() {
        var f = TtfpLogging.formatter();
        assertEquals("ttfp: backend openblas (requested)" + NL, f.format(new LogRecord(Level.INFO, "backend openblas (requested)")));
        assertEquals("ttfp: warning: cudaFree failed" + NL, f.format(new LogRecord(Level.WARNING, "cudaFree failed")));
        assertEquals("ttfp: error: boom" + NL, f.format(new LogRecord(Level.SEVERE, "boom")));
        assertEquals("ttfp: fine: detail" + NL, f.format(new LogRecord(Level.FINE, "detail")));
        LogRecord withCause = new LogRecord(Level.WARNING, "two\nlines");
        withCause.setThrown(new IllegalStateException("first\nsecond"));
        String line = f.format(withCause);
        assertEquals("ttfp: warning: two lines: IllegalStateException: first second" + NL, line);
        LogRecord param = new LogRecord(Level.INFO, "rank {0}");
        param.setParameters(new Object[] {7});
        assertEquals("ttfp: rank 7" + NL, f.format(param));
    }

    @Test
    void installWritesOneLinePerRecordAndRespectsAConfiguredLogger() {
        Logger logger = Logger.getLogger("org.ttfp.test.logging." + System.nanoTime());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertTrue(TtfpLogging.install(logger, () -> out));
        assertFalse(logger.getUseParentHandlers(), "the JDK's two-line console handler no longer sees the records");
        logger.info("backend ejml (requested)");
        logger.fine("not shown at the default level");
        assertEquals("ttfp: backend ejml (requested)" + NL, buf.toString(StandardCharsets.UTF_8));
        assertFalse(TtfpLogging.install(logger, () -> out), "a logger that has a handler is left alone");

        Logger configured = Logger.getLogger("org.ttfp.test.configured." + System.nanoTime());
        Handler own = new Handler() {
            @Override public void publish(LogRecord r) {}
            @Override public void flush() {}
            @Override public void close() {}
        };
        configured.addHandler(own);
        assertFalse(TtfpLogging.install(configured, () -> out), "the application's handler wins");
        assertEquals(1, configured.getHandlers().length);
    }

    @Test
    void theLibraryLoggerUsesTheOneLineFormat() {
        Backends.select("ejml"); // loads Backends, which installs the format once
        Logger root = Logger.getLogger(TtfpLogging.ROOT);
        boolean configuredByUser = System.getProperty("java.util.logging.config.file") != null
                || "jul".equals(System.getProperty(TtfpLogging.PROPERTY));
        if (!configuredByUser) {
            assertEquals(1, root.getHandlers().length, "one handler on org.ttfp");
            assertFalse(root.getUseParentHandlers());
            String line = root.getHandlers()[0].getFormatter().format(new LogRecord(Level.INFO, "x"));
            assertEquals("ttfp: x" + NL, line);
        }
    }

    @Test
    void selectionSummaryIsShortAndKeepsTheReason() {
        Backend be = EjmlBackend.get();
        assertEquals("backend ejml (requested)", new Backends.Selection(be, "ejml", "requested explicitly").summary());
        String reason = "no usable GPU: cuBLAS backend unavailable: no NVIDIA driver found (cudaDriverGetVersion reports 0: "
                + "libcuda.so.1 is missing); native OpenBLAS unavailable (UnsatisfiedLinkError: x); using pure-Java EJML";
        Backends.Selection s = new Backends.Selection(be, "auto", reason);
        assertEquals("backend ejml (auto: no NVIDIA driver found; native OpenBLAS unavailable)", s.summary());
        assertEquals("backend openblas (auto: no NVIDIA driver found)", new Backends.Selection(OpenBlasBackend.create(), "auto",
                "no usable GPU: cuBLAS backend unavailable: no NVIDIA driver found (cudaDriverGetVersion reports 0: "
                        + "libcuda.so.1 is missing); native OpenBLAS loaded").summary());
        assertEquals("backend ejml (cpu)", new Backends.Selection(be, "cpu", "native OpenBLAS loaded").summary());
        assertEquals(reason, s.reason(), "the full reason stays available");
        assertFalse(s.summary().contains("\n"));
    }
}
