package org.ttfp.cross;

import java.util.function.Consumer;
import org.ttfp.tt.Cancellation;

/**
 * Immutable settings of a TT-cross run, changed with withers:
 * <pre>
 *   CrossOptions o = CrossOptions.defaults().withEps(1e-8).withMaxEvaluations(1_000_000);
 * </pre>
 * Every wither validates its argument and returns a new object.
 */
public final class CrossOptions {
    private static final CrossOptions DEFAULTS = new CrossOptions(1e-6, 50, Long.MAX_VALUE, 2, 200, 2, 0L, 0,
            null, Cancellation.NONE, false);

    private final double eps;
    private final int maxSweeps;
    private final long maxEvaluations;
    private final int initialRank;
    private final int maxRank;
    private final int rankIncrement;
    private final long seed;
    private final int validationSize;
    private final Consumer<CrossInfo> progress;
    private final Cancellation cancel;
    private final boolean throwOnNonConvergence;

    private CrossOptions(double eps, int maxSweeps, long maxEvaluations, int initialRank, int maxRank, int rankIncrement,
                         long seed, int validationSize, Consumer<CrossInfo> progress, Cancellation cancel,
                         boolean throwOnNonConvergence) {
        this.eps = eps;
        this.maxSweeps = maxSweeps;
        this.maxEvaluations = maxEvaluations;
        this.initialRank = initialRank;
        this.maxRank = maxRank;
        this.rankIncrement = rankIncrement;
        this.seed = seed;
        this.validationSize = validationSize;
        this.progress = progress;
        this.cancel = cancel;
        this.throwOnNonConvergence = throwOnNonConvergence;
    }

    /** A mutable copy of the settings, changed by one wither before it becomes a new CrossOptions. */
    private static final class Copy {
        double eps;
        int maxSweeps;
        long maxEvaluations;
        int initialRank;
        int maxRank;
        int rankIncrement;
        long seed;
        int validationSize;
        Consumer<CrossInfo> progress;
        Cancellation cancel;
        boolean throwOnNonConvergence;

        Copy(CrossOptions o) {
            eps = o.eps;
            maxSweeps = o.maxSweeps;
            maxEvaluations = o.maxEvaluations;
            initialRank = o.initialRank;
            maxRank = o.maxRank;
            rankIncrement = o.rankIncrement;
            seed = o.seed;
            validationSize = o.validationSize;
            progress = o.progress;
            cancel = o.cancel;
            throwOnNonConvergence = o.throwOnNonConvergence;
        }
    }

