package org.ttfp.fp.sde;

import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;

/**
 * A non-gradient nonlinear drift with an exact steady state: the rotating double well
 * <pre>
 *   dX = −(I + A) ∇V(X) dt + √g² dW,   V(x) = ¼ Σ_i (x_i² − 1)²,
 *   A antisymmetric, A_{i,i+1} = ω, A_{i+1,i} = −ω (a chain), other entries 0,
 *   f_i = −(v'(x_i) + ω v'(x_{i+1}) − ω v'(x_{i−1})),  v'(x) = x³ − x,   ∇·f = Σ_i (1 − 3 x_i²)
 * </pre>
 * (terms with an index outside 0..d−1 are absent). The flux of p∞ ∝ exp(−2V/g²) is
 * J = f p∞ − ½ g² ∇p∞ = −A∇V p∞, and ∇·J = −Σ_ij A_ij (∂_ijV + ∂_jV ∂_i log p∞) p∞ = 0 (A
 * antisymmetric, ∂²V symmetric, ∂_i log p∞ ∝ ∂_iV), so p∞ is stationary although the drift
 * rotates: f is not a gradient (∂_j f_i ≠ ∂_i f_j for ω ≠ 0) and couples neighbouring axes. V is
 * separable, so p∞ is a product of 1-D laws q(x) ∝ exp(−2v(x)/g²) whose moments are 1-D quadratures
 * ({@link #stationarySecondMoment}); its mean is 0 and its covariance m₂ I.
 */
public final class RotatingWellSde extends QuarticWellSde {

    /**
     * @param d     dimension ≥ 1
     * @param omega ω, the rotation strength, finite
     * @param g2    constant g² &gt; 0
     */
    public RotatingWellSde(int d, double omega, double g2) {
        super(d, "omega", omega, g2);
    }

    /** ω. */
    public double omega() {
        return strength;
    }

    @Override
    protected void computeDrift(double t, double[] x, int count, double[] out) {
        for (int s = 0; s < count; s++) {
            int o = s * d;
            for (int i = 0; i < d; i++) {
                double r = (i + 1 < d ? dv(x[o + i + 1]) : 0) - (i > 0 ? dv(x[o + i - 1]) : 0);
                out[o + i] = -(dv(x[o + i]) + strength * r);
            }
        }
    }

    /**
     * m₂ = ∫ x² q / ∫ q, q(x) = exp(−(x² − 1)²/(2g²)), the variance of every axis of p∞, by
     * Hipparchus' adaptive Gauss–Legendre quadrature on [−12, 12] (q is below e^{−5000/g²}·q(1)
     * outside for g² ≤ 4), relative accuracy 1e−14.
     */
    public double stationarySecondMoment() {
        IterativeLegendreGaussIntegrator quad = new IterativeLegendreGaussIntegrator(16, 1e-14, 1e-300);
        double z = quad.integrate(100_000, x -> q(x), -12, 12);
        double m2 = new IterativeLegendreGaussIntegrator(16, 1e-14, 1e-300).integrate(100_000, x -> x * x * q(x), -12, 12);
        return m2 / z;
    }

    private double q(double x) {
        double u = x * x - 1;
        return Math.exp(-0.5 * u * u / g2);
    }

    @Override
    public String toString() {
        return "RotatingWellSde[d=" + d + ", omega=" + strength + ", g2=" + g2 + "]";
    }
}
