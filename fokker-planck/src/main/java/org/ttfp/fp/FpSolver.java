package org.ttfp.fp;

import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.ttfp.fp.solve.ExactSeparablePropagator;
import org.ttfp.fp.solve.Propagator;
import org.ttfp.fp.solve.StrangSplitPropagator;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.Cancellation;

/**
 * Solves an {@link FpProblem} (what) with {@link Settings} (how): the density p(x, t) of
 * dX = f(X, t) dt + G(t) dW, as a TT of values on a Chebyshev grid, stepped from t_0 = 0 to T on the
 * problem's time grid by a {@link Propagator}, with a {@link FpStepHandler} observing every step.
 *
 * <h2>Propagators</h2>
 * {@link Settings#method()} and the SDE's capabilities ({@link org.ttfp.fp.sde.Sde#separableLinear()})
 * pick the propagator ({@link FpMethod#resolve}):
 * <ul>
 *   <li>{@link FpMethod#EXACT}: {@link ExactSeparablePropagator}, exact per-mode Gaussian transitions
 *       for separable linear SDEs (no time-discretisation error, any step, ranks unchanged);</li>
 *   <li>{@link FpMethod#SPLIT}: {@link StrangSplitPropagator}, Strang splitting of diffusion
 *       (per-mode matrix exponentials) and convection (characteristics and TT-cross), second order,
 *       any drift;</li>
 *   <li>{@link FpMethod#EXTRAPOLATED}: {@link org.ttfp.fp.solve.RichardsonPropagator}, Richardson
 *       extrapolation of Strang (positive steps only), fourth order, with a local error estimate per
 *       step ({@link StepDiagnostics#errorEstimate()}, summed in {@link Solution#timeErrorEstimate()})
 *       that adapts the steps to {@link Settings#timeTolerance()} when it is set.</li>
 * </ul>
 * After every step the density is rounded to {@link Settings#eps()} with rank cap
 * {@link Settings#maxRank()}. With {@link Settings#compareWithExact()} the split path runs the exact
 * propagator alongside as an oracle and reports the difference per step.
 *
 * <h2>Health checks</h2>
 * After each step the mass ∫_box p and a negativity estimate are computed
 * ({@link StepDiagnostics}); a relative mass drift above {@link Settings#massTolerance()} or a
 * negativity above {@link Settings#negativityTolerance()} stops the solve with an
 * {@link FpSolveException} whose message names the likely cause from measured evidence (mass at the
 * box faces, decay of the last Chebyshev coefficients, ranks at the cap, step size; see
 * {@link FailureDiagnosis}). Before the first step, the initial density is checked against the box:
 * a normalised density (a mixture, or a callback declared normalised) whose mass on the box differs
 * from 1 by more than {@link Settings#boxMassTolerance()} is refused, as is an unnormalised one
 * whose 1-D marginals at either end of an axis exceed that fraction of their maximum; an
 * unnormalised callback is then normalised to mass 1 on the box. The memory of the snapshots is
 * estimated before anything is allocated, and a solve that cannot fit in the heap is refused.
 */
public final class FpSolver {

    private FpSolver() {}

    /** Solves with the default settings, no step handler and no cancellation. */
    public static Solution solve(FpProblem problem) {
        return solve(problem, Settings.defaults());
    }

    /** Solves with these settings, no step handler and no cancellation. */
    public static Solution solve(FpProblem problem, Settings settings) {
        return solve(problem, settings, null, null);
    }

    /**
     * Solves the problem.
     *
     * @param problem  what to solve
     * @param settings how to solve it
     * @param handler  observes every step (and the initial density, as step 0), or null
     * @param cancel   polled before every step and inside every cross, or null
     * @throws IllegalArgumentException if an argument is null, the method does not fit the SDE, the
     *                                  snapshots would not fit in memory, the box cuts off too much
     *                                  initial mass, or a callback returns NaN/Inf or a negative diffusion
     * @throws FpSolveException         if the mass drifts or the density goes negative beyond the tolerances
     * @throws CancellationException    if {@code cancel} was raised
     */
    public static Solution solve(FpProblem problem, Settings settings, FpStepHandler handler, Cancellation cancel) {
        if (problem == null) {
            throw new IllegalArgumentException("problem is null: expected an FpProblem");
        }
        if (settings == null) {
            throw new IllegalArgumentException("settings are null: expected FpSolver.Settings.defaults() or a variant");
        }
        return new SolveRun(problem, settings, handler, cancel == null ? Cancellation.NONE : cancel).run();
    }

