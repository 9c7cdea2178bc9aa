package org.ttfp.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.TtInterpolant;
import org.ttfp.linalg.Backends;

/** SCORE: batched score evaluation at 10^4 points, d = 3 and 10, r = 20 and 40 ({@link ScoreEval}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScoreEvalBench {
    /** Dimension. */
    @Param({"3", "10"})
    public int d;

    /** TT rank. */
    @Param({"20", "40"})
    public int r;

    /** Evaluation path of TtInterpolant: AUTO (its rule), HEAP or BACKEND. */
    @Param({"AUTO"})
    public String path;

    /** Dense backend: native OpenBLAS or pure-Java EJML. */
    @Param({"openblas", "ejml"})
    public String backend;

    private TtInterpolant f;
    private double[] x;
    private ScoreEval.Output last;

    /** Builds the inputs once per fork (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        ChebyshevBox box = ScoreEval.box(d, ScoreEval.NODES);
        f = ScoreEval.interpolant(box, ScoreEval.tensor(Backends.byName(backend), d, ScoreEval.NODES, r),
                TtInterpolant.Path.valueOf(path));
        x = ScoreEval.points(d, ScoreEval.COUNT);
    }

    /** The timed call: one workload run per measurement. */
    @Benchmark
    public ScoreEval.Output score() {
        last = ScoreEval.evaluate(f, x, ScoreEval.COUNT);
        return last;
    }

    /** Computes, prints and records the figure of the last result (not timed). */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        BenchSupport.record(params, ScoreEval.figure(f, x, ScoreEval.COUNT, last));
    }
}
