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
            Path png = run.resolve(f.asText());
            assertTrue(Files.size(png) > 1000, png + " is a real PNG");
            byte[] head = Files.readAllBytes(png);
            assertEquals((byte) 0x89, head[0]);
            assertEquals('P', head[1]);
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

    @Test
    void badInputGivesAClearMessageANonZeroExitAndNoReport() throws IOException {
        Path out = tmp.resolve("bad");
        assertEquals(ExitCodes.USAGE, TtfpCommand.execute("verify", "--no-such-option"));
        assertEquals(ExitCodes.USAGE, TtfpCommand.execute("verify", "--samples", "many"));
        assertEquals(ExitCodes.USAGE, TtfpCommand.execute("verify", "--samples", "1", "--out", out.toString()));
        assertEquals(ExitCodes.USAGE, TtfpCommand.execute("verify", "--preset", "gaussian", "--dims", "0",
                "--out", out.toString()));
        assertEquals(ExitCodes.USAGE, TtfpCommand.execute("verify", "--preset", "nonsense", "--out", out.toString()));
        Path problem = tmp.resolve("p.json");
        Files.writeString(problem, "{\"density\":{\"type\":\"mixture\",\"weights\":[0.5,0.6],\"means\":[[0],[1]],"
                + "\"covariances\":[[[1]],[[1]]]}}");
        assertEquals(ExitCodes.INVALID_INPUT, TtfpCommand.execute("verify", "--problem", problem.toString(), "--out",
                out.toString()));
        Files.writeString(problem, "{\"density\":{\"type\":\"gaussian\",\"mean\":[0,0],\"covariance\":[[1,2],[2,1]]}}");
        assertEquals(ExitCodes.INVALID_INPUT, TtfpCommand.execute("verify", "--problem", problem.toString(), "--out",
                out.toString()));
        Path file = tmp.resolve("not-a-folder");
        Files.writeString(file, "x");
        assertEquals(ExitCodes.IO_ERROR, TtfpCommand.execute("verify", "--preset", "gaussian", "--dims", "2",
                "--samples", "10", "--out", file.toString()));
        File readOnly = tmp.resolve("ro").toFile();
        assertTrue(readOnly.mkdir() && readOnly.setWritable(false, false));
        if (!readOnly.canWrite()) { // root ignores permissions: then this case cannot be made here
            assertEquals(ExitCodes.IO_ERROR, TtfpCommand.execute("verify", "--preset", "gaussian", "--dims", "2",
                    "--samples", "10", "--out", readOnly.toString()));
        }
        if (Files.exists(out)) {
            assertEquals(List.of(), runFolders(out), "no report, not even a partial one");
        }
    }
}
