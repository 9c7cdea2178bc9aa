package org.ttfp.fp;

import org.ttfp.fp.density.ScoreJacobianField;
import org.ttfp.fp.sde.SeparableLinearSde;
import org.ttfp.fp.solve.ExactTimeField;

import java.util.Arrays;
import java.util.List;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.PointBatches;
import org.ttfp.cheb.TtInterpolant;
import org.ttfp.cross.CrossInfo;
import org.ttfp.tt.TensorTrain;

/**
 * The solution of an {@link FpProblem}: the density p(·, t_j) as a TT of values on the box's
 * Chebyshev grid at the snapshot times t_0 = 0 &lt; t_1 &lt; ... &lt; t_S, with the per-step
 * diagnostics. Immutable.
 *
 * <p><b>Space.</b> Between grid points p(·, t_j) is the tensor-product Chebyshev interpolant
 * (spectrally accurate for smooth densities); ∇p is its exact derivative (the differentiation
 * matrix applied along each mode, as in {@link TtInterpolant}), and the score is ∇log p = ∇p / p at the
 * query points. Query points must lie in the box.
 *
 * <p><b>Time.</b> At a snapshot time the snapshot is used as it is. For a separable linear SDE
 * (VP, VE, sub-VP, OU, diagonal OU) p_t at any other t is the exact Gaussian transition of the
 * nearest earlier snapshot ({@link ExactTimeField}): no interpolation in time, see
 * {@link #exactInTime()}. Otherwise, between snapshots, p and ∇p are
 * interpolated by the Lagrange polynomial through the (up to) four nearest snapshots
 * t_{j−1}, t_j, t_{j+1}, t_{j+2} around t ∈ [t_j, t_{j+1}] (fewer at the ends, linear with two
 * snapshots): p(x, t) ≈ Σ_m ℓ_m(t) p(x, t_m). The error is O(Δt⁴ |∂_t⁴ p|) for cubic and
 * O(Δt² |∂_t² p|) for linear interpolation, Δt the snapshot spacing; with snapshots at every step it
 * is below the scheme's own O(h²) splitting error. The score at time t is the ratio of the
 * interpolated ∇p and p.
 *
 * <p>Mass, mean, covariance and marginals are Clenshaw–Curtis contractions of a snapshot (exact for
 * the interpolant); mean and covariance are normalised by the mass.
 */
public final class Solution implements ScoreJacobianField {

    private final ChebyshevBox box;
    private final double[] times;
    private final TensorTrain[] snapshots;
    private final List<StepDiagnostics> diagnostics;
    private final CrossInfo initialCross;
    private final FpMethod method;
    private final TtInterpolant[] evaluators;
    /** p_t exactly in time, for separable linear SDEs; null otherwise. */
    private final ExactTimeField exact;
    private final SeparableLinearSde exactSde;

    Solution(ChebyshevBox box, double[] times, TensorTrain[] snapshots, List<StepDiagnostics> diagnostics,
            CrossInfo initialCross, FpMethod method) {
        this(box, times, snapshots, diagnostics, initialCross, method, null);
    }

    /** With {@code separable} non-null, point values at any t come from {@link ExactTimeField}. */
    Solution(ChebyshevBox box, double[] times, TensorTrain[] snapshots, List<StepDiagnostics> diagnostics,
            CrossInfo initialCross, FpMethod method, SeparableLinearSde separable) {
        this.box = box;
        this.times = times;
        this.snapshots = snapshots;
        this.diagnostics = List.copyOf(diagnostics);
        this.initialCross = initialCross;
        this.method = method;
        this.evaluators = new TtInterpolant[snapshots.length];
        this.exact = separable == null ? null : new ExactTimeField(separable, box, times, snapshots);
        this.exactSde = separable;
    }

    /**
     * Whether {@link #density}, {@link #gradient}, {@link #score} and {@link #scoreAndJacobian}
     * evaluate p_t exactly in time (separable linear SDE: the Gaussian transition from the nearest
     * earlier snapshot, {@link ExactTimeField}) rather than by interpolating snapshots in time.
     */
    public boolean exactInTime() {
        return exact != null;
    }

    /** The point evaluator of snapshot j, built on first use (heap copies of the cores). */
    private synchronized TtInterpolant evaluator(int j) {
        if (evaluators[j] == null) {
            evaluators[j] = TtInterpolant.of(box, snapshots[j]);
        }
        return evaluators[j];
    }