    /** These settings with {@code change} applied to a copy (the one place a wither builds a new object). */
    private CrossOptions with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new CrossOptions(c.eps, c.maxSweeps, c.maxEvaluations, c.initialRank, c.maxRank, c.rankIncrement, c.seed,
                c.validationSize, c.progress, c.cancel, c.throwOnNonConvergence);
    }

    /**
     * The defaults: eps 1e−6, 50 sweeps, no evaluation budget, initial rank 2, max rank 200, rank
     * increment 2, seed 0, no validation, no listener, no cancellation ({@link Cancellation#NONE}), return (not throw) when not
     * converged.
     */
    public static CrossOptions defaults() {
        return DEFAULTS;
    }

    /** Relative accuracy target: the run stops when the relative change between sweeps is below it, and the result is rounded to it. */
    public double eps() { return eps; }

    /** The most sweeps (passes over all cores, alternating in direction). */
    public int maxSweeps() { return maxSweeps; }

    /** The most distinct function evaluations (Long.MAX_VALUE: no budget). */
    public long maxEvaluations() { return maxEvaluations; }

    /** The TT rank of the random start of a cold run (capped by the mode sizes). */
    public int initialRank() { return initialRank; }

    /**
     * The largest TT rank the cross may use. When it binds (an interface wants a larger numerical
     * rank) and the sweeps settle, the run stops with {@link StopReason#RANK_CAP}, not CONVERGED:
     * its accuracy can be far worse than eps; measure it with {@link #validationSize()}.
     */
    public int maxRank() { return maxRank; }

    /**
     * Rows added beyond the numerical rank at each core update (the rank "kick"): the interface's
     * previous rows where available, else random ones. Each sweep can raise a rank by this much.
     */
    public int rankIncrement() { return rankIncrement; }

    /** Seed of the random start and of the validation points. */
    public long seed() { return seed; }

    /**
     * Number of random multi-indices (drawn from the seed) on which the final relative error is
     * measured, in one extra call of the function that {@link CrossInfo#evaluations()} does not count
     * (0: none).
     */
    public int validationSize() { return validationSize; }

    /** Listener called after each sweep, or null. */
    public Consumer<CrossInfo> progress() { return progress; }

    /**
     * The cancellation polled before each batch of evaluations (the run's safe points); when raised
     * the run throws {@link java.util.concurrent.CancellationException} naming the sweep and core.
     * {@link Cancellation#NONE} by default.
     */
    public Cancellation cancellation() { return cancel; }

    /** Whether a run that does not converge throws {@link CrossNotConvergedException} instead of returning. */
    public boolean throwOnNonConvergence() { return throwOnNonConvergence; }

    /** @param value relative accuracy, a finite number &gt; 0 and &lt; 1 */
    public CrossOptions withEps(double value) {
        if (!(value > 0) || !(value < 1)) {
            throw new IllegalArgumentException("eps must be a number in (0, 1), got " + value);
        }
        return with(c -> c.eps = value);
    }

    /** @param value at least 1 */
    public CrossOptions withMaxSweeps(int value) {
        atLeast("maxSweeps", value, 1);
        return with(c -> c.maxSweeps = value);
    }

    /** @param value at least 1 (Long.MAX_VALUE for no budget) */
    public CrossOptions withMaxEvaluations(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + value);
        }
        return with(c -> c.maxEvaluations = value);
    }

    /** @param value at least 1 and at most maxRank */
    public CrossOptions withInitialRank(int value) {
        atLeast("initialRank", value, 1);
        if (value > maxRank) {
            throw new IllegalArgumentException("initialRank must be <= maxRank = " + maxRank + ", got " + value);
        }
        return with(c -> c.initialRank = value);
    }

    /**
     * @param value at least 1; an initial rank above it is lowered to it (so that
     *              {@code defaults().withMaxRank(1)} starts at rank 1)
     */
    public CrossOptions withMaxRank(int value) {
        atLeast("maxRank", value, 1);
        return with(c -> {
            c.initialRank = Math.min(initialRank, value);
            c.maxRank = value;
        });
    }

    /** @param value at least 0 (0: the ranks never grow beyond the start) */
    public CrossOptions withRankIncrement(int value) {
        atLeast("rankIncrement", value, 0);
        return with(c -> c.rankIncrement = value);
    }

    /** @param value any seed */
    public CrossOptions withSeed(long value) {
        return with(c -> c.seed = value);
    }

    /** @param value at least 0 (0: no validation) */
    public CrossOptions withValidationSize(int value) {
        atLeast("validationSize", value, 0);
        return with(c -> c.validationSize = value);
    }

    /** @param listener called after each sweep with the state so far (null: none) */
    public CrossOptions withProgress(Consumer<CrossInfo> listener) {
        return with(c -> c.progress = listener);
    }

    /**
     * @param value polled before each batch of evaluations; when raised the run throws
     *              {@link java.util.concurrent.CancellationException} (null: {@link Cancellation#NONE})
     */
    public CrossOptions withCancellation(Cancellation value) {
        return with(c -> c.cancel = value == null ? Cancellation.NONE : value);
    }

    /**
     * @param value true: a run that stops for any reason but convergence (including
     *              {@link StopReason#RANK_CAP}) throws {@link CrossNotConvergedException}
     */
    public CrossOptions withThrowOnNonConvergence(boolean value) {
        return with(c -> c.throwOnNonConvergence = value);
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    @Override
    public String toString() {
        return "CrossOptions[eps=" + eps + ", maxSweeps=" + maxSweeps + ", maxEvaluations=" + maxEvaluations
                + ", initialRank=" + initialRank + ", maxRank=" + maxRank + ", rankIncrement=" + rankIncrement
                + ", seed=" + seed + ", validationSize=" + validationSize + ", throwOnNonConvergence="
                + throwOnNonConvergence + "]";
    }
}
