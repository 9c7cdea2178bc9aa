package org.ttfp.fp;

import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.sde.Sde;
import org.ttfp.fp.sde.SeparableLinearSde;
import org.ttfp.fp.sde.VpSde;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;

/**
 * A Fokker–Planck problem ∂p/∂t = −∇·(f p) + ½ Σ_i g_i(t)² ∂²p/∂x_i² on a box, for t in [0, T],
 * with everything {@link FpSolver} needs: the SDE, the Chebyshev box, the initial density, the
 * time grid, the snapshot times and the tolerances. Immutable; built and validated by
 * {@link Builder#build()}:
 * <pre>
 *   FpProblem p = FpProblem.builder(new VpSde(3), ChebyshevBox.cube(3, -8, 8, 80))
 *           .initial(InitialDensity.of(mixture)).finalTime(1).steps(20).build();
 * </pre>
 *
 * <p><b>Time grid.</b> The uniform steps t_k = k T/steps merged with the snapshot times (points
 * closer than 1e−9·T/steps to a grid point are merged into it), so every snapshot time is a step
 * end. Snapshots default to every step end; t = 0 is always a snapshot.
 *
 * <p><b>Validation</b> (each failure is an {@link IllegalArgumentException} naming the argument):
 * SDE and box dimensions agree; every axis has n ≥ 3 nodes; T finite &gt; 0; steps ≥ 1, or a time
 * step h with 0 &lt; h ≤ T; maxRank ≥ 1; eps in (0, 1); tolerances finite &gt; 0; snapshot times in
 * [0, T]; g_i(t)² ≥ 0 at every step end and midpoint; the drift and divergence finite at the box's
 * corners, centre and 64 random grid points at t = 0, T/2 and T; an initial density of the SDE's
 * dimension. The mass the box cuts off from the initial density is checked when the solve starts
 * ({@link FpSolver}).
 */
public final class FpProblem {

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

    private final Sde sde;
    private final ChebyshevBox box;
    private final InitialDensity initial;
    private final double finalTime;
    private final double[] times;
    private final boolean[] snapshot;
    private final int maxRank;
    private final double eps;
    private final double massTolerance;
    private final double negativityTolerance;
    private final double boxMassTolerance;
    private final FpMethod method;
    private final boolean compareWithExact;
    private final int crossSweeps;
    private final int characteristicSubsteps;
    private final int negativitySamples;
    private final long seed;
    private final Backend backend;

    private FpProblem(Builder b, double[] times, boolean[] snapshot, FpMethod method) {
        this.sde = b.sde;
        this.box = b.box;
        this.initial = b.initial;
        this.finalTime = b.finalTime;
        this.times = times;
        this.snapshot = snapshot;
        this.maxRank = b.maxRank;
        this.eps = b.eps;
        this.massTolerance = b.massTolerance;
        this.negativityTolerance = b.negativityTolerance;
        this.boxMassTolerance = b.boxMassTolerance;
        this.method = method;
        this.compareWithExact = b.compareWithExact;
        this.crossSweeps = b.crossSweeps;
        this.characteristicSubsteps = b.characteristicSubsteps;
        this.negativitySamples = b.negativitySamples;
        this.seed = b.seed;
        this.backend = b.backend != null ? b.backend : Backends.defaultBackend();
    }

    /** A builder for the SDE on the box (both required). */
    public static Builder builder(Sde sde, ChebyshevBox box) {
        return new Builder(sde, box);
    }

    /** The SDE. */
    public Sde sde() {
        return sde;
    }

    /** The box and its grid. */
    public ChebyshevBox box() {
        return box;
    }

    /** The initial density. */
    public InitialDensity initial() {
        return initial;
    }

    /** T. */
    public double finalTime() {
        return finalTime;
    }

    /** The step ends t_0 = 0 &lt; t_1 &lt; ... &lt; t_K = T (a copy). */
    public double[] times() {
        return times.clone();
    }

    /** The number of steps K. */
    public int steps() {
        return times.length - 1;
    }

    /** Whether step end k (0..K) is stored in the solution. */
    public boolean isSnapshot(int k) {
        return snapshot[k];
    }

    /** The rank cap of every rounding and cross. */
    public int maxRank() {
        return maxRank;
    }

    /** The TT tolerance of every rounding and cross. */
    public double eps() {
        return eps;
    }

    /** The relative mass drift that stops a solve. */
    public double massTolerance() {
        return massTolerance;
    }

    /** The relative negativity that stops a solve. */
    public double negativityTolerance() {
        return negativityTolerance;
    }

