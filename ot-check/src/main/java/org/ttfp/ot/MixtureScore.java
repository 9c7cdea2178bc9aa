package org.ttfp.ot;

import org.ttfp.fp.density.DenseSymmetric;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.ScoreJacobianField;
import org.ttfp.fp.sde.LinearGaussianSde;

/**
 * The exact score and its Jacobian for a Gaussian mixture p0 = Σ_k w_k N(μ_k, S_k) under a
 * {@link LinearGaussianSde}: p_t = Σ_k w_k N(α μ_k, C_k), C_k = α² S_k + σ² I, and with the
 * posterior weights γ_k(x) = w_k N(x; αμ_k, C_k) / p_t(x) and u_k = −C_k⁻¹(x − αμ_k),
 * <pre>
 *   ∇log p_t   = s = Σ_k γ_k u_k,
 *   ∇²log p_t  = Σ_k γ_k (u_k u_kᵀ − C_k⁻¹) − s sᵀ.
 * </pre>
 * The factorizations of the most recent time are cached (all points and stages at one t share
 * them). Cost per point K(2d² + d) flops for the score, K(3d²) more for the Jacobian, plus
 * K d³ per new time. Thread-safe.
 */
public final class MixtureScore implements ScoreJacobianField {

    private record AtTime(double t, double[][] mean, double[][] precision, double[] logNorm) {}

    private final GaussianMixture p0;
    private final LinearGaussianSde sde;
    private final int d;
    private volatile AtTime cached;

    /**
     * @param p0  the initial mixture
     * @param sde the SDE (same dimension)
     */
    public MixtureScore(GaussianMixture p0, LinearGaussianSde sde) {
        if (p0 == null) {
            throw new IllegalArgumentException("p0 is null: expected a GaussianMixture");
        }
        if (sde == null) {
            throw new IllegalArgumentException("sde is null: expected a LinearGaussianSde");
        }
        if (sde.dim() != p0.dim()) {
            throw new IllegalArgumentException("sde.dim() = " + sde.dim() + ": expected the mixture dimension " + p0.dim());
        }
        this.p0 = p0;
        this.sde = sde;
        this.d = p0.dim();
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public void score(double t, double[] x, int count, double[] out) {
        evaluate(t, x, count, out, null);
    }

    @Override
    public void scoreAndJacobian(double t, double[] x, int count, double[] score, double[] jacobian) {
        if (jacobian == null || jacobian.length < (long) count * d * d) {
            throw new IllegalArgumentException("jacobian has length " + (jacobian == null ? "null" : jacobian.length)
                    + ": expected at least count*d*d = " + (long) count * d * d);
        }
        evaluate(t, x, count, score, jacobian);
    }

    private void evaluate(double t, double[] x, int count, double[] score, double[] jac) {
        if (count < 0 || x == null || x.length < (long) count * d) {
            throw new IllegalArgumentException("x has length " + (x == null ? "null" : x.length) + ", count = " + count
                    + ": expected count >= 0 and at least count*d = " + (long) count * d + " values");
        }
        for (int j = 0; j < count * d; j++) {
            if (!Double.isFinite(x[j])) {
                throw new IllegalArgumentException("x[" + j + "] (point " + (j / d) + ", axis " + (j % d) + ") = " + x[j]
                        + ": expected a finite coordinate");
            }
        }
        if (score == null || score.length < (long) count * d) {
            throw new IllegalArgumentException("score has length " + (score == null ? "null" : score.length)
                    + ": expected at least count*d = " + (long) count * d);
        }
        AtTime at = at(t);
        int kk = at.mean.length;
        double[][] u = new double[kk][d];
        double[] logw = new double[kk];
        double[] diff = new double[d];
        for (int s = 0; s < count; s++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < kk; k++) {
                double[] m = at.mean[k], prec = at.precision[k];
                for (int i = 0; i < d; i++) {
                    diff[i] = x[s * d + i] - m[i];
                }
                double q = 0;
                for (int i = 0; i < d; i++) {
                    double v = 0;
                    for (int j = 0; j < d; j++) {
                        v += prec[i * d + j] * diff[j];
                    }
                    u[k][i] = -v;
                    q += diff[i] * v;
                }
                logw[k] = at.logNorm[k] - 0.5 * q;
                mx = Math.max(mx, logw[k]);
            }
            double sum = 0;
            for (int k = 0; k < kk; k++) {
                logw[k] = Math.exp(logw[k] - mx);
                sum += logw[k];
            }
            int off = s * d;
            java.util.Arrays.fill(score, off, off + d, 0.0);
            for (int k = 0; k < kk; k++) {
                double g = logw[k] / sum;
                logw[k] = g;
                for (int i = 0; i < d; i++) {
                    score[off + i] += g * u[k][i];
                }
            }
            if (jac != null) {
                int jo = s * d * d;
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        double v = -score[off + i] * score[off + j];
                        for (int k = 0; k < kk; k++) {
                            v += logw[k] * (u[k][i] * u[k][j] - at.precision[k][i * d + j]);
                        }
                        jac[jo + i * d + j] = v;
                    }
                }
            }
        }
    }

    private AtTime at(double t) {
        AtTime c = cached;
        if (c != null && Double.compare(c.t, t) == 0) {
            return c;
        }
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("t = " + t + ": expected a finite time");
        }
        double a = sde.alpha(t), s2 = sde.sigma2(t);
        int kk = p0.components();
        double[][] mean = new double[kk][d], prec = new double[kk][];
        double[] logNorm = new double[kk];
        for (int k = 0; k < kk; k++) {
            double[] m = p0.mean(k), cov = p0.covariance(k);
            for (int i = 0; i < d; i++) {
                mean[k][i] = a * m[i];
            }
            for (int j = 0; j < d * d; j++) {
                cov[j] *= a * a;
            }
            for (int i = 0; i < d; i++) {
                cov[i * d + i] += s2;
            }
            DenseSymmetric.Eigen e = DenseSymmetric.eigen(DenseSymmetric.symmetrize(cov, d), d);
            if (!(e.min() > 0)) {
                throw new IllegalArgumentException("covariance of component " + k + " at t = " + t
                        + " is not positive definite (smallest eigenvalue " + e.min() + ")");
            }
            prec[k] = e.apply(l -> 1 / l);
            double logDet = 0;
            for (double l : e.values()) {
                logDet += Math.log(l);
            }
            logNorm[k] = Math.log(p0.weight(k)) - 0.5 * logDet;
        }
        c = new AtTime(t, mean, prec, logNorm);
        cached = c;
        return c;
    }
}
