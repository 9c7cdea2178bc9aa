package org.ttfp.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cross.BatchFunction;
import org.ttfp.cross.CrossResult;

/** W3: TT-cross of 1/(1+|x|²), d = 10, n = 64 Chebyshev nodes on [−5, 5]^d, eps 1e−8 ({@link W3Cross}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W3CrossBench extends BackendWorkloadBench<CrossResult> {
    private ChebyshevBox box;
    private BatchFunction f;

    @Override
    protected void prepare() {
        box = W3Cross.box(W3Cross.D, W3Cross.N);
        f = W3Cross.function(box);
    }

    /** The timed call: one workload run per measurement. */
    @Benchmark
    public CrossResult cross() {
        last = W3Cross.cross(be, box, f);
        return last;
    }

    @Override
    protected Figure figure(CrossResult result) {
        return W3Cross.figure(result, box, f, W3Cross.VALIDATION_POINTS, Targets.W3_TENEVA_ERROR);
    }
}
