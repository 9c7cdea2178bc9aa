package org.ttfp.ot;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.nonstiff.EmbeddedRungeKuttaIntegrator;
import org.ttfp.fp.density.ScoreField;
import org.ttfp.fp.sde.Sde;

/**
 * The probability-flow encoder (math.md §2): the flow map of
 * <pre>
 *   dx/dt = f(x, t) − ½ G(t)² ∇log p_t(x),   G² = diag(g_1², …, g_d²),
 * </pre>
 * which transports p_s to p_t for any two times. The encoder maps t0 → T (x(t0) ↦ x(T)), the
 * decoder T → t0.
 *
 * <p>A whole batch of N points is integrated as one ODE system of dimension N·d, so every
 * Runge–Kutta stage makes one drift call and one {@link ScoreField#score} call with count = N.
 * The integrator is Hipparchus' adaptive embedded Dormand–Prince 8(5,3) or 5(4) pair; its error
 * control uses the RMS over all N·d components of err_k / (absTol + relTol·|y_k|), so the
 * tolerances bound an average over the batch, not each point separately.
 */
public final class ProbabilityFlowEncoder {

    /** The embedded Runge–Kutta pair. */
    public enum Method {
        /** Dormand–Prince 8(5,3), 12 stages per step: for tight tolerances. */
        DORMAND_PRINCE_853,
        /** Dormand–Prince 5(4), 6 stages per step: for loose tolerances. */
        DORMAND_PRINCE_54
    }

    /**
     * Integrator settings.
     *
     * @param method            the Runge–Kutta pair
     * @param absoluteTolerance absTol &gt; 0 per component
     * @param relativeTolerance relTol ≥ 0 per component
     * @param minStep           smallest step allowed (≥ 0; the integration fails below it)
     * @param maxStep           largest step (&gt; 0, may be +∞: the whole interval)
     * @param maxEvaluations    cap on right-hand-side (batched score) evaluations (≥ 1)
     */
    public record Settings(Method method, double absoluteTolerance, double relativeTolerance, double minStep,
                           double maxStep, int maxEvaluations) {
        /** Validates the settings. */
        public Settings {
            if (method == null) {
                throw new IllegalArgumentException("method is null: expected a Method");
            }
            if (!(absoluteTolerance > 0) || !Double.isFinite(absoluteTolerance)) {
                throw new IllegalArgumentException("absoluteTolerance = " + absoluteTolerance
                        + ": expected a finite value > 0");
            }
            if (!(relativeTolerance >= 0) || !Double.isFinite(relativeTolerance)) {
                throw new IllegalArgumentException("relativeTolerance = " + relativeTolerance
                        + ": expected a finite value >= 0");
            }
            if (!(minStep >= 0) || !Double.isFinite(minStep)) {
                throw new IllegalArgumentException("minStep = " + minStep + ": expected a finite value >= 0");
            }
            if (!(maxStep > 0) || !(maxStep >= minStep)) {
                throw new IllegalArgumentException("maxStep = " + maxStep + ": expected a value > 0 and >= minStep = "
                        + minStep);
            }
            if (maxEvaluations < 1) {
                throw new IllegalArgumentException("maxEvaluations = " + maxEvaluations + ": expected >= 1");
            }
        }

        /** Dormand–Prince 8(5,3) with the given tolerances, no step bounds, 10⁶ evaluations. */
        public static Settings of(double absoluteTolerance, double relativeTolerance) {
            return new Settings(Method.DORMAND_PRINCE_853, absoluteTolerance, relativeTolerance, 0,
                    Double.POSITIVE_INFINITY, 1_000_000);
        }

        /** {@link #of}(1e-9, 1e-9). */
        public static Settings defaults() {
            return of(1e-9, 1e-9);
        }
    }

