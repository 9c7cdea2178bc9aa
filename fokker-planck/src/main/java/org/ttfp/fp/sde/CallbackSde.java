package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;
import org.ttfp.fp.FpSolver;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * An SDE dX = f(X, t) dt + G(t) dW built from user callbacks, with every output checked:
 * <ul>
 *   <li>drift: a {@link Field} returning count·d values (row-major) per batch;</li>
 *   <li>divergence ∇·f: a {@link Field} returning count values, or absent — then the
 *       central-difference rule of {@link Sde#divergence} is used (step 1e−5·max(1, |x_i|),
 *       error O(h²), 2d extra drift calls per point);</li>
 *   <li>diffusion: isotropic g(t)² (a function of t, integrated by Gauss–Legendre unless a
 *       closed form is given) or a constant diagonal g_i².</li>
 * </ul>
 * A callback that returns null, an array of the wrong length, or a NaN/Inf value, and a negative
 * g², raise {@link IllegalArgumentException} naming the callback, the point and the time.
 * {@link FpSolver} calls the callbacks from several threads at once: they must be thread-safe.
 */
public final class CallbackSde extends AbstractSde {

    /** A batched field: values at {@code count} points x (row-major count x d) and time t. */
    @FunctionalInterface
    public interface Field {
        /** Returns a new array of values (count·d for a drift, count for a divergence). */
        double[] apply(double t, double[] x, int count);
    }

    /** The antiderivative-like closed form ∫_s^t g² of an isotropic diffusion. */
    @FunctionalInterface
    public interface Integral {
        /** ∫_s^t g(τ)² dτ. */
        double between(double s, double t);
    }

    private final Field drift;
    private final Field divergence;
    private final DoubleUnaryOperator g2;
    private final Integral g2Integral;
    private final double[] diagonal;

    private CallbackSde(int d, Field drift, Field divergence, DoubleUnaryOperator g2, Integral g2Integral,
            double[] diagonal) {
        super(d);
        this.drift = drift;
        this.divergence = divergence;
        this.g2 = g2;
        this.g2Integral = g2Integral;
        this.diagonal = diagonal;
    }

    /**
     * An SDE with isotropic diffusion g(t)².
     *
     * @param d          dimension ≥ 1
     * @param drift      f, required
     * @param divergence ∇·f, or null for central differences
     * @param g2         t ↦ g(t)², required (checked ≥ 0 at every call)
     * @param g2Integral (s, t) ↦ ∫_s^t g², or null for 8-point Gauss–Legendre
     */
    public static CallbackSde isotropic(int d, Field drift, Field divergence, DoubleUnaryOperator g2, Integral g2Integral) {
        FpChecks.dim(d);
        requireNonNull("drift", drift);
        requireNonNull("g2", g2);
        return new CallbackSde(d, drift, divergence, g2, g2Integral, null);
    }

    /**
     * An SDE with a constant diagonal diffusion matrix diag(g_i²).
     *
     * @param diagonal g_i² ≥ 0, length d
     */
    public static CallbackSde diagonal(int d, Field drift, Field divergence, double[] diagonal) {
        FpChecks.dim(d);
        requireNonNull("drift", drift);
        double[] g = FpChecks.finiteArray("diagonal (diffusion g_i²)", diagonal, d);
        for (int i = 0; i < d; i++) {
            if (g[i] < 0) {
                throw new IllegalArgumentException("diagonal[" + i + "] = " + g[i] + ": expected a diffusion g² >= 0");
            }
        }
        return new CallbackSde(d, drift, divergence, null, null, g);
    }

    private static void requireNonNull(String name, Object o) {
        if (o == null) {
            throw new IllegalArgumentException(name + " is null: expected a callback");
        }
    }

    @Override
    protected void computeDrift(double t, double[] x, int count, double[] out) {
        double[] v = drift.apply(t, Arrays.copyOf(x, count * d), count);
        checkOutput("drift", v, count * d, count, t, x);
        System.arraycopy(v, 0, out, 0, count * d);
    }

    @Override
    protected void computeDivergence(double t, double[] x, int count, double[] out) {
        if (divergence == null) {
            super.computeDivergence(t, x, count, out);
            return;
        }
        double[] v = divergence.apply(t, Arrays.copyOf(x, count * d), count);
        checkOutput("divergence", v, count, count, t, x);
        System.arraycopy(v, 0, out, 0, count);
    }

    private void checkOutput(String name, double[] v, int expected, int count, double t, double[] x) {
        if (v == null || v.length != expected) {
            throw new IllegalArgumentException(name + " callback returned "
                    + (v == null ? "null" : "an array of length " + v.length) + " for " + count + " points at t = " + t
                    + ": expected " + (expected == count ? "count = " : "count*d = ") + expected + " values");
        }
        int per = expected / Math.max(count, 1);
        for (int j = 0; j < expected; j++) {
            if (!Double.isFinite(v[j])) {
                int s = j / Math.max(per, 1);
                throw new IllegalArgumentException(name + " callback returned " + v[j] + " at t = " + t + ", point "
                        + Arrays.toString(Arrays.copyOfRange(x, s * d, s * d + d)) + ": expected finite values");
            }
        }
    }

    @Override
    public double diffusion2(int axis, double t) {
        FpChecks.axis(axis, d);
        double v = diagonal != null ? diagonal[axis] : g2.applyAsDouble(t);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("diffusion g²(t = " + t + ") = " + v + ": expected a finite value >= 0");
        }
        return v;
    }

    @Override
    public double integratedDiffusion2(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        double v;
        if (diagonal != null) {
            v = diagonal[axis] * (t - s);
        } else if (g2Integral != null) {
            v = g2Integral.between(s, t);
        } else {
            v = quadratureIntegratedDiffusion2(axis, s, t);
        }
        if (!Double.isFinite(v) || (t >= s && v < 0)) {
            throw new IllegalArgumentException("integrated diffusion ∫g² over [" + s + ", " + t + "] = " + v
                    + ": expected a finite value >= 0");
        }
        return v;
    }

    @Override
    public String toString() {
        return "CallbackSde[d=" + d + (diagonal != null ? ", diagonal=" + Arrays.toString(diagonal) : ", isotropic") + "]";
    }
}
