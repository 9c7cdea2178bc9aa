package org.ttfp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table and the verdicts against the targets of issue 7, on made-up measurements. */
class ReportTest {

    private static String line(String md, String start) {
        return md.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in\n" + md));
    }

    private static Report.Row gemm(String backend, double seconds) {
        return new Report.Row("GEMM", Map.of("n", "2000"), backend, seconds, Figure.of("2000x2000 DGEMM").withFlops(16e9), null);
    }

    @Test
    void w2AtRank100IsMarkedAgainstTimeRankAccuracyAndGemmFraction() {
        Figure ok = Figure.of("rank 200 → 100").withFlops(1.3e11)
                .withCheck("rank", true, "ranks ok").withCheck("accuracy", true, "rel. error 1e-12 < 1e-8");
        // GEMM 16e9 flops in 0.16 s = 100 GFLOP/s; W2: 1.3e11 in 2.0 s = 65 GFLOP/s (65 %);
        // issue 12's target 0.5 × 5.48 s × 153 / 100 = 4.19 s
        List<Report.Row> rows = List.of(gemm("openblas", 0.16), gemm("ejml", 5.0),
                new Report.Row("W2", Map.of("r", "100"), "openblas", 2.0, ok, null));
        assertEquals(100, Report.machineGemm(rows), 1e-9);
        String md = Report.markdown(rows, List.of("test"));
        String w2 = line(md, "| W2 | r=100 (d=50, n=32) | openblas");
        assertTrue(w2.contains("**PASS**"), w2);
        assertTrue(w2.contains("65 % of GEMM ≥ 30 %"), w2);
        assertTrue(w2.contains("65 GFLOP/s (65.0 % of GEMM)"), w2);
        assertTrue(w2.contains("≤ 4.19 s (0.5 × reference 5.48 s × 153 / GEMM GFLOP/s)"), w2);
        assertTrue(w2.contains("PASS time 2 s ≤ 4.19 s"), w2);

        // slower than the target and below 30 % of GEMM: both fail
        List<Report.Row> slow = List.of(gemm("openblas", 0.16),
                new Report.Row("W2", Map.of("r", "100"), "openblas", 6.5, ok, null));
        String w2slow = line(Report.markdown(slow, List.of()), "| W2 | r=100 (d=50, n=32) | openblas");
        assertTrue(w2slow.contains("**FAIL**"), w2slow);
        assertTrue(w2slow.contains("FAIL time 6.5 s > 4.19 s"), w2slow);
        assertTrue(w2slow.contains("FAIL 20 % of GEMM < 30 %"), w2slow);
    }

    @Test
    void fallbackRowsReportTheirSlowdownAndStillFailWrongResults() {
        Figure bad = Figure.of("rank 40 → 38").withFlops(1e9).withCheck("rank", false, "ranks 1-38-1 != expected 1-20-1");
        Figure good = Figure.of("rank 40 → 20").withFlops(1e9).withCheck("rank", true, "ranks ok");
        List<Report.Row> rows = List.of(new Report.Row("W2", Map.of("r", "20"), "openblas", 0.05, good, null),
                new Report.Row("W2", Map.of("r", "20"), "ejml", 0.6, bad, null));
        String md = Report.markdown(rows, List.of());
        String ejml = line(md, "| W2 | r=20 (d=50, n=32) | ejml");
        assertTrue(ejml.contains("12.0× the openblas time"), ejml);
        assertTrue(ejml.contains("**FAIL**"), ejml);
        assertFalse(ejml.contains("time 600 ms"), "time targets apply to the native backend only: " + ejml);
        assertTrue(md.indexOf("| W2 | r=20 (d=50, n=32) | openblas") < md.indexOf("| W2 | r=20 (d=50, n=32) | ejml"), "native row first");
    }

    @Test
    void missingResultsAndFiguresFail() {
        List<Report.Row> rows = List.of(new Report.Row("W4", Map.of(), "openblas", Double.NaN, null, "no result: crashed"),
                new Report.Row("W5", Map.of(), "openblas", 1.0, null, null));
        String md = Report.markdown(rows, List.of());
        assertTrue(line(md, "| W4 |").contains("FAIL no result: crashed"), md);
        assertTrue(line(md, "| W5 |").contains("FAIL no figure recorded"), md);
    }

