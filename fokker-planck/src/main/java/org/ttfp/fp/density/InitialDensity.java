package org.ttfp.fp.density;

import org.ttfp.fp.FpChecks;

import java.util.Arrays;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cross.BatchFunction;
import org.ttfp.cross.CrossOptions;
import org.ttfp.cross.CrossResult;
import org.ttfp.cross.StopReason;
import org.ttfp.cross.TtCross;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.TensorTrain;

/**
 * The initial density p_0 of a Fokker–Planck problem, in one of three forms:
 * <ul>
 *   <li>{@link #of(TensorTrain)}: values on the box's Chebyshev grid, used as given;</li>
 *   <li>{@link #of(GaussianMixture)}: a normalised mixture, built on the grid by TT-cross
 *       (and serving as the exact reference of linear problems);</li>
 *   <li>{@link #of(DensityFunction, int, boolean)}: a batched callback, built by TT-cross;
 *       {@code normalized} says whether it integrates to 1 over R^d (then the mass the box cuts off
 *       is 1 − ∫_box p) or is to be normalised on the box.</li>
 * </ul>
 *
 * <p><b>Starting guess of the cross.</b> In high dimension a density lives on a tiny part of the
 * grid, and a cross started from random index sets may never see it. A mixture therefore starts
 * the cross from its own axis-separable surrogate Σ_k w_k Π_i N(x_i; μ_ki, (S_k)_ii) (a TT of
 * rank ≤ K built exactly); a callback can be given such a {@code hint} mixture describing where
 * its mass lies ({@link #of(DensityFunction, int, boolean, GaussianMixture)}), else it starts
 * from random index sets.
 */
public sealed interface InitialDensity permits InitialDensity.Values, InitialDensity.Mixture, InitialDensity.Callback {

    /** The dimension d. */
    int dim();

    /** Whether the density integrates to 1 over R^d, so that the box's mass deficit is measurable. */
    boolean normalized();

    /**
     * The TT of values on the grid of {@code box}.
     *
     * @param cross options of the TT-cross (eps, rank cap, sweeps, seed) for the callback forms
     * @return the TT and, for the cross forms, the cross diagnostics (null for {@link Values})
     */
    Built build(ChebyshevBox box, Backend backend, CrossOptions cross);

    /** A TT with its construction diagnostics (null when no cross ran). */
    record Built(TensorTrain values, org.ttfp.cross.CrossInfo cross) {}

    /** Values on the grid; {@code normalized} is false (the box mass is what it is). */
    static InitialDensity of(TensorTrain values) {
        if (values == null) {
            throw new IllegalArgumentException("initial density values is null: expected a TensorTrain on the box grid");
        }
        return new Values(values);
    }

    /** A Gaussian mixture (normalised). */
    static InitialDensity of(GaussianMixture mixture) {
        if (mixture == null) {
            throw new IllegalArgumentException("initial mixture is null: expected a GaussianMixture");
        }
        return new Mixture(mixture);
    }

    /**
     * A callback density.
     *
     * @param d          dimension ≥ 1
     * @param normalized true if ∫_{R^d} f = 1
     */
    static InitialDensity of(DensityFunction f, int d, boolean normalized) {
        return of(f, d, normalized, null);
    }

    /**
     * A callback density whose cross starts from the axis-separable surrogate of {@code hint}
     * (see the class comment).
     *
     * @param hint a mixture of dimension d locating the mass, or null for a random start
     */
    static InitialDensity of(DensityFunction f, int d, boolean normalized, GaussianMixture hint) {
        if (f == null) {
            throw new IllegalArgumentException("initial density callback is null: expected a DensityFunction");
        }
        FpChecks.dim(d);
        if (hint != null && hint.dim() != d) {
            throw new IllegalArgumentException("hint has dimension " + hint.dim() + ": expected d = " + d);
        }
        return new Callback(f, d, normalized, hint);
    }

    /** Grid values given directly. */
    record Values(TensorTrain values) implements InitialDensity {
        @Override public int dim() { return values.dim(); }

        /** False: the values are used as given, and the box mass is what it is. */
        @Override public boolean normalized() { return false; }

