package org.ttfp.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.ttfp.tt.TensorTrain;

/** W1: TT-SVD of the 8^7 tensor 1/(1 + Σi/8) to 1e−8 ({@link W1TtSvd}); one call per measurement. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W1TtSvdBench extends BackendWorkloadBench<TensorTrain> {
    private double[] y;
    private int[] shape;

    @Override
    protected void prepare() {
        shape = W1TtSvd.shape(W1TtSvd.D, W1TtSvd.N);
        y = W1TtSvd.tensor(W1TtSvd.D, W1TtSvd.N);
    }

    /** The timed call: one workload run per measurement. */
    @Benchmark
    public TensorTrain decompose() {
        last = W1TtSvd.decompose(be, y, shape);
        return last;
    }

    @Override
    protected Figure figure(TensorTrain result) {
        return W1TtSvd.figure(result, y);
    }
}
