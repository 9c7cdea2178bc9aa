package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * Ornstein–Uhlenbeck with a diagonal matrix: dX_i = −a_i X_i dt + g_i dW_i, constant a_i and
 * g_i² ≥ 0. The axes are independent: X_i(t) = e^{−a_i(t−s)} X_i(s) + √v_i ε_i with
 * v_i = g_i²(1 − e^{−2a_i(t−s)})/(2a_i). Not a {@link LinearGaussianSde} unless all rates and
 * diffusions agree (use {@link OuSde} then).
 */
public final class DiagonalOuSde extends ConstantAxisDiffusionSde implements SeparableLinearSde {

    private final double[] rates;
    private final double[] g2;

    /**
     * @param rates a_i, finite (length d ≥ 1)
     * @param g2    g_i² ≥ 0 (length d)
     */
    public DiagonalOuSde(double[] rates, double[] g2) {
        super(checkedG2(rates, g2));
        this.rates = rates.clone();
        this.g2 = g2.clone();
    }

    /** Checks the rates first, then g² against their length, as the messages say. */
    private static double[] checkedG2(double[] rates, double[] g2) {
        if (rates == null || rates.length == 0) {
            throw new IllegalArgumentException("rates is " + (rates == null ? "null" : "empty") + ": expected d >= 1 rates");
        }
        FpChecks.finiteArray("rates", rates, rates.length);
        FpChecks.finiteArray("g2", g2, rates.length);
        return g2;
    }

    /** a_i (a copy). */
    public double[] rates() {
        return rates.clone();
    }

    @Override
    protected void computeDrift(double t, double[] x, int count, double[] out) {
        for (int s = 0; s < count; s++) {
            for (int i = 0; i < d; i++) {
                out[s * d + i] = -rates[i] * x[s * d + i];
            }
        }
    }

    /** ∇·f = −Σ a_i, exact. */
    @Override
    protected void computeDivergence(double t, double[] x, int count, double[] out) {
        double tr = 0;
        for (double a : rates) {
            tr += a;
        }
        java.util.Arrays.fill(out, 0, count, -tr);
    }

    @Override
    public double transitionScale(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        FpChecks.forward(s, t);
        return Math.exp(-rates[axis] * (t - s));
    }

    @Override
    public double transitionVariance(int axis, double s, double t) {
        FpChecks.axis(axis, d);
        FpChecks.forward(s, t);
        return OuSde.ouVariance(rates[axis], g2[axis], t - s);
    }

    @Override
    public String toString() {
        return "DiagonalOuSde[d=" + d + ", rates=" + java.util.Arrays.toString(rates) + ", g2="
                + java.util.Arrays.toString(g2) + "]";
    }
}
