package org.ttfp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttfp.cli.ExitCodes;
import org.ttfp.cli.TtfpCommand;
import org.ttfp.ot.ProbabilityFlowEncoder;
import org.ttfp.ot.verify.Presets;
import org.ttfp.ot.verify.Scenario;

/** {@code ttfp encode --points} end to end: the CSV, the summary, the horizon and refused points files. */
class EncodeCommandLineTest {

    @TempDir
    Path tmp;

    static final String[] TINY = {"encode", "--preset", "gaussian", "--dims", "2", "--grid", "48", "--steps", "60",
        "--no-progress"};
    static final double[][] POINTS = {{0.1, -0.2}, {0.7, 0.4}, {-0.5, 0.3}, {0.25, 0.05}};

    static String[] args(String... more) {
        String[] a = java.util.Arrays.copyOf(TINY, TINY.length + more.length);
        System.arraycopy(more, 0, a, TINY.length, more.length);
        return a;
    }

    /** Runs the command with stderr captured. */
    static int run(StringBuilder err, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return TtfpCommand.execute(args);
        } finally {
            System.setErr(old);
            err.append(buf.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void encodesTheGivenPointsWithJacobiansInInputOrder() throws IOException {
        Path pts = tmp.resolve("p.csv");
        StringBuilder csv = new StringBuilder("a,b\n");
        for (double[] p : POINTS) {
            csv.append(p[0]).append(", ").append(p[1]).append('\n');
        }
        Files.writeString(pts, csv);
        Path out = tmp.resolve("out");
        assertEquals(ExitCodes.OK, TtfpCommand.execute(args("--points", pts.toString(), "--out", out.toString())));
        List<Path> runs = TtfpCommandLineTest.runFolders(out);
        assertEquals(1, runs.size());
        try (var files = Files.list(runs.get(0))) {
            assertEquals(List.of("encode.json", "encoded.csv"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        List<String> lines = Files.readAllLines(runs.get(0).resolve("encoded.csv"));
        assertEquals("x_1,x_2,e_1,e_2,J_1_1,J_1_2,J_2_1,J_2_2", lines.get(0));
        assertEquals(POINTS.length + 1, lines.size());
        // the reference: the same scenario's encoder with the exact score (closed-form mixture score and Jacobian)
        Scenario sc = Presets.build("gaussian", new Presets.Options(new int[] {2}, null, 48, 0, 60, null, null, 1, 1)).get(0);
        double[] x = new double[POINTS.length * 2];
        for (int s = 0; s < POINTS.length; s++) {
            x[2 * s] = POINTS[s][0];
            x[2 * s + 1] = POINTS[s][1];
        }
        ProbabilityFlowEncoder.Result ref = new ProbabilityFlowEncoder(sc.sde(), sc.exactScore(),
                ProbabilityFlowEncoder.Settings.of(1e-10, 1e-10)).encodeWithJacobian(x, sc.startTime(), sc.horizon());
        for (int s = 0; s < POINTS.length; s++) {
            String[] f = lines.get(s + 1).split(",");
            assertEquals(8, f.length);
            assertEquals(POINTS[s][0], Double.parseDouble(f[0]), 0.0, "row order and exact x");
            assertEquals(POINTS[s][1], Double.parseDouble(f[1]), 0.0);
            assertTrue(f[2].matches("-?\\d\\.\\d{16}e[-+]\\d+"), "17 significant digits: " + f[2]);
            // the TT encoder against the exact-score encoder: 2e-4 of the displacement (these points lie
            // in the tail of p0, where the n = 48 grid resolves the density least)
            double disp = Math.hypot(ref.points()[2 * s] - x[2 * s], ref.points()[2 * s + 1] - x[2 * s + 1]);
            for (int k = 0; k < 2; k++) {
                assertEquals(ref.points()[2 * s + k], Double.parseDouble(f[2 + k]), 2e-4 * disp, "e of row " + s);
            }
            for (int q = 0; q < 4; q++) {
                assertEquals(ref.jacobians()[4 * s + q], Double.parseDouble(f[4 + q]), 1e-3, "J of row " + s);
            }
            // a Gaussian's encoder is its OT map: J symmetric to the solver's accuracy
            assertEquals(Double.parseDouble(f[5]), Double.parseDouble(f[6]), 1e-4);
        }
        JsonNode json = new ObjectMapper().readTree(runs.get(0).resolve("encode.json").toFile());
        assertEquals(POINTS.length, json.get("points").asInt());
        assertEquals(sc.horizon(), json.get("horizon").asDouble());
        assertTrue(json.get("integratorSteps").asInt() > 0 && json.get("scoreEvaluations").asInt() > 0, json.toString());

        // another horizon: solved up to it, images move on
        Path out2 = tmp.resolve("out2");
        double horizon = 2 * sc.horizon();
        assertEquals(ExitCodes.OK, TtfpCommand.execute(args("--points", pts.toString(), "--horizon", Double.toString(horizon),
                "--out", out2.toString())));
        Path run2 = TtfpCommandLineTest.runFolders(out2).get(0);
        assertEquals(horizon, new ObjectMapper().readTree(run2.resolve("encode.json").toFile()).get("horizon").asDouble());
        List<String> lines2 = Files.readAllLines(run2.resolve("encoded.csv"));
        ProbabilityFlowEncoder.Result far = new ProbabilityFlowEncoder(sc.sde(), sc.exactScore(),
                ProbabilityFlowEncoder.Settings.of(1e-10, 1e-10)).encode(x, sc.startTime(), horizon);
        for (int s = 0; s < POINTS.length; s++) {
            String[] f = lines2.get(s + 1).split(",");
            double disp = Math.hypot(far.points()[2 * s] - x[2 * s], far.points()[2 * s + 1] - x[2 * s + 1]);
            assertEquals(far.points()[2 * s], Double.parseDouble(f[2]), 2e-4 * disp, "e at T' of row " + s);
        }
    }

    @Test
    void malformedPointsFilesAreRefusedWithTheRow() throws IOException {
        String[][] cases = {
            {"x,y\n0.1,0.2\n0.3,0.4,0.5\n", "row 3", "3 columns"},
            {"0.1,0.2\nNaN,0.4\n", "row 2", "finite"},
            {"0.1,0.2\n0.3,0.1\n\n1e6,0.2\n", "row 4", "outside the box"},
            {"0.1,0.2\n0.3,abc\n", "row 2", "not a number"},
        };
        Path out = tmp.resolve("bad");
        for (String[] c : cases) {
            Path pts = tmp.resolve("bad.csv");
            Files.writeString(pts, c[0]);
            StringBuilder err = new StringBuilder();
            assertEquals(ExitCodes.INVALID_INPUT, run(err, args("--points", pts.toString(), "--out", out.toString())),
                    err.toString());
            assertTrue(err.toString().contains(c[1]) && err.toString().contains(c[2]), err.toString());
        }
        StringBuilder err = new StringBuilder();
        assertEquals(ExitCodes.INVALID_INPUT, run(err, args("--points", tmp.resolve("missing.csv").toString(), "--out",
                out.toString())));
        assertTrue(err.toString().contains("no such file"), err.toString());
        err.setLength(0);
        assertEquals(ExitCodes.USAGE, run(err, args("--epsilon", "0.1", "--out", out.toString())));
        assertTrue(err.toString().contains("--epsilon"), err.toString());
        if (Files.exists(out)) {
            assertEquals(List.of(), TtfpCommandLineTest.runFolders(out), "no output for refused input");
        }
    }
}
