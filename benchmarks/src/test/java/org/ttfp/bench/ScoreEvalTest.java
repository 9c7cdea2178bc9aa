package org.ttfp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.cheb.TtInterpolant;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.linalg.EjmlBackend;

/** The SCORE workload on a tiny size (both backends, both paths) and its row in the report. */
class ScoreEvalTest {

    static List<Backend> backends() {
        return List.of(EjmlBackend.get(), Backends.byName("openblas"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void runsOnATinySizeOnBothPathsAndPassesItsCheck(Backend be) {
        for (TtInterpolant.Path p : TtInterpolant.Path.values()) {
            Workloads.Result r = ScoreEval.run(be, 3, 12, 5, 300, p);
            assertTrue(r.figure().allChecksPass(), () -> p + ": " + r.figure());
            assertEquals("SCORE", r.workload());
        }
    }

    @Test
    void flopModelAndReportRow() {
        // d = 10, r = 40, n = 64: Σ_k (4 n R_k + 6 R_k + 4 n) with R = 40, 1600 x 8, 40
        double rr = 40 + 1600 * 8 + 40;
        double expected = 4 * 64 * rr + 6 * rr + 4 * 64 * 10;
        assertEquals(expected, ScoreEval.flopsPerPoint(ScoreEval.tensor(EjmlBackend.get(), 10, 64, 40)), 0.0);
        assertEquals("SCORE", Report.workloadOf("org.ttfp.bench.ScoreEvalBench.score"));
        assertTrue(Targets.targetText("SCORE", Map.of("d", "3"), "openblas").contains("30 % of GEMM"));
        Figure f = Figure.of("x").withFlops(3e9);
        // 3 GFLOP in 0.1 s = 30 GFLOP/s against a 100 GFLOP/s GEMM: 30 %, a pass; at 0.2 s a fail
        assertEquals("PASS", Targets.overall(Targets.verdicts("SCORE", Map.of(), "openblas", 0.1, f, 100, Double.NaN)));
        assertEquals("FAIL", Targets.overall(Targets.verdicts("SCORE", Map.of(), "openblas", 0.2, f, 100, Double.NaN)));
    }
}
