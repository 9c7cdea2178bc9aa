package org.ttfp.fp.sde;

/**
 * An Itô SDE dX = f(X, t) dt + G(t) dW in R^d with a diagonal diffusion matrix, whose density
 * solves the Fokker–Planck equation ∂p/∂t = −∇·(f p) + ½ Σ_i g_i(t)² ∂²p/∂x_i².
 *
 * <p>Points are passed in batches: {@code x} is row-major count x d ({@code x[s*d + i]}).
 */
public interface Sde {

    /** The dimension d. */
    int dim();

    /**
     * Writes the drift f(x_s, t) of {@code count} points into {@code out} (row-major count x d).
     */
    void drift(double t, double[] x, int count, double[] out);

    /**
     * Writes the divergence ∇·f(x_s, t) of {@code count} points into {@code out} (length count).
     * The default takes central differences with step h = 1e-5·max(1, |x_i|) per axis (error
     * O(h²) in smooth drifts, 2d extra drift calls per point); override it with the exact formula
     * where one is known.
     */
    default void divergence(double t, double[] x, int count, double[] out) {
        int d = dim();
        double[] xp = x.clone();
        double[] fp = new double[count * d];
        double[] fm = new double[count * d];
        java.util.Arrays.fill(out, 0, count, 0.0);
        for (int i = 0; i < d; i++) {
            double[] hs = new double[count];
            for (int s = 0; s < count; s++) {
                hs[s] = 1e-5 * Math.max(1.0, Math.abs(x[s * d + i]));
                xp[s * d + i] = x[s * d + i] + hs[s];
            }
            drift(t, xp, count, fp);
            for (int s = 0; s < count; s++) {
                xp[s * d + i] = x[s * d + i] - hs[s];
            }
            drift(t, xp, count, fm);
            for (int s = 0; s < count; s++) {
                out[s] += (fp[s * d + i] - fm[s * d + i]) / (2 * hs[s]);
                xp[s * d + i] = x[s * d + i];
            }
        }
    }

    /** g_i(t)², the squared diffusion coefficient along axis i at time t (non-negative). */
    double diffusion2(int axis, double t);

    /**
     * ∫_s^t g_i(τ)² dτ. The default uses 8-point Gauss–Legendre quadrature (exact for
     * polynomials g² of degree ≤ 15); override with the closed form where known.
     */
    default double integratedDiffusion2(int axis, double s, double t) {
        double c = 0.5 * (t + s), h = 0.5 * (t - s), sum = 0;
        for (int k = 0; k < GL_X.length; k++) {
            sum += GL_W[k] * (diffusion2(axis, c + h * GL_X[k]) + diffusion2(axis, c - h * GL_X[k]));
        }
        return h * sum;
    }

    /** Gauss–Legendre nodes (positive half) and weights, 8 points on [−1, 1]. */
    double[] GL_X = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
    /** Weights matching {@link #GL_X}. */
    double[] GL_W = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
}
