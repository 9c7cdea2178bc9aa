package org.ttfp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The suite's command line, plans and bookkeeping (JMH itself is not started here). */
class BenchmarkSuiteTest {

    @Test
    void everyPlannedBenchmarkIsInJmhsList() throws Exception {
        List<String> list = BenchmarkSuite.benchmarkList();
        for (boolean quick : new boolean[] {true, false}) {
            for (BenchmarkSuite.Plan p : BenchmarkSuite.plans(quick, List.of("openblas", "ejml"))) {
                String cls = "org.ttfp.bench." + p.benchClass();
                assertTrue(list.stream().anyMatch(l -> List.of(l.split(" ")).contains(cls)), "no JMH benchmark " + cls + " in " + list);
                assertTrue(p.measure() >= 1 && p.forks() >= 1, p::toString);
                if (quick) {
                    assertEquals(1, p.forks(), "quick mode runs one fork: " + p);
                }
            }
        }
    }

    @Test
    void everyBenchmarkClassIsPlanned() throws Exception {
        List<BenchmarkSuite.Plan> plans = BenchmarkSuite.plans(false, List.of("openblas", "ejml"));
        for (String l : BenchmarkSuite.benchmarkList()) {
            if (l.isBlank()) {
                continue;
            }
            List<String> tokens = List.of(l.split(" "));
            assertTrue(plans.stream().anyMatch(p -> tokens.contains("org.ttfp.bench." + p.benchClass())),
                    "benchmark not run by the suite: " + l);
        }
    }

    /** Quick mode runs the split path and the fourth-order (extrapolated) split path at d = 3 and 10. */
    @Test
    void quickModeRunsTheSplitPaths() {
        List<BenchmarkSuite.Plan> plans = BenchmarkSuite.plans(true, List.of("openblas"));
        java.util.function.BiPredicate<String, String> planned = (method, d) -> plans.stream().anyMatch(p ->
                p.benchClass().equals("W6FpSolveBench") && List.of(p.params().get("method")).contains(method)
                        && List.of(p.params().get("d")).contains(d));
        assertTrue(planned.test("SPLIT", "3") && planned.test("SPLIT", "10"), plans::toString);
        assertTrue(planned.test("EXTRAPOLATED", "3") && planned.test("EXTRAPOLATED", "10"), plans::toString);
    }

    @Test
    void ejmlSkipsW2AtRank100() {
        for (BenchmarkSuite.Plan p : BenchmarkSuite.plans(true, List.of("openblas", "ejml"))) {
            if (p.benchClass().equals("W2RoundingBench") && List.of(p.params().get("backend")).contains("ejml")) {
                assertFalse(List.of(p.params().get("r")).contains("100"), p::toString);
            }
        }
        assertTrue(BenchmarkSuite.plans(true, List.of("ejml")).stream().noneMatch(
                p -> List.of(p.params().get("backend")).contains("openblas")), "an unavailable backend must not be planned");
    }

    @Test
    void parsesTheCommandLine() {
        BenchmarkSuite.Config c = BenchmarkSuite.parse(new String[] {"--quick", "--out", "x/y", "--only", "w2,GEMM", "--backends", "ejml"});
        assertTrue(c.quick());
        assertEquals(Path.of("x/y"), c.out());
        assertEquals(java.util.Set.of("W2", "GEMM"), c.only());
        assertEquals(List.of("ejml"), c.backends());
        assertFalse(BenchmarkSuite.parse(new String[] {}).quick());
        assertThrows(IllegalArgumentException.class, () -> BenchmarkSuite.parse(new String[] {"--fast"}));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkSuite.parse(new String[] {"--out"}));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkSuite.parse(new String[] {"--backends", "cublas"}));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkSuite.parse(new String[] {"--only"}));
    }

    @Test
    void failureLineNamesTheError() {
        assertEquals("Exception in thread \"main\" java.lang.OutOfMemoryError: Cannot allocate",
                BenchmarkSuite.failureLine("starting\nException in thread \"main\" java.lang.OutOfMemoryError: Cannot allocate\n\tat x.y(Z.java:1)\n"));
        assertEquals("last words", BenchmarkSuite.failureLine("one\nlast words\n\n"));
    }

    @Test
    void keysCombinationsAndJsonMerge() {
        assertEquals("W2RoundingBench.round_backend=openblas_r=100",
                BenchSupport.key("org.ttfp.bench.W2RoundingBench.round", Map.of("r", "100", "backend", "openblas")));
        List<Map<String, String>> c = BenchSupport.combinations(Map.of("r", new String[] {"20", "50"}, "backend", new String[] {"a", "b"}));
        assertEquals(4, c.size());
        assertTrue(c.contains(Map.of("r", "50", "backend", "a")));
        assertEquals("[\n{\"a\":1},\n{\"b\":2}\n]\n", BenchmarkSuite.mergeJson(List.of("{\"a\":1}", "", "{\"b\":2}")));
    }
}
