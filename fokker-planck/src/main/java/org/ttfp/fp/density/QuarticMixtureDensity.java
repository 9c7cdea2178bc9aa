package org.ttfp.fp.density;

import org.ttfp.fp.FpChecks;

import java.util.SplittableRandom;

/**
 * The random non-Gaussian initial densities of the paper's synthetic experiment
 * (docs/paper-protocol.md §1): an equal-weight mixture of K unnormalised components
 * <pre>
 *   ρ_k(x) = exp(−0.05 · [ (x − c1)ᵀ Q1 (x − c1) + ((x − c2)∘²)ᵀ Q2 ((x − c2)∘²) ]),
 * </pre>
 * Q_j = A_jᵀ A_j with A_j ~ randn(d, d), c1, c2 ~ U[−2, 2]^d drawn per component, (·)∘² the
 * elementwise square (a quartic term), K uniform in {1, ..., 4}. The mixture is not normalised
 * (the solver normalises it on the box). Draw order from a {@link SplittableRandom} seeded with
 * {@code seed}: K, then per component A1 (row-major), A2, c1, c2. Evaluation costs about
 * K (2d² + 4d) flops per point.
 */
public final class QuarticMixtureDensity implements DensityFunction {

    private final int d;
    private final double[][] q1;
    private final double[][] q2;
    private final double[][] c1;
    private final double[][] c2;

    /**
     * Draws a mixture.
     *
     * @param d    dimension ≥ 1
     * @param seed any seed
     */
    public QuarticMixtureDensity(int d, long seed) {
        this.d = FpChecks.dim(d);
        SplittableRandom rnd = new SplittableRandom(seed);
        int k = 1 + rnd.nextInt(4);
        q1 = new double[k][];
        q2 = new double[k][];
        c1 = new double[k][];
        c2 = new double[k][];
        for (int c = 0; c < k; c++) {
            q1[c] = gram(randn(rnd, d * d), d);
            q2[c] = gram(randn(rnd, d * d), d);
            c1[c] = uniform(rnd, d);
            c2[c] = uniform(rnd, d);
        }
    }

    private static double[] randn(SplittableRandom rnd, int len) {
        double[] a = new double[len];
        for (int j = 0; j < len; j++) {
            a[j] = rnd.nextGaussian();
        }
        return a;
    }

    private static double[] uniform(SplittableRandom rnd, int len) {
        double[] a = new double[len];
        for (int j = 0; j < len; j++) {
            a[j] = -2 + 4 * rnd.nextDouble();
        }
        return a;
    }

    /** AᵀA for row-major A. */
    private static double[] gram(double[] a, int d) {
        double[] q = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += a[k * d + i] * a[k * d + j];
                }
                q[i * d + j] = v;
            }
        }
        return q;
    }

    /** The dimension d. */
    public int dim() {
        return d;
    }

    /** The number of components K. */
    public int components() {
        return q1.length;
    }

    /** Q1 of component k (row-major copy). */
    public double[] q1(int k) {
        return q1[k].clone();
    }

    /** Q2 of component k (row-major copy). */
    public double[] q2(int k) {
        return q2[k].clone();
    }

    /** c1 of component k (copy). */
    public double[] c1(int k) {
        return c1[k].clone();
    }

    /** c2 of component k (copy). */
    public double[] c2(int k) {
        return c2[k].clone();
    }

    /** The unnormalised mixture (1/K) Σ_k ρ_k(x_s). */
    @Override
    public void evaluate(double[] x, int count, double[] out) {
        FpChecks.batch(x, count, d, out, count);
        int k = q1.length;
        double[] u = new double[d];
        double[] v = new double[d];
        for (int s = 0; s < count; s++) {
            double sum = 0;
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < d; i++) {
                    u[i] = x[s * d + i] - c1[c][i];
                    double w = x[s * d + i] - c2[c][i];
                    v[i] = w * w;
                }
                sum += Math.exp(-0.05 * (quadratic(q1[c], u) + quadratic(q2[c], v)));
            }
            out[s] = sum / k;
        }
    }

    private double quadratic(double[] q, double[] u) {
        double acc = 0;
        for (int i = 0; i < d; i++) {
            double row = 0;
            for (int j = 0; j < d; j++) {
                row += q[i * d + j] * u[j];
            }
            acc += u[i] * row;
        }
        return acc;
    }

    @Override
    public String toString() {
        return "QuarticMixtureDensity[d=" + d + ", K=" + q1.length + "]";
    }
}
