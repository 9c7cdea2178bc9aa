package org.ttfp.ot;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The one-dimensional optimal transport map T = F2⁻¹ ∘ F1 (monotone rearrangement, docs/math.md §3):
 * from a CDF F1 and a quantile function F2⁻¹, or empirically from samples.
 *
 * <p>Empirical version: with sorted samples x_(0) ≤ … ≤ x_(n−1) and y_(0) ≤ … ≤ y_(m−1), F1 is
 * the piecewise-linear interpolant of the points (x_(k), (k + ½)/n) and F2⁻¹ that of
 * ((k + ½)/m, y_(k)), both clamped at their end values; for n = m this maps x_(k) to y_(k)
 * exactly, which is the optimal assignment between the two samples for any convex cost.
 */
public final class MonotoneMap1D implements DoubleUnaryOperator {

    private final DoubleUnaryOperator sourceCdf;
    private final DoubleUnaryOperator targetQuantile;

    private MonotoneMap1D(DoubleUnaryOperator sourceCdf, DoubleUnaryOperator targetQuantile) {
        this.sourceCdf = sourceCdf;
        this.targetQuantile = targetQuantile;
    }

    /**
     * T = F2⁻¹ ∘ F1.
     *
     * @param sourceCdf      F1, non-decreasing with values in [0, 1]
     * @param targetQuantile F2⁻¹ on [0, 1]
     */
    public static MonotoneMap1D of(DoubleUnaryOperator sourceCdf, DoubleUnaryOperator targetQuantile) {
        if (sourceCdf == null) {
            throw new IllegalArgumentException("sourceCdf is null: expected the source CDF");
        }
        if (targetQuantile == null) {
            throw new IllegalArgumentException("targetQuantile is null: expected the target quantile function");
        }
        return new MonotoneMap1D(sourceCdf, targetQuantile);
    }

    /**
     * The quantile function of a continuous, strictly increasing CDF by bisection on the
     * bracket [lo, hi] (to within 4 ulps of the bracket, at most 200 halvings per value);
     * probabilities at or below F(lo) give lo and at or above F(hi) give hi.
     */
    public static DoubleUnaryOperator quantileByBisection(DoubleUnaryOperator cdf, double lo, double hi) {
        if (cdf == null) {
            throw new IllegalArgumentException("cdf is null: expected a CDF");
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
            throw new IllegalArgumentException("bracket [lo, hi] = [" + lo + ", " + hi + "]: expected finite lo < hi");
        }
        return p -> {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability p = " + p + ": expected a value in [0, 1]");
            }
            double a = lo, b = hi;
            if (p <= cdf.applyAsDouble(a)) {
                return a;
            }
            if (p >= cdf.applyAsDouble(b)) {
                return b;
            }
            double tol = 4 * Math.ulp(Math.max(Math.abs(lo), Math.abs(hi)));
            for (int it = 0; it < 200 && b - a > tol; it++) {
                double mid = 0.5 * (a + b);
                if (cdf.applyAsDouble(mid) < p) {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            return 0.5 * (a + b);
        };
    }

    /**
     * The empirical monotone map between samples (sizes may differ), see the class comment.
     *
     * @throws IllegalArgumentException if a sample has fewer than 2 points or a non-finite value
     */
    public static MonotoneMap1D empirical(double[] source, double[] target) {
        double[] xs = sortedCopy(source, "source");
        double[] ys = sortedCopy(target, "target");
        int n = xs.length, m = ys.length;
        DoubleUnaryOperator cdf = x -> {
            if (x <= xs[0]) {
                return 0.5 / n;
            }
            if (x >= xs[n - 1]) {
                return (n - 0.5) / n;
            }
            // largest k with xs[k] <= x
            int k = upperBound(xs, x) - 1;
            double dx = xs[k + 1] - xs[k];
            double frac = dx > 0 ? (x - xs[k]) / dx : 0;
            return (k + 0.5 + frac) / n;
        };
        DoubleUnaryOperator quantile = p -> {
            double pos = p * m - 0.5;
            if (pos <= 0) {
                return ys[0];
            }
            if (pos >= m - 1) {
                return ys[m - 1];
            }
            int k = (int) Math.floor(pos);
            double frac = pos - k;
            return ys[k] + frac * (ys[k + 1] - ys[k]);
        };
        return new MonotoneMap1D(cdf, quantile);
    }

    /**
     * The optimal pairing of two equal-size samples in one dimension: π(i) is the index of the
     * target with the same rank as source i (ties by index). O(n log n).
     */
    public static int[] sortedAssignment(double[] source, double[] target) {
        requireSample(source, "source");
        requireSample(target, "target");
        if (source.length != target.length) {
            throw new IllegalArgumentException("source has " + source.length + " points but target has "
                    + target.length + ": expected equal sizes");
        }
        Integer[] si = order(source), ti = order(target);
        int[] perm = new int[source.length];
        for (int r = 0; r < perm.length; r++) {
            perm[si[r]] = ti[r];
        }
        return perm;
    }

    /** The empirical W2² = (1/n) Σ_k (x_(k) − y_(k))² between equal-size samples. */
    public static double empiricalW2Squared(double[] source, double[] target) {
        double[] xs = sortedCopy(source, "source");
        double[] ys = sortedCopy(target, "target");
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("source has " + xs.length + " points but target has " + ys.length
                    + ": expected equal sizes");
        }
        PointSets.Sum s = new PointSets.Sum();
        for (int k = 0; k < xs.length; k++) {
            double t = xs[k] - ys[k];
            s.add(t * t);
        }
        return s.value() / xs.length;
    }

    /** T(x) = F2⁻¹(F1(x)). */
    @Override
    public double applyAsDouble(double x) {
        return targetQuantile.applyAsDouble(sourceCdf.applyAsDouble(x));
    }

    /** T applied to every element (a new array). */
    public double[] apply(double[] x) {
        requireSample(x, "x", 0);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = applyAsDouble(x[i]);
        }
        return out;
    }

    private static Integer[] order(double[] a) {
        Integer[] idx = new Integer[a.length];
        for (int i = 0; i < a.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> {
            int c = Double.compare(a[p], a[q]);
            return c != 0 ? c : Integer.compare(p, q);
        });
        return idx;
    }

    private static int upperBound(double[] a, double x) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[] sortedCopy(double[] a, String name) {
        requireSample(a, name);
        double[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    private static void requireSample(double[] a, String name) {
        requireSample(a, name, 2);
    }

    private static void requireSample(double[] a, String name, int min) {
        if (a == null) {
            throw new IllegalArgumentException(name + " is null: expected a sample");
        }
        if (a.length < min) {
            throw new IllegalArgumentException(name + " has " + a.length + " points: expected at least " + min);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + a[i] + ": expected a finite value");
            }
        }
    }
}
