package org.ttfp.fp;

import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.sde.Sde;
import org.ttfp.fp.sde.SeparableLinearSde;
import org.ttfp.fp.solve.ModePropagators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.cheb.TtInterpolant;
import org.ttfp.cross.BatchFunction;
import org.ttfp.cross.CrossInfo;
import org.ttfp.cross.CrossOptions;
import org.ttfp.cross.CrossResult;
import org.ttfp.cross.StopReason;
import org.ttfp.cross.TtCross;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.TensorTrain;

/**
 * Solves an {@link FpProblem}: the density p(x, t) of dX = f(X, t) dt + G(t) dW, as a TT of values on
 * a Chebyshev grid, stepped from t_0 = 0 to T on the problem's time grid.
 *
 * <h2>Split path ({@link FpMethod#SPLIT}, any drift)</h2>
 * Each step [t, t + h] is a Strang splitting of ∂p/∂t = −∇·(f p) + ½ Σ g_i² ∂_i² p (math.md §5):
 * <ol>
 *   <li><b>Diffusion, ½h.</b> The heat part factorises over the axes: exactly
 *       p ← ⊗_i e^{τ_i D_i²} p with τ_i = ½ ∫_t^{t+h/2} g_i², one n_i x n_i matrix per mode
 *       ({@link ModePropagators#heat}: matrix exponential of the Chebyshev D² with homogeneous
 *       Dirichlet conditions), so the ranks do not change.</li>
 *   <li><b>Convection, h.</b> Along the characteristics of dx/dτ = f(x, τ),
 *       p(x, t + h) = p(X(t), t) exp(−∫_t^{t+h} ∇·f(X(τ), τ) dτ), where X is the characteristic
 *       through x at t + h. X(t) and the integral come from RK4 run backward from t + h to t
 *       ({@link FpProblem#characteristicSubsteps()} sub-steps; local error O(h⁵)), p(X(t), t) from
 *       the Chebyshev interpolant of the current TT. A foot point X(t) outside the box gets
 *       density 0 (the box must hold the density: what enters through the boundary is lost).
 *       The new TT is built from these point values by TT-cross warm-started from the current
 *       TT.</li>
 *   <li><b>Diffusion, ½h</b> as in 1, over [t + h/2, t + h].</li>
 *   <li><b>Rounding</b> to {@link FpProblem#eps()} with rank cap {@link FpProblem#maxRank()}.</li>
 * </ol>
 * <b>Error.</b> The splitting is second order: the global error is C h² with C set by the
 * commutator of drift and diffusion (for OU with rate a and g² it is about a g² h²/(4·var) relative
 * near equilibrium), plus the spatial error of the grid (spectral: it decays like the Chebyshev
 * coefficients of p; about n ≳ 7 L/σ nodes resolve a feature of width σ on an axis of length L to
 * 1e−10), plus about (steps · eps) from rounding and cross, plus the RK4 error O(h⁴).
 * <b>Mass.</b> Diffusion conserves the mass up to the flux through the box boundary; convection
 * conserves it up to the mismatch between the RK4 foot-point map and the RK4-integrated
 * divergence, O(h⁵ |∇f|⁵) per step (each sub-step of {@link FpProblem#characteristicSubsteps()}
 * divides it by m⁴), and up to the interpolation error. The TT-cross of each step is warm-started
 * from the current TT: its interpolation sets come from that TT and its ranks adapt (see
 * {@link TtCross}); it runs until the relative change between sweeps is below eps or
 * {@link FpProblem#crossSweeps()} sweeps. The cost of a step is about
 * sweeps · Σ_k r_{k−1} n_k r_k evaluations, each of 4 drift and divergence calls and one point
 * evaluation of the TT (2 Σ_k r_{k−1} n_k r_k flops).
 * Drift and divergence callbacks run in parallel chunks and must be thread-safe.
 *
 * <h2>Exact path ({@link FpMethod#EXACT}, separable linear SDEs)</h2>
 * For VP, VE, sub-VP and OU with a diagonal matrix, each axis has the Gaussian transition
 * X_i(t) = a_i X_i(s) + √v_i ε, so each step applies the exact transition matrix
 * {@link ModePropagators#gaussianTransition} along every mode: no time-discretisation error at
 * all, any step size (stiff β schedules included), ranks unchanged. The only errors are the
 * grid's interpolation error and the box truncation. With {@link FpProblem#compareWithExact()} the
 * split path runs this propagator alongside as an oracle and reports the difference per step.
 *
 * <h2>Health checks</h2>
 * After each step the mass ∫_box p and a negativity estimate are computed
 * ({@link StepDiagnostics}); a relative mass drift above {@link FpProblem#massTolerance()} or a
 * negativity above {@link FpProblem#negativityTolerance()} stops the solve with an
 * {@link FpSolveException}. Before the first step, the initial density is checked against the box:
 * a normalised density (a mixture, or a callback declared normalised) whose mass on the box
 * differs from 1 by more than {@link FpProblem#boxMassTolerance()} is refused, as is an
 * unnormalised one whose 1-D marginals at either end of an axis exceed that fraction of their
 * maximum; an unnormalised callback is then normalised to mass 1 on the box.
 */
