package org.ttfp.ot;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.nonstiff.EmbeddedRungeKuttaIntegrator;
import org.ttfp.fp.density.ScoreField;
import org.ttfp.fp.density.ScoreJacobianField;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.sde.Sde;

/**
 * The probability-flow encoder (docs/math.md §2): the flow map of
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
 *
 * <p><b>Time variable.</b> {@link TimeVariable#NOISE_SCALE} integrates in τ = log(σ²/α² + δ)
 * ({@link FlowTime}), in which the flow of a linear-Gaussian SDE moves at a roughly uniform rate,
 * so the adaptive steps are not crowded near t0; the step bounds of the settings are then in τ.
 * {@link TimeVariable#PHYSICAL} integrates in t; {@link TimeVariable#AUTO} (the default) takes
 * the one measured cheaper for the SDE family ({@link FlowTime#defaultFor}).
 *
 * <p><b>Jacobian.</b> {@link #mapWithJacobian} integrates the variational equation
 * J' = ∇v(x, t) J, J(from) = I, alongside x ({@link FlowEquations}); ∇v = ∇f − ½g²∇²log p_t uses
 * the score field's Jacobian when it is a {@link ScoreJacobianField} (closed forms, the TT's
 * second spectral derivatives), else central differences of the score ({@link ScoreJacobians}).
 * J then carries only the integrator's tolerance, no finite-difference step of the map.
 */
public final class ProbabilityFlowEncoder {

    /** The embedded Runge–Kutta pair. */
    public enum Method {
        /** Dormand–Prince 8(5,3), 12 stages per step: for tight tolerances. */
        DORMAND_PRINCE_853,
        /** Dormand–Prince 5(4), 6 stages per step: for loose tolerances. */
        DORMAND_PRINCE_54
    }

    /** The variable the ODE is integrated in. */
    public enum TimeVariable {
        /** τ = t. */
        PHYSICAL,
        /** τ = log(σ²/α² + δ) ({@link FlowTime#noiseScale} with the default δ); linear-Gaussian SDEs only. */
        NOISE_SCALE,
        /** {@link FlowTime#defaultFor}: NOISE_SCALE for a constant drift rate (OU form, VE), else PHYSICAL. */
        AUTO
    }

    /**
     * Integrator settings.
     *
     * @param method            the Runge–Kutta pair
     * @param absoluteTolerance absTol &gt; 0 per component
     * @param relativeTolerance relTol ≥ 0 per component
     * @param minStep           smallest step allowed (≥ 0, in the integration variable; the integration fails below it)
     * @param maxStep           largest step (&gt; 0, may be +∞: the whole interval), in the integration variable
     * @param maxEvaluations    cap on right-hand-side (batched score) evaluations (≥ 1)
     * @param timeVariable      the integration variable
     */
    public record Settings(Method method, double absoluteTolerance, double relativeTolerance, double minStep,
                           double maxStep, int maxEvaluations, TimeVariable timeVariable) {
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
            if (timeVariable == null) {
                throw new IllegalArgumentException("timeVariable is null: expected a TimeVariable");
            }
        }

        /** The settings with {@link TimeVariable#AUTO}. */
        public Settings(Method method, double absoluteTolerance, double relativeTolerance, double minStep,
                double maxStep, int maxEvaluations) {
            this(method, absoluteTolerance, relativeTolerance, minStep, maxStep, maxEvaluations,
                    TimeVariable.AUTO);
        }

