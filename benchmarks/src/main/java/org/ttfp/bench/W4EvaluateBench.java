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
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.TensorTrain;

/** W4: a random TT (d = 10, n = 64, r = 30) at 10^5 random multi-indices ({@link W4Evaluate}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W4EvaluateBench {
    /** Dense backend: native OpenBLAS or pure-Java EJML. */
    @Param({"openblas", "ejml"})
    public String backend;

    private TensorTrain tt;
    private int[] idx;
    private double[] last;

    /** Builds the inputs once per fork (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        Backend be = Backends.byName(backend);
        tt = W4Evaluate.tensor(be, W4Evaluate.D, W4Evaluate.N, W4Evaluate.R);
        idx = W4Evaluate.indices(W4Evaluate.D, W4Evaluate.N, W4Evaluate.COUNT);
    }

    /** The timed call: one workload run per measurement. */
    @Benchmark
    public double[] evaluate() {
        last = W4Evaluate.evaluate(tt, idx, W4Evaluate.COUNT);
        return last;
    }

    /** Computes, prints and records the figure of the last result (not timed). */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        BenchSupport.record(params, W4Evaluate.figure(tt, idx, W4Evaluate.COUNT, last));
    }
}
