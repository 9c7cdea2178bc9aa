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
import org.ttfp.fp.FpMethod;
import org.ttfp.fp.FpProblem;
import org.ttfp.fp.FpSolver;
import org.ttfp.fp.Solution;
import org.ttfp.linalg.Backends;

/**
 * W6: Fokker–Planck solve of the VP-SDE from the suite's 3-component mixture ({@link W6FpSolve}),
 * d = 3, 10, 30, on the exact separable propagator (the solver's choice for this SDE) and on the
 * general split path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W6FpSolveBench {
    /** Dimension. */
    @Param({"3", "10", "30"})
    public int d;

    /** Propagator: EXACT (per-mode Gaussian transition), SPLIT (Strang with TT-cross) or EXTRAPOLATED (Richardson). */
    @Param({"EXACT", "SPLIT", "EXTRAPOLATED"})
    public String method;

    /** Dense backend: native OpenBLAS or pure-Java EJML. */
    @Param({"openblas", "ejml"})
    public String backend;

    /**
     * Whether each convection cross starts from the previous cross's interpolation sets (the
     * solver's default, {@link FpSolver.Settings#withCrossIndexReuse}); false is the path before
     * index reuse, for a before/after ratio in one run ({@code -p reuse=true,false}).
     */
    @Param({"true"})
    public boolean reuse;

    private FpProblem problem;
    private FpSolver.Settings settings;
    private Solution last;

    /** Builds the inputs once per fork (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        FpMethod m = FpMethod.valueOf(method);
        problem = W6FpSolve.problem(Backends.byName(backend), d, W6FpSolve.NODES, W6FpSolve.steps(m), m);
        settings = W6FpSolve.settings(Backends.byName(backend), m).withCrossIndexReuse(reuse);
    }

    /** The timed call: one workload run per measurement. */
    @Benchmark
    public Solution solve() {
        last = null;
        last = W6FpSolve.solve(problem, settings);
        return last;
    }

    /** Computes, prints and records the figure of the last result (not timed). */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        BenchSupport.record(params, W6FpSolve.figure(problem, last));
    }
}
