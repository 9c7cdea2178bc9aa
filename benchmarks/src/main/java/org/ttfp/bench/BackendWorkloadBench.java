package org.ttfp.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;

/**
 * The frame shared by the single-shot workload benches over a dense backend (W1, W3): the
 * {@code backend} parameter, inputs built once per fork by {@link #prepare} (not timed), the last
 * result of the timed call kept in {@link #last}, and its figure computed and recorded at the end
 * of the trial ({@link BenchSupport#record}, not timed).
 *
 * @param <R> the result of the timed call
 */
@State(Scope.Benchmark)
public abstract class BackendWorkloadBench<R> {
    /** Dense backend: native OpenBLAS or pure-Java EJML. */
    @Param({"openblas", "ejml"})
    public String backend;

    /** The backend of this trial. */
    protected Backend be;
    /** The result of the last timed call. */
    protected R last;

    /** Resolves the backend and builds the inputs once per fork (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.byName(backend);
        prepare();
    }

    /** Builds the workload's inputs for {@link #be} (not timed). */
    protected abstract void prepare();

    /** The figure of a result (ranks, errors, checks). */
    protected abstract Figure figure(R result);

    /** Computes, prints and records the figure of the last result (not timed). */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        BenchSupport.record(params, figure(last));
    }
}
