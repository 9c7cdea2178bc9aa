package org.ttfp.fp.solve;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.cheb.TtInterpolant;
import org.ttfp.cross.BatchFunction;
import org.ttfp.cross.CrossIndexSets;
import org.ttfp.cross.CrossOptions;
import org.ttfp.cross.CrossResult;
import org.ttfp.cross.TtCross;

import org.ttfp.fp.sde.Sde;
import org.ttfp.tt.TensorTrain;

/**
 * Strang splitting of ∂p/∂t = −∇·(f p) + ½ Σ g_i² ∂_i² p (docs/ the scheme), any drift. A step
 * [s, t] with h = t − s:
 * <ol>
 *   <li><b>Diffusion, ½h.</b> The heat part factorises over the axes: exactly
 *       p ← ⊗_i e^{τ_i D_i²} p with τ_i = ½ ∫_s^{s+h/2} g_i², one n_i x n_i matrix per mode
 *       ({@link ModePropagators#heat}: matrix exponential of the Chebyshev D² with homogeneous
 *       Dirichlet conditions), so the ranks do not change.</li>
 *   <li><b>Convection, h.</b> Along the characteristics of dx/dτ = f(x, τ),
 *       p(x, t) = p(X(s), s) exp(−∫_s^t ∇·f(X(τ), τ) dτ), X the characteristic through x at t
 *       ({@link Characteristics}: RK4 backward, {@code substeps} sub-steps, local error O(h⁵)),
 *       p(X(s), s) from the Chebyshev interpolant of the current TT. A foot point outside the box
 *       gets density 0 (what enters through the boundary is lost). The new TT is built from these
 *       point values by TT-cross warm-started from the current TT and, with index reuse, from the
 *       interpolation sets of the previous cross (about 25 % fewer evaluations measured, same accuracy).</li>
 *   <li><b>Diffusion, ½h</b> as in 1, over [s + h/2, t].</li>
 * </ol>
 * <b>Error.</b> The splitting is second order: the global error is C h² with C set by the
 * commutator of drift and diffusion, plus the spatial error of the grid, plus about (steps · eps)
 * from rounding and cross, plus the RK4 error O(h⁴). <b>Mass.</b> Diffusion conserves the mass up
 * to the flux through the box boundary; convection up to the mismatch between the RK4 foot-point
 * map and the RK4-integrated divergence, O(h⁵ |∇f|⁵) per step (each sub-step divides it by m⁴),
 * and up to the interpolation error. <b>Cost</b> of a step: about sweeps · Σ_k r_{k−1} n_k r_k
 * evaluations, each of 4 drift and divergence calls per sub-step and one point evaluation of the
 * TT (2 Σ_k r_{k−1} n_k r_k flops). Drift and divergence callbacks run in parallel chunks and must
 * be thread-safe.
 */
public final class StrangSplitPropagator implements Propagator {

    /** Points per parallel chunk of characteristic computations. */
    private static final int CHUNK = 256;

    private final Sde sde;
    private final ChebyshevBox box;
    private final ChebyshevGrid[] grids;
    private final CrossOptions cross;
    private final int substeps;
    private final long seed;
    private final Characteristics characteristics;
    private final boolean reuseSets;
    /** The sets of the last convection cross (index reuse), null before the first. */
    private volatile CrossIndexSets lastSets;
    private final Map<List<Object>, double[]> heatCache = new ConcurrentHashMap<>();

    /**
     * @param sde      the SDE (any drift; diagonal diffusion g_i(t)²)
     * @param box      the box, of the SDE's dimension
     * @param cross    the options of every convection cross (eps, sweeps, rank cap, cancellation);
     *                 its seed is replaced by {@code seed + step}
     * @param substeps RK4 sub-steps along the characteristics per step, ≥ 1
     * @param seed     the base seed of the crosses
     * @throws IllegalArgumentException on a bad argument
     */
    public StrangSplitPropagator(Sde sde, ChebyshevBox box, CrossOptions cross, int substeps, long seed) {
        this(sde, box, cross, substeps, seed, false);
    }

