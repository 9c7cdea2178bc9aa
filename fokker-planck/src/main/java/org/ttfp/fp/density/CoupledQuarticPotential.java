package org.ttfp.fp.density;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A d-dimensional family of convex potentials: separable quartic terms, nearest-neighbour
 * couplings and a few long-range pairs P = {(i, j)} with |i − j| ≥ 2,
 * <pre>
 *   u(x) = Σ_i (x_i²/2 + a x_i⁴) + ε Σ_{i&lt;d} x_i x_{i+1} + κ Σ_{(i,j)∈P} x_i x_j,
 *   ∂u/∂x_i = x_i + 4a x_i³ + ε (x_{i−1} + x_{i+1}) + κ Σ_{j : (i,j)∈P or (j,i)∈P} x_j,
 *   D²u(x) = diag(1 + 12 a x_i²) + ε T + κ A_P,
 * </pre>
 * with T the adjacency matrix of the path 1–2–…–d (eigenvalues 2cos(kπ/(d+1)), k = 1..d) and A_P
 * that of the pair graph. <b>Convexity.</b> For a ≥ 0, D²u(x) − D²u(0) = diag(12 a x_i²) ⪰ 0, so
 * <pre>
 *   λ_min(D²u(x)) ≥ m = λ_min(I + ε T + κ A_P)   for all x ∈ R^d, with equality at x = 0,
 * </pre>
 * and u is strongly convex exactly when a ≥ 0 and m &gt; 0 (checked by the constructor, m by a
 * symmetric eigendecomposition, d³ flops, once). Without pairs m = 1 − 2|ε| cos(π/(d+1)) in closed
 * form (any ε for d = 1); with pairs Weyl's inequality and Gershgorin's bound λ_max(|A_P|) ≤ Δ_P
 * (the largest number of pairs at one coordinate) give the sufficient condition
 * m ≥ 1 − 2|ε| cos(π/(d+1)) − |κ| Δ_P &gt; 0. Then μ0 = (∇u)⁻¹ # N(0, I) has the exact OT map ∇u to
 * N(0, I) in any dimension (docs/paper-protocol.md §4); a = ε = κ = 0 gives N(0, I) itself.
 *
 * <p><b>Ranks.</b> The density γ(∇u) det D²u couples x_i and x_j of a pair (through |∇u|² and the
 * determinant), so each pair adds to the TT ranks of every bond between i and j, not only one:
 * keep the pairs few and their spans apart ({@link #longRangePairs}: about d/5 pairs, one per block
 * of 5 coordinates). docs/sweeps/README.md states the ranks measured with and without pairs.
 *
 * <p>Coordinates are 0-based here (pair (0, 2) couples x_1 and x_3 of the formulas).
 */
public final class CoupledQuarticPotential implements ConvexPotential {

    private final int d;
    private final double a;
    private final double epsilon;
    private final double kappa;
    /** The pairs as given, each {i, j} with i &lt; j. */
    private final int[][] pairs;
    /** partners[i]: the coordinates paired with i. */
    private final int[][] partners;
    private final double strongConvexity;

    /**
     * Nearest-neighbour couplings only (no long-range pairs).
     *
     * @param d       dimension ≥ 1
     * @param a       quartic coefficient ≥ 0
     * @param epsilon coupling, |ε| &lt; 1/(2cos(π/(d+1)))
     * @throws IllegalArgumentException naming the parameter that makes u non-convex somewhere
     */
    public CoupledQuarticPotential(int d, double a, double epsilon) {
        this(d, a, epsilon, 0.0, new int[0][]);
    }

    /**
     * Nearest-neighbour couplings ε and long-range pairs of coupling κ.
     *
     * @param d       dimension ≥ 1
     * @param a       quartic coefficient ≥ 0
     * @param epsilon nearest-neighbour coupling
     * @param kappa   coupling of every pair (finite)
     * @param pairs   distinct pairs {i, j} of 0-based coordinates with |i − j| ≥ 2 (order within a
     *                pair free); may be empty
     * @throws IllegalArgumentException naming the argument: a bad pair (index out of range,
     *         neighbours, repeated), or parameters with λ_min(I + εT + κA_P) ≤ 0 (u non-convex at 0)
     */
    public CoupledQuarticPotential(int d, double a, double epsilon, double kappa, int[][] pairs) {
        if (d < 1) {
            throw new IllegalArgumentException("d = " + d + ": expected a dimension >= 1");
        }
        if (!Double.isFinite(a) || !Double.isFinite(epsilon) || !Double.isFinite(kappa)) {
            throw new IllegalArgumentException("a = " + a + ", epsilon = " + epsilon + ", kappa = " + kappa
                    + ": expected finite values");
        }
        if (a < 0) {
            throw new IllegalArgumentException("a = " + a + " makes u non-convex: 1 + 12 a x_i² < 0 for |x_i| > "
                    + Math.sqrt(1 / (12 * -a)) + ", where the density lives; expected a >= 0");
        }
        this.d = d;
        this.a = a;
        this.epsilon = epsilon;
        this.kappa = kappa;
        this.pairs = checkPairs(d, pairs);
        int[] degree = new int[d];
        for (int[] p : this.pairs) {
            degree[p[0]]++;
            degree[p[1]]++;
        }
        partners = new int[d][];
        for (int i = 0; i < d; i++) {
            partners[i] = new int[degree[i]];
        }
        int[] fill = new int[d];
        for (int[] p : this.pairs) {
            partners[p[0]][fill[p[0]]++] = p[1];
            partners[p[1]][fill[p[1]]++] = p[0];
        }
        double pathBound = d == 1 ? 0 : 2 * Math.cos(Math.PI / (d + 1));
        if (this.pairs.length == 0 || kappa == 0) {
            double bound = d == 1 ? Double.POSITIVE_INFINITY : 1 / pathBound;
            if (!(Math.abs(epsilon) < bound)) {
                throw new IllegalArgumentException("epsilon = " + epsilon + " makes u non-convex in d = " + d
                        + ": D²u(0) = I + epsilon T has smallest eigenvalue 1 - 2|epsilon| cos(pi/(d+1)) = "
                        + (1 - Math.abs(epsilon) * pathBound) + " <= 0; expected |epsilon| < " + bound);
            }
            strongConvexity = 1 - Math.abs(epsilon) * pathBound;
        } else {
            double[] h0 = new double[d * d];
            hessian(new double[d], 0, h0);
            double m = DenseSymmetric.eigen(h0, d).min();
            if (!(m > 0)) {
                throw new IllegalArgumentException("epsilon = " + epsilon + ", kappa = " + kappa + " with pairs "
                        + pairsToString(this.pairs) + " make u non-convex in d = " + d
                        + ": D²u(0) = I + epsilon T + kappa A_P has smallest eigenvalue " + m
                        + " <= 0; expected e.g. 2|epsilon| cos(pi/(d+1)) + |kappa| maxDegree < 1");
            }
            strongConvexity = m;
        }
    }

    private static int[][] checkPairs(int d, int[][] pairs) {
        if (pairs == null) {
            throw new IllegalArgumentException("pairs is null: expected an array of pairs {i, j} (may be empty)");
        }
        int[][] out = new int[pairs.length][];
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int k = 0; k < pairs.length; k++) {
            int[] p = pairs[k];
            if (p == null || p.length != 2) {
                throw new IllegalArgumentException("pairs[" + k + "] = " + Arrays.toString(p)
                        + ": expected two coordinates {i, j}");
            }
            int i = Math.min(p[0], p[1]), j = Math.max(p[0], p[1]);
            if (i < 0 || j >= d) {
                throw new IllegalArgumentException("pairs[" + k + "] = " + Arrays.toString(p)
                        + ": expected 0-based coordinates from 0 to " + (d - 1) + " (d = " + d + ")");
            }
            if (j - i < 2) {
                throw new IllegalArgumentException("pairs[" + k + "] = " + Arrays.toString(p)
                        + ": expected |i - j| >= 2 (neighbours and the diagonal are not long-range pairs)");
            }
            if (!seen.add((long) i * d + j)) {
                throw new IllegalArgumentException("pairs[" + k + "] = " + Arrays.toString(p)
                        + ": repeated; expected distinct pairs");
            }
            out[k] = new int[] {i, j};
        }
        return out;
    }

    /**
     * The fixed long-range pairs of the sweeps: one pair {i, i+2} per block of 5 consecutive
     * coordinates {5b, …, 5b+4} (the last block may be shorter; a block of fewer than 3 has no
     * pair), i drawn uniformly among the block's size − 2 choices by {@code SplittableRandom(seed)}:
     * ⌈d/5⌉ pairs when d mod 5 ∈ {0, 3, 4}, ⌊d/5⌋ otherwise (none for d ≤ 2). The spans are disjoint,
     * so every bond of the TT is crossed by at most one pair (and two bonds by each), and every
     * coordinate is in at most one pair (Δ_P = 1: m ≥ 1 − 2|ε| cos(π/(d+1)) − |κ|). Span 2 is what
     * the ranks afford; measured in d = 5, κ = 0.1, on [−6, 6]^5 with n = 56, the ranks of the
     * density after rounding to 1e−6 (1e−10) are 15 (33) without a pair, 16 (38) with (x_1, x_3),
     * 39 (95) with (x_1, x_4), and a pair (x_1, x_5) drives the cross past rank 96; pairs that nest
     * multiply the ranks of the bonds they share (two nested pairs of span 6 and 4 in d = 10: above 60
     * at 1e−6). Longer pairs can be given explicitly. The same (d, seed) always gives the same pairs,
     * sorted.
     */
    public static int[][] longRangePairs(int d, long seed) {
        if (d < 1) {
            throw new IllegalArgumentException("d = " + d + ": expected a dimension >= 1");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        java.util.List<int[]> out = new java.util.ArrayList<>();
        for (int lo = 0; lo < d; lo += 5) {
            int size = Math.min(5, d - lo);
            if (size < 3) {
                break;
            }
            int i = lo + rng.nextInt(size - 2);
            out.add(new int[] {i, i + 2});
        }
        return out.toArray(new int[0][]);
    }

    /** The quartic coefficient a. */
    public double a() {
        return a;
    }

    /** The nearest-neighbour coupling ε. */
    public double epsilon() {
        return epsilon;
    }

    /** The coupling κ of the long-range pairs. */
    public double pairCoupling() {
        return kappa;
    }

    /** A copy of the long-range pairs, each {i, j} with i &lt; j (0-based). */
    public int[][] pairs() {
        int[][] out = new int[pairs.length][];
        for (int k = 0; k < pairs.length; k++) {
            out[k] = pairs[k].clone();
        }
        return out;
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public double value(double[] x, int offset) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double xi = x[offset + i], sq = xi * xi;
            s += 0.5 * sq + a * sq * sq;
            if (i + 1 < d) {
                s += epsilon * xi * x[offset + i + 1];
            }
        }
        for (int[] p : pairs) {
            s += kappa * x[offset + p[0]] * x[offset + p[1]];
        }
        return s;
    }

    @Override
    public void gradient(double[] x, int offset, double[] out, int outOffset) {
        for (int i = 0; i < d; i++) {
            double xi = x[offset + i];
            double g = xi + 4 * a * xi * xi * xi;
            if (i > 0) {
                g += epsilon * x[offset + i - 1];
            }
            if (i + 1 < d) {
                g += epsilon * x[offset + i + 1];
            }
            for (int j : partners[i]) {
                g += kappa * x[offset + j];
            }
            out[outOffset + i] = g;
        }
    }

    @Override
    public void hessian(double[] x, int offset, double[] out) {
        Arrays.fill(out, 0, d * d, 0.0);
        for (int i = 0; i < d; i++) {
            double xi = x[offset + i];
            out[i * d + i] = 1 + 12 * a * xi * xi;
            if (i + 1 < d) {
                out[i * d + i + 1] = epsilon;
                out[(i + 1) * d + i] = epsilon;
            }
        }
        for (int[] p : pairs) {
            out[p[0] * d + p[1]] = kappa;
            out[p[1] * d + p[0]] = kappa;
        }
    }

    /**
     * m = λ_min(I + εT + κA_P), the smallest eigenvalue of D²u(0) and a lower bound everywhere
     * (1 − 2|ε| cos(π/(d+1)) without pairs).
     */
    @Override
    public double strongConvexity() {
        return strongConvexity;
    }

    private static String pairsToString(int[][] pairs) {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < pairs.length; k++) {
            b.append(k == 0 ? "" : ", ").append('(').append(pairs[k][0]).append(", ").append(pairs[k][1]).append(')');
        }
        return b.append(']').toString();
    }

    @Override
    public String toString() {
        return "CoupledQuarticPotential[d=" + d + ", a=" + a + ", epsilon=" + epsilon
                + (pairs.length == 0 ? "" : ", kappa=" + kappa + ", pairs=" + pairsToString(pairs)) + "]";
    }
}