    /**
     * How to solve: tolerances, rank cap, method, cross and characteristic parameters, the time
     * tolerance of adaptive steps, seed and backend. Immutable (effectively: no field is written
     * after a copy is returned); every {@code with…} validates its argument and returns a copy.
     * {@link #defaults()}: eps 1e−9, maxRank 100, method AUTO, 8 cross sweeps, 1 characteristic
     * sub-step, mass and negativity tolerances 1e−5, box mass tolerance 1e−6, 1000 negativity
     * samples, seed 0, the default backend, no comparison with the exact propagator, fixed steps
     * (no time tolerance), at most {@value #DEFAULT_MAX_SUBSTEPS} adaptive sub-steps.
     */
    public static final class Settings {
        /** Default rank cap. */
        public static final int DEFAULT_MAX_RANK = 100;
        /** Default TT tolerance (rounding after every step and TT-cross). */
        public static final double DEFAULT_EPS = 1e-9;
        /** Default |mass(t)/mass(0) − 1| that stops a solve. */
        public static final double DEFAULT_MASS_TOLERANCE = 1e-5;
        /** Default negativity (relative to the peak) that stops a solve. */
        public static final double DEFAULT_NEGATIVITY_TOLERANCE = 1e-5;
        /**
         * Default mass the box may cut off from a normalised initial density. The measured deficit
         * 1 − ∫_box p includes the approximation error of the initial TT (about eps relative), so this
         * should stay well above eps.
         */
        public static final double DEFAULT_BOX_MASS_TOLERANCE = 1e-6;
        /** Default cap on the accepted adaptive sub-steps of a solve. */
        public static final int DEFAULT_MAX_SUBSTEPS = 100_000;

        private static final Settings DEFAULTS = new Settings(DEFAULT_EPS, DEFAULT_MAX_RANK, FpMethod.AUTO, false, 8, 1,
                DEFAULT_MASS_TOLERANCE, DEFAULT_NEGATIVITY_TOLERANCE, DEFAULT_BOX_MASS_TOLERANCE, 1000, 0L, null);

        private double eps;
        private int maxRank;
        private FpMethod method;
        private boolean compareWithExact;
        private int crossSweeps;
        private int characteristicSubsteps;
        private double massTolerance;
        private double negativityTolerance;
        private double boxMassTolerance;
        private int negativitySamples;
        private long seed;
        private Backend backend;
        private double timeTolerance = Double.NaN;
        private int maxSubsteps = DEFAULT_MAX_SUBSTEPS;
        private boolean crossIndexReuse = true;

        private Settings(double eps, int maxRank, FpMethod method, boolean compareWithExact, int crossSweeps,
                int characteristicSubsteps, double massTolerance, double negativityTolerance, double boxMassTolerance,
                int negativitySamples, long seed, Backend backend) {
            this.eps = eps;
            this.maxRank = maxRank;
            this.method = method;
            this.compareWithExact = compareWithExact;
            this.crossSweeps = crossSweeps;
            this.characteristicSubsteps = characteristicSubsteps;
            this.massTolerance = massTolerance;
            this.negativityTolerance = negativityTolerance;
            this.boxMassTolerance = boxMassTolerance;
            this.negativitySamples = negativitySamples;
            this.seed = seed;
            this.backend = backend;
        }

        /** A copy with one change (the fields are never written after a copy is handed out). */
        private Settings with(java.util.function.Consumer<Settings> change) {
            Settings c = new Settings(eps, maxRank, method, compareWithExact, crossSweeps, characteristicSubsteps,
                    massTolerance, negativityTolerance, boxMassTolerance, negativitySamples, seed, backend);
            c.timeTolerance = timeTolerance;
            c.maxSubsteps = maxSubsteps;
            c.crossIndexReuse = crossIndexReuse;
            change.accept(c);
            return c;
        }

        /** The defaults (see the class comment). */
        public static Settings defaults() {
            return DEFAULTS;
        }

        /** The TT tolerance of every rounding and cross, in (0, 1). */
        public double eps() {
            return eps;
        }

        /** The rank cap of every rounding and cross, ≥ 1. */
        public int maxRank() {
            return maxRank;
        }

        /** The requested propagator (AUTO: resolved against the SDE when the solve starts). */
        public FpMethod method() {
            return method;
        }

        /** Whether the split path also runs the exact separable propagator and reports the difference. */
        public boolean compareWithExact() {
            return compareWithExact;
        }

        /** Most sweeps of each convection cross, ≥ 1. */
        public int crossSweeps() {
            return crossSweeps;
        }

        /** RK4 sub-steps per step along the characteristics, ≥ 1. */
        public int characteristicSubsteps() {
            return characteristicSubsteps;
        }

        /** The relative mass drift that stops a solve, &gt; 0. */
        public double massTolerance() {
            return massTolerance;
        }

        /** The relative negativity that stops a solve, &gt; 0. */
        public double negativityTolerance() {
            return negativityTolerance;
        }

        /** The mass a box may cut off from a normalised initial density (or the relative boundary value of an unnormalised one). */
        public double boxMassTolerance() {
            return boxMassTolerance;
        }

        /** Random grid points per step for the negativity estimate, ≥ 0. */
        public int negativitySamples() {
            return negativitySamples;
        }

        /** Seed of the crosses and of the negativity samples. */
        public long seed() {
            return seed;
        }

        /** The dense backend of the TTs ({@link Backends#defaultBackend()} unless set). */
        public Backend backend() {
            return backend != null ? backend : Backends.defaultBackend();
        }

