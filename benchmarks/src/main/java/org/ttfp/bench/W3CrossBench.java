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
import org.ttfp.cross.BatchFunction;
import org.ttfp.cross.CrossResult;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;

/** W3: TT-cross of 1/(1+|x|²), d = 10, n = 64 Chebyshev nodes on [−5, 5]^d, eps 1e−8 ({@link W3Cross}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W3CrossBench {
    /** Dense backend: native OpenBLAS or pure-Java EJML. */
    @Param({"openblas", "ejml"})
    public String backend;

    private Backend be;
    private ChebyshevBox box;
    private BatchFunction f;
    private CrossResult last;

    /** Builds the inputs once per fork (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.byName(backend);
        box = W3Cross.box(W3Cross.D, W3Cross.N);
        f = W3Cross.function(box);
    }

    /** The timed call: one workload run per measurement. */
    @Benchmark
    public CrossResult cross() {
        last = W3Cross.cross(be, box, f);
        return last;
    }

    /** Computes, prints and records the figure of the last result (not timed). */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        BenchSupport.record(params, W3Cross.figure(last, box, f, W3Cross.VALIDATION_POINTS, Targets.W3_TENEVA_ERROR));
    }
}
