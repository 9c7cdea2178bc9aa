package org.ttfp.ot.verify;

import java.util.Arrays;

/**
 * Summary of a per-sample quantity: mean with its standard error (σ/√N), median and maximum over
 * the finite values; {@code count} says how many samples entered.
 */
public record Stat(double mean, double stdErr, double median, double max, int count) {

    /** The statistic of nothing: all NaN, count 0. */
    public static final Stat NONE = new Stat(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    /** Summary of the finite entries of {@code values}. */
    public static Stat of(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = v.length;
        if (n == 0) {
            return NONE;
        }
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= n;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        double se = n > 1 ? Math.sqrt(var / (n - 1) / n) : Double.NaN;
        double median = n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
        return new Stat(mean, se, median, v[n - 1], n);
    }

    /** "mean ± stdErr" in compact scientific notation. */
    public String pm() {
        if (count == 0) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%.3g ± %.2g", mean, stdErr);
    }
}
