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

/**
 * W2: rounding of Y+Y (d = 50, n = 32, rank 2r) to 1e−8 ({@link W2Rounding}); one call per
 * measurement. The suite runs EJML at r = 20 and 50 only (r = 100 takes minutes per call in pure Java).
 * {@link #round} is the default (deterministic) rounding that the W2 targets are for;
 * {@link #randomized} the same call by randomized rounding, reported as the workload
 * "W2 randomized" in rows of its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W2RoundingBench {
    /** Rank of Y. */
    @Param({"20", "50", "100"})
    public int r;

    /** Dense backend: native OpenBLAS or pure-Java EJML. */
    @Param({"openblas", "ejml"})
    public String backend;

    private TensorTrain y;
    private TensorTrain sum;
    private TensorTrain last;

    /** Builds the inputs once per fork (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        Backend be = Backends.byName(backend);
        y = W2Rounding.y(be, W2Rounding.D, W2Rounding.N, r);
        sum = W2Rounding.input(y);
    }

    /** The timed call: one workload run per measurement. */
    @Benchmark
    public TensorTrain round() {
        last = null; // let the previous result go before the next one is built
        last = W2Rounding.round(sum);
        return last;
    }

    /** The timed call of the "W2 randomized" rows: randomized rounding of the same input. */
    @Benchmark
    public TensorTrain randomized() {
        last = null;
        last = W2Rounding.roundRandomized(sum);
        return last;
    }

    /** Computes, prints and records the figure of the last result (not timed). */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        BenchSupport.record(params, W2Rounding.figure(sum, last, y, r));
    }
}
