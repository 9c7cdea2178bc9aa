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
import org.ttfp.tt.LogScalar;
import org.ttfp.tt.TensorTrain;

/** W5: inner product of two random TTs, d = 50, n = 32, r = 50 ({@link W5Dot}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W5DotBench {
    /** Dense backend: native OpenBLAS or pure-Java EJML. */
    @Param({"openblas", "ejml"})
    public String backend;

    private TensorTrain a;
    private TensorTrain b;
    private LogScalar last;

    /** Builds the inputs once per fork (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        Backend be = Backends.byName(backend);
        a = W5Dot.a(be, W5Dot.D, W5Dot.N, W5Dot.R);
        b = W5Dot.b(be, W5Dot.D, W5Dot.N, W5Dot.R);
    }

    /** The timed call: one workload run per measurement. */
    @Benchmark
    public LogScalar dot() {
        last = W5Dot.dot(a, b);
        return last;
    }

    /** Computes, prints and records the figure of the last result (not timed). */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        BenchSupport.record(params, W5Dot.figure(a, b, last));
    }
}