    /** The mass a box may cut off from a normalised initial density (or the relative boundary value of an unnormalised one). */
    public double boxMassTolerance() {
        return boxMassTolerance;
    }

    /** The propagator, resolved ({@link FpMethod#AUTO} never appears here). */
    public FpMethod method() {
        return method;
    }

    /** Whether the split path also runs the exact separable propagator and reports the difference. */
    public boolean compareWithExact() {
        return compareWithExact;
    }

    /** Most sweeps of each convection cross. */
    public int crossSweeps() {
        return crossSweeps;
    }

    /** RK4 sub-steps per step along the characteristics. */
    public int characteristicSubsteps() {
        return characteristicSubsteps;
    }

    /** Random grid points per step for the negativity estimate. */
    public int negativitySamples() {
        return negativitySamples;
    }

    /** Seed of the crosses and of the negativity samples. */
    public long seed() {
        return seed;
    }

    /** The dense backend of the TTs. */
    public Backend backend() {
        return backend;
    }

    /** The SDE as a separable linear one, or null. */
    SeparableLinearSde separable() {
        if (sde instanceof SeparableLinearSde s) {
            return s;
        }
        if (sde instanceof LinearGaussianSde l) {
            return SeparableLinearSde.of(l);
        }
        return null;
    }

    @Override
    public String toString() {
        return "FpProblem[sde=" + sde + ", box=" + Arrays.toString(box.modeSizes()) + ", T=" + finalTime + ", steps="
                + steps() + ", method=" + method + ", maxRank=" + maxRank + ", eps=" + eps + "]";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private final Sde sde;
        private final ChebyshevBox box;
        private InitialDensity initial;
        private double finalTime = Double.NaN;
        private int steps = -1;
        private double timeStep = Double.NaN;
        private double[] snapshotTimes;
        private int snapshotEvery = 1;
        private int maxRank = DEFAULT_MAX_RANK;
        private double eps = DEFAULT_EPS;
        private double massTolerance = DEFAULT_MASS_TOLERANCE;
        private double negativityTolerance = DEFAULT_NEGATIVITY_TOLERANCE;
        private double boxMassTolerance = DEFAULT_BOX_MASS_TOLERANCE;
        private FpMethod method = FpMethod.AUTO;
        private boolean compareWithExact;
        private int crossSweeps = 8;
        private int characteristicSubsteps = 1;
        private int negativitySamples = 1000;
        private long seed;
        private Backend backend;

        private Builder(Sde sde, ChebyshevBox box) {
            this.sde = sde;
            this.box = box;
        }

        /** The initial density (required). */
        public Builder initial(InitialDensity value) {
            this.initial = value;
            return this;
        }

        /** The initial density as a Gaussian mixture. */
        public Builder initial(GaussianMixture value) {
            this.initial = InitialDensity.of(value);
            return this;
        }

        /** T &gt; 0 (required). */
        public Builder finalTime(double value) {
            this.finalTime = value;
            return this;
        }

        /** The number of uniform steps ≥ 1 (this or {@link #timeStep}). */
        public Builder steps(int value) {
            this.steps = value;
            this.timeStep = Double.NaN;
            return this;
        }

        /** The step h, 0 &lt; h ≤ T; steps = ⌈T/h⌉ (rounded to the nearest integer when T/h is within 1e−9 of it). */
        public Builder timeStep(double value) {
            this.timeStep = value;
            this.steps = -1;
            return this;
        }

        /** Stores the density at these times (in [0, T]) instead of at every step end. */
        public Builder snapshotTimes(double... values) {
            this.snapshotTimes = values == null ? null : values.clone();
            return this;
        }

        /** Stores every k-th step end (and T); default 1. */
        public Builder snapshotEvery(int k) {
            this.snapshotEvery = k;
            this.snapshotTimes = null;
            return this;
        }

        /** Rank cap ≥ 1. */
        public Builder maxRank(int value) {
            this.maxRank = value;
            return this;
        }

        /** TT tolerance in (0, 1). */
        public Builder eps(double value) {
            this.eps = value;
            return this;
        }

        /** Relative mass drift that stops the solve (&gt; 0). */
        public Builder massTolerance(double value) {
            this.massTolerance = value;
            return this;
        }

        /** Relative negativity that stops the solve (&gt; 0). */
        public Builder negativityTolerance(double value) {
            this.negativityTolerance = value;
            return this;
        }

        /** Initial mass the box may cut off (&gt; 0). */
        public Builder boxMassTolerance(double value) {
            this.boxMassTolerance = value;
            return this;
        }

        /** The propagator (default AUTO). */
        public Builder method(FpMethod value) {
            this.method = value;
            return this;
        }

        /** Run the exact propagator alongside the split one and report the difference (separable SDEs only). */
        public Builder compareWithExact(boolean value) {
            this.compareWithExact = value;
            return this;
        }

        /** Most sweeps of each convection cross (≥ 1, default 8). */
        public Builder crossSweeps(int value) {
            this.crossSweeps = value;
            return this;
        }

        /** RK4 sub-steps along characteristics per step (≥ 1, default 1). */
        public Builder characteristicSubsteps(int value) {
            this.characteristicSubsteps = value;
            return this;
        }

        /** Random grid points per step for the negativity estimate (≥ 0, default 1000). */
        public Builder negativitySamples(int value) {
            this.negativitySamples = value;
            return this;
        }

        /** Seed of the crosses and samples (default 0). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The dense backend (default {@link Backends#defaultBackend()}). */
        public Builder backend(Backend value) {
            this.backend = value;
            return this;
        }

        /**
         * Validates everything (see the class comment) and builds the problem.
         *
         * @throws IllegalArgumentException naming the first bad argument
         */
        public FpProblem build() {
            if (sde == null) {
                throw new IllegalArgumentException("sde is null: expected an Sde");
            }
            if (box == null) {
                throw new IllegalArgumentException("box is null: expected a ChebyshevBox");
            }
            int d = box.dim();
            if (sde.dim() != d) {
                throw new IllegalArgumentException("sde.dim() = " + sde.dim() + " but box.dim() = " + d
                        + ": expected equal dimensions");
            }
            for (int k = 0; k < d; k++) {
                if (box.axis(k).size() < 3) {
                    throw new IllegalArgumentException("box axis " + k + " has n = " + box.axis(k).size()
                            + " Chebyshev nodes: expected n >= 3");
                }
            }
            if (initial == null) {
                throw new IllegalArgumentException("initial density is not set: expected InitialDensity.of(...)");
            }
            if (initial.dim() != d) {
                throw new IllegalArgumentException("initial density has dimension " + initial.dim()
                        + ": expected the box dimension " + d);
            }
            if (!(finalTime > 0) || Double.isInfinite(finalTime)) {
                throw new IllegalArgumentException("finalTime (T) = " + finalTime + ": expected a finite value > 0");
            }
            int k;
            if (!Double.isNaN(timeStep) || steps < 0) {
                if (Double.isNaN(timeStep)) {
                    throw new IllegalArgumentException("neither steps nor timeStep is set: expected one of them");
                }
                if (!(timeStep > 0) || Double.isInfinite(timeStep)) {
                    throw new IllegalArgumentException("timeStep = " + timeStep + ": expected a finite value > 0");
                }
                if (timeStep > finalTime) {
                    throw new IllegalArgumentException("timeStep = " + timeStep + " is larger than finalTime T = "
                            + finalTime + ": expected 0 < timeStep <= T");
                }
                double q = finalTime / timeStep;
                long rq = Math.round(q);
                k = (int) Math.min(Integer.MAX_VALUE, Math.abs(q - rq) <= 1e-9 * q ? rq : (long) Math.ceil(q));
            } else {
                if (steps < 1) {
                    throw new IllegalArgumentException("steps = " + steps + ": expected >= 1");
                }
                k = steps;
            }
            FpChecks.positive("eps", eps);
            if (!(eps < 1)) {
                throw new IllegalArgumentException("eps = " + eps + ": expected a TT tolerance in (0, 1)");
            }
            if (maxRank < 1) {
                throw new IllegalArgumentException("maxRank (rank cap) = " + maxRank + ": expected >= 1");
            }
            FpChecks.positive("massTolerance", massTolerance);
            FpChecks.positive("negativityTolerance", negativityTolerance);
            FpChecks.positive("boxMassTolerance", boxMassTolerance);
            if (crossSweeps < 1) {
                throw new IllegalArgumentException("crossSweeps = " + crossSweeps + ": expected >= 1");
            }
            if (characteristicSubsteps < 1) {
                throw new IllegalArgumentException("characteristicSubsteps = " + characteristicSubsteps + ": expected >= 1");
            }
            if (negativitySamples < 0) {
                throw new IllegalArgumentException("negativitySamples = " + negativitySamples + ": expected >= 0");
            }
            if (snapshotTimes == null && snapshotEvery < 1) {
                throw new IllegalArgumentException("snapshotEvery = " + snapshotEvery + ": expected >= 1");
            }
            if (method == null) {
                throw new IllegalArgumentException("method is null: expected AUTO, SPLIT or EXACT");
            }
            boolean separable = sde instanceof SeparableLinearSde || sde instanceof LinearGaussianSde;
            FpMethod m = method == FpMethod.AUTO ? (separable ? FpMethod.EXACT : FpMethod.SPLIT) : method;
            if (m == FpMethod.EXACT && !separable) {
                throw new IllegalArgumentException("method EXACT needs a separable linear SDE (SeparableLinearSde or "
                        + "LinearGaussianSde), got " + sde + ": use SPLIT");
            }
            if (compareWithExact && !separable) {
                throw new IllegalArgumentException("compareWithExact needs a separable linear SDE, got " + sde);
            }
            double[][] grid = timeGrid(k);
            double[] times = grid[0];
            boolean[] snap = new boolean[times.length];
            for (int j = 0; j < times.length; j++) {
                snap[j] = grid[1][j] != 0;
            }
            probeSde(times);
            return new FpProblem(this, times, snap, m);
        }

        /** {times, snapshot flags (1/0)}. */
        private double[][] timeGrid(int k) {
            double h = finalTime / k;
            double merge = 1e-9 * h;
            TreeSet<Double> set = new TreeSet<>();
            for (int j = 0; j <= k; j++) {
                set.add(j == k ? finalTime : j * h);
            }
            double[] snaps;
            if (snapshotTimes != null) {
                for (int j = 0; j < snapshotTimes.length; j++) {
                    double s = snapshotTimes[j];
                    if (!Double.isFinite(s) || s < 0 || s > finalTime * (1 + 1e-12)) {
                        throw new IllegalArgumentException("snapshotTimes[" + j + "] = " + s + ": expected a time in [0, T = "
                                + finalTime + "]");
                    }
                }
                snaps = snapshotTimes.clone();
                for (double s : snaps) {
                    Double lo = set.floor(s), hi = set.ceiling(s);
                    boolean near = (lo != null && s - lo <= merge) || (hi != null && hi - s <= merge);
                    if (!near) {
                        set.add(s);
                    }
                }
            } else {
                snaps = null;
            }
            double[] times = set.stream().mapToDouble(Double::doubleValue).toArray();
            double[] flags = new double[times.length];
            flags[0] = 1;
            if (snaps == null) {
                for (int j = 0; j < times.length; j++) {
                    if (j % snapshotEvery == 0 || j == times.length - 1) {
                        flags[j] = 1;
                    }
                }
            } else {
                for (double s : snaps) {
                    int best = 0;
                    for (int j = 1; j < times.length; j++) {
                        if (Math.abs(times[j] - s) < Math.abs(times[best] - s)) {
                            best = j;
                        }
                    }
                    flags[best] = 1;
                }
            }
            return new double[][] {times, flags};
        }

        /** Non-negative diffusion on the time grid; finite drift and divergence at probe points. */
        private void probeSde(double[] times) {
            int d = box.dim();
            for (int j = 0; j < times.length; j++) {
                double[] ts = j + 1 < times.length ? new double[] {times[j], 0.5 * (times[j] + times[j + 1])}
                        : new double[] {times[j]};
                for (double t : ts) {
                    for (int i = 0; i < d; i++) {
                        double g = sde.diffusion2(i, t);
                        if (!(g >= 0) || Double.isInfinite(g)) {
                            throw new IllegalArgumentException("sde diffusion g²(axis " + i + ", t = " + t + ") = " + g
                                    + ": expected a finite value >= 0");
                        }
                    }
                }
            }
            int corners = Math.min(1 << Math.min(d, 10), 1024);
            int random = 64;
            int count = corners + 1 + random;
            double[] x = new double[count * d];
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
            for (int c = 0; c < corners; c++) {
                for (int i = 0; i < d; i++) {
                    ChebyshevGrid g = box.axis(i);
                    x[c * d + i] = (i < 10 && ((c >> i) & 1) == 1) ? g.b() : g.a();
                }
            }
            for (int i = 0; i < d; i++) {
                x[corners * d + i] = 0.5 * (box.axis(i).a() + box.axis(i).b());
            }
            for (int s = corners + 1; s < count; s++) {
                for (int i = 0; i < d; i++) {
                    ChebyshevGrid g = box.axis(i);
                    x[s * d + i] = g.node(rnd.nextInt(g.size()));
                }
            }
            double[] f = new double[count * d];
            double[] div = new double[count];
            for (double t : new double[] {0, 0.5 * finalTime, finalTime}) {
                sde.drift(t, x, count, f);
                CheckedSde.requireFinite("sde drift", f, count, d, t, x, d);
                sde.divergence(t, x, count, div);
                CheckedSde.requireFinite("sde divergence", div, count, 1, t, x, d);
            }
        }
    }
}