        @Override
        public Built build(ChebyshevBox box, Backend backend, CrossOptions cross) {
            if (!Arrays.equals(values.modeSizes(), box.modeSizes())) {
                throw new IllegalArgumentException("initial density values have mode sizes "
                        + Arrays.toString(values.modeSizes()) + ": expected the box's node counts "
                        + Arrays.toString(box.modeSizes()));
            }
            return new Built(values.toBackend(backend), null);
        }
    }

    /** A Gaussian mixture. */
    record Mixture(GaussianMixture mixture) implements InitialDensity {
        @Override public int dim() { return mixture.dim(); }

        /** True: a mixture integrates to 1 over R^d. */
        @Override public boolean normalized() { return true; }

        @Override
        public Built build(ChebyshevBox box, Backend backend, CrossOptions cross) {
            return Callback.cross(box, backend, cross, mixture::density, "mixture density", mixture);
        }
    }

    /** A batched callback, with an optional hint mixture for the starting guess (null: random start). */
    record Callback(DensityFunction function, int dim, boolean normalized, GaussianMixture hint) implements InitialDensity {
        @Override
        public Built build(ChebyshevBox box, Backend backend, CrossOptions cross) {
            return cross(box, backend, cross, function, "initial density callback", hint);
        }

        /** Σ_k w_k Π_i N(x_i; μ_ki, (S_k)_ii) on the grid, a TT of rank ≤ K. */
        static TensorTrain surrogate(ChebyshevBox box, Backend backend, GaussianMixture m) {
            int d = box.dim();
            TensorTrain sum = null;
            for (int k = 0; k < m.components(); k++) {
                double[] mu = m.mean(k);
                double[] s = m.covariance(k);
                double[][] v = new double[d][];
                for (int i = 0; i < d; i++) {
                    double[] x = box.axis(i).nodes();
                    double var = s[i * d + i];
                    v[i] = new double[x.length];
                    for (int j = 0; j < x.length; j++) {
                        double z = x[j] - mu[i];
                        v[i][j] = (i == 0 ? m.weight(k) : 1.0) * Math.exp(-0.5 * z * z / var) / Math.sqrt(2 * Math.PI * var);
                    }
                }
                TensorTrain term = TensorTrain.rankOne(backend, v);
                sum = sum == null ? term : sum.add(term);
            }
            return sum;
        }

        static Built cross(ChebyshevBox box, Backend backend, CrossOptions cross, DensityFunction f, String what,
                GaussianMixture hint) {
            if (hint != null && hint.dim() != box.dim()) {
                throw new IllegalArgumentException("hint has dimension " + hint.dim() + ": expected the box dimension "
                        + box.dim());
            }
            BatchFunction fn = (idx, count, out) -> {
                double[] x = box.points(idx, count);
                f.evaluate(x, count, out);
                int d = box.dim();
                for (int s = 0; s < count; s++) {
                    if (!Double.isFinite(out[s]) || out[s] < 0) {
                        throw new IllegalArgumentException(what + " returned " + out[s] + " at "
                                + Arrays.toString(Arrays.copyOfRange(x, s * d, s * d + d)) + ": expected a finite value >= 0");
                    }
                }
            };
            CrossResult r = hint == null ? TtCross.approximate(backend, box.modeSizes(), fn, cross)
                    : TtCross.approximate(surrogate(box, backend, hint), fn, cross);
            if (r.info().stopReason() == StopReason.ALL_ZERO) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "TT-cross found no mass of the "
                        + "%s on the box %s: all %d evaluated values were 0 over %d sweeps from %s (mass found %.3g, "
                        + "rank %d); the density lives on a part of the box that no fibre met, or underflows to 0 on "
                        + "most of it: %s", what, box, r.info().evaluations(), r.info().sweeps(),
                        hint == null ? "random index sets" : "the hint's surrogate",
                        r.tt().logNorm() == Double.NEGATIVE_INFINITY ? 0.0 : box.integrate(r.tt()),
                        r.tt().maxRank(), hint == null ? "give a hint mixture that locates the mass "
                                + "(InitialDensity.of(f, d, normalized, hint)) or shrink the box"
                                : "check that the hint mixture covers the density's mass, or shrink the box"));
            }
            return new Built(r.tt(), r.info());
        }
    }
}
