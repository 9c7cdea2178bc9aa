package org.ttfp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttfp.cli.ExitCodes;
import org.ttfp.cli.TtfpCommand;

/** The {@code ttfp} command line end to end: tiny runs, the files they write, and refused input. */
class TtfpCommandLineTest {

    @TempDir
    Path tmp;

    static List<Path> runFolders(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.toList();
        }
    }

    @Test
    void verifyOnATinyConfigurationWritesItsReportAtomically() throws IOException {
        Path out = tmp.resolve("results");
        int code = TtfpCommand.execute("verify", "--preset", "gaussian", "--dims", "2", "--grid", "56", "--steps", "60",
                "--samples", "80", "--jacobian-points", "3", "--no-progress", "--out", out.toString());
        assertEquals(ExitCodes.OK, code);
        List<Path> runs = runFolders(out);
        assertEquals(1, runs.size(), "one run folder and no temporary leftovers: " + runs);
        Path run = runs.get(0);
        assertTrue(run.getFileName().toString().startsWith("verify-gaussian-"));
        JsonNode json = new ObjectMapper().readTree(run.resolve("result.json").toFile());
        assertEquals("ttfp verify", json.get("tool").asText());
        assertEquals(1, json.get("config").get("seed").asInt());
        JsonNode r = json.get("results").get(0);
        assertEquals(2, r.get("scenario").get("dim").asInt());
        assertEquals(80, r.get("sampling").get("samples").asInt());
        assertTrue(r.get("deviation").get("tt").get("max").asDouble() < 1e-3, r.toString());
        assertEquals("EQUAL_WITHIN_ERROR", r.get("verdict").get("deviation").get("outcome").asText(), r.toString());
        assertEquals(r.get("deviation").get("tt").get("mean").asDouble(),
                r.get("verdict").get("deviation").get("deviation").asDouble());
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("| gaussian-vp-d2-t0 |"), md);
        for (JsonNode f : json.get("figures")) {
            Path fig = run.resolve(f.asText());
            assertTrue(Files.size(fig) > 1000, fig + " is a real figure");
            byte[] head = Files.readAllBytes(fig);
            if (f.asText().endsWith(".png")) {
                assertEquals((byte) 0x89, head[0]);
                assertEquals('P', head[1]);
            } else {
                assertTrue(f.asText().endsWith(".svg"), f.asText() + ": expected a PNG or an SVG");
                assertTrue(new String(head, java.nio.charset.StandardCharsets.UTF_8).contains("<svg"), fig + " is an SVG");
            }
        }
        assertTrue(json.get("figures").size() >= 2);
    }

    @Test
    void solveAndEncodeWriteTheirFiles() throws IOException {
        Path out = tmp.resolve("s");
        assertEquals(ExitCodes.OK, TtfpCommand.execute("solve", "--problem", "ou", "--dim", "2", "--grid", "40",
                "--no-progress", "--out", out.toString()));
        Path solve = runFolders(out).get(0);
        JsonNode json = new ObjectMapper().readTree(solve.resolve("solve.json").toFile());
        JsonNode last = json.get("snapshots").get(json.get("snapshots").size() - 1);
        assertTrue(last.get("relativeErrorVsExact").asDouble() < 1e-4, last.toString());
        assertTrue(Files.exists(solve.resolve("marginals.png")));
        Path enc = tmp.resolve("e");
        assertEquals(ExitCodes.OK, TtfpCommand.execute("encode", "--preset", "gaussian", "--dims", "2", "--samples", "20",
                "--no-progress", "--out", enc.toString()));
        List<String> lines = Files.readAllLines(runFolders(enc).get(0).resolve("encoded.csv"));
        assertEquals("x_1,x_2,e_1,e_2,J_1_1,J_1_2,J_2_1,J_2_2", lines.get(0));
        assertEquals(21, lines.size());
    }

    /** Runs in-process and returns the exit code and what was written to stderr. */
    static String[] run(String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = TtfpCommand.execute(null, new java.io.PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), err.toString()};
    }

    static void assertRefused(int code, String[] words, String... args) {
        String[] r = run(args);
        assertEquals(String.valueOf(code), r[0], "exit code of " + List.of(args) + "; stderr: " + r[1]);
        for (String w : words) {
            assertTrue(r[1].contains(w), "stderr of " + List.of(args) + " should name '" + w + "': " + r[1]);
        }
    }

    @Test
    void badInputGivesAClearMessageANonZeroExitAndNoReport() throws IOException {
        Path out = tmp.resolve("bad");
        String o = out.toString();
        assertRefused(ExitCodes.USAGE, new String[] {"--no-such-option"}, "verify", "--no-such-option", "--out", o);
        assertRefused(ExitCodes.USAGE, new String[] {"--samples", "many"}, "verify", "--samples", "many", "--out", o);
        assertRefused(ExitCodes.USAGE, new String[] {"--samples = 1", "2 to"}, "verify", "--samples", "1", "--out", o);
        assertRefused(ExitCodes.USAGE, new String[] {"--dims = 0"}, "verify", "--preset", "gaussian", "--dims", "0",
                "--out", o);
        assertRefused(ExitCodes.USAGE, new String[] {"unknown preset 'nonsense'", "gaussian"}, "verify", "--preset",
                "nonsense", "--out", o);
        Path problem = tmp.resolve("p.json");
        Files.writeString(problem, "{\"density\":{\"type\":\"mixture\",\"weights\":[0.5,0.6],\"means\":[[0],[1]],"
                + "\"covariances\":[[[1]],[[1]]]}}");
        assertRefused(ExitCodes.INVALID_INPUT, new String[] {"p.json", "field 'density'", "weights sum to 1.1"}, "verify",
                "--problem", problem.toString(), "--out", o);
        Files.writeString(problem, "{\"density\":{\"type\":\"gaussian\",\"mean\":[0,0],\"covariance\":[[1,2],[2,1]]}}");
        assertRefused(ExitCodes.INVALID_INPUT, new String[] {"p.json", "positive definite"}, "verify", "--problem",
                problem.toString(), "--out", o);
        Path file = tmp.resolve("not-a-folder");
        Files.writeString(file, "x");
        assertRefused(ExitCodes.IO_ERROR, new String[] {"cannot write output", "not-a-folder"}, "verify", "--preset",
                "gaussian", "--dims", "2", "--samples", "10", "--out", file.toString());
        if (Files.exists(out)) {
            assertEquals(List.of(), runFolders(out), "no report, not even a partial one");
        }
    }

    /**
     * An output folder without write permission: exit 5 naming the folder. The root user ignores
     * file permissions, so there the folder is writable and the case cannot be made.
     */
    @Test
    void readOnlyOutputFolderIsAnOutputError() {
        File readOnly = tmp.resolve("ro").toFile();
        assertTrue(readOnly.mkdir() && readOnly.setWritable(false, false));
        org.junit.jupiter.api.Assumptions.assumeFalse(readOnly.canWrite(),
                "running as root (or on a file system without permissions): a read-only folder is still writable");
        assertRefused(ExitCodes.IO_ERROR, new String[] {"cannot write output", "ro"}, "verify", "--preset", "gaussian",
                "--dims", "2", "--samples", "10", "--no-progress", "--out", readOnly.toString());
        assertEquals(0, readOnly.list().length, "nothing written into the read-only folder");
    }
}
