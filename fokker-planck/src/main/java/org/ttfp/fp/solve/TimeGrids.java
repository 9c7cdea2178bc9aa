package org.ttfp.fp.solve;

/**
 * Snapshot time grids for the general (split) path, where the density between snapshots is
 * interpolated in time and so the snapshot spacing limits the score's accuracy. The density
 * changes fastest near the start (∂_t p ~ Δp is largest before the diffusion has smoothed p), so
 * the grids are graded toward t0, independently of the solver's own step control (pass them to
 * {@link org.ttfp.fp.FpProblem.Builder#snapshotTimes}; the solver's steps are merged with them).
 */
public final class TimeGrids {
    private TimeGrids() {}

    /**
     * count + 1 times t0 = τ_0 &lt; τ_1 &lt; … &lt; τ_count = T, geometric in t − t0:
     * τ_k − τ_{k−1} = h q^{k−1} with first interval h and ratio q ≥ 1 solving
     * h (q^count − 1)/(q − 1) = T − t0 (bisection; q = 1, uniform, when h = (T − t0)/count).
     *
     * @param t0        start, finite
     * @param horizon   T &gt; t0
     * @param count     number of intervals ≥ 1
     * @param firstStep h in (0, (T − t0)/count]
     * @throws IllegalArgumentException on a bad argument
     */
    public static double[] geometric(double t0, double horizon, int count, double firstStep) {
        if (!Double.isFinite(t0) || !Double.isFinite(horizon) || !(horizon > t0)) {
            throw new IllegalArgumentException("t0 = " + t0 + ", T = " + horizon + ": expected finite t0 < T");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count = " + count + ": expected >= 1 intervals");
        }
        double span = horizon - t0;
        if (!(firstStep > 0) || firstStep > span / count * (1 + 1e-12)) {
            throw new IllegalArgumentException("firstStep = " + firstStep + ": expected 0 < h <= (T - t0)/count = "
                    + span / count);
        }
        double target = span / firstStep;
        double lo = 1, hi = 2;
        while (sum(hi, count) < target) {
            hi *= 2;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
            double mid = 0.5 * (lo + hi);
            if (sum(mid, count) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double q = 0.5 * (lo + hi);
        double[] out = new double[count + 1];
        out[0] = t0;
        double step = firstStep, t = t0;
        for (int k = 1; k < count; k++) {
            t += step;
            out[k] = t;
            step *= q;
        }
        out[count] = horizon;
        return out;
    }

    /** 1 + q + … + q^{count−1}. */
    private static double sum(double q, int count) {
        double s = 0, p = 1;
        for (int k = 0; k < count; k++) {
            s += p;
            p *= q;
        }
        return s;
    }
}