        /** TT tolerance in (0, 1). */
        public Settings withEps(double value) {
            FpChecks.positive("eps", value);
            if (!(value < 1)) {
                throw new IllegalArgumentException("eps = " + value + ": expected a TT tolerance in (0, 1)");
            }
            return with(c -> c.eps = value);
        }

        /** Rank cap ≥ 1. */
        public Settings withMaxRank(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxRank (rank cap) = " + value + ": expected >= 1");
            }
            return with(c -> c.maxRank = value);
        }

        /** The propagator (AUTO, SPLIT, EXACT or EXTRAPOLATED). */
        public Settings withMethod(FpMethod value) {
            if (value == null) {
                throw new IllegalArgumentException("method is null: expected AUTO, SPLIT, EXACT or EXTRAPOLATED");
            }
            return with(c -> c.method = value);
        }

        /** Run the exact propagator alongside the split one and report the difference (separable SDEs only). */
        public Settings withCompareWithExact(boolean value) {
            return with(c -> c.compareWithExact = value);
        }

        /** Most sweeps of each convection cross, ≥ 1. */
        public Settings withCrossSweeps(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("crossSweeps = " + value + ": expected >= 1");
            }
            return with(c -> c.crossSweeps = value);
        }

        /** RK4 sub-steps along characteristics per step, ≥ 1. */
        public Settings withCharacteristicSubsteps(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("characteristicSubsteps = " + value + ": expected >= 1");
            }
            return with(c -> c.characteristicSubsteps = value);
        }

        /** Relative mass drift that stops the solve, &gt; 0. */
        public Settings withMassTolerance(double value) {
            FpChecks.positive("massTolerance", value);
            return with(c -> c.massTolerance = value);
        }

        /** Relative negativity that stops the solve, &gt; 0. */
        public Settings withNegativityTolerance(double value) {
            FpChecks.positive("negativityTolerance", value);
            return with(c -> c.negativityTolerance = value);
        }

        /** Initial mass the box may cut off, &gt; 0. */
        public Settings withBoxMassTolerance(double value) {
            FpChecks.positive("boxMassTolerance", value);
            return with(c -> c.boxMassTolerance = value);
        }

        /** Random grid points per step for the negativity estimate, ≥ 0. */
        public Settings withNegativitySamples(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("negativitySamples = " + value + ": expected >= 0");
            }
            return with(c -> c.negativitySamples = value);
        }

        /** Seed of the crosses and samples. */
        public Settings withSeed(long value) {
            return with(c -> c.seed = value);
        }

        /**
         * The local error tolerance per step of the {@link FpMethod#EXTRAPOLATED} path, in (0, 1): the
         * steps adapt to it (the problem's steps are the largest ones); NaN (the default) keeps the
         * problem's steps fixed.
         */
        public Settings withTimeTolerance(double value) {
            if (!Double.isNaN(value) && !(value > 0 && value < 1)) {
                throw new IllegalArgumentException("timeTolerance = " + value + ": expected a value in (0, 1), or NaN "
                        + "for fixed steps");
            }
            return with(c -> c.timeTolerance = value);
        }

        /** The most accepted adaptive sub-steps of a solve, ≥ 1 (default {@value #DEFAULT_MAX_SUBSTEPS}). */
        public Settings withMaxSubsteps(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxSubsteps = " + value + ": expected >= 1");
            }
            return with(c -> c.maxSubsteps = value);
        }

        /**
         * Whether each convection cross of the split paths starts from the interpolation sets of the
         * previous one ({@link org.ttfp.cross.TtCross#approximate(org.ttfp.tt.TensorTrain,
         * org.ttfp.cross.CrossIndexSets, org.ttfp.cross.BatchFunction, org.ttfp.cross.CrossOptions)}; default
         * true): the same stopping rule and accuracy as a start from the density alone, with fewer
         * evaluations. False restarts every cross from maxvol on the density with a margin of random rows.
         */
        public Settings withCrossIndexReuse(boolean value) {
            return with(c -> c.crossIndexReuse = value);
        }

        /** Whether the convection crosses reuse the previous cross's interpolation sets. */
        public boolean crossIndexReuse() {
            return crossIndexReuse;
        }

        /** The local error tolerance of adaptive steps, NaN for fixed steps. */
        public double timeTolerance() {
            return timeTolerance;
        }

        /** The most accepted adaptive sub-steps of a solve. */
        public int maxSubsteps() {
            return maxSubsteps;
        }

        /** The dense backend (null: {@link Backends#defaultBackend()}). */
        public Settings withBackend(Backend value) {
            return with(c -> c.backend = value);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Settings[method=%s, eps=%.1e, maxRank=%d, crossSweeps=%d, substeps=%d, "
                    + "massTol=%.1e, negTol=%.1e, boxTol=%.1e, timeTol=%.1e, indexReuse=%s, seed=%d]", method, eps, maxRank,
                    crossSweeps, characteristicSubsteps, massTolerance, negativityTolerance, boxMassTolerance, timeTolerance,
                    crossIndexReuse, seed);
        }
    }
}