    /** Copies the first count points, checking they are finite and inside the box (clamped into it). */
    private double[] checkedPoints(double[] x, int count) {
        return PointBatches.clamped(box, x, count);
    }

    @Override
    public int dim() {
        return box.dim();
    }

    /** The box and its grid. */
    public ChebyshevBox box() {
        return box;
    }

    /** The propagator that produced this solution. */
    public FpMethod method() {
        return method;
    }

    /** The snapshot times (a copy). */
    public double[] times() {
        return times.clone();
    }

    /** The number of snapshots. */
    public int snapshotCount() {
        return times.length;
    }

    /** The time of snapshot j. */
    public double time(int j) {
        checkSnapshot(j);
        return times[j];
    }

    /** The TT of values of p(·, t_j) on the grid. */
    public TensorTrain snapshot(int j) {
        checkSnapshot(j);
        return snapshots[j];
    }

    /** The last snapshot, p(·, T). */
    public TensorTrain finalDensity() {
        return snapshots[snapshots.length - 1];
    }

    /** The diagnostics of every step (step 0: the initial density). */
    public List<StepDiagnostics> diagnostics() {
        return diagnostics;
    }

    /**
     * The solution's estimate of its time-discretisation error at T, relative to ‖p‖: the sum of the
     * steps' local estimates {@link StepDiagnostics#errorEstimate()} (the local errors add up to first
     * order; the Fokker–Planck flow does not amplify them in L1). 0 on the exact path; NaN when a
     * step did not estimate its error (plain Strang). It does not include the grid's spatial error or
     * the rounding and cross tolerance.
     */
    public double timeErrorEstimate() {
        double sum = 0;
        for (StepDiagnostics d : diagnostics) {
            if (d.step() > 0) {
                sum += d.errorEstimate();
            }
        }
        return sum;
    }

    /** The diagnostics of the TT-cross that built the initial density, or null when it was given as a TT. */
    public CrossInfo initialCross() {
        return initialCross;
    }

    /** The index of the snapshot at time t (within 1e−12 relative), or −1. */
    public int snapshotAt(double t) {
        double tol = 1e-12 * Math.max(1.0, Math.abs(times[times.length - 1]));
        int j = Arrays.binarySearch(times, t);
        if (j >= 0) {
            return j;
        }
        int ins = -j - 1;
        if (ins < times.length && times[ins] - t <= tol) {
            return ins;
        }
        if (ins > 0 && t - times[ins - 1] <= tol) {
            return ins - 1;
        }
        return -1;
    }

    // ------------------------------------------------------------------ point values

    /**
     * p(x_s, t) for {@code count} points (row-major count x d) into {@code out[0..count)}, with the
     * time interpolation of the class comment. Cost per snapshot used: that of
     * {@link TtInterpolant#values}: 2 Σ_k r_{k−1} n_k r_k flops per point.
     *
     * @throws IllegalArgumentException if t is outside [t_0, t_S], or a point is outside the box or not finite
     */
    public void density(double t, double[] x, int count, double[] out) {
        FpChecks.batch(x, count, dim(), out, count);
        if (exact != null) {
            exact.density(t, x, count, out);
            return;
        }
        double[] pts = checkedPoints(x, count);
        int[] idx = window(t);
        double[] w = lagrange(t, idx);
        Arrays.fill(out, 0, count, 0.0);
        for (int m = 0; m < idx.length; m++) {
            double[] v = evaluator(idx[m]).values(pts, count);
            for (int s = 0; s < count; s++) {
                out[s] += w[m] * v[s];
            }
        }
    }

    /** ∇p(x_s, t) (row-major count x d) with the time interpolation of the class comment. */
    public void gradient(double t, double[] x, int count, double[] out) {
        int d = dim();
        FpChecks.batch(x, count, d, out, count * d);
        if (exact != null) {
            exact.gradient(t, x, count, out);
            return;
        }
        double[] pts = checkedPoints(x, count);
        int[] idx = window(t);
        double[] w = lagrange(t, idx);
        Arrays.fill(out, 0, count * d, 0.0);
        double[] v = new double[count];
        double[] g = new double[count * d];
        for (int m = 0; m < idx.length; m++) {
            evaluator(idx[m]).evaluate(pts, count, v, g, null);
            for (int j = 0; j < count * d; j++) {
                out[j] += w[m] * g[j];
            }
        }
    }

