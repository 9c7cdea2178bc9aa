package org.ttfp.cross;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.ttfp.tt.TensorTrain;

/**
 * Elementwise functions of tensor trains by TT-cross: Y(i) = fn(X(i)) or
 * Y(i) = g(X_1(i), ..., X_m(i)).
 *
 * <p>The cross ({@link TtCross}) evaluates the inputs with {@link TensorTrain#evaluate(int[], int)}
 * on each batch of multi-indices it asks for and applies the function to the values; it starts warm
 * from the interpolation sets of an input. Cost: the cross's function evaluations times
 * 2 Σ_k r_{k−1} r_k flops per input for the TT evaluations, plus the cross's own work.
 */
public final class TtFunctions {
    private TtFunctions() {}

    /** A function of m real arguments, applied entry by entry. */
    @FunctionalInterface
    public interface MultiFunction {
        /**
         * The value at one multi-index.
         *
         * @param args the inputs' values there, args[j] = X_j(i); read only (the array is reused)
         */
        double apply(double[] args);
    }

    /**
     * Y(i) = fn(X(i)) by cross, warm-started from X.
     *
     * @throws IllegalArgumentException if an argument is null, or fn gives NaN/Inf at some multi-index
     *                                  (the message names it)
     * @throws CrossNotConvergedException as {@link TtCross#approximate(TensorTrain, BatchFunction, CrossOptions)}
     */
    public static CrossResult apply(TensorTrain x, DoubleUnaryOperator fn, CrossOptions options) {
        requireNonNull(x, "x");
        requireNonNull(fn, "fn");
        requireNonNull(options, "options");
        int d = x.dim();
        BatchFunction f = (idx, count, out) -> {
            double[] v = x.evaluate(exact(idx, count, d), count);
            for (int s = 0; s < count; s++) {
                out[s] = fn.applyAsDouble(v[s]);
            }
        };
        return TtCross.approximate(x, f, options);
    }

    /** Y(i) = exp(X(i)); see {@link #apply}. An overflow to +Inf is reported with its multi-index. */
    public static CrossResult exp(TensorTrain x, CrossOptions options) {
        return apply(x, Math::exp, options);
    }

    /**
     * Y(i) = 1 / X(i) by cross, warm-started from X.
     *
     * @throws ArithmeticException if X is 0 at a multi-index the cross evaluates (the message names it)
     */
    public static CrossResult reciprocal(TensorTrain x, CrossOptions options) {
        requireNonNull(x, "x");
        requireNonNull(options, "options");
        int d = x.dim();
        BatchFunction f = (idx, count, out) -> {
            int[] ix = exact(idx, count, d);
            double[] v = x.evaluate(ix, count);
            for (int s = 0; s < count; s++) {
                if (v[s] == 0) {
                    throw new ArithmeticException("reciprocal of a tensor that is 0 at multi-index "
                            + Arrays.toString(Arrays.copyOfRange(ix, s * d, s * d + d)));
                }
                out[s] = 1.0 / v[s];
            }
        };
        return TtCross.approximate(x, f, options);
    }

    /**
     * Y(i) = g(X_1(i), ..., X_m(i)) by cross, warm-started from the input of largest TT rank.
     *
     * @param inputs m ≥ 1 tensors with equal mode sizes on one backend
     * @throws IllegalArgumentException if the list is empty or holds null, the shapes or backends differ,
     *                                  or g gives NaN/Inf at some multi-index (the message names it)
     */
    public static CrossResult combine(List<TensorTrain> inputs, MultiFunction g, CrossOptions options) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs must hold at least one tensor");
        }
        requireNonNull(g, "g");
        requireNonNull(options, "options");
        TensorTrain[] xs = inputs.toArray(new TensorTrain[0]);
        TensorTrain guess = null;
        for (int j = 0; j < xs.length; j++) {
            requireNonNull(xs[j], "inputs[" + j + "]");
            if (!Arrays.equals(xs[j].modeSizes(), xs[0].modeSizes())) {
                throw new IllegalArgumentException("inputs[" + j + "] has mode sizes " + Arrays.toString(xs[j].modeSizes())
                        + ", expected those of inputs[0], " + Arrays.toString(xs[0].modeSizes()));
            }
            if (xs[j].backend() != xs[0].backend()) {
                throw new IllegalArgumentException("inputs[" + j + "] lives on backend '" + xs[j].backend().name()
                        + "', expected '" + xs[0].backend().name() + "' as inputs[0]");
            }
            if (guess == null || xs[j].maxRank() > guess.maxRank()) {
                guess = xs[j];
            }
        }
        int d = xs[0].dim(), m = xs.length;
        BatchFunction f = (idx, count, out) -> {
            int[] ix = exact(idx, count, d);
            double[][] v = new double[m][];
            for (int j = 0; j < m; j++) {
                v[j] = xs[j].evaluate(ix, count);
            }
            double[] args = new double[m];
            for (int s = 0; s < count; s++) {
                for (int j = 0; j < m; j++) {
                    args[j] = v[j][s];
                }
                out[s] = g.apply(args);
            }
        };
        return TtCross.approximate(guess, f, options);
    }

    /** The first count·d entries of idx (TensorTrain.evaluate wants the exact length). */
    private static int[] exact(int[] idx, int count, int d) {
        return idx.length == count * d ? idx : Arrays.copyOf(idx, count * d);
    }

    private static void requireNonNull(Object o, String name) {
        if (o == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
