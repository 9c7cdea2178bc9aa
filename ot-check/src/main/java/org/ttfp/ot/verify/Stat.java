package org.ttfp.ot.verify;

import java.util.Arrays;
import java.util.Locale;

/**
 * Summary of a per-sample quantity: mean with its standard error (σ/√N), median and maximum over
 * the finite values. {@code count} says how many samples entered, {@code undefined} how many were
 * left out because the quantity is not defined there (a relative measure whose displacement
 * ‖T(x) − x‖ is zero, written NaN per sample).
 *
 * <p>{@code topShare} is the fraction of the sum held by the largest ⌈5 %⌉ of the values (at
 * least one): when it exceeds ½ the mean is dominated by a few points ({@link #dominatedByFew()}),
 * and the median says more about a typical sample than the mean.
 *
 * @param mean      mean of the finite values
 * @param stdErr    standard error of the mean (NaN for fewer than two values)
 * @param median    median of the finite values
 * @param max       largest finite value
 * @param count     number of finite values
 * @param undefined number of values that were not finite (undefined at that sample)
 * @param topShare  share of the sum held by the largest ⌈0.05·count⌉ values (NaN when the sum is 0)
 */
public record Stat(double mean, double stdErr, double median, double max, int count, int undefined, double topShare) {

    /** The statistic of nothing: all NaN, count 0. */
    public static final Stat NONE = new Stat(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN);

    /** The fraction of the values that {@link #topShare} counts. */
    public static final double TOP_FRACTION = 0.05;

    /** A statistic with everything defined (tests, hand-made summaries): topShare unknown. */
    public Stat(double mean, double stdErr, double median, double max, int count) {
        this(mean, stdErr, median, max, count, 0, Double.NaN);
    }

    /** Summary of {@code values}; non-finite entries count as undefined. */
    public static Stat of(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = v.length, undefined = values.length - n;
        if (n == 0) {
            return new Stat(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, undefined, Double.NaN);
        }
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / n;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        double se = n > 1 ? Math.sqrt(var / (n - 1) / n) : Double.NaN;
        double median = n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
        int top = Math.max(1, (int) Math.ceil(TOP_FRACTION * n));
        double topSum = 0;
        for (int i = n - top; i < n; i++) {
            topSum += v[i];
        }
        double share = sum != 0 ? topSum / sum : Double.NaN;
        return new Stat(mean, se, median, v[n - 1], n, undefined, share);
    }

    /** Whether anything was measured. */
    public boolean defined() {
        return count > 0;
    }

    /** The mean, or 0 when nothing was measured (for sums of error terms). */
    public double meanOrZero() {
        return count > 0 && Double.isFinite(mean) ? mean : 0;
    }

    /**
     * Whether the largest ⌈5 %⌉ of the values hold more than half of the sum (needs at least 20
     * values, so that 5 % is a minority of points).
     */
    public boolean dominatedByFew() {
        return count >= 20 && topShare > 0.5;
    }

    /** "mean ± stdErr" in compact scientific notation; "n/a" or "undefined (…)" when nothing was measured. */
    public String pm() {
        if (count == 0) {
            return undefined > 0 ? "undefined (zero displacement)" : "n/a";
        }
        return String.format(Locale.ROOT, "%.3g ± %.2g", mean, stdErr);
    }

    /** {@link #pm()}, with the median beside it when the mean is dominated by a few points (for tables). */
    public String brief() {
        return dominatedByFew() ? pm() + String.format(Locale.ROOT, " (median %.3g; mean dominated by few points)", median)
                : pm();
    }

    /**
     * {@link #pm()} followed by the median and maximum, and a note when the mean is dominated by a
     * few points or some samples were undefined.
     */
    public String robust() {
        if (count == 0) {
            return pm();
        }
        StringBuilder sb = new StringBuilder(pm());
        sb.append(String.format(Locale.ROOT, " (median %.3g, max %.3g", median, max));
        if (dominatedByFew()) {
            int top = Math.max(1, (int) Math.ceil(TOP_FRACTION * count));
            sb.append(String.format(Locale.ROOT, "; mean dominated by %d of %d points", top, count));
        }
        if (undefined > 0) {
            sb.append("; ").append(undefined).append(" undefined");
        }
        return sb.append(')').toString();
    }
}
