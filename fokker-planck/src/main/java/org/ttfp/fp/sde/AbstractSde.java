package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * Base of the SDEs with a fixed dimension: it holds d, checks the batch arguments of
 * {@link #drift} and {@link #divergence} once (x: count × d row-major points; drift out: count × d;
 * divergence out: count) and delegates to protected kernels that compute with checked arguments.
 * A subclass without a closed-form divergence keeps {@link Sde}'s central differences.
 */
public abstract class AbstractSde implements Sde {
    /** The dimension d ≥ 1. */
    protected final int d;

    /**
     * @param d dimension ≥ 1
     * @throws IllegalArgumentException if d &lt; 1
     */
    protected AbstractSde(int d) {
        this.d = FpChecks.dim(d);
    }

    @Override
    public final int dim() {
        return d;
    }

    @Override
    public final void drift(double t, double[] x, int count, double[] out) {
        FpChecks.batch(x, count, d, out, count * d);
        computeDrift(t, x, count, out);
    }

    @Override
    public final void divergence(double t, double[] x, int count, double[] out) {
        FpChecks.batch(x, count, d, out, count);
        computeDivergence(t, x, count, out);
    }

    /** f(x_s, t) into out (count × d) for checked arguments. */
    protected abstract void computeDrift(double t, double[] x, int count, double[] out);

    /** ∇·f(x_s, t) into out (count) for checked arguments; by default Sde's central differences. */
    protected void computeDivergence(double t, double[] x, int count, double[] out) {
        Sde.super.divergence(t, x, count, out);
    }

    /** out[j] = c x[j] for j &lt; n: the drift f = c x of an isotropic linear SDE (n = count·d). */
    protected static void linearDrift(double c, double[] x, int n, double[] out) {
        for (int j = 0; j < n; j++) {
            out[j] = c * x[j];
        }
    }

    /** {@link Sde}'s quadrature of g_i² over [s, t], for subclasses that use it only in some cases. */
    protected final double quadratureIntegratedDiffusion2(int axis, double s, double t) {
        return Sde.super.integratedDiffusion2(axis, s, t);
    }
}
