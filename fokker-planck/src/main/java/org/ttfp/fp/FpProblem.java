package org.ttfp.fp;

import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.sde.Sde;

import java.util.Arrays;
import org.ttfp.cheb.ChebyshevBox;

/**
 * What to solve: the Fokker–Planck equation ∂p/∂t = −∇·(f p) + ½ Σ_i g_i(t)² ∂²p/∂x_i² of an SDE
 * on a Chebyshev box, from an initial density, for t in [0, T], with the step ends and the
 * snapshot times ({@link TimeGrid}). How to solve it (tolerances, rank cap, method, backend) is
 * {@link FpSolver.Settings}. Immutable; built and validated by {@link Builder#build()}:
 * <pre>
 *   FpProblem p = FpProblem.builder(new VpSde(3), ChebyshevBox.cube(3, -8, 8, 80))
 *           .initial(InitialDensity.of(mixture)).finalTime(1).steps(20).build();
 *   Solution s = FpSolver.solve(p, FpSolver.Settings.defaults().withMaxRank(40));
 * </pre>
 *
 * <p><b>Time grid.</b> The uniform steps t_k = k T/steps merged with the snapshot times (points
 * closer than 1e−9·T/steps to a grid point are merged into it), so every snapshot time is a step
 * end. Snapshots default to every step end; t = 0 is always a snapshot. The grid is stored
 * without per-step objects; at most {@link #MAX_STEPS} steps.
 *
 * <p><b>Validation</b> (each failure is an {@link IllegalArgumentException} naming the argument):
 * SDE and box dimensions agree; the SDE's diffusion is diagonal (a full matrix
 * {@link Sde#diffusionMatrix()} is solved through {@link DiffusionRotation}); every axis has
 * n ≥ 3 nodes; T finite &gt; 0; 1 ≤ steps ≤ {@link #MAX_STEPS}, or a time step h with 0 &lt; h ≤ T and T/h ≤ {@link #MAX_STEPS}; snapshot
 * times in [0, T]; g_i(t)² ≥ 0 at every step end and midpoint; the drift and divergence finite at
 * the box's corners, centre and 64 random grid points at t = 0, T/2 and T; an initial density of
 * the SDE's dimension. The mass the box cuts off from the initial density is checked when the
 * solve starts ({@link FpSolver}), as are the memory its snapshots need.
 */
public final class FpProblem {

    /**
     * The most time steps of a problem (10⁷). A step costs at least about 0.1 ms even on the exact
     * path in d = 2 (a mode product per axis and the health checks), so more steps would run for
     * hours to days; ask for a larger step instead.
     */
    public static final int MAX_STEPS = 10_000_000;

    private final Sde sde;
    private final ChebyshevBox box;
    private final InitialDensity initial;
    private final TimeGrid grid;

    private FpProblem(Builder b, TimeGrid grid) {
        this.sde = b.sde;
        this.box = b.box;
        this.initial = b.initial;
        this.grid = grid;
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
        return grid.finalTime();
    }

    /** The step ends and snapshots. */
    public TimeGrid timeGrid() {
        return grid;
    }

    /** The step ends t_0 = 0 &lt; t_1 &lt; ... &lt; t_K = T (a fresh array of K + 1 values). */
    public double[] times() {
        return grid.times();
    }

    /** The number of steps K. */
    public int steps() {
        return grid.steps();
    }

    /** Whether step end k (0..K) is stored in the solution. */
    public boolean isSnapshot(int k) {
        return grid.isSnapshot(k);
    }

    @Override
    public String toString() {
        return "FpProblem[sde=" + sde + ", box=" + Arrays.toString(box.modeSizes()) + ", T=" + finalTime() + ", steps="
                + steps() + "]";
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

        /** The number of uniform steps, 1 ≤ steps ≤ {@link #MAX_STEPS} (this or {@link #timeStep}). */
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
            if (sde.diffusionMatrix().isPresent() && !sde.diffusionMatrix().get().isDiagonal()) {
                throw new IllegalArgumentException("sde " + sde + " has a full (non-diagonal) diffusion matrix: expected "
                        + "diagonal diffusion here; solve it in the eigen-coordinates of D with "
                        + "DiffusionRotation.of(sde).problem(box)");
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
            int k = stepCount();
            TimeGrid grid;
            if (snapshotTimes != null) {
                for (int j = 0; j < snapshotTimes.length; j++) {
                    double s = snapshotTimes[j];
                    if (!Double.isFinite(s) || s < 0 || s > finalTime * (1 + 1e-12)) {
                        throw new IllegalArgumentException("snapshotTimes[" + j + "] = " + s + ": expected a time in [0, T = "
                                + finalTime + "]");
                    }
                }
                grid = TimeGrid.withSnapshots(finalTime, k, snapshotTimes);
            } else {
                if (snapshotEvery < 1) {
                    throw new IllegalArgumentException("snapshotEvery = " + snapshotEvery + ": expected >= 1");
                }
                grid = TimeGrid.uniform(finalTime, k, snapshotEvery);
            }
            SdeProbe.check(sde, box, grid, 0);
            return new FpProblem(this, grid);
        }

        /** The number of uniform steps from steps or timeStep, checked against {@link #MAX_STEPS}. */
        private int stepCount() {
            if (Double.isNaN(timeStep) && steps < 0) {
                throw new IllegalArgumentException("neither steps nor timeStep is set: expected one of them");
            }
            if (Double.isNaN(timeStep)) {
                if (steps < 1 || steps > MAX_STEPS) {
                    throw new IllegalArgumentException("steps = " + steps + ": expected 1 <= steps <= MAX_STEPS = "
                            + MAX_STEPS + (steps > MAX_STEPS ? " (more would run for days; use fewer, larger steps)" : ""));
                }
                return steps;
            }
            if (!(timeStep > 0) || Double.isInfinite(timeStep)) {
                throw new IllegalArgumentException("timeStep = " + timeStep + ": expected a finite value > 0");
            }
            if (timeStep > finalTime) {
                throw new IllegalArgumentException("timeStep = " + timeStep + " is larger than finalTime T = "
                        + finalTime + ": expected 0 < timeStep <= T");
            }
            double q = finalTime / timeStep;
            double rq = Math.rint(q);
            double k = Math.abs(q - rq) <= 1e-9 * q ? rq : Math.ceil(q);
            if (k > MAX_STEPS) {
                throw new IllegalArgumentException("timeStep = " + timeStep + " gives T/timeStep = " + k
                        + " steps: expected at most MAX_STEPS = " + MAX_STEPS + " (use a larger step)");
            }
            return (int) k;
        }
    }
}
