package org.ttfp.fp;

import java.util.Arrays;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cross.CrossOptions;
import org.ttfp.cross.CrossResult;
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
        if (f == null) {
            throw new IllegalArgumentException("initial density callback is null: expected a DensityFunction");
        }
        return new Callback(f, FpChecks.dim(d), normalized);
    }

    /** Grid values given directly. */
    record Values(TensorTrain values) implements InitialDensity {
        @Override
        public int dim() {
            return values.dim();
        }

        @Override
        public boolean normalized() {
            return false;
        }

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
        @Override
        public int dim() {
            return mixture.dim();
        }

        @Override
        public boolean normalized() {
            return true;
        }

        @Override
        public Built build(ChebyshevBox box, Backend backend, CrossOptions cross) {
            return Callback.cross(box, backend, cross, mixture::density, "mixture density");
        }
    }

    /** A batched callback. */
    record Callback(DensityFunction function, int dim, boolean normalized) implements InitialDensity {
        @Override
        public Built build(ChebyshevBox box, Backend backend, CrossOptions cross) {
            return cross(box, backend, cross, function, "initial density callback");
        }

        static Built cross(ChebyshevBox box, Backend backend, CrossOptions cross, DensityFunction f, String what) {
            CrossResult r = TtCross.approximate(backend, box.modeSizes(), (idx, count, out) -> {
                double[] x = box.points(idx, count);
                f.evaluate(x, count, out);
                int d = box.dim();
                for (int s = 0; s < count; s++) {
                    if (!Double.isFinite(out[s]) || out[s] < 0) {
                        throw new IllegalArgumentException(what + " returned " + out[s] + " at "
                                + Arrays.toString(Arrays.copyOfRange(x, s * d, s * d + d)) + ": expected a finite value >= 0");
                    }
                }
            }, cross);
            return new Built(r.tt(), r.info());
        }
    }
}
