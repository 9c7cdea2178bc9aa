package org.ttfp.ot.verify;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.fp.Solution;
import org.ttfp.tt.Cancellation;

/**
 * Stage 2 of a verification run: exact samples of p_{t0}. x0 ~ p0 (from the scenario's sampler,
 * else from the solved TT density p0 on the grid, as in the paper), then α(t0) x0 + σ(t0) ε. A
 * sample is redrawn when it lies closer to the box's boundary than 10 % of its width (the flow
 * would query the score outside the box) or where the solved density p_{t0} is below
 * {@code densityFloor} times the largest value among the candidates (there the TT's relative
 * accuracy, hence the score, is not resolved, and the flow of thin-tailed densities is violent at
 * small t). The verification then covers the bulk of p_{t0}; the fraction of draws left out is
 * reported.
 */
final class SampleStage {
    private SampleStage() {}

    /**
     * The start points and the fraction of draws that were redrawn.
     *
     * @param x                row-major N x d
     * @param excludedFraction redrawn draws / all considered draws
     */
    record Samples(double[] x, double excludedFraction) {
        int count(int d) {
            return x.length / d;
        }
    }

    /**
     * Draws {@code need} start points.
     *
     * @throws IllegalStateException when fewer than 1 % of the draws are kept (the box or the floor
     *         leaves out nearly all of p_{t0}); the message gives the fraction outside the inner box and
     *         the fraction below the floor
     */
    static Samples run(Scenario sc, Solution sol, int need, double densityFloor, long seed, Cancellation cancel) {
        int d = sc.dim();
        SplittableRandom rng = new SplittableRandom(seed);
        Scenario.Sampler sampler = sc.sampler() != null ? sc.sampler()
                : (r, count) -> sol.box().sample(sol.snapshot(0), count, r);
        double alpha = sc.sde().alpha(sc.startTime()), sigma = Math.sqrt(sc.sde().sigma2(sc.startTime()));
        double[] out = new double[Math.multiplyExact(need, d)];
        int have = 0;
        long drawn = 0, considered = 0, outside = 0, belowFloor = 0;
        double pmax = 0;
        while (have < need) {
            cancel.check("while sampling p_t0 of " + sc.name());
            int batch = (int) Math.min(4096, Math.max(16, 2L * (need - have)));
            double[] x = sampler.sample(rng, batch);
            drawn += batch;
            double[] inBox = new double[batch * d];
            int[] slot = new int[batch]; // index in inBox, or -1 when outside the inner box
            int m = 0;
            for (int p = 0; p < batch; p++) {
                boolean inside = true;
                for (int k = 0; k < d; k++) {
                    double v = alpha * x[p * d + k] + (sigma > 0 ? sigma * rng.nextGaussian() : 0);
                    x[p * d + k] = v;
                    ChebyshevGrid g = sc.box().axis(k);
                    double margin = 0.1 * (g.b() - g.a());
                    inside &= v > g.a() + margin && v < g.b() - margin;
                }
                slot[p] = inside ? m : -1;
                if (inside) {
                    System.arraycopy(x, p * d, inBox, m * d, d);
                    m++;
                }
            }
            double[] dens = new double[m];
            sol.density(sc.startTime(), Arrays.copyOf(inBox, m * d), m, dens);
            for (double v : dens) {
                pmax = Math.max(pmax, v);
            }
            for (int p = 0; p < batch && have < need; p++) {
                considered++;
                if (slot[p] < 0) {
                    outside++;
                } else if (!(dens[slot[p]] >= densityFloor * pmax)) {
                    belowFloor++;
                } else {
                    System.arraycopy(inBox, slot[p] * d, out, have * d, d);
                    have++;
                }
            }
            if (drawn > 100L * need + 1000) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "scenario %s: only %d of %d draws of p_t0 kept: %.1f %% fall outside the inner 80 %% of the box, "
                                + "%.1f %% where the solved density is below --density-floor %.3g of its peak%s",
                        sc.name(), have, considered, 100.0 * outside / considered, 100.0 * belowFloor / considered,
                        densityFloor, outside >= belowFloor ? "; the box is too small for p_t0"
                                : "; the solved density is not resolved where p_t0 has its mass (grid or rank)"));
            }
        }
        return new Samples(out, 1 - have / (double) considered);
    }
}
