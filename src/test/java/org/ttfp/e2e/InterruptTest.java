package org.ttfp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttfp.cli.ExitCodes;

/**
 * SIGTERM to a running {@code ttfp verify} (a forked JVM, as a user's shell runs it): the process
 * exits with 130 within 5 s and leaves no temporary run folder behind.
 */
class InterruptTest {

    @TempDir
    Path tmp;

    @Test
    void sigtermDuringARunExitsWithin5SecondsAndLeavesNothing() throws Exception {
        Path out = tmp.resolve("results");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "org.ttfp.cli.TtfpCommand", "verify", "--preset", "gaussian", "--dims", "2", "--samples", "4000",
                "--jacobian-points", "0", "--no-progress", "--out", out.toString()).redirectErrorStream(true);
        Process p = pb.start();
        StringBuffer log = new StringBuffer();
        CountDownLatch running = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.append(line).append('\n');
                    if (line.contains("sampling") || line.contains("encoding")) {
                        running.countDown();
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process ends
            }
        });
        reader.start();
        try {
            // wait until the run is under way (its temporary folder exists), then interrupt it
            assertTrue(running.await(120, TimeUnit.SECONDS) && p.isAlive(), "the run did not get under way: " + log);
            assertEquals(1, list(out).size(), "a temporary folder while running: " + list(out));
            long t0 = System.nanoTime();
            // SIGTERM by kill(1): Process.destroy() would also close this side's pipes and lose the last lines
            assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor());
            boolean ended = p.waitFor(5, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(ended, "still running 5 s after SIGTERM: " + log);
            reader.join(5000);
            assertEquals(ExitCodes.INTERRUPTED, p.exitValue(), "after " + seconds + " s: " + log);
        } finally {
            p.destroyForcibly();
        }
        assertTrue(log.toString().contains("interrupted"), log.toString());
        assertEquals(List.of(), list(out), "nothing left behind: " + log);
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