    /**
     * The score ∇log p(x_s, t) = ∇p/p (row-major count x d). Where the interpolated p is not
     * positive (far tails, round-off) the score is not defined and NaN is written.
     */
    @Override
    public void score(double t, double[] x, int count, double[] out) {
        int d = dim();
        FpChecks.batch(x, count, d, out, count * d);
        if (exact != null) {
            exact.score(t, x, count, out);
            return;
        }
        double[] pts = checkedPoints(x, count);
        int[] idx = window(t);
        double[] w = lagrange(t, idx);
        double[] p = new double[count];
        Arrays.fill(out, 0, count * d, 0.0);
        double[] v = new double[count];
        double[] g = new double[count * d];
        for (int m = 0; m < idx.length; m++) {
            evaluator(idx[m]).evaluate(pts, count, v, g, null);
            for (int s = 0; s < count; s++) {
                p[s] += w[m] * v[s];
            }
            for (int j = 0; j < count * d; j++) {
                out[j] += w[m] * g[j];
            }
        }
        for (int s = 0; s < count; s++) {
            double inv = p[s] > 0 ? 1.0 / p[s] : Double.NaN;
            for (int i = 0; i < d; i++) {
                out[s * d + i] *= inv;
            }
        }
    }

    /**
     * The score and its Jacobian ∇²log p(x_s, t) = ∇²p/p − ∇p∇pᵀ/p² (row-major count x d and
     * count x d x d), with the time treatment of the class comment (exact in time where
     * {@link #exactInTime()}, else p, ∇p and ∇²p interpolated in time first). NaN where p ≤ 0.
     */
    @Override
    public void scoreAndJacobian(double t, double[] x, int count, double[] score, double[] jacobian) {
        int d = dim();
        FpChecks.batch(x, count, d, score, count * d);
        FpChecks.batch(x, count, d, jacobian, count * d * d);
        if (exact != null) {
            exact.scoreAndJacobian(t, x, count, score, jacobian);
            return;
        }
        double[] pts = checkedPoints(x, count);
        int[] idx = window(t);
        double[] w = lagrange(t, idx);
        double[] p = new double[count], g = new double[count * d], h = new double[count * d * d];
        double[] v = new double[count], gm = new double[count * d], hm = new double[count * d * d];
        for (int m = 0; m < idx.length; m++) {
            evaluator(idx[m]).evaluate(pts, count, v, gm, hm);
            for (int s = 0; s < count; s++) {
                p[s] += w[m] * v[s];
            }
            for (int j = 0; j < count * d; j++) {
                g[j] += w[m] * gm[j];
            }
            for (int j = 0; j < count * d * d; j++) {
                h[j] += w[m] * hm[j];
            }
        }
        PointBatches.logDerivatives(count, d, p, g, h, score, jacobian);
    }

    /**
     * The same solution on every second snapshot (indices 0, 2, 4, …, and always the last), for
     * the time-interpolation estimate of {@link #timeInterpolationError}. Exact-in-time solutions
     * stay exact in time.
     */
    public Solution everySecondSnapshot() {
        int s = times.length;
        double[] t = new double[s];
        TensorTrain[] snaps = new TensorTrain[s];
        int k = 0;
        for (int j = 0; j < s; j += 2) {
            t[k] = times[j];
            snaps[k++] = snapshots[j];
        }
        if ((s - 1) % 2 != 0) {
            t[k] = times[s - 1];
            snaps[k++] = snapshots[s - 1];
        }
        return new Solution(box, Arrays.copyOf(t, k), Arrays.copyOf(snaps, k), diagnostics, initialCross, method,
                exact == null ? null : exactSde);
    }

