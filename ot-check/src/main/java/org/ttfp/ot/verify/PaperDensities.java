package org.ttfp.ot.verify;

import java.util.SplittableRandom;
import org.ttfp.fp.density.InitialDensity;

/** The initial densities of the paper's experiment that are not mixtures. */
public final class PaperDensities {
    private PaperDensities() {}

    /**
     * The paper's d = 7 density: a rank-2 positive TT times the standard Gaussian, as an
     * unnormalised callback (the solver builds it by cross and normalises it on the box):
     * <pre>
     *   p(x) = γ(x) · G_1(x_1) G_2(x_2) ... G_d(x_d),   G_k(x)_{ab} = c0 (1 + ½ c1 cos(x + 2π c2)),
     * </pre>
     * with c0, c1, c2 ~ U[0, 1] per core entry (seeded), ranks (1, 2, ..., 2, 1).
     *
     * <p>Departure from the paper, on purpose: independent U[0, 1] values at every grid node make a
     * function that is not smooth between the nodes, so its Chebyshev interpolant oscillates and the
     * score of the early densities is not resolved. Smooth random positive factors keep the role of
     * the experiment (a random low-rank non-Gaussian density) and work on any grid, which the
     * refinement estimate of the solver error needs.
     */
    public static InitialDensity rank2TtTimesGaussian(int d, long seed) {
        if (d < 2) {
            throw new IllegalArgumentException("d = " + d + ": expected d >= 2 for a rank-2 TT");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ranks = new int[d + 1];
        java.util.Arrays.fill(ranks, 2);
        ranks[0] = 1;
        ranks[d] = 1;
        double[][][] c = new double[d][][]; // c[k][a*r1 + b] = {c0, c1, c2}
        for (int k = 0; k < d; k++) {
            c[k] = new double[ranks[k] * ranks[k + 1]][];
            for (int e = 0; e < c[k].length; e++) {
                c[k][e] = new double[] {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
            }
        }
        return InitialDensity.of((x, count, out) -> {
            for (int s = 0; s < count; s++) {
                double[] v = {1.0};
                double q = 0;
                for (int k = 0; k < d; k++) {
                    double xk = x[s * d + k];
                    q += xk * xk;
                    int r0 = ranks[k], r1 = ranks[k + 1];
                    double[] w = new double[r1];
                    for (int a = 0; a < r0; a++) {
                        for (int b = 0; b < r1; b++) {
                            double[] e = c[k][a * r1 + b];
                            w[b] += v[a] * e[0] * (1 + 0.5 * e[1] * Math.cos(xk + 2 * Math.PI * e[2]));
                        }
                    }
                    v = w;
                }
                out[s] = v[0] * Math.exp(-0.5 * q) / Math.pow(2 * Math.PI, d / 2.0);
            }
        }, d, false);
    }
}