    /**
     * The images of a batch under the flow map.
     *
     * @param points           x(endTime), row-major count x dim
     * @param count            N
     * @param dim              d
     * @param startTime        the time the points were given at
     * @param endTime          the time they were mapped to
     * @param scoreEvaluations batched score evaluations (each for all N points)
     * @param steps            accepted integrator steps
     * @param settings         the integrator settings used
     */
    public record Result(double[] points, int count, int dim, double startTime, double endTime, int scoreEvaluations,
                         int steps, Settings settings) {
        /** Score evaluations counted per point: scoreEvaluations · count. */
        public long pointEvaluations() {
            return (long) scoreEvaluations * count;
        }
    }

    /**
     * How far the flow still moves the points after T (the remaining displacement towards the
     * limit map, for comparing the encoder at T with its T → ∞ limit).
     *
     * @param atT              x(T), row-major N x d
     * @param atLaterTime      x(T'), row-major N x d
     * @param remaining        |x(T') − x(T)| per point (length N)
     * @param meanRemaining    mean of {@code remaining}
     * @param rmsRemaining     root mean square of {@code remaining}
     * @param maxRemaining     max of {@code remaining}
     * @param meanDisplacement mean |x(T) − x(t0)|, the displacement made up to T
     */
    public record TailEstimate(double[] atT, double[] atLaterTime, double[] remaining, double meanRemaining,
                               double rmsRemaining, double maxRemaining, double meanDisplacement) {
        /** meanRemaining / meanDisplacement (0 when nothing moved). */
        public double relativeRemaining() {
            return meanDisplacement == 0 ? 0 : meanRemaining / meanDisplacement;
        }
    }

    private final Sde sde;
    private final ScoreField score;
    private final Settings settings;
    private final int d;

    /**
     * @param sde      the forward SDE (drift f and diffusion g_i²)
     * @param score    ∇log p_t of its marginals (exact or from a solved density)
     * @param settings integrator settings
     * @throws IllegalArgumentException if an argument is null or the dimensions differ
     */
    public ProbabilityFlowEncoder(Sde sde, ScoreField score, Settings settings) {
        if (sde == null) {
            throw new IllegalArgumentException("sde is null: expected the forward SDE");
        }
        if (score == null) {
            throw new IllegalArgumentException("score is null: expected a ScoreField");
        }
        if (settings == null) {
            throw new IllegalArgumentException("settings is null: expected integrator Settings");
        }
        if (sde.dim() != score.dim()) {
            throw new IllegalArgumentException("score.dim() = " + score.dim() + ": expected sde.dim() = " + sde.dim());
        }
        this.sde = sde;
        this.score = score;
        this.settings = settings;
        this.d = sde.dim();
    }

    /** The integrator settings. */
    public Settings settings() {
        return settings;
    }

    /**
     * The encoder: maps points given at time t0 to time T &gt; t0 ≥ 0.
     *
     * @param x row-major N x d, N ≥ 1, finite
     */
    public Result encode(double[] x, double t0, double t) {
        requireTimes(t0, t, "t0", "T");
        return map(x, t0, t);
    }

    /** The decoder: maps points given at time T back to time t0, T &gt; t0 ≥ 0. */
    public Result decode(double[] y, double t, double t0) {
        requireTimes(t0, t, "t0", "T");
        return map(y, t, t0);
    }

