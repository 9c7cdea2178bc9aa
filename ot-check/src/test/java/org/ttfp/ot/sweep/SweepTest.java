package org.ttfp.ot.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.ttfp.cli.TtfpCommand;
import org.ttfp.ot.verify.ProblemFile;

/** Plan, run (one process, shards, single cases) and merge of a tiny sweep, and the sweep file's bad input. */
class SweepTest {
    /** Four tiny cases: a 1-D Gaussian under VP, t0 x seed. */
    static final String TINY = "{\"name\": \"tiny\", \"base\": {\"density\": {\"type\": \"gaussian\", \"mean\": [0.5], "
            + "\"covariance\": [[0.6]]}, \"sde\": \"vp\", \"grid\": {\"n\": 48, \"halfWidth\": 5}, \"steps\": 20},"
            + " \"settings\": {\"samples\": 40, \"jacobianPoints\": 4},"
            + " \"axes\": {\"t0\": [0.0, 0.5], \"seed\": [1, 2]}}";

    @TempDir
    Path tmp;

    static int cli(StringWriter err, String... args) {
        return TtfpCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
    }

    private Path plan(String text, String name) throws IOException {
        Path f = tmp.resolve(name + ".json");
        Files.writeString(f, text);
        Path dir = tmp.resolve(name);
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, "sweep", "plan", f.toString(), "--out", dir.toString()), err.toString());
        return dir;
    }

    /** The merged JSON without what differs between runs: run info (host, time, date) and the timings. */
    static String stable(Path merged) throws IOException {
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(merged.resolve("result.json").toFile());
        for (JsonNode c : root.get("cases")) {
            ((ObjectNode) c).remove("run");
            ((ObjectNode) c.get("result")).remove("timings");
        }
        return root.toPrettyString();
    }

    @Test
    void planExpandsTheProductInOrderAndEveryCaseIsAProblemFile() throws IOException {
        Path dir = plan(TINY, "tiny");
        Manifest m = Manifest.read(dir);
        assertEquals(4, m.caseCount());
        assertEquals(List.of("startTime", "seed"), m.axes());
        // the first axis varies slowest
        assertEquals(0.0, m.get(0).values().get("startTime").asDouble());
        assertEquals(2, m.get(1).values().get("seed").asInt());
        assertEquals(0.5, m.get(2).values().get("startTime").asDouble());
        assertEquals(2L, m.get(3).settings().seed());
        for (int k = 0; k < 4; k++) {
            var sc = ProblemFile.read(dir.resolve(m.get(k).problem()));
            assertEquals(m.get(k).values().get("startTime").asDouble(), sc.startTime(), 0.0);
        }
    }

    @Test
    void theShippedSweepFilesPlan() throws IOException {
        Path docs = Path.of("../docs/sweeps");
        try (var files = Files.list(docs)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertTrue(all.size() >= 1, "shipped sweep files in " + docs.toAbsolutePath());
            for (Path f : all) {
                assertTrue(SweepPlan.expand(SweepFile.read(f)).size() >= 6, f.toString());
            }
        }
    }

    @Test
    void theCoupledHighDimensionalSweepPlansEveryDimensionAndCoupling() throws IOException {
        List<Manifest.Case> cases = SweepPlan.expand(SweepFile.read(Path.of("../docs/sweeps/coupled-high-d.json")));
        assertEquals(6, cases.size());
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (Manifest.Case c : cases) {
            seen.add(c.values().get("density.dim").asInt() + "/" + c.values().get("density.epsilon").asDouble());
        }
        assertEquals(java.util.Set.of("5/0.1", "10/0.1", "30/0.1", "5/0.2", "10/0.2", "30/0.2"), seen);
    }

    @Test
    void zippedAxesVaryTogether() {
        SweepFile s = SweepFile.parse(ProblemFile.parseJson("{\"base\": {\"density\": {\"type\": \"gaussian\", \"mean\": [0], "
                + "\"covariance\": [[1]]}}, \"axes\": {\"seed\": [1, 2, 3]}, \"zip\": {\"sde\": [\"vp\", \"ve\"], "
                + "\"grid\": [16, 20]}}"), "z");
        List<Manifest.Case> cases = SweepPlan.expand(s);
        assertEquals(6, cases.size());
        assertEquals("ve", cases.get(1).values().get("sde").asText());
        assertEquals(20, cases.get(1).values().get("grid.n").asInt());
        assertEquals(2, cases.get(2).settings().seed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openblas", "ejml"})
    void shardsMergeToTheSameResultAsOneProcess(String backend) throws IOException {
        Path one = plan(TINY, "one-" + backend);
        Path sharded = plan(TINY, "sharded-" + backend);
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, "sweep", "run", one.toString(), "--jobs", "2", "--backend", backend), err.toString());
        assertEquals(0, cli(err, "sweep", "merge", one.toString()), err.toString());
        assertEquals(0, cli(err, "sweep", "run", sharded.toString(), "--shard", "1/2", "--backend", backend), err.toString());
        // a merge with missing cases names them and keeps the finished ones
        StringWriter partial = new StringWriter();
        assertEquals(3, cli(partial, "sweep", "merge", sharded.toString()), partial.toString());
        JsonNode half = new ObjectMapper().readTree(sharded.resolve("merged/result.json").toFile());
        assertEquals("[0,2]", half.get("missing").toString());
        assertEquals(2, half.get("cases").size());
        assertTrue(Files.readString(sharded.resolve("merged/report.md")).contains("**Missing cases**"));
        assertEquals(0, cli(err, "sweep", "run", sharded.toString(), "--shard", "0/2", "--backend", backend), err.toString());
        assertEquals(0, cli(err, "sweep", "run", sharded.toString(), "--case", "3", "--backend", backend), err.toString());
        assertTrue(err.toString().isEmpty() || !err.toString().contains("failed"), err.toString());
        assertEquals(0, cli(err, "sweep", "merge", sharded.toString()), err.toString());
        String a = stable(one.resolve("merged")), b = stable(sharded.resolve("merged"));
        assertEquals(a, b);
        // and the merged results are real: four finished cases with a defined deviation
        JsonNode root = new ObjectMapper().readTree(a);
        assertEquals(4, root.get("finished").asInt());
        assertEquals(0, root.get("missing").size());
        for (JsonNode c : root.get("cases")) {
            assertTrue(c.at("/result/deviation/tt/mean").asDouble() < 0.1, c.toString());
        }
        // different seeds give different samples, so different numbers
        assertNotEquals(root.at("/cases/0/result/paper/tt"), root.at("/cases/1/result/paper/tt"));
    }

    @Test
    void halfWrittenCaseFoldersAreReportedAndRedone() throws IOException {
        Path dir = plan(TINY.replace("\"seed\": [1, 2]", "\"seed\": [1]"), "half");
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, "sweep", "run", dir.toString(), "--case", "0"), err.toString());
        Path c0 = Manifest.caseDir(dir, 0), c1 = Manifest.caseDir(dir, 1);
        String before = Files.readString(c0.resolve("result/result.json"));
        // case 1 stopped while writing: a leftover temporary folder and a result folder without result.json
        Files.createDirectories(c1.resolve(".tmp-result-123"));
        Files.writeString(c1.resolve(".tmp-result-123/result.json"), "{\"index\": 1, ");
        Files.createDirectories(c1.resolve("result"));
        StringWriter merge = new StringWriter();
        assertEquals(3, cli(merge, "sweep", "merge", dir.toString()));
        assertTrue(merge.toString().contains("case 1: half-written folder .tmp-result-123"), merge.toString());
        assertTrue(merge.toString().contains("case 1: half-written result folder (no result.json)"), merge.toString());
        assertFalse(Files.exists(c1.resolve("result")));
        StringWriter run = new StringWriter();
        assertEquals(0, cli(run, "sweep", "run", dir.toString()), run.toString());
        assertTrue(run.toString().contains("case 0 (startTime=0.0, seed=1): already done"), run.toString());
        assertEquals(before, Files.readString(c0.resolve("result/result.json")), "a finished case is kept as it was");
        assertTrue(Files.isRegularFile(c1.resolve("result/result.json")));
        assertEquals(0, cli(run, "sweep", "merge", dir.toString()));
        assertEquals(0, cli(run, "sweep", "merge", dir.toString()), "merge is safe to re-run");
    }

    static String refusal(String sweepJson) {
        return assertThrows(IllegalArgumentException.class,
                () -> SweepPlan.expand(SweepFile.parse(ProblemFile.parseJson(sweepJson), "bad"))).getMessage();
    }

    static String withAxes(String axes) {
        return "{\"base\": {\"density\": {\"type\": \"gaussian\", \"mean\": [0], \"covariance\": [[1]]}, \"sde\": \"vp\"}, "
                + axes + "}";
    }

    @Test
    void badSweepFilesAreRefusedByName() {
        assertTrue(refusal(withAxes("\"axes\": {\"density.epsilonn\": [1]}")).contains("unknown axis 'density.epsilonn'"));
        assertTrue(refusal(withAxes("\"axes\": {\"t0\": []}")).contains("axis 'axes.t0' is empty"));
        assertTrue(refusal(withAxes("\"axes\": {}")).contains("expected at least one axis"));
        assertTrue(refusal(withAxes("\"axes\": {\"t0\": [0.1, 0.1]}")).contains("appears twice"));
        assertTrue(refusal(withAxes("\"axes\": {\"t0\": 0.1}")).contains("expected a list of values"));
        assertTrue(refusal(withAxes("\"axes\": {\"seed\": [1]}, \"zip\": {\"sde\": [\"vp\", \"ve\"], \"grid\": [16]}"))
                .contains("zipped axis 'zip.grid' has 1 values"));
        assertTrue(refusal(withAxes("\"axes\": {\"seed\": [1]}, \"preset\": \"gaussian\"")).contains("fields 'base' and 'preset' are both given"));
        // a value a problem file would refuse: by case number, axis value and the problem file's reason
        String m = refusal(withAxes("\"axes\": {\"t0\": [0.1, 2.0], \"grid\": [16, 2]}"));
        assertTrue(m.contains("case 1 (startTime=0.1, grid.n=2) is refused: field 'grid.n' = 2"), m);
        m = refusal(withAxes("\"axes\": {\"sde\": [\"vp\", \"bogus\"]}"));
        assertTrue(m.contains("case 1 (sde=\"bogus\") is refused: field 'sde'"), m);
        m = refusal(withAxes("\"axes\": {\"samples\": [40, 1]}"));
        assertTrue(m.contains("case 1 (samples=1) is refused: setting 'samples'"), m);
    }

    @Test
    void planRefusesAFolderInUseAndRunRefusesABadCase() throws IOException {
        Path dir = plan(TINY, "used");
        Path f = tmp.resolve("used.json");
        StringWriter err = new StringWriter();
        assertEquals(3, cli(err, "sweep", "plan", f.toString(), "--out", dir.toString()));
        assertTrue(err.toString().contains("a sweep is already planned there"), err.toString());
        StringWriter e2 = new StringWriter();
        assertEquals(2, cli(e2, "sweep", "run", dir.toString(), "--case", "4"));
        assertTrue(e2.toString().contains("--case = 4: expected 0 to 3"), e2.toString());
        StringWriter e3 = new StringWriter();
        assertEquals(2, cli(e3, "sweep", "run", dir.toString(), "--shard", "2/2"));
        assertTrue(e3.toString().contains("--shard"), e3.toString());
        StringWriter e4 = new StringWriter();
        assertEquals(3, cli(e4, "sweep", "run", tmp.resolve("nowhere").toString(), "--case", "0"));
        assertTrue(e4.toString().contains("no manifest.json"), e4.toString());
        for (Iterator<Path> it = Files.list(tmp).iterator(); it.hasNext();) {
            assertFalse(it.next().getFileName().toString().startsWith(".tmp-sweep"), "no temporary folder left");
        }
    }

    @Test
    void slurmScriptsRunEveryCaseAndTheMergeAfterThem() throws IOException {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, TINY);
        Path dir = tmp.resolve("s");
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, "sweep", "plan", f.toString(), "--out", dir.toString(), "--slurm", "--java", "/opt/java",
                "--classpath", "/a.jar:/b.jar", "--time", "00:10:00"), err.toString());
        String array = Files.readString(dir.resolve("slurm/array.sbatch"));
        assertTrue(array.contains("#SBATCH --array=0-3\n"), array);
        assertTrue(array.contains("'/opt/java' -Xmx4g -cp '/a.jar:/b.jar' org.ttfp.cli.TtfpCommand sweep run '"
                + dir.toAbsolutePath() + "' --case \"$SLURM_ARRAY_TASK_ID\""), array);
        assertTrue(array.contains("#SBATCH --time=00:10:00"), array);
        String submit = Files.readString(dir.resolve("slurm/submit.sh"));
        assertTrue(submit.contains("sbatch --parsable \"$here/array.sbatch\""), submit);
        assertTrue(submit.contains("--dependency=afterok:\"$array\" \"$here/merge.sbatch\""), submit);
        assertTrue(Files.readString(dir.resolve("slurm/merge.sbatch")).contains("sweep merge '" + dir.toAbsolutePath()));
        StringWriter e2 = new StringWriter();
        assertEquals(2, cli(e2, "sweep", "plan", f.toString(), "--out", tmp.resolve("t").toString(), "--time", "1:00"));
        assertTrue(e2.toString().contains("--time is a Slurm option"), e2.toString());
    }

    /** Two tiny cases of the paper preset: d = 2 and d = 7, density 0, on a small grid for d = 2, the protocol's for d = 7. */
    static final String PAPER_MINI = "{\"name\": \"paper-mini\", \"preset\": {\"name\": \"paper\", \"dims\": 2, "
            + "\"index\": 0}, \"settings\": {\"samples\": 24, \"jacobianPoints\": 2},"
            + " \"zip\": {\"preset.dims\": [2, 7], \"preset.grid\": [48, 0], "
            + "\"preset.steps\": [8, 0]}}";

    @Test
    void thePaperProtocolPlansThreeHundredSelfContainedPresetCases() throws IOException {
        Path dir = plan(Files.readString(Path.of("../docs/sweeps/paper-protocol.json")), "paper-protocol");
        Manifest m = Manifest.read(dir);
        assertEquals(300, m.caseCount());
        assertEquals(List.of("preset.dims", "preset.index"), m.axes());
        assertEquals(1000, m.get(0).settings().samples());
        assertEquals(CaseSettings.DEFAULTS.jacobianPoints(), m.get(0).settings().jacobianPoints());
        java.util.Map<Integer, Integer> perDim = new java.util.TreeMap<>();
        for (int k = 0; k < 300; k++) {
            perDim.merge(m.get(k).values().get("preset.dims").asInt(), 1, Integer::sum);
        }
        assertEquals(java.util.Map.of(2, 100, 3, 100, 7, 100), perDim);
        // case 101 = d 3, density 1: the case file records the preset with every option, and builds the
        // scenario of ttfp verify --preset paper --dims 3 --count 2 (its second density)
        JsonNode c = new ObjectMapper().readTree(dir.resolve(m.get(101).problem()).toFile());
        assertEquals("{\"name\":\"paper\",\"dims\":3,\"index\":1,\"grid\":0,\"rankCap\":0,\"steps\":0,\"seed\":1}",
                c.get("preset").toString());
        var sc = SweepRun.scenario(dir.resolve(m.get(101).problem()), 99);
        var verify = org.ttfp.ot.verify.Presets.build("paper", new org.ttfp.ot.verify.Presets.Options(new int[] {3}, null,
                0, 0, 0, null, null, 2, 1)).get(1);
        assertEquals(verify.name(), sc.name());
        assertEquals(verify.family(), sc.family());
        assertEquals(verify.steps(), sc.steps());
        assertEquals(verify.maxRank(), sc.maxRank());
        assertEquals(verify.tolerance(), sc.tolerance(), 0.0);
        assertEquals(verify.sdeName(), sc.sdeName());
        assertEquals(verify.box().toString(), sc.box().toString());
        assertEquals("paper-d7-seed99008", SweepRun.scenario(dir.resolve(m.get(299).problem()), 1).name());
    }

    @Test
    void badPresetBasesAreRefusedByCaseNumber() {
        String m = refusal("{\"preset\": {\"name\": \"paper\", \"dims\": 2}, \"axes\": {\"preset.name\": "
                + "[\"paper\", \"gaussian\"]}}");
        assertTrue(m.contains("case 1 (preset.name=\"gaussian\") is refused: field 'preset.name'"), m);
        m = refusal("{\"preset\": {\"name\": \"paper\", \"dims\": 2, \"count\": 3}, \"axes\": {\"preset.index\": [0]}}");
        assertTrue(m.contains("case 0 (preset.index=0) is refused: unknown option 'preset.count'"), m);
        m = refusal("{\"preset\": {\"name\": \"paper\", \"dims\": 2}, \"axes\": {\"preset.index\": [0, -1]}}");
        assertTrue(m.contains("case 1 (preset.index=-1) is refused: field 'preset.index' = -1"), m);
        m = refusal("{\"preset\": {\"name\": \"paper\", \"dims\": 2}, \"axes\": {\"density.epsilon\": [0.1]}}");
        assertTrue(m.contains("case 0 (density.epsilon=0.1) is refused: unknown field 'density' beside 'preset'"), m);
        assertTrue(refusal("{\"preset\": {\"name\": \"paper\", \"dims\": 2}, \"axes\": {\"preset.size\": [1]}}")
                .contains("unknown axis 'preset.size'"));
    }

    @Test
    void aPaperMiniatureRunsAndMergesWithThePaperSummary() throws IOException {
        Path dir = plan(PAPER_MINI, "paper-mini");
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, "sweep", "run", dir.toString()), err.toString());
        assertEquals(0, cli(err, "sweep", "merge", dir.toString()), err.toString());
        JsonNode root = new ObjectMapper().readTree(dir.resolve("merged/result.json").toFile());
        assertEquals(2, root.get("finished").asInt());
        assertEquals("paper-d2-seed3", root.at("/cases/0/result/scenario/name").asText());
        assertEquals("paper-d7-seed8", root.at("/cases/1/result/scenario/name").asText());
        String report = Files.readString(dir.resolve("merged/report.md"));
        assertTrue(report.contains("## Paper summary"), report);
        for (int k = 0; k < 2; k++) {
            JsonNode r = root.at("/cases/" + k + "/result");
            int d = r.at("/scenario/dim").asInt();
            int kept = r.at("/paper/tt/identityFraction").asDouble() == 1.0 ? 1 : 0;
            int notGradient = r.at("/verdict/gradientMap/outcome").asText().equals("NOT_A_GRADIENT_MAP") ? 1 : 0;
            String row = String.format(java.util.Locale.ROOT, "| %d | 1 | %d | %.3g | ", d, kept,
                    r.at("/paper/tt/relativeGap").asDouble());
            assertTrue(report.contains(row), row + " in\n" + report);
            assertTrue(report.lines().anyMatch(l -> l.startsWith(row) && l.endsWith("| " + notGradient + " |")), report);
        }
        // a problem-file sweep has no paper table
        assertFalse(PaperSummary.table(List.of()).contains("Paper"));
    }
}
