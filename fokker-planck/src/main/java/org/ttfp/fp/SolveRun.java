package org.ttfp.fp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cross.CrossInfo;
import org.ttfp.cross.CrossOptions;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.solve.ExactSeparablePropagator;
import org.ttfp.fp.solve.Propagator;
import org.ttfp.fp.solve.RichardsonPropagator;
import org.ttfp.fp.solve.StrangSplitPropagator;
import org.ttfp.tt.Cancellation;
import org.ttfp.tt.TensorTrain;

/** The state of one solve of {@link FpSolver}: initial density, step loop, health checks, snapshots. */
final class SolveRun {

    /** Sweeps allowed to the cross of the initial density. */
    private static final int INITIAL_SWEEPS = 60;
    /** Rank increment per core update of the initial cross (ranks there grow from a low start). */
    private static final int INITIAL_RANK_INCREMENT = 4;
    /** Fraction of the heap the snapshots may take. */
    private static final double HEAP_FRACTION = 0.5;

    private final FpProblem pr;
    private final FpSolver.Settings st;
    private final FpStepHandler handler;
    private final Cancellation cancel;
    private final ChebyshevBox box;
    private final FpMethod method;
    private final Health health;
    private final List<StepDiagnostics> diagnostics = new ArrayList<>();
    private final List<Double> snapTimes = new ArrayList<>();
    private final List<TensorTrain> snaps = new ArrayList<>();
    private CrossInfo initialCross;
    private Propagator propagator;

    SolveRun(FpProblem pr, FpSolver.Settings st, FpStepHandler handler, Cancellation cancel) {
        this.pr = pr;
        this.st = st;
        this.handler = handler;
        this.cancel = cancel;
        this.box = pr.box();
        this.method = st.method().resolve(pr.sde());
        this.health = new Health(box, st);
        if (st.compareWithExact() && pr.sde().separableLinear().isEmpty()) {
            throw new IllegalArgumentException("compareWithExact needs a separable linear SDE, got " + pr.sde());
        }
    }

    /** The cross options of the settings (rank cap, eps, sweeps, seed, cancellation). */
    CrossOptions crossOptions(int sweeps, long seed) {
        CrossOptions o = CrossOptions.defaults().withEps(st.eps()).withMaxSweeps(sweeps).withSeed(seed);
        o = o.withMaxRank(Math.max(st.maxRank(), o.initialRank()));
        if (st.maxRank() < o.initialRank()) {
            o = o.withInitialRank(st.maxRank()).withMaxRank(st.maxRank());
        }
        return o.withCancellation(cancel);
    }

    /** The propagator of the resolved method (the factory: the SDE's capability and the requested method). */
    Propagator propagator(FpMethod m) {
        return switch (m) {
            case EXACT -> new ExactSeparablePropagator(pr.sde().separableLinear().orElseThrow(), box);
            case SPLIT -> new StrangSplitPropagator(pr.sde(), box, crossOptions(st.crossSweeps(), st.seed()),
                    st.characteristicSubsteps(), st.seed(), st.crossIndexReuse());
            case EXTRAPOLATED -> new RichardsonPropagator(propagator(FpMethod.SPLIT),
                    tt -> tt.round(st.eps(), st.maxRank()), st.timeTolerance(), st.maxSubsteps());
            case AUTO -> throw new IllegalStateException("AUTO is resolved before a propagator is built");
        };
    }