    /**
     * An estimate of the error of the score's interpolation in time at (t, x_s): per point
     * ‖s_S(x, t) − s_{S/2}(x, t)‖₂, the score on all snapshots against the score on every second
     * one ({@link #everySecondSnapshot}). For the cubic Lagrange interpolation the error scales
     * like Δt⁴, so the half grid's error is about 16 times the full one and the difference about
     * 15 times it: the estimate bounds the full grid's time-interpolation error with a margin
     * (linear interpolation near the ends: 4 and 3 times). This holds once the half grid is in the
     * asymptotic regime; with a handful of snapshots (measured: 10 geometric snapshots over [0, 1]
     * for a full-matrix OU mixture) it can fall short by some 10 %, with 20 it bounds the error
     * (TimeInterpolationErrorTest). Zero where {@link #exactInTime()} (and
     * at snapshot times common to both grids). NaN where p ≤ 0.
     *
     * @return length count
     */
    public double[] timeInterpolationError(double t, double[] x, int count) {
        int d = dim();
        double[] out = new double[count];
        FpChecks.batch(x, count, d, out, count);
        if (exact != null || times.length < 3) {
            return out;
        }
        double[] a = new double[count * d], b = new double[count * d];
        score(t, x, count, a);
        everySecondSnapshot().score(t, x, count, b);
        for (int s = 0; s < count; s++) {
            double sum = 0;
            for (int i = 0; i < d; i++) {
                double e = a[s * d + i] - b[s * d + i];
                sum += e * e;
            }
            out[s] = Math.sqrt(sum);
        }
        return out;
    }

    /** Snapshot indices used at time t. */
    private int[] window(double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("t = " + t + ": expected a finite time");
        }
        int exact = snapshotAt(t);
        if (exact >= 0) {
            return new int[] {exact};
        }
        int last = times.length - 1;
        if (t < times[0] || t > times[last]) {
            throw new IllegalArgumentException("t = " + t + " is outside the solved interval [" + times[0] + ", "
                    + times[last] + "]");
        }
        int j = -Arrays.binarySearch(times, t) - 2; // times[j] < t < times[j+1]
        int from = Math.max(0, j - 1);
        int to = Math.min(last, j + 2);
        int[] idx = new int[to - from + 1];
        for (int m = 0; m < idx.length; m++) {
            idx[m] = from + m;
        }
        return idx;
    }

    private double[] lagrange(double t, int[] idx) {
        double[] w = new double[idx.length];
        for (int m = 0; m < idx.length; m++) {
            double v = 1;
            for (int q = 0; q < idx.length; q++) {
                if (q != m) {
                    v *= (t - times[idx[q]]) / (times[idx[m]] - times[idx[q]]);
                }
            }
            w[m] = v;
        }
        return w;
    }

    // ------------------------------------------------------------------ moments and marginals

    /** ∫_box p(x, t_j) dx. Cost 2 d n r² flops. */
    public double mass(int j) {
        checkSnapshot(j);
        return box.integrate(snapshots[j]);
    }

    /** The mean ∫ x p / ∫ p of snapshot j (length d). Cost 2 d² n r² flops. */
    public double[] mean(int j) {
        checkSnapshot(j);
        return Moments.mean(box, snapshots[j]);
    }

    /**
     * The covariance ∫ (x − m)(x − m)ᵀ p / ∫ p of snapshot j (row-major d x d), centred at the mean
     * (no cancellation). Cost d² contractions, 2 d³ n r² flops.
     */
    public double[] covariance(int j) {
        checkSnapshot(j);
        return Moments.covariance(box, snapshots[j], Moments.mean(box, snapshots[j]));
    }

    /** The marginal of snapshot j over the axes {@code keep} (in increasing order) as a TT on the sub-box. */
    public TensorTrain marginal(int j, int... keep) {
        checkSnapshot(j);
        return box.marginal(snapshots[j], keep);
    }

    /** The 1-D marginal of snapshot j along {@code axis}: its values at that axis's nodes. */
    public double[] marginal1d(int j, int axis) {
        return marginal(j, axis).full();
    }

    /**
     * The 2-D marginal of snapshot j on axes {@code a} &lt; {@code b}: values at the node pairs,
     * column-major n_a x n_b (element (i, k) at i + n_a k).
     */
    public double[] marginal2d(int j, int a, int b) {
        if (!(a < b)) {
            throw new IllegalArgumentException("axes a = " + a + ", b = " + b + ": expected a < b");
        }
        return marginal(j, a, b).full();
    }

    private void checkSnapshot(int j) {
        if (j < 0 || j >= times.length) {
            throw new IndexOutOfBoundsException("snapshot " + j + " outside 0.." + (times.length - 1));
        }
    }

    @Override
    public String toString() {
        return "Solution[d=" + dim() + ", snapshots=" + times.length + ", T=" + times[times.length - 1] + ", method="
                + method + "]";
    }
}