    /**
     * As {@link #StrangSplitPropagator(Sde, ChebyshevBox, CrossOptions, int, long)}, optionally with
     * index reuse: each convection cross starts from the interpolation sets of the previous one
     * ({@link TtCross#approximate(TensorTrain, CrossIndexSets, BatchFunction, CrossOptions)}), which
     * fit the next step's density because it changes little per step. Same stopping rule, fewer
     * evaluations. The calls then depend on the order of the steps (deterministic for one solve).
     *
     * @param reuseSets whether to start each cross from the previous cross's sets
     */
    public StrangSplitPropagator(Sde sde, ChebyshevBox box, CrossOptions cross, int substeps, long seed,
            boolean reuseSets) {
        this.grids = grids(sde, box);
        if (cross == null) {
            throw new IllegalArgumentException("cross options are null: expected CrossOptions");
        }
        if (substeps < 1) {
            throw new IllegalArgumentException("characteristicSubsteps = " + substeps + ": expected >= 1");
        }
        this.sde = sde;
        this.box = box;
        this.cross = cross;
        this.substeps = substeps;
        this.seed = seed;
        this.characteristics = new Characteristics(sde);
        this.reuseSets = reuseSets;
    }

    /** The axes of the box, checked against the SDE. */
    static ChebyshevGrid[] grids(Sde sde, ChebyshevBox box) {
        if (sde == null) {
            throw new IllegalArgumentException("sde is null: expected an Sde");
        }
        if (box == null) {
            throw new IllegalArgumentException("box is null: expected a ChebyshevBox");
        }
        if (sde.dim() != box.dim()) {
            throw new IllegalArgumentException("sde.dim() = " + sde.dim() + " but box.dim() = " + box.dim()
                    + ": expected equal dimensions");
        }
        ChebyshevGrid[] g = new ChebyshevGrid[box.dim()];
        for (int i = 0; i < g.length; i++) {
            g[i] = box.axis(i);
        }
        return g;
    }

    @Override
    public Advance advance(TensorTrain p, double s, double t, int step) {
        double mid = 0.5 * (s + t);
        TensorTrain half = diffuse(p, s, mid);
        Convection f = new Convection(half, s, t);
        CrossOptions o = cross.withSeed(seed + step);
        CrossIndexSets sets = lastSets;
        CrossResult r = reuseSets && sets != null && Arrays.equals(sets.modeSizes(), half.modeSizes())
                ? TtCross.approximate(half, sets, f, o) : TtCross.approximate(half, f, o);
        if (reuseSets && r.sets() != null) {
            lastSets = r.sets();
        }
        return new Advance(diffuse(r.tt(), mid, t), r.info(), f.min, f.max, Double.NaN, 1);
    }

    @Override
    public String name() {
        return "Strang split";
    }

    /** The heat part over [s, t]: e^{τ_i D_i²} along every mode, τ_i = ½ ∫_s^t g_i². */
    TensorTrain diffuse(TensorTrain p, double s, double t) {
        for (int i = 0; i < grids.length; i++) {
            double tau = 0.5 * sde.integratedDiffusion2(i, s, t);
            if (!(tau >= 0) || Double.isInfinite(tau)) {
                throw new IllegalArgumentException("sde integrated diffusion on axis " + i + " over [" + s + ", " + t
                        + "] is " + 2 * tau + ": expected a finite value >= 0 (negative diffusion?)");
            }
            if (tau == 0) {
                continue;
            }
            ChebyshevGrid g = grids[i];
            if (heatCache.size() > 64) {
                heatCache.clear();
            }
            double[] m = heatCache.computeIfAbsent(List.of(g, tau), key -> ModePropagators.heat(g, tau));
            p = p.applyAlongMode(i, m, g.size());
        }
        return p;
    }

    /** The convection step as a black box for TT-cross. */
    private final class Convection implements BatchFunction {
        final TtInterpolant eval;
        final double t0;
        final double t1;
        final int d = grids.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        Convection(TensorTrain prev, double t0, double t1) {
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
            IntStream range = IntStream.range(0, chunks);
            (chunks > 1 ? range.parallel() : range).forEach(c -> {
                int from = c * CHUNK, to = Math.min(count, (c + 1) * CHUNK), m = to - from;
                double[] f = new double[m * d], l = new double[m];
                characteristics.trace(Arrays.copyOfRange(x, from * d, to * d), m, t0, t1, substeps, f, l);
                System.arraycopy(f, 0, foot, from * d, m * d);
                System.arraycopy(l, 0, logJ, from, m);
            });
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
}
