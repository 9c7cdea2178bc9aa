package org.ttfp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttfp.cli.TtfpCommand;

/**
 * A sweep as a Slurm job array on a private single-node Slurm ({@code e2e/slurm/local-slurm.sh}):
 * plan with {@code --slurm}, submit the array and the dependent merge with the generated
 * {@code submit.sh}, wait (bounded), and compare the merged result with the same sweep run in this
 * process. Skips (JUnit assumption, with the script's reason) only when the script exits 77: Slurm
 * cannot be installed or started here (not root, no apt-get).
 */
class SlurmSweepTest {
    /** Three tiny cases (a 1-D Gaussian under VP at three start times), a few seconds each. */
    static final String SWEEP = "{\"name\": \"slurm-tiny\", \"base\": {\"density\": {\"type\": \"gaussian\", \"mean\": [0.5],"
            + " \"covariance\": [[0.6]]}, \"sde\": \"vp\", \"grid\": {\"n\": 48, \"halfWidth\": 5}, \"steps\": 20},"
            + " \"settings\": {\"samples\": 40, \"jacobianPoints\": 4}, \"axes\": {\"t0\": [0.0, 0.3, 0.6]}}";

    /** Longest wait for the array and the merge. */
    static final long WAIT_SECONDS = 420;

    @TempDir
    Path tmp;

    record Proc(int code, String output) {}

    static Proc sh(Map<String, String> env, long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile("sh-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Proc(124, Files.readString(log));
        }
        String out = Files.readString(log);
        Files.delete(log);
        return new Proc(p.exitValue(), out);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Path script() {
        for (Path p : List.of(Path.of("slurm/local-slurm.sh"), Path.of("e2e/slurm/local-slurm.sh"),
                Path.of("../e2e/slurm/local-slurm.sh"))) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException("e2e/slurm/local-slurm.sh not found from " + Path.of("").toAbsolutePath());
    }

    static String stable(Path merged) throws IOException {
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(merged.resolve("result.json").toFile());
        for (JsonNode c : root.get("cases")) {
            ((ObjectNode) c).remove("run");
            ((ObjectNode) c.get("result")).remove("timings");
        }
        return root.toPrettyString();
    }

    static int cli(StringWriter err, String... args) {
        return TtfpCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
    }

    @Test
    void aSweepRunsAsAJobArrayAndMergesToTheLocalResult() throws Exception {
        Path state = tmp.resolve("slurm-state");
        Map<String, String> env = Map.of("LOCAL_SLURM_CTLD_PORT", String.valueOf(freePort()), "LOCAL_SLURM_SLURMD_PORT",
                String.valueOf(freePort()));
        Path script = script();
        try {
            long t0 = System.nanoTime();
            Proc up = sh(env, 300, "bash", script.toString(), "up", state.toString());
            Assumptions.assumeTrue(up.code() != 77, () -> "local Slurm cannot run here: " + up.output().strip());
            assertEquals(0, up.code(), () -> "local-slurm.sh up failed:\n" + up.output());
            System.out.printf("slurm up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            Map<String, String> slurm = new java.util.HashMap<>(env);
            slurm.put("SLURM_CONF", state.resolve("slurm.conf").toString());

            Path file = tmp.resolve("slurm-tiny.json");
            Files.writeString(file, SWEEP, StandardCharsets.UTF_8);
            Path dir = tmp.resolve("sweep-slurm");
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            StringWriter err = new StringWriter();
            assertEquals(0, cli(err, "sweep", "plan", file.toString(), "--out", dir.toString(), "--slurm", "--java", java,
                    "--classpath", cp, "--java-opts", "-Xmx768m", "--cpus-per-task", "1", "--mem-mb", "0"), err.toString());
            long t1 = System.nanoTime();
            Proc submit = sh(slurm, 60, "bash", dir.resolve("slurm/submit.sh").toString());
            assertEquals(0, submit.code(), submit.output());
            System.out.println("submit.sh: " + submit.output().strip());
            Path merged = dir.resolve("merged/result.json");
            long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
            while (!Files.isRegularFile(merged) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            List<String> logs = new ArrayList<>();
            if (Files.isDirectory(dir.resolve("slurm/logs"))) {
                try (var s = Files.list(dir.resolve("slurm/logs"))) {
                    for (Path p : s.sorted().toList()) {
                        logs.add("== " + p.getFileName() + "\n" + Files.readString(p));
                    }
                }
            }
            String all = String.join("\n", logs);
            assertTrue(Files.isRegularFile(merged), () -> "no merged result after " + WAIT_SECONDS + " s; squeue: "
                    + squeue(slurm) + "\nlogs:\n" + all);
            System.out.printf("array of 3 cases and merge done in %.1f s%n", (System.nanoTime() - t1) / 1e9);
            System.out.println(all.lines().filter(l -> l.startsWith("==") || l.startsWith("ttfp sweep"))
                    .reduce("", (a, b) -> a + b + "\n"));

            Path local = tmp.resolve("sweep-local");
            assertEquals(0, cli(err, "sweep", "plan", file.toString(), "--out", local.toString()), err.toString());
            assertEquals(0, cli(err, "sweep", "run", local.toString(), "--no-progress"), err.toString());
            assertEquals(0, cli(err, "sweep", "merge", local.toString()), err.toString());
            String a = stable(local.resolve("merged")), b = stable(dir.resolve("merged"));
            assertEquals(a, b, "the job array's merged result differs from the local run");
            JsonNode root = new ObjectMapper().readTree(b);
            assertEquals(3, root.get("finished").asInt());
            assertEquals(0, root.get("missing").size());
            assertEquals(0, root.get("failed").size());
            // every case ran in its own Slurm task (a process of its own), not here
            for (JsonNode c : new ObjectMapper().readTree(merged.toFile()).get("cases")) {
                assertTrue(c.at("/run/seconds").asDouble() > 0);
            }
        } finally {
            Proc down = sh(env, 60, "bash", script.toString(), "down", state.toString());
            System.out.println("local-slurm.sh down: rc " + down.code() + " " + down.output().strip());
        }
    }

    static String squeue(Map<String, String> env) {
        try {
            return sh(env, 20, "squeue", "-a").output();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }
}