public final class FpSolver {

    /** Points per parallel chunk of characteristic computations. */
    private static final int CHUNK = 256;
    /** Sweeps allowed to the cross of the initial density. */
    private static final int INITIAL_SWEEPS = 60;
    /** Rank increment per core update of the initial cross (ranks there grow from a low start). */
    private static final int INITIAL_RANK_INCREMENT = 4;

    private FpSolver() {}

    /** Solves without listener or cancellation. */
    public static Solution solve(FpProblem problem) {
        return solve(problem, null, null);
    }

    /**
     * Solves the problem.
     *
     * @param listener  called after every step (and for the initial density), or null
     * @param cancelled polled before every step and inside every cross, or null
     * @throws IllegalArgumentException if the box cuts off too much initial mass, or a callback
     *                                  returns NaN/Inf or a negative diffusion
     * @throws FpSolveException         if the mass drifts or the density goes negative beyond the tolerances
     * @throws CancellationException    if {@code cancelled} returned true
     */
    public static Solution solve(FpProblem problem, FpListener listener, BooleanSupplier cancelled) {
        if (problem == null) {
            throw new IllegalArgumentException("problem is null: expected an FpProblem");
        }
        return new Run(problem, listener, cancelled).run();
    }

    /** The state of one solve. */
    private static final class Run {
        final FpProblem pr;
        final Sde sde;
        final SeparableLinearSde separable;
        final ChebyshevBox box;
        final int d;
        final Backend be;
        final ChebyshevGrid[] grids;
        final FpListener listener;
        final BooleanSupplier cancelled;
        final Map<Object, double[]> cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, double[]> e) {
                return size() > 64;
            }
        };
        final List<StepDiagnostics> diagnostics = new ArrayList<>();
        final List<Double> snapTimes = new ArrayList<>();
        final List<TensorTrain> snaps = new ArrayList<>();
        double[][] sqrtWeights;
        CrossInfo initialCross;

        Run(FpProblem pr, FpListener listener, BooleanSupplier cancelled) {
            this.pr = pr;
            this.sde = pr.sde();
            this.separable = pr.separable();
            this.box = pr.box();
            this.d = box.dim();
            this.be = pr.backend();
            this.grids = new ChebyshevGrid[d];
            for (int i = 0; i < d; i++) {
                grids[i] = box.axis(i);
            }
            this.listener = listener;
            this.cancelled = cancelled;
        }

        boolean isCancelled() {
            return cancelled != null && cancelled.getAsBoolean();
        }

        CrossOptions crossOptions(int sweeps, long seed) {
            CrossOptions o = CrossOptions.defaults().withEps(pr.eps()).withMaxSweeps(sweeps).withSeed(seed);
            o = o.withMaxRank(Math.max(pr.maxRank(), o.initialRank()));
            if (pr.maxRank() < o.initialRank()) {
                o = o.withInitialRank(pr.maxRank()).withMaxRank(pr.maxRank());
            }
            return cancelled == null ? o : o.withCancel(cancelled);
        }

        Solution run() {
            long start = System.nanoTime();
            InitialDensity.Built built = pr.initial().build(box, be,
                    crossOptions(INITIAL_SWEEPS, pr.seed()).withRankIncrement(INITIAL_RANK_INCREMENT));
            initialCross = built.cross();
            if (initialCross != null && initialCross.stopReason() == StopReason.CANCELLED) {
                throw new CancellationException("solve cancelled while building the initial density");
            }
            TensorTrain p = built.values().round(pr.eps(), pr.maxRank());
            p = checkBox(p);
            double mass0 = box.integrate(p);
            TensorTrain q = pr.compareWithExact() ? p : null;
            double[] times = pr.times();
            int steps = times.length - 1;
            Sample s0 = sample(p, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
            StepDiagnostics diag0 = new StepDiagnostics(0, 0.0, 0.0, p.maxRank(), mass0, 0.0, s0.min, s0.negativity,
                    initialCross == null ? 0 : initialCross.evaluations(), initialCross == null ? 0 : initialCross.sweeps(),
                    initialCross == null || initialCross.converged(), (System.nanoTime() - start) * 1e-9,
                    q == null ? Double.NaN : 0.0);
            record(diag0, steps);
            check(diag0);
            snapTimes.add(0.0);
            snaps.add(p);
            for (int k = 1; k <= steps; k++) {
                if (isCancelled()) {
                    throw new CancellationException("solve cancelled before step " + k + " of " + steps);
                }
                long t0n = System.nanoTime();
                double t0 = times[k - 1], t1 = times[k];
                CrossInfo ci = null;
                double[] crossRange = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
                if (pr.method() == FpMethod.EXACT) {
                    p = exactStep(p, t0, t1);
                } else {
                    TensorTrain half = diffuse(p, t0, 0.5 * (t0 + t1));
                    Convection f = new Convection(half, t0, t1);
                    CrossResult r = TtCross.approximate(half, f, crossOptions(pr.crossSweeps(), pr.seed() + k));
                    ci = r.info();
                    if (ci.stopReason() == StopReason.CANCELLED) {
                        throw new CancellationException("solve cancelled in step " + k + " of " + steps);
                    }
                    crossRange[0] = f.min;
                    crossRange[1] = f.max;
                    p = diffuse(r.tt(), 0.5 * (t0 + t1), t1);
                }
                p = p.round(pr.eps(), pr.maxRank());
                double diff = Double.NaN;
                if (q != null) {
                    q = exactStep(q, t0, t1).round(pr.eps(), pr.maxRank());
                    diff = relativeL2(p, q);
                }
                double mass = box.integrate(p);
                Sample sm = sample(p, k, crossRange[0], crossRange[1]);
                StepDiagnostics diag = new StepDiagnostics(k, t1, t1 - t0, p.maxRank(), mass, mass / mass0 - 1, sm.min,
                        sm.negativity, ci == null ? 0 : ci.evaluations(), ci == null ? 0 : ci.sweeps(),
                        ci == null || ci.converged(), (System.nanoTime() - t0n) * 1e-9, diff);
                record(diag, steps);
                check(diag);
                if (pr.isSnapshot(k)) {
                    snapTimes.add(t1);
                    snaps.add(p);
                }
            }
            return solution();
        }

        /** The solution of the snapshots stored so far, or null when there is none. */
        Solution solution() {
            if (snaps.isEmpty()) {
                return null;
            }
            double[] t = snapTimes.stream().mapToDouble(Double::doubleValue).toArray();
            return new Solution(box, t, snaps.toArray(new TensorTrain[0]), diagnostics, initialCross, pr.method(),
                    separable);
        }

        void record(StepDiagnostics diag, int steps) {
            diagnostics.add(diag);
            if (listener != null) {
                listener.onStep(diag, steps);
            }
        }

        void check(StepDiagnostics diag) {
            if (!(Math.abs(diag.massDrift()) <= pr.massTolerance())) {
                throw new FpSolveException(String.format(java.util.Locale.ROOT,
                        "mass drifted by %.3e (mass %.12g) at step %d, t = %.6g, beyond massTolerance = %.3e: "
                                + "the box may be too small (density leaving it), the grid too coarse or the step too large",
                        diag.massDrift(), diag.mass(), diag.step(), diag.time(), pr.massTolerance()), diagnostics, solution());
            }
            if (!(diag.negativity() <= pr.negativityTolerance())) {
                throw new FpSolveException(String.format(java.util.Locale.ROOT,
                        "density went negative: min value %.3e, %.3e of its peak, at step %d, t = %.6g, beyond "
                                + "negativityTolerance = %.3e: refine the grid, tighten eps or raise maxRank",
                        diag.minValue(), diag.negativity(), diag.step(), diag.time(), pr.negativityTolerance()),
                        diagnostics, solution());
            }
        }

        // -------------------------------------------------------------- the initial density and the box

        TensorTrain checkBox(TensorTrain p) {
            double mass = box.integrate(p);
            double tol = pr.boxMassTolerance();
            if (pr.initial().normalized()) {
                double lost = 1 - mass;
                if (!(Math.abs(lost) <= tol)) {
                    throw new IllegalArgumentException(lost > 0
                            ? String.format(java.util.Locale.ROOT, "box cuts off %.3e of the initial mass (mass on the box "
                                    + "%.12g, TT approximation error included), more than boxMassTolerance = %.3e: "
                                    + "enlarge the box", lost, mass, tol)
                            : String.format(java.util.Locale.ROOT, "initial density has mass %.12g on the box, more than 1 "
                                    + "by %.3e > boxMassTolerance = %.3e: it is not normalised or the grid does not "
                                    + "resolve it (refine n)", mass, -lost, tol));
                }
                return p;
            }
            if (!(mass > 0)) {
                throw new IllegalArgumentException("initial density has mass " + mass + " on the box: expected > 0");
            }
            for (int i = 0; i < d; i++) {
                double[] m = box.marginal(p, i).full();
                double max = 0;
                for (double v : m) {
                    max = Math.max(max, Math.abs(v));
                }
                double end = Math.max(Math.abs(m[0]), Math.abs(m[m.length - 1]));
                if (!(end <= tol * max)) {
                    throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                            "box cuts off initial mass on axis %d: the marginal density at the boundary is %.3e of its "
                                    + "maximum, more than boxMassTolerance = %.3e: enlarge the box along axis %d",
                            i, end / max, tol, i));
                }
            }
            return pr.initial() instanceof InitialDensity.Callback ? p.scale(1 / mass) : p;
        }

        // -------------------------------------------------------------- propagators

        TensorTrain exactStep(TensorTrain p, double t0, double t1) {
            for (int i = 0; i < d; i++) {
                double a = separable.transitionScale(i, t0, t1);
                double v = separable.transitionVariance(i, t0, t1);
                if (!(a > 0) || !Double.isFinite(a) || !(v >= 0) || !Double.isFinite(v)) {
                    throw new IllegalArgumentException("sde transition on axis " + i + " over [" + t0 + ", " + t1
                            + "] has scale " + a + " and variance " + v + ": expected a finite scale > 0 and variance >= 0");
                }
                if (a == 1 && v == 0) {
                    continue;
                }
                ChebyshevGrid g = grids[i];
                double[] m = cache.computeIfAbsent(List.of("gauss", g, a, v),
                        key -> ModePropagators.gaussianTransition(g, a, v));
                p = p.applyAlongMode(i, m, g.size());
            }
            return p;
        }

        TensorTrain diffuse(TensorTrain p, double s, double t) {
            for (int i = 0; i < d; i++) {
                double tau = 0.5 * sde.integratedDiffusion2(i, s, t);
                if (!(tau >= 0) || Double.isInfinite(tau)) {
                    throw new IllegalArgumentException("sde integrated diffusion on axis " + i + " over [" + s + ", " + t
                            + "] is " + 2 * tau + ": expected a finite value >= 0 (negative diffusion?)");
                }
                if (tau == 0) {
                    continue;
                }
                ChebyshevGrid g = grids[i];
                double[] m = cache.computeIfAbsent(List.of("heat", g, tau), key -> ModePropagators.heat(g, tau));
                p = p.applyAlongMode(i, m, g.size());
            }
            return p;
        }

        /** The convection step as a black box for TT-cross. */
        final class Convection implements BatchFunction {
            final TensorTrain prev;
            final TtInterpolant eval;
            final double t0;
            final double t1;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;

            Convection(TensorTrain prev, double t0, double t1) {
                this.prev = prev;
                this.eval = TtInterpolant.of(box, prev);
                this.t0 = t0;
                this.t1 = t1;
            }

            @Override
            public void evaluate(int[] indices, int count, double[] out) {
                double[] x = box.points(indices, count);
                double[] foot = new double[count * d];
                double[] logJ = new double[count];
                int chunks = (count + CHUNK - 1) / CHUNK;
                if (chunks <= 1) {
                    characteristics(x, 0, count, foot, logJ);
                } else {
                    IntStream.range(0, chunks).parallel().forEach(c -> characteristics(x, c * CHUNK,
                            Math.min(count, (c + 1) * CHUNK), foot, logJ));
                }
                int[] inside = new int[count];
                int m = 0;
                for (int s = 0; s < count; s++) {
                    if (clampInside(foot, s)) {
                        inside[m++] = s;
                    }
                }
                double[] pts = new double[m * d];
                for (int j = 0; j < m; j++) {
                    System.arraycopy(foot, inside[j] * d, pts, j * d, d);
                }
                double[] v = m == 0 ? new double[0] : eval.values(pts, m);
                Arrays.fill(out, 0, count, 0.0);
                for (int j = 0; j < m; j++) {
                    out[inside[j]] = v[j] * Math.exp(logJ[inside[j]]);
                }
                for (int s = 0; s < count; s++) {
                    min = Math.min(min, out[s]);
                    max = Math.max(max, out[s]);
                }
            }

            /** RK4 backward from t1 to t0 for points [from, to): foot points and −∫∇·f. */
            void characteristics(double[] x, int from, int to, double[] foot, double[] logJ) {
                int m = to - from;
                int sub = pr.characteristicSubsteps();
                double hs = (t1 - t0) / sub;
                double[] y = Arrays.copyOfRange(x, from * d, to * d);
                double[] tmp = new double[m * d];
                double[] k1 = new double[m * d], k2 = new double[m * d], k3 = new double[m * d], k4 = new double[m * d];
                double[] l1 = new double[m], l2 = new double[m], l3 = new double[m], l4 = new double[m];
                double[] lj = new double[m];
                for (int st = 0; st < sub; st++) {
                    double tau = t1 - st * hs;
                    field(tau, y, m, k1, l1);
                    for (int j = 0; j < m * d; j++) {
                        tmp[j] = y[j] - 0.5 * hs * k1[j];
                    }
                    field(tau - 0.5 * hs, tmp, m, k2, l2);
                    for (int j = 0; j < m * d; j++) {
                        tmp[j] = y[j] - 0.5 * hs * k2[j];
                    }
                    field(tau - 0.5 * hs, tmp, m, k3, l3);
                    for (int j = 0; j < m * d; j++) {
                        tmp[j] = y[j] - hs * k3[j];
                    }
                    field(st == sub - 1 ? t0 : tau - hs, tmp, m, k4, l4);
                    for (int j = 0; j < m * d; j++) {
                        y[j] -= hs / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
                    }
                    for (int s = 0; s < m; s++) {
                        lj[s] -= hs / 6 * (l1[s] + 2 * l2[s] + 2 * l3[s] + l4[s]);
                    }
                }
                System.arraycopy(y, 0, foot, from * d, m * d);
                System.arraycopy(lj, 0, logJ, from, m);
            }

            void field(double t, double[] y, int m, double[] f, double[] div) {
                sde.drift(t, y, m, f);
                CheckedSde.requireFinite("sde drift", f, m, d, t, y, d);
                sde.divergence(t, y, m, div);
                CheckedSde.requireFinite("sde divergence", div, m, 1, t, y, d);
            }

            /** True if point s is in the box (within round-off, then clamped into it). */
            boolean clampInside(double[] foot, int s) {
                for (int i = 0; i < d; i++) {
                    double v = foot[s * d + i];
                    double a = grids[i].a(), b = grids[i].b(), tol = 1e-12 * (b - a);
                    if (!(v >= a - tol && v <= b + tol)) {
                        return false;
                    }
                    foot[s * d + i] = Math.min(b, Math.max(a, v));
                }
                return true;
            }
        }

        // -------------------------------------------------------------- diagnostics

        record Sample(double min, double negativity) {}

        /** Min over random grid points and the cross values; negativity relative to a peak estimate. */
        Sample sample(TensorTrain p, int step, double crossMin, double crossMax) {
            int count = pr.negativitySamples();
            double min = crossMin, max = crossMax;
            if (count > 0) {
                SplittableRandom rnd = new SplittableRandom(pr.seed() * 0x9E3779B97F4A7C15L + step);
                int[] idx = new int[count * d];
                for (int s = 0; s < count; s++) {
                    for (int i = 0; i < d; i++) {
                        idx[s * d + i] = rnd.nextInt(grids[i].size());
                    }
                }
                for (double v : p.evaluate(idx, count)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            double[] mean = Moments.mean(box, p);
            int[] near = new int[d];
            for (int i = 0; i < d; i++) {
                double[] x = grids[i].nodes();
                int best = 0;
                for (int j = 1; j < x.length; j++) {
                    if (Math.abs(x[j] - mean[i]) < Math.abs(x[best] - mean[i])) {
                        best = j;
                    }
                }
                near[i] = best;
            }
            double atMean = Double.isFinite(mean[0]) ? p.get(near) : 0;
            min = Math.min(min, atMean);
            max = Math.max(max, atMean);
            double neg = max > 0 ? Math.max(0, -min) / max : (min < 0 ? Double.POSITIVE_INFINITY : 0);
            return new Sample(min, neg);
        }

        /** ‖p − q‖ / ‖q‖ with Clenshaw–Curtis weights (both scaled by √w along every mode). */
        double relativeL2(TensorTrain p, TensorTrain q) {
            if (sqrtWeights == null) {
                double[][] w = box.quadratureWeights();
                sqrtWeights = new double[d][];
                for (int i = 0; i < d; i++) {
                    int n = w[i].length;
                    sqrtWeights[i] = new double[n * n];
                    for (int j = 0; j < n; j++) {
                        sqrtWeights[i][j + n * j] = Math.sqrt(w[i][j]);
                    }
                }
            }
            TensorTrain pw = p, qw = q;
            for (int i = 0; i < d; i++) {
                pw = pw.applyAlongMode(i, sqrtWeights[i], grids[i].size());
                qw = qw.applyAlongMode(i, sqrtWeights[i], grids[i].size());
            }
            return Math.exp(pw.subtract(qw).logNorm() - qw.logNorm());
        }
    }
}
