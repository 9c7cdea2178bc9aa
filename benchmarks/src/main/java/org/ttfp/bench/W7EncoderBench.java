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
import org.ttfp.fp.Solution;
import org.ttfp.linalg.Backends;
import org.ttfp.ot.ProbabilityFlowEncoder;

/** W7: 10^4 samples through the probability-flow ODE with the solved density's score, d = 3, 10, 30 ({@link W7Encoder}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W7EncoderBench {
    /** Dimension. */
    @Param({"3", "10", "30"})
    public int d;

    /** Dense backend of the solved density: native OpenBLAS or pure-Java EJML. */
    @Param({"openblas", "ejml"})
    public String backend;

    private Solution density;
    private double[] x;
    private ProbabilityFlowEncoder.Result last;

    /** Builds the inputs once per fork (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        density = W7Encoder.density(Backends.byName(backend), d, W6FpSolve.NODES, W7Encoder.STEPS);
        x = W7Encoder.samples(d, W7Encoder.SAMPLES);
    }

    /** The timed call: one workload run per measurement. */
    @Benchmark
    public ProbabilityFlowEncoder.Result encode() {
        last = W7Encoder.encode(density, x);
        return last;
    }

    /** Computes, prints and records the figure of the last result (not timed). */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        BenchSupport.record(params, W7Encoder.figure(d, x, last));
    }
}
