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

/** W1: TT-SVD of the 8^7 tensor 1/(1 + Σi/8) to 1e−8 ({@link W1TtSvd}); one call per measurement. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W1TtSvdBench {
    /** Dense backend: native OpenBLAS or pure-Java EJML. */
    @Param({"openblas", "ejml"})
    public String backend;

    private Backend be;
    private double[] y;
    private int[] shape;
    private TensorTrain last;

    /** Builds the inputs once per fork (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.byName(backend);
        shape = W1TtSvd.shape(W1TtSvd.D, W1TtSvd.N);
        y = W1TtSvd.tensor(W1TtSvd.D, W1TtSvd.N);
    }

    /** The timed call: one workload run per measurement. */
    @Benchmark
    public TensorTrain decompose() {
        last = W1TtSvd.decompose(be, y, shape);
        return last;
    }

    /** Computes, prints and records the figure of the last result (not timed). */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        BenchSupport.record(params, W1TtSvd.figure(last, y));
    }
}