    @Test
    void w3IsMarkedOnEvaluationsAndAccuracy() {
        Figure f = Figure.of("cross").withValue("evaluations", 4e5).withValue("relError", 5e-9)
                .withValue("evaluationsMatched", 8e5).withValue("errorMatched", 1e-9).withValue("epsMatched", 2e-9);
        List<Targets.Verdict> v = Targets.verdicts("W3", Map.of(), "openblas", 5.0, f, 100, Double.NaN);
        assertEquals("FAIL", Targets.overall(v));
        assertTrue(v.stream().anyMatch(x -> Boolean.FALSE.equals(x.pass()) && x.text().contains("8e5 evals > 7.05e5")), v::toString);
        assertTrue(v.stream().anyMatch(x -> Boolean.TRUE.equals(x.pass()) && x.text().startsWith("time 5 s ≤ 6.85 s")), v::toString);
        Figure good = f.withValue("evaluationsMatched", 4.2e5);
        assertEquals("PASS", Targets.overall(Targets.verdicts("W3", Map.of(), "openblas", 5.0, good, 100, Double.NaN)));
        Figure never = f.withValue("evaluationsMatched", Double.NaN).withValue("errorMatched", Double.NaN);
        assertEquals("FAIL", Targets.overall(Targets.verdicts("W3", Map.of(), "openblas", 5.0, never, 100, Double.NaN)));
    }

    @Test
    void rateAndUnitsAndWorkloadNames() {
        Report.Row r = new Report.Row("W4", Map.of(), "openblas", 0.25, Figure.of("1e5 points").withRate(1e5, "evals/s"), null);
        assertTrue(Report.figureCell(r, Double.NaN).endsWith("; 4e5 evals/s"), Report.figureCell(r, Double.NaN));
        assertEquals("W2", Report.workloadOf("org.ttfp.bench.W2RoundingBench.round"));
        assertEquals("W2 randomized", Report.workloadOf("org.ttfp.bench.W2RoundingBench.randomized"));
        assertEquals("GEMM", Report.workloadOf("org.ttfp.bench.GemmBench.multiply"));
        assertEquals("250 ms", Report.seconds(0.25));
        assertEquals("12.3 s", Report.seconds(12.34));
        assertEquals("2 s", Report.seconds(2.0));
        assertEquals("1.41e6", Report.sig(1.41e6));
        assertEquals("3.2e-10", Report.sig(3.2e-10));
        assertEquals("-0.00123", Report.sig(-0.0012345));
        assertEquals("4500", Report.sig(4500.2));
        assertEquals(1e-3, BenchmarkSuite.unitSeconds("ms/op"), 0);
        assertThrows(IllegalArgumentException.class, () -> BenchmarkSuite.unitSeconds("ops/ms"));
    }

    @Test
    void figuresSurviveTheirFile(@TempDir Path dir) throws Exception {
        Figure f = Figure.of("ranks 1-7-1, rel. error 3e-10").withFlops(1e9).withRate(1e5, "evals/s")
                .withValue("relError", 3e-10).withValue("maxRank", 7)
                .withCheck("accuracy", true, "rel. error 3e-10 <= 1e-8").withCheck("rank", false, "r = 7 != 8");
        Path file = dir.resolve("x.properties");
        f.writeTo(file);
        assertEquals(f, Figure.readFrom(file));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file may remain");
        }
        assertThrows(IllegalArgumentException.class, () -> Figure.of("x").withRate(Double.NaN, "evals/s"));
        assertThrows(IllegalArgumentException.class, () -> Figure.of(" "));
        assertThrows(IllegalArgumentException.class, () -> Figure.of("x").withFlops(-1));
    }

    @Test
    void memoryRowVerdicts() {
        Figure f = Figure.of("memory").withValue("peakSampledBytes", 2400.0 * (1 << 20)).withValue("peakRssBytes", 2500.0 * (1 << 20))
                .withCheck("rank", true, "ok");
        assertEquals("PASS", Targets.overall(MemoryCheck.verdicts(f.withCheck("fits 1 GiB", true, "completed"))));
        List<Targets.Verdict> v = MemoryCheck.verdicts(f.withCheck("fits 1 GiB", false, "failed: OutOfMemoryError"));
        assertEquals("FAIL", Targets.overall(v));
        assertTrue(v.stream().anyMatch(x -> x.pass() == null && x.text().contains("sampled peak 2400 MiB")), v::toString);
    }

    @Test
    void w8IsTimedUnderThePureJavaBackendName() {
        Figure f = Figure.of("assignment").withCheck("certificate", true, "holds");
        List<Targets.Verdict> fast = Targets.verdicts("W8", Map.of("n", "10000", "points", "near-d7"), Targets.PURE_JAVA, 1.5, f,
                100, Double.NaN);
        assertEquals("PASS", Targets.overall(fast), fast::toString);
        assertTrue(fast.get(0).text().startsWith("time 1.5 s ≤ 2 s"), fast::toString);
        assertEquals("FAIL", Targets.overall(Targets.verdicts("W8", Map.of("n", "5000", "points", "uniform-d2"), Targets.PURE_JAVA,
                1.2, f, 100, Double.NaN)));
        assertEquals("FAIL", Targets.overall(Targets.verdicts("W8", Map.of("n", "1000", "points", "near-d2"), Targets.PURE_JAVA,
                0.05, Figure.of("assignment").withCheck("certificate", false, "gap 1e-3"), 100, Double.NaN)));
        assertTrue(Targets.targetText("W8", Map.of("n", "1000"), Targets.PURE_JAVA).startsWith("≤ 100 ms"));
    }
}