    /**
     * The flow map from time {@code from} to time {@code to} (either direction; the identity
     * when they are equal).
     *
     * @throws IllegalArgumentException for bad shapes, non-finite coordinates or times
     * @throws IllegalStateException if the integrator fails (step below minStep, too many
     *         evaluations) or the score is not finite
     */
    public Result map(double[] x, double from, double to) {
        int n = PointSets.requirePoints(x, d, 1, "x");
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("times from = " + from + ", to = " + to + ": expected finite values");
        }
        if (from == to) {
            return new Result(x.clone(), n, d, from, to, 0, 0, settings);
        }
        double span = Math.abs(to - from);
        EmbeddedRungeKuttaIntegrator integrator = settings.method() == Method.DORMAND_PRINCE_853
                ? new DormandPrince853Integrator(settings.minStep(), Math.min(settings.maxStep(), span),
                        settings.absoluteTolerance(), settings.relativeTolerance())
                : new DormandPrince54Integrator(settings.minStep(), Math.min(settings.maxStep(), span),
                        settings.absoluteTolerance(), settings.relativeTolerance());
        integrator.setMaxEvaluations(settings.maxEvaluations());
        int[] steps = new int[1];
        integrator.addStepHandler(interpolator -> steps[0]++);
        Flow flow = new Flow(n);
        ODEStateAndDerivative end;
        try {
            end = integrator.integrate(flow, new ODEState(from, x.clone()), to);
        } catch (MathRuntimeException e) {
            throw new IllegalStateException("probability-flow integration from t = " + from + " to " + to + " failed after "
                    + flow.evaluations + " score evaluations: " + e.getMessage(), e);
        }
        return new Result(end.getPrimaryState(), n, d, from, to, flow.evaluations, steps[0], settings);
    }

    /**
     * Encodes to T, continues to T' &gt; T, and measures the remaining displacement
     * |x(T') − x(T)| per point.
     */
    public TailEstimate tail(double[] x, double t0, double t, double laterTime) {
        requireTimes(t0, t, "t0", "T");
        if (!(laterTime > t) || !Double.isFinite(laterTime)) {
            throw new IllegalArgumentException("laterTime = " + laterTime + ": expected a finite time > T = " + t);
        }
        Result atT = encode(x, t0, t);
        Result later = map(atT.points(), t, laterTime);
        return tailEstimate(x, atT.points(), later.points(), d);
    }

    /**
     * The tail estimate from x(t0), x(T) and x(T') (row-major N x d each).
     */
    public static TailEstimate tailEstimate(double[] x0, double[] xT, double[] xLater, int d) {
        int n = PointSets.requireSameSize(x0, xT, d, 1, "x0", "xT");
        PointSets.requireSameSize(xT, xLater, d, 1, "xT", "xLater");
        double[] remaining = new double[n];
        double sum = 0, sumSq = 0, max = 0, disp = 0;
        for (int s = 0; s < n; s++) {
            double r = Math.sqrt(PointSets.squaredDistance(xLater, s, xT, s, d));
            remaining[s] = r;
            sum += r;
            sumSq += r * r;
            max = Math.max(max, r);
            disp += Math.sqrt(PointSets.squaredDistance(xT, s, x0, s, d));
        }
        return new TailEstimate(xT.clone(), xLater.clone(), remaining, sum / n, Math.sqrt(sumSq / n), max, disp / n);
    }

    private static void requireTimes(double t0, double t, String t0Name, String tName) {
        if (!(t0 >= 0) || !Double.isFinite(t0)) {
            throw new IllegalArgumentException(t0Name + " = " + t0 + ": expected a finite time >= 0");
        }
        if (!(t > t0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException(tName + " = " + t + ": expected a finite time > " + t0Name + " = " + t0);
        }
    }

    /** The right-hand side for the whole batch. */
    private final class Flow implements OrdinaryDifferentialEquation {
        private final int count;
        private final double[] scores;
        private final double[] g2;
        private int evaluations;

        Flow(int count) {
            this.count = count;
            this.scores = new double[count * d];
            this.g2 = new double[d];
        }

        @Override
        public int getDimension() {
            return count * d;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            double[] out = new double[count * d];
            sde.drift(t, y, count, out);
            score.score(t, y, count, scores);
            evaluations++;
            for (int i = 0; i < d; i++) {
                g2[i] = 0.5 * sde.diffusion2(i, t);
            }
            for (int s = 0; s < count; s++) {
                int off = s * d;
                for (int i = 0; i < d; i++) {
                    double sc = scores[off + i];
                    if (!Double.isFinite(sc)) {
                        throw new IllegalStateException("score at t = " + t + " of point " + s + " (axis " + i + ", x = "
                                + y[off + i] + ") is " + sc + ": expected a finite value");
                    }
                    out[off + i] -= g2[i] * sc;
                }
            }
            return out;
        }
    }
}