    Solution run() {
        TimeGrid grid = pr.timeGrid();
        int steps = grid.steps();
        requireMemory(grid, lowerBoundBytes());
        long start = System.nanoTime();
        propagator = propagator(method);
        Propagator exact = st.compareWithExact() ? propagator(FpMethod.EXACT) : null;
        if (handler != null) {
            handler.init(pr, st, steps);
        }
        InitialDensity.Built built = pr.initial().build(box, st.backend(),
                crossOptions(INITIAL_SWEEPS, st.seed()).withRankIncrement(INITIAL_RANK_INCREMENT));
        initialCross = built.cross();
        TensorTrain p = built.values().round(st.eps(), st.maxRank());
        p = health.checkBox(p, pr.initial());
        requireMemory(grid, bytes(p));
        double mass0 = box.integrate(p);
        TensorTrain q = exact != null ? p : null;
        Health.Sample s0 = health.sample(p, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        StepDiagnostics diag0 = new StepDiagnostics(0, 0.0, 0.0, p.maxRank(), mass0, 0.0, s0.min(), s0.negativity(),
                initialCross == null ? 0 : initialCross.evaluations(), initialCross == null ? 0 : initialCross.sweeps(),
                initialCross == null || initialCross.converged(), (System.nanoTime() - start) * 1e-9,
                q == null ? Double.NaN : 0.0, 0.0, 0);
        accept(diag0, p, null, steps);
        for (int k = 1; k <= steps; k++) {
            cancel.check("before step " + k + " of " + steps + " of the Fokker-Planck solve");
            long t0n = System.nanoTime();
            double t0 = grid.time(k - 1), t1 = grid.time(k);
            TensorTrain prev = p;
            Propagator.Advance a = propagator.advance(p, t0, t1, k);
            p = a.density().round(st.eps(), st.maxRank());
            double diff = Double.NaN;
            if (q != null) {
                q = exact.advance(q, t0, t1, k).density().round(st.eps(), st.maxRank());
                diff = health.relativeL2(p, q);
            }
            double mass = box.integrate(p);
            Health.Sample sm = health.sample(p, k, a.minValue(), a.maxValue());
            CrossInfo ci = a.cross();
            StepDiagnostics diag = new StepDiagnostics(k, t1, t1 - t0, p.maxRank(), mass, mass / mass0 - 1, sm.min(),
                    sm.negativity(), ci == null ? 0 : ci.evaluations(), ci == null ? 0 : ci.sweeps(),
                    ci == null || ci.converged(), (System.nanoTime() - t0n) * 1e-9, diff, a.errorEstimate(),
                    a.substeps());
            accept(diag, p, prev, steps);
            if (grid.isSnapshot(k)) {
                snapTimes.add(t1);
                snaps.add(p);
            }
        }
        Solution sol = solution();
        if (handler != null) {
            handler.finish(sol);
        }
        return sol;
    }

    /** Records, checks and reports one step (prev: the density before it, null for step 0). */
    private void accept(StepDiagnostics diag, TensorTrain p, TensorTrain prev, int steps) {
        diagnostics.add(diag);
        check(diag, p, prev);
        if (diag.step() == 0) {
            snapTimes.add(0.0);
            snaps.add(p);
        }
        if (handler != null) {
            handler.handleStep(diag, p, steps);
        }
    }

    /** The solution of the snapshots stored so far, or null when there is none. */
    private Solution solution() {
        if (snaps.isEmpty()) {
            return null;
        }
        double[] t = snapTimes.stream().mapToDouble(Double::doubleValue).toArray();
        return new Solution(box, t, snaps.toArray(new TensorTrain[0]), diagnostics, initialCross, method,
                pr.sde().separableLinear().orElse(null));
    }

    private void check(StepDiagnostics diag, TensorTrain p, TensorTrain prev) {
        boolean massBad = !(Math.abs(diag.massDrift()) <= st.massTolerance());
        boolean negBad = !(diag.negativity() <= st.negativityTolerance());
        if (!massBad && !negBad) {
            return;
        }
        FailureDiagnosis why = FailureDiagnosis.of(box, p, st.maxRank());
        if (prev != null) {
            double prevMass = box.integrate(prev);
            why = why.withStep(massBad ? Math.abs(diag.mass() / prevMass - 1) : diag.negativity(),
                    halfSteps(prev, prevMass, diag, massBad));
        }
        String what = massBad
                ? String.format(Locale.ROOT, "mass drifted by %.3e (mass %.12g) at step %d, t = %.6g, beyond massTolerance "
                        + "= %.3e", diag.massDrift(), diag.mass(), diag.step(), diag.time(), st.massTolerance())
                : String.format(Locale.ROOT, "density went negative: min value %.3e, %.3e of its peak, at step %d, t = "
                        + "%.6g, beyond negativityTolerance = %.3e", diag.minValue(), diag.negativity(), diag.step(),
                        diag.time(), st.negativityTolerance());
        throw new FpSolveException(what + "; " + why.explain(), diagnostics, solution());
    }

    /**
     * The failing measure after two half steps from prev over the failing step (the step evidence):
     * the mass change of the step, |mass/prevMass − 1|, or the negativity.
     */
    private double halfSteps(TensorTrain prev, double prevMass, StepDiagnostics diag, boolean mass) {
        double t1 = diag.time(), t0 = t1 - diag.stepSize(), tm = 0.5 * (t0 + t1);
        try {
            TensorTrain h = propagator.advance(prev, t0, tm, diag.step()).density().round(st.eps(), st.maxRank());
            Propagator.Advance a = propagator.advance(h, tm, t1, diag.step());
            h = a.density().round(st.eps(), st.maxRank());
            return mass ? Math.abs(box.integrate(h) / prevMass - 1)
                    : health.sample(h, diag.step(), a.minValue(), a.maxValue()).negativity();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Double.NaN;
        }
    }

    /** Bytes of a TT's cores. */
    private static long bytes(TensorTrain p) {
        int[] n = p.modeSizes(), r = p.ranks();
        long b = 0;
        for (int k = 0; k < n.length; k++) {
            b += 8L * r[k] * n[k] * r[k + 1];
        }
        return b;
    }

    /** Bytes of a rank-1 TT on the box (the least a snapshot takes). */
    private long lowerBoundBytes() {
        long b = 0;
        for (int k = 0; k < box.dim(); k++) {
            b += 8L * box.axis(k).size();
        }
        return b;
    }

    /** Refuses a solve whose snapshots need more than HEAP_FRACTION of the heap. */
    private void requireMemory(TimeGrid grid, long perSnapshot) {
        long count = grid.snapshotCount();
        double need = (double) count * perSnapshot;
        double limit = HEAP_FRACTION * Runtime.getRuntime().maxMemory();
        if (need > limit) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the solution would store %d snapshots "
                    + "(steps = %d) of at least %d bytes each, %.3g GB in all, more than %.0f%% of the %.3g GB heap: "
                    + "store fewer snapshots (snapshotTimes or snapshotEvery) or use fewer steps", count, grid.steps(),
                    perSnapshot, need / 1e9, 100 * HEAP_FRACTION, Runtime.getRuntime().maxMemory() / 1e9));
        }
    }
}
