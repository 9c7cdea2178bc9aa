package org.ttfp.ot;

import org.ttfp.fp.sde.LinearGaussianSde;

/**
 * Test-only VP-SDE of docs/math.md §1: β(t) = 0.1 + t (20 − 0.1), B(t) = ∫_0^t β, α = exp(−½B),
 * σ² = 1 − α² (as −expm1(−B)), drift −½β x, g² = β on every axis.
 */
final class TestVpSde implements LinearGaussianSde {
    static final double BETA_MIN = 0.1;
    static final double BETA_MAX = 20.0;

    private final int d;

    TestVpSde(int d) {
        this.d = d;
    }

    double beta(double t) {
        return BETA_MIN + t * (BETA_MAX - BETA_MIN);
    }

    double integratedBeta(double t) {
        return BETA_MIN * t + 0.5 * t * t * (BETA_MAX - BETA_MIN);
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public void drift(double t, double[] x, int count, double[] out) {
        double h = -0.5 * beta(t);
        for (int j = 0; j < count * d; j++) {
            out[j] = h * x[j];
        }
    }

    @Override
    public void divergence(double t, double[] x, int count, double[] out) {
        java.util.Arrays.fill(out, 0, count, -0.5 * beta(t) * d);
    }

    @Override
    public double diffusion2(int axis, double t) {
        return beta(t);
    }

    @Override
    public double integratedDiffusion2(int axis, double s, double t) {
        return integratedBeta(t) - integratedBeta(s);
    }

    @Override
    public double alpha(double t) {
        return Math.exp(-0.5 * integratedBeta(t));
    }

    @Override
    public double sigma2(double t) {
        return -Math.expm1(-integratedBeta(t));
    }
}
