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

/** W8: exact certified assignment of N points, uniform or near-identity, d = 2 and 7 ({@link W8Assignment}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W8AssignmentBench {
    /** Number of points per set. */
    @Param({"1000", "5000", "10000"})
    public int n;

    /** Point sets: uniform-d2, uniform-d7, near-d2, near-d7. */
    @Param({"uniform-d2", "uniform-d7", "near-d2", "near-d7"})
    public String points;

    /** No dense backend is involved (pure Java): always {@value Targets#PURE_JAVA}. */
    @Param({Targets.PURE_JAVA})
    public String backend;

    private double[] x;
    private double[] y;
    private int d;
    private W8Assignment.Solved last;

    /** Builds the point sets once per fork (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        double[][] in = W8Assignment.inputs(points, n);
        x = in[0];
        y = in[1];
        d = W8Assignment.dimension(points);
    }

    /** The timed call: solve and certify. */
    @Benchmark
    public W8Assignment.Solved assign() {
        last = W8Assignment.solveAndCertify(x, y, d);
        return last;
    }

    /** Computes, prints and records the figure of the last result (not timed). */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        BenchSupport.record(params, W8Assignment.figure(x, y, d, last));
    }
}
