package org.ttfp.ot;

import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.density.DenseSymmetric;

/**
 * The closed-form probability-flow map of a Gaussian p0 = N(m, S) under a
 * {@link LinearGaussianSde} (docs/math.md §2 oracle). The marginals are p_t = N(α(t) m, S_t),
 * S_t = α(t)² S + σ(t)² I; all S_t share the eigenvectors Q of S = Q diag(λ) Qᵀ, and the flow map
 * from time s to time t is
 * <pre>
 *   x ↦ α(t) m + S_t^{1/2} S_s^{−1/2} (x − α(s) m),
 *   S_t^{1/2} S_s^{−1/2} = Q diag( sqrt((α(t)² λ_k + σ(t)²) / (α(s)² λ_k + σ(s)²)) ) Qᵀ,
 * </pre>
 * which for s = 0 is the encoder E(x) = α(T) m + S_T^{1/2} S^{−1/2} (x − m), also the OT map from
 * p0 to p_T (symmetric positive definite linear part).
 */
public final class GaussianEncoder {

    private final LinearGaussianSde sde;
    private final int d;
    private final double[] mean;
    private final DenseSymmetric.Eigen eigen;

    /**
     * @param sde        the linear SDE
     * @param mean       m (length d = sde.dim())
     * @param covariance S, symmetric positive definite, row-major d x d
     * @throws IllegalArgumentException naming the argument on bad input
     */
    public GaussianEncoder(LinearGaussianSde sde, double[] mean, double[] covariance) {
        if (sde == null) {
            throw new IllegalArgumentException("sde is null: expected a LinearGaussianSde");
        }
        this.d = sde.dim();
        if (mean == null || mean.length != d) {
            throw new IllegalArgumentException("mean has length " + (mean == null ? "null" : Integer.toString(mean.length))
                    + ": expected sde.dim() = " + d);
        }
        for (int i = 0; i < d; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("mean[" + i + "] = " + mean[i] + ": expected a finite value");
            }
        }
        DenseSymmetric.Eigen e = DenseSymmetric.eigen(
                DenseSymmetric.requireSymmetric(covariance, d, "covariance"), d);
        if (!(e.min() > 0)) {
            throw new IllegalArgumentException("covariance is not positive definite: smallest eigenvalue " + e.min()
                    + "; expected > 0");
        }
        this.sde = sde;
        this.mean = mean.clone();
        this.eigen = e;
    }

    /** The linear part S_to^{1/2} S_from^{−1/2} of the flow map (row-major d x d, symmetric). */
    public double[] matrix(double from, double to) {
        double af = alpha(from, "from"), sf = sigma2(from, "from");
        double at = alpha(to, "to"), st = sigma2(to, "to");
        return eigen.apply(l -> Math.sqrt((at * at * l + st) / (af * af * l + sf)));
    }

    /** The mean α(t) m of p_t. */
    public double[] meanAt(double t) {
        double a = alpha(t, "t");
        double[] m = new double[d];
        for (int i = 0; i < d; i++) {
            m[i] = a * mean[i];
        }
        return m;
    }

    /** The covariance S_t = α² S + σ² I of p_t (row-major d x d). */
    public double[] covarianceAt(double t) {
        double a = alpha(t, "t"), s2 = sigma2(t, "t");
        return eigen.apply(l -> a * a * l + s2);
    }

    /** The flow map from time {@code from} to time {@code to} of a batch (row-major N x d). */
    public double[] map(double[] x, double from, double to) {
        PointSets.requirePoints(x, d, 0, "x");
        double[] a = matrix(from, to);
        double[] mFrom = meanAt(from), mTo = meanAt(to);
        return new GaussianOt.AffineMap(d, mFrom, a, mTo).apply(x);
    }

    /** The encoder E: time 0 → T. */
    public double[] encode(double[] x, double t) {
        return map(x, 0, t);
    }

    /** The decoder E⁻¹: time T → 0. */
    public double[] decode(double[] y, double t) {
        return map(y, t, 0);
    }

    private double alpha(double t, String name) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException(name + " = " + t + ": expected a finite time");
        }
        double a = sde.alpha(t);
        if (!Double.isFinite(a)) {
            throw new IllegalArgumentException("sde.alpha(" + t + ") = " + a + ": expected a finite value");
        }
        return a;
    }

    private double sigma2(double t, String name) {
        double s = sde.sigma2(t);
        if (!(s >= 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException("sde.sigma2(" + t + ") = " + s + " (" + name + "): expected a finite value >= 0");
        }
        return s;
    }
}
