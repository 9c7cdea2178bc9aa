package org.ttfp.fp.density;

import org.ttfp.fp.FpChecks;

import org.ttfp.fp.sde.LinearGaussianSde;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * A Gaussian mixture p(x) = Σ_k w_k N(x; μ_k, S_k) in R^d, immutable.
 *
 * <p>Batched points are row-major count x d ({@code x[s*d + i]}). Each component keeps its
 * Cholesky factor S_k = L_k L_kᵀ, so one density, log-density or score evaluation costs about
 * K (d² + 4d) flops per point (two triangular solves per component for the score). Log-densities
 * use log-sum-exp over the components, so they stay finite far in the tails where p underflows.
 *
 * <p>Under a {@link LinearGaussianSde} (X(t) = α X(0) + σ ε) the mixture stays a mixture
 * (docs/math.md §1): p_t = Σ_k w_k N(α μ_k, α² S_k + σ² I); see {@link #evolve} and
 * {@link #scoreField}.
 */
public final class GaussianMixture {

    /** Weights must sum to 1 within this absolute tolerance. */
    public static final double WEIGHT_SUM_TOLERANCE = 1e-12;

    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /** Points x components x d² above which batched evaluations run in parallel. */
    private static final long PARALLEL_WORK = 1L << 17;

    private final int d;
    private final double[] weights;
    private final double[][] means;
    private final double[][] covariances;
    private final double[][] factors;
    /** log w_k − ½ d log 2π − ½ log det S_k (−∞ for zero weights). */
    private final double[] logNormalizers;

    private GaussianMixture(int d, double[] weights, double[][] means, double[][] covariances) {
        this.d = d;
        this.weights = weights;
        this.means = means;
        this.covariances = covariances;
        int k = weights.length;
        this.factors = new double[k][];
        this.logNormalizers = new double[k];
        for (int c = 0; c < k; c++) {
            factors[c] = DenseSymmetric.cholesky(covariances[c], d, "covariances[" + c + "]");
            logNormalizers[c] = Math.log(weights[c]) - 0.5 * d * LOG_2PI
                    - 0.5 * DenseSymmetric.logDetFromCholesky(factors[c], d);
        }
    }

    /**
     * Builds and validates a mixture.
     *
     * @param weights     w_k ≥ 0 with Σ w_k = 1 within {@link #WEIGHT_SUM_TOLERANCE} (K ≥ 1)
     * @param means       K arrays of length d
     * @param covariances K symmetric positive definite row-major d x d matrices (symmetric within
     *                    {@link DenseSymmetric#SYMMETRY_TOLERANCE}; stored symmetrised)
     * @throws IllegalArgumentException naming the offending argument and index
     */
    public static GaussianMixture of(double[] weights, double[][] means, double[][] covariances) {
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("weights is " + (weights == null ? "null" : "empty")
                    + ": expected at least one component");
        }
        int k = weights.length;
        if (means == null || means.length != k) {
            throw new IllegalArgumentException("means has " + (means == null ? "null" : means.length + " rows")
                    + ": expected one per weight (" + k + ")");
        }
        if (covariances == null || covariances.length != k) {
            throw new IllegalArgumentException("covariances has "
                    + (covariances == null ? "null" : covariances.length + " entries")
                    + ": expected one per weight (" + k + ")");
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            if (!(weights[c] >= 0) || !Double.isFinite(weights[c])) {
                throw new IllegalArgumentException("weights[" + c + "] = " + weights[c] + ": expected a finite value >= 0");
            }
            sum += weights[c];
        }
        if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
            throw new IllegalArgumentException("weights sum to " + sum + ": expected 1 within " + WEIGHT_SUM_TOLERANCE);
        }
        if (means[0] == null || means[0].length == 0) {
            throw new IllegalArgumentException("means[0] is " + (means[0] == null ? "null" : "empty")
                    + ": expected a vector of length d >= 1");
        }
        int d = means[0].length;
        double[][] mu = new double[k][];
        double[][] cov = new double[k][];
        for (int c = 0; c < k; c++) {
            if (means[c] == null || means[c].length != d) {
                throw new IllegalArgumentException("means[" + c + "] has length "
                        + (means[c] == null ? "null" : Integer.toString(means[c].length)) + ": expected d = " + d);
            }
            for (int i = 0; i < d; i++) {
                if (!Double.isFinite(means[c][i])) {
                    throw new IllegalArgumentException("means[" + c + "][" + i + "] = " + means[c][i]
                            + ": expected a finite value");
                }
            }
            mu[c] = means[c].clone();
            cov[c] = DenseSymmetric.requireSymmetric(covariances[c], d, "covariances[" + c + "]");
        }
        return new GaussianMixture(d, weights.clone(), mu, cov);
    }

    /** The single Gaussian N(mean, covariance), validated as in {@link #of}. */
    public static GaussianMixture gaussian(double[] mean, double[] covariance) {
        return of(new double[] {1.0}, new double[][] {mean}, new double[][] {covariance});
    }

    /** The dimension d. */
    public int dim() {
        return d;
    }

    /** The number of components K. */
    public int components() {
        return weights.length;
    }

    /** The weight w_k. */
    public double weight(int k) {
        return weights[k];
    }

    /** A copy of the mean μ_k (length d). */
    public double[] mean(int k) {
        return means[k].clone();
    }

    /** A copy of the covariance S_k (row-major d x d). */
    public double[] covariance(int k) {
        return covariances[k].clone();
    }

    /** The mixture mean Σ_k w_k μ_k (length d). */
    public double[] mean() {
        double[] m = new double[d];
        for (int c = 0; c < weights.length; c++) {
            for (int i = 0; i < d; i++) {
                m[i] += weights[c] * means[c][i];
            }
        }
        return m;
    }

    /**
     * The mixture covariance Σ_k w_k (S_k + (μ_k − m)(μ_k − m)ᵀ) (row-major d x d), with m the
     * mixture mean (centred form, no cancellation of large means).
     */
    public double[] covariance() {
        double[] m = mean();
        double[] s = new double[d * d];
        for (int c = 0; c < weights.length; c++) {
            double w = weights[c];
            for (int i = 0; i < d; i++) {
                double di = means[c][i] - m[i];
                for (int j = 0; j < d; j++) {
                    s[i * d + j] += w * (covariances[c][i * d + j] + di * (means[c][j] - m[j]));
                }
            }
        }
        return s;
    }

    /**
     * Writes log p(x_s) for {@code count} points into {@code out[0..count)}:
     * log p = LSE_k (log w_k − ½ d log 2π − ½ log det S_k − ½ |L_k⁻¹(x − μ_k)|²).
     *
     * @throws IllegalArgumentException if shapes do not match or a coordinate is NaN/infinite
     */
    public void logDensity(double[] x, int count, double[] out) {
        checkBatch(x, count, out, count, "out");
        evaluate(x, count, out, null);
    }

    /** Writes p(x_s) = exp(log p(x_s)) for {@code count} points into {@code out[0..count)}. */
    public void density(double[] x, int count, double[] out) {
        logDensity(x, count, out);
        for (int s = 0; s < count; s++) {
            out[s] = Math.exp(out[s]);
        }
    }

    /**
     * Writes the exact score ∇log p(x_s) = Σ_k γ_k(x) S_k⁻¹(μ_k − x), with posterior weights
     * γ_k = w_k N(x; μ_k, S_k)/p(x) computed in the log domain, into {@code out} (row-major
     * count x d).
     */
    public void score(double[] x, int count, double[] out) {
        checkBatch(x, count, out, count * d, "out");
        evaluate(x, count, null, out);
    }

    /** Log-density (if {@code logOut != null}) and/or score (if {@code scoreOut != null}). */
    private void evaluate(double[] x, int count, double[] logOut, double[] scoreOut) {
        long work = (long) count * weights.length * d * d;
        int chunks = work < PARALLEL_WORK ? 1 : Math.min(count, 8 * Runtime.getRuntime().availableProcessors());
        if (chunks == 1) {
            evaluateRange(x, 0, count, logOut, scoreOut);
        } else {
            IntStream.range(0, chunks).parallel().forEach(c -> evaluateRange(x,
                    (int) ((long) count * c / chunks), (int) ((long) count * (c + 1) / chunks), logOut, scoreOut));
        }
    }

    private void evaluateRange(double[] x, int from, int to, double[] logOut, double[] scoreOut) {
        int k = weights.length;
        double[] r = new double[d];
        double[] y = new double[k * d];
        double[] q = new double[k];
        for (int s = from; s < to; s++) {
            int off = s * d;
            double qmax = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (weights[c] == 0) {
                    q[c] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double[] mu = means[c];
                for (int i = 0; i < d; i++) {
                    r[i] = x[off + i] - mu[i];
                }
                DenseSymmetric.solveLower(factors[c], d, r, 0, y, c * d);
                double norm2 = 0;
                for (int i = 0; i < d; i++) {
                    norm2 += y[c * d + i] * y[c * d + i];
                }
                q[c] = logNormalizers[c] - 0.5 * norm2;
                qmax = Math.max(qmax, q[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(q[c] - qmax);
            }
            double logp = qmax + Math.log(sum);
            if (logOut != null) {
                logOut[s] = logp;
            }
            if (scoreOut != null) {
                Arrays.fill(scoreOut, off, off + d, 0.0);
                for (int c = 0; c < k; c++) {
                    double gamma = Math.exp(q[c] - logp);
                    if (gamma == 0) {
                        continue;
                    }
                    // S_k^{-1}(x − μ_k) = L_k^{-T} y_k
                    DenseSymmetric.solveLowerTransposed(factors[c], d, y, c * d, y, c * d);
                    for (int i = 0; i < d; i++) {
                        scoreOut[off + i] -= gamma * y[c * d + i];
                    }
                }
            }
        }
    }

    /**
     * Draws {@code count} exact samples (row-major count x d): a component k with probability
     * w_k (one {@code nextDouble}), then μ_k + L_k z with z ~ N(0, I) ({@code nextGaussian}).
     * Reproducible for a seeded generator.
     */
    public double[] sample(RandomGenerator rng, int count) {
        if (rng == null) {
            throw new IllegalArgumentException("rng is null: expected a random generator");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count = " + count + ": expected >= 0");
        }
        int k = weights.length;
        double[] cumulative = new double[k];
        int last = 0;
        double acc = 0;
        for (int c = 0; c < k; c++) {
            acc += weights[c];
            cumulative[c] = acc;
            if (weights[c] > 0) {
                last = c;
            }
        }
        double[] out = new double[count * d];
        double[] z = new double[d];
        for (int s = 0; s < count; s++) {
            double u = rng.nextDouble();
            int c = 0;
            while (c < last && (u >= cumulative[c] || weights[c] == 0)) {
                c++;
            }
            for (int i = 0; i < d; i++) {
                z[i] = rng.nextGaussian();
            }
            double[] l = factors[c];
            for (int i = 0; i < d; i++) {
                double v = means[c][i];
                for (int j = 0; j <= i; j++) {
                    v += l[i * d + j] * z[j];
                }
                out[s * d + i] = v;
            }
        }
        return out;
    }

    /**
     * The exact law at time t of X(t) = α(t) X(0) + σ(t) ε, X(0) ~ this mixture:
     * Σ_k w_k N(α μ_k, α² S_k + σ² I) (docs/math.md §1). Cost K d³/3 flops (new Cholesky factors).
     *
     * @throws IllegalArgumentException if the SDE's dimension differs, t is not finite, α or σ²
     *         are invalid, or an evolved covariance is not positive definite (α = σ = 0)
     */
    public GaussianMixture evolve(LinearGaussianSde sde, double t) {
        if (sde == null) {
            throw new IllegalArgumentException("sde is null: expected a LinearGaussianSde");
        }
        if (sde.dim() != d) {
            throw new IllegalArgumentException("sde.dim() = " + sde.dim() + ": expected the mixture dimension " + d);
        }
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("t = " + t + ": expected a finite time");
        }
        double alpha = sde.alpha(t), s2 = sde.sigma2(t);
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("sde.alpha(" + t + ") = " + alpha + ": expected a finite value");
        }
        if (!(s2 >= 0) || !Double.isFinite(s2)) {
            throw new IllegalArgumentException("sde.sigma2(" + t + ") = " + s2 + ": expected a finite value >= 0");
        }
        int k = weights.length;
        double[][] mu = new double[k][d];
        double[][] cov = new double[k][d * d];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
                mu[c][i] = alpha * means[c][i];
            }
            for (int j = 0; j < d * d; j++) {
                cov[c][j] = alpha * alpha * covariances[c][j];
            }
            for (int i = 0; i < d; i++) {
                cov[c][i * d + i] += s2;
            }
        }
        return new GaussianMixture(d, weights, mu, cov);
    }

    /**
     * The exact score field of the evolved mixture: score(t, x) = ∇log p_t(x) with p_t =
     * {@link #evolve}(sde, t). The evolved mixture of the most recent time is cached, so all
     * points of a batch (and repeated stages at one time) share one set of factorisations.
     * Thread-safe.
     */
    public ScoreField scoreField(LinearGaussianSde sde) {
        if (sde == null) {
            throw new IllegalArgumentException("sde is null: expected a LinearGaussianSde");
        }
        if (sde.dim() != d) {
            throw new IllegalArgumentException("sde.dim() = " + sde.dim() + ": expected the mixture dimension " + d);
        }
        return new EvolvedScore(this, sde);
    }

    private static final class EvolvedScore implements ScoreField {
        private record Cached(double t, GaussianMixture mixture) {
        }

        private final GaussianMixture initial;
        private final LinearGaussianSde sde;
        private volatile Cached cached;

        EvolvedScore(GaussianMixture initial, LinearGaussianSde sde) {
            this.initial = initial;
            this.sde = sde;
        }

        @Override
        public int dim() {
            return initial.d;
        }

        @Override
        public void score(double t, double[] x, int count, double[] out) {
            Cached c = cached;
            if (c == null || Double.compare(c.t, t) != 0) {
                c = new Cached(t, initial.evolve(sde, t));
                cached = c;
            }
            c.mixture.score(x, count, out);
        }
    }

    private void checkBatch(double[] x, int count, double[] out, int outLength, String outName) {
        FpChecks.batch(x, count, d, out, outLength, outName);
        for (int j = 0; j < count * d; j++) {
            if (!Double.isFinite(x[j])) {
                throw new IllegalArgumentException("x[" + j + "] (point " + (j / d) + ", axis " + (j % d) + ") = " + x[j]
                        + ": expected a finite coordinate");
            }
        }
    }

    @Override
    public String toString() {
        return "GaussianMixture[d=" + d + ", K=" + weights.length + "]";
    }
}