        /** These settings with another integration variable. */
        public Settings withTimeVariable(TimeVariable v) {
            return new Settings(method, absoluteTolerance, relativeTolerance, minStep, maxStep, maxEvaluations, v);
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
     * @param jacobians        the Jacobians ∂x_i(endTime)/∂x_j(startTime) of the first M points (M = count
     *                         unless asked otherwise), row-major M x dim x dim ({@code jacobians[s*d*d + i*d + j]}),
     *                         or null when not computed
     * @param count            N
     * @param dim              d
     * @param startTime        the time the points were given at
     * @param endTime          the time they were mapped to
     * @param scoreEvaluations batched score evaluations (each for all N points)
     * @param steps            accepted integrator steps
     * @param settings         the integrator settings used
     */
    public record Result(double[] points, double[] jacobians, int count, int dim, double startTime, double endTime,
                         int scoreEvaluations, int steps, Settings settings) {
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
    private volatile ScoreJacobianField jacobianField;

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
     * The encoder with its Jacobian: x(t0) ↦ x(T) and ∂x(T)/∂x(t0) by the variational equation
     * (see the class comment); about d + 1 times the state of {@link #encode} plus a score Jacobian
     * per stage.
     */
    public Result encodeWithJacobian(double[] x, double t0, double t) {
        requireTimes(t0, t, "t0", "T");
        return mapWithJacobian(x, t0, t);
    }

    /**
     * The encoder of all N points with the Jacobians of the first {@code jacobianPoints} = M of them
     * (one integration: the images of all points and M Jacobians, {@link Result#jacobians} M x d x d).
     */
    public Result encodeWithJacobian(double[] x, double t0, double t, int jacobianPoints) {
        requireTimes(t0, t, "t0", "T");
        return integrate(x, t0, t, jacobianField(), jacobianPoints);
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
        return integrate(x, from, to, null, 0);
    }

    /** {@link #map} with the Jacobian of the flow map by the variational equation ({@link Result#jacobians}). */
    public Result mapWithJacobian(double[] x, double from, double to) {
        return integrate(x, from, to, jacobianField(), -1);
    }

    private ScoreJacobianField jacobianField() {
        ScoreJacobianField j = jacobianField;
        if (j == null) {
            j = ScoreJacobians.of(score);
            jacobianField = j;
        }
        return j;
    }

    /** jacobianPoints: M, or −1 for all points (ignored without jac). */
    private Result integrate(double[] x, double from, double to, ScoreJacobianField jac, int jacobianPoints) {
        int n = PointSets.requirePoints(x, d, 1, "x");
        if (jac != null && (jacobianPoints < -1 || jacobianPoints > n)) {
            throw new IllegalArgumentException("jacobianPoints = " + jacobianPoints + ": expected 0 to N = " + n);
        }
        int m = jac == null ? 0 : jacobianPoints < 0 ? n : jacobianPoints;
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("times from = " + from + ", to = " + to + ": expected finite values");
        }
        if (from == to) {
            return new Result(x.clone(), jac == null ? null : identities(m), n, d, from, to, 0, 0, settings);
        }
        FlowTime clock = clock(Math.min(from, to), Math.max(from, to));
        FlowEquations flow = new FlowEquations(sde, score, jac, clock, n, m, from, to);
        double tauFrom = clock.tau(from), tauTo = clock.tau(to);
        double span = Math.abs(tauTo - tauFrom);
        EmbeddedRungeKuttaIntegrator integrator = settings.method() == Method.DORMAND_PRINCE_853
                ? new DormandPrince853Integrator(settings.minStep(), Math.min(settings.maxStep(), span),
                        settings.absoluteTolerance(), settings.relativeTolerance())
                : new DormandPrince54Integrator(settings.minStep(), Math.min(settings.maxStep(), span),
                        settings.absoluteTolerance(), settings.relativeTolerance());
        integrator.setMaxEvaluations(settings.maxEvaluations());
        int[] steps = new int[1];
        integrator.addStepHandler(interpolator -> steps[0]++);
        ODEStateAndDerivative end;
        try {
            end = integrator.integrate(flow, new ODEState(tauFrom, flow.initialState(x)), tauTo);
        } catch (MathRuntimeException e) {
            throw new IllegalStateException("probability-flow integration from t = " + from + " to " + to + " failed after "
                    + flow.evaluations + " score evaluations: " + e.getMessage(), e);
        }
        double[] y = end.getPrimaryState();
        double[] pts = java.util.Arrays.copyOf(y, n * d);
        double[] jacobians = jac == null ? null : java.util.Arrays.copyOfRange(y, n * d, y.length);
        return new Result(pts, jacobians, n, d, from, to, flow.evaluations, steps[0], settings);
    }

    private FlowTime clock(double lo, double hi) {
        switch (settings.timeVariable()) {
            case PHYSICAL:
                return FlowTime.physical();
            case NOISE_SCALE:
                if (!(sde instanceof LinearGaussianSde l)) {
                    throw new IllegalArgumentException("timeVariable NOISE_SCALE needs a LinearGaussianSde, got "
                            + sde.getClass().getSimpleName() + ": use PHYSICAL or AUTO");
                }
                return FlowTime.noiseScale(l, FlowTime.DEFAULT_OFFSET);
            default:
                return FlowTime.defaultFor(sde, lo, hi);
        }
    }

    private double[] identities(int n) {
        double[] j = new double[n * d * d];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                j[s * d * d + i * d + i] = 1;
            }
        }
        return j;
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
}
