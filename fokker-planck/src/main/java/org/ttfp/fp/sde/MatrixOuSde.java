package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;
import org.ttfp.fp.FpSolver;
import org.ttfp.fp.density.DenseSymmetric;
import org.ttfp.fp.density.GaussianMixture;

import java.util.Arrays;

/**
 * Ornstein–Uhlenbeck with a full matrix: dX = −A X dt + G dW, A a constant real d x d matrix
 * (row-major, element (i, j) at {@code a[i*d + j]}) and G = diag(g_i) constant. The drift couples
 * the axes, so this is neither a {@link LinearGaussianSde} nor separable: the general (split) path
 * of {@link FpSolver} must be used, and a Gaussian initial law gives an exact oracle
 * (docs/math.md §1): m(t) = e^{−At} m0 and
 * <pre>
 *   S(t) = Φ S0 Φᵀ + ∫_0^t e^{−Aτ} Q e^{−Aᵀτ} dτ,   Φ = e^{−At},  Q = diag(g_i²),
 * </pre>
 * with the integral by Van Loan's formula: e^{Mt} = [[F11, F12], [0, F22]] for
 * M = [[A, Q], [0, −Aᵀ]] (Q = G Gᵀ, full or diagonal) gives Φ = F22ᵀ and the integral Φ F12. (F11 = e^{At} must not overflow,
 * so t‖A‖ should stay below about 700.)
 */
public final class MatrixOuSde extends ConstantAxisDiffusionSde {

    private final double[] a;
    private final double[] g2;
    private final double trace;
    /** G Gᵀ row-major d x d. */
    private final double[] q;
    /** D = ½ G Gᵀ when not diagonal, else null. */
    private final DiffusionMatrix full;

    /**
     * @param a  the d x d matrix A, row-major, finite
     * @param g2 the squared diffusions g_i² ≥ 0 (length d)
     */
    public MatrixOuSde(double[] a, double[] g2) {
        super(g2);
        this.a = FpChecks.finiteArray("a (the d x d drift matrix, row-major)", a, d * d);
        this.g2 = g2.clone();
        this.trace = trace(a, d);
        this.q = new double[d * d];
        for (int i = 0; i < d; i++) {
            q[i * d + i] = g2[i];
        }
        this.full = null;
    }

    private MatrixOuSde(double[] a, DiffusionMatrix dm) {
        super(dm.dim(), diagonal(dm.noiseCovariance(), dm.dim()));
        this.a = FpChecks.finiteArray("a (the d x d drift matrix, row-major)", a, d * d);
        this.q = dm.noiseCovariance();
        this.g2 = diagonal(q, d);
        this.trace = trace(a, d);
        this.full = dm.isDiagonal() ? null : dm;
    }

    /** The diagonal of a row-major d x d matrix. */
    private static double[] diagonal(double[] m, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = m[i * d + i];
        }
        return v;
    }

    private static double trace(double[] m, int d) {
        double tr = 0;
        for (int i = 0; i < d; i++) {
            tr += m[i * d + i];
        }
        return tr;
    }

    /**
     * dX = −A X dt + G dW with a full noise covariance G Gᵀ (row-major d x d, symmetric PSD,
     * validated by {@link DiffusionMatrix#ofNoiseCovariance}; d = √(length)).
     *
     * @throws IllegalArgumentException if A is not finite d x d or G Gᵀ is not symmetric PSD
     */
    public static MatrixOuSde withNoiseCovariance(double[] a, double[] ggt) {
        if (ggt == null || ggt.length == 0) {
            throw new IllegalArgumentException("noise covariance GGᵀ is " + (ggt == null ? "null" : "empty")
                    + ": expected a d x d matrix");
        }
        int d = (int) Math.rint(Math.sqrt(ggt.length));
        if (d * d != ggt.length) {
            throw new IllegalArgumentException("noise covariance GGᵀ has length " + ggt.length
                    + ": expected a square d*d (row-major d x d)");
        }
        return new MatrixOuSde(a, DiffusionMatrix.ofNoiseCovariance(ggt, d));
    }

    /** D = ½ G Gᵀ when G Gᵀ is not diagonal (see {@link Sde#diffusionMatrix()}). */
    @Override
    public java.util.Optional<DiffusionMatrix> diffusionMatrix() {
        return java.util.Optional.ofNullable(full);
    }

    /** The matrix A (row-major copy). */
    public double[] matrix() {
        return a.clone();
    }

    /** f(x) = −A x. Cost 2d² flops per point. */
    @Override
    protected void computeDrift(double t, double[] x, int count, double[] out) {
        for (int s = 0; s < count; s++) {
            int o = s * d;
            for (int i = 0; i < d; i++) {
                double v = 0;
                for (int j = 0; j < d; j++) {
                    v += a[i * d + j] * x[o + j];
                }
                out[o + i] = -v;
            }
        }
    }

    /** ∇·f = −tr A, exact. */
    @Override
    protected void computeDivergence(double t, double[] x, int count, double[] out) {
        Arrays.fill(out, 0, count, -trace);
    }

    /**
     * The exact law at time t of the process started from the mixture p0 (each component evolves
     * as above): Σ_k w_k N(Φ μ_k, Φ S_k Φᵀ + Q_t). Cost O(d³) (one 2d x 2d exponential) plus
     * O(K d³).
     *
     * @throws IllegalArgumentException if dimensions differ or t is negative or not finite
     */
    public GaussianMixture evolve(GaussianMixture p0, double t) {
        if (p0 == null) {
            throw new IllegalArgumentException("p0 is null: expected a GaussianMixture");
        }
        if (p0.dim() != d) {
            throw new IllegalArgumentException("p0.dim() = " + p0.dim() + ": expected the SDE dimension " + d);
        }
        FpChecks.nonNegative("t", t);
        int m = 2 * d;
        double[] big = new double[m * m];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                big[i + m * j] = a[i * d + j] * t;
                big[(d + i) + m * (d + j)] = -a[j * d + i] * t;
            }
            for (int j = 0; j < d; j++) {
                big[i + m * (d + j)] = q[i * d + j] * t;
            }
        }
        double[] e = MatrixExponential.expm(big, m);
        double[] phi = new double[d * d];
        double[] q = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                phi[i * d + j] = e[(d + j) + m * (d + i)];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += phi[i * d + k] * e[k + m * (d + j)];
                }
                q[i * d + j] = v;
            }
        }
        int kc = p0.components();
        double[] w = new double[kc];
        double[][] mu = new double[kc][];
        double[][] cov = new double[kc][];
        for (int c = 0; c < kc; c++) {
            w[c] = p0.weight(c);
            double[] m0 = p0.mean(c);
            double[] s0 = p0.covariance(c);
            mu[c] = new double[d];
            for (int i = 0; i < d; i++) {
                double v = 0;
                for (int j = 0; j < d; j++) {
                    v += phi[i * d + j] * m0[j];
                }
                mu[c][i] = v;
            }
            double[] ps = DenseSymmetric.multiply(phi, s0, d);
            double[] st = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double v = q[i * d + j];
                    for (int k = 0; k < d; k++) {
                        v += ps[i * d + k] * phi[j * d + k];
                    }
                    st[i * d + j] = v;
                }
            }
            cov[c] = DenseSymmetric.symmetrize(st, d);
        }
        return GaussianMixture.of(w, mu, cov);
    }

    @Override
    public String toString() {
        return "MatrixOuSde[d=" + d + ", A=" + Arrays.toString(a) + (full == null ? ", g2=" + Arrays.toString(g2) : ", GGt=" + Arrays.toString(q)) + "]";
    }
}
