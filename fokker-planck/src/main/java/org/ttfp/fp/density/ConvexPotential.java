package org.ttfp.fp.density;

import org.ttfp.fp.FpChecks;

import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * A smooth, strongly convex potential u on R^d and the test density it defines
 * (docs/paper-protocol.md §4): μ0 = (∇u)⁻¹ # N(0, I), with density
 * <pre>
 *   μ0(x) = γ(∇u(x)) det D²u(x),   γ(z) = (2π)^{−d/2} exp(−|z|²/2),
 * </pre>
 * whose exact optimal transport (Brenier) map to N(0, I) is ∇u. Strong convexity
 * (D²u ⪰ m I with m = {@link #strongConvexity()} &gt; 0 on all of R^d, checked by each
 * implementation's constructor) makes ∇u a bijection of R^d, so μ0 is a probability density
 * and exact samples are x = (∇u)⁻¹(z), z ~ N(0, I).
 *
 * <p>Points are passed row-major ({@code x[s*d + i]}, N = x.length / d). Implementations
 * provide u, ∇u and D²u at single points; batched density, log-density and sampling are derived
 * here (parallel over points).
 */
public interface ConvexPotential {

    /** The dimension d. */
    int dim();

    /** u(x) for the point at {@code x[offset..offset+d)}. */
    double value(double[] x, int offset);

    /** Writes ∇u(x) for the point at {@code x[offset..)} into {@code out[outOffset..outOffset+d)}. */
    void gradient(double[] x, int offset, double[] out, int outOffset);

    /** Writes D²u(x) for the point at {@code x[offset..)} into {@code out} (row-major d x d). */
    void hessian(double[] x, int offset, double[] out);

    /** A lower bound m &gt; 0 on the eigenvalues of D²u over all of R^d. */
    double strongConvexity();

    /**
     * The Gaussian of the linearisation of ∇u at its root, N(x*, H⁻²) with ∇u(x*) = 0 and
     * H = D²u(x*): near x*, ∇u(x) ≈ H (x − x*), so μ0 ≈ (H⁻¹ ·)# N(0, I) shifted to x*. It is no
     * approximation of μ0's tails; it locates μ0's mass (the starting guess of an initial TT-cross,
     * {@link InitialDensity#of(DensityFunction, int, boolean, GaussianMixture)}). Since D²u ⪰ H
     * grows away from x* for the usual potentials, μ0 is at most as wide as this Gaussian there.
     * Cost: one Newton solve and one d x d eigendecomposition.
     */
    default GaussianMixture gaussianApproximation() {
        int d = dim();
        double[] root = inverseGradient(new double[d]);
        double[] h = new double[d * d];
        hessian(root, 0, h);
        DenseSymmetric.Eigen e = DenseSymmetric.eigen(DenseSymmetric.symmetrize(h, d), d);
        if (!(e.min() > 0)) {
            throw new IllegalStateException(this + ": D²u at the minimiser of u has smallest eigenvalue " + e.min()
                    + ", expected > 0 (u strongly convex)");
        }
        return GaussianMixture.gaussian(root, e.apply(v -> 1 / (v * v)));
    }

    /** ∇u at every point of a batch (row-major N x d). */
    default double[] gradient(double[] x) {
        int d = dim();
        int n = FpChecks.points(x, d, 0, "x");
        double[] out = new double[n * d];
        for (int s = 0; s < n; s++) {
            gradient(x, s * d, out, s * d);
        }
        return out;
    }

    /**
     * log μ0(x) = −½ d log 2π − ½ |∇u(x)|² + log det D²u(x) for a batch (length N); the
     * determinant via Cholesky (d³/3 flops per point).
     */
    default double[] logDensity(double[] x) {
        int d = dim();
        int n = FpChecks.points(x, d, 0, "x");
        double[] out = new double[n];
        double c = -0.5 * d * Math.log(2 * Math.PI);
        IntStream.range(0, n).parallel().forEach(s -> {
            double[] g = new double[d];
            double[] h = new double[d * d];
            gradient(x, s * d, g, 0);
            hessian(x, s * d, h);
            double norm2 = 0;
            for (double gi : g) {
                norm2 += gi * gi;
            }
            double[] l = DenseSymmetric.cholesky(h, d, "D²u(x[" + s + "])");
            out[s] = c - 0.5 * norm2 + DenseSymmetric.logDetFromCholesky(l, d);
        });
        return out;
    }

    /** μ0(x) for a batch (length N). */
    default double[] density(double[] x) {
        double[] out = logDensity(x);
        for (int s = 0; s < out.length; s++) {
            out[s] = Math.exp(out[s]);
        }
        return out;
    }

    /**
     * (∇u)⁻¹(z) for a batch (row-major N x d): for each point the root of ∇u(x) = z (the minimiser
     * of u(x) − z·x) by damped Newton (Cholesky of D²u, Armijo backtracking on ½|∇u(x) − z|²),
     * from x = z, until |∇u(x) − z|∞ ≤ 1e-12·(1 + |z|∞ + |x|∞), then one more full Newton step when
     * it reduces the residual further. Typically 3–8 iterations of d³/3 + O(d²) flops.
     *
     * @throws IllegalArgumentException if z has a bad shape or non-finite entries
     * @throws ArithmeticException if a point does not converge in 100 iterations
     */
    default double[] inverseGradient(double[] z) {
        int d = dim();
        int n = FpChecks.points(z, d, 0, "z");
        double[] out = new double[n * d];
        IntStream.range(0, n).parallel().forEach(s -> NewtonInverse.solve(this, z, s * d, out, s * d));
        return out;
    }

    /**
     * {@code count} exact samples of μ0 (row-major count x d): z ~ N(0, I) from
     * {@code rng.nextGaussian()} (drawn sequentially, so reproducible for a seeded generator),
     * then x = (∇u)⁻¹(z).
     */
    default double[] sample(RandomGenerator rng, int count) {
        if (rng == null) {
            throw new IllegalArgumentException("rng is null: expected a random generator");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count = " + count + ": expected >= 0");
        }
        double[] z = new double[count * dim()];
        for (int j = 0; j < z.length; j++) {
            z[j] = rng.nextGaussian();
        }
        return inverseGradient(z);
    }
}
