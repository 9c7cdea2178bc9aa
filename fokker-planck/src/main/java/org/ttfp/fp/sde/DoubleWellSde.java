package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * Overdamped Langevin dynamics in a coupled double-well potential, a nonlinear drift with no
 * separable structure:
 * <pre>
 *   dX = −∇V(X) dt + √g² dW,   V(x) = ¼ Σ_i (x_i² − 1)² + κ Σ_{i&lt;d−1} x_i x_{i+1},
 *   f_i = x_i − x_i³ − κ (x_{i−1} + x_{i+1}),   ∇·f = Σ_i (1 − 3 x_i²),
 * </pre>
 * (terms with an index outside 0..d−1 are absent). Each axis has wells at ±1; the chain coupling
 * κ ties neighbours, so the density does not factorise and its TT ranks grow. The stationary
 * density is the Gibbs law p∞ ∝ exp(−2V/g²) ({@link #logStationaryDensity}), an oracle for long
 * times.
 */
public final class DoubleWellSde extends QuarticWellSde {

    /**
     * @param d        dimension ≥ 1
     * @param coupling κ, finite
     * @param g2       constant g² &gt; 0
     */
    public DoubleWellSde(int d, double coupling, double g2) {
        super(d, "coupling", coupling, g2);
    }

    /** κ. */
    public double coupling() {
        return strength;
    }

    /** V(x) of one point (length ≥ offset + d). */
    public double potential(double[] x, int offset) {
        double v = 0;
        for (int i = 0; i < d; i++) {
            double q = x[offset + i] * x[offset + i] - 1;
            v += 0.25 * q * q;
            if (i + 1 < d) {
                v += strength * x[offset + i] * x[offset + i + 1];
            }
        }
        return v;
    }

    /** Writes −2V(x_s)/g², the unnormalised log of the stationary density, for count points. */
    public void logStationaryDensity(double[] x, int count, double[] out) {
        FpChecks.batch(x, count, d, out, count);
        for (int s = 0; s < count; s++) {
            out[s] = -2 * potential(x, s * d) / g2;
        }
    }

    @Override
    protected void computeDrift(double t, double[] x, int count, double[] out) {
        for (int s = 0; s < count; s++) {
            int o = s * d;
            for (int i = 0; i < d; i++) {
                double xi = x[o + i];
                double nb = (i > 0 ? x[o + i - 1] : 0) + (i + 1 < d ? x[o + i + 1] : 0);
                out[o + i] = xi - xi * xi * xi - strength * nb;
            }
        }
    }

    @Override
    public String toString() {
        return "DoubleWellSde[d=" + d + ", coupling=" + strength + ", g2=" + g2 + "]";
    }
}
