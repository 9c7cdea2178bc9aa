package org.ttfp.ot.verify;

import java.util.Locale;

/**
 * What the figures of one scenario say, as two separate, typed verdicts: whether the encoder E
 * equals the optimal-transport map (the deviation verdict), and whether E is a gradient map
 * (Brenier's Jacobian test). They answer different questions and are reported side by side; each
 * names its comparison and the numbers it compared. The error terms and the thresholds are
 * described in docs/error-budget.md.
 *
 * @param deviation   the deviation of E from a known OT map against the error budget
 * @param gradientMap the asymmetry of E's Jacobian against its floor
 */
public record Verdict(DeviationVerdict deviation, GradientMapVerdict gradientMap) {

    /** A deviation "within the errors" must be at most this many times the error budget. */
    public static final double WITHIN_FACTOR = 3;
    /** A deviation is "resolved" when it exceeds this many times the error budget. */
    public static final double RESOLVED_FACTOR = 10;
    /**
     * The largest error budget (relative to the displacement ‖T(x) − x‖) for which "E = OT within
     * numerical error" is said: above it the run cannot resolve the map to a few per cent, and a
     * small ratio of deviation to errors means nothing (e.g. one time step).
     */
    public static final double MAX_RESOLVING_ERROR = 1e-2;
    /** An asymmetry above this many times its floor says "not a gradient map". */
    public static final double ASYMMETRY_FACTOR = 10;

    /**
     * What an outcome says: a short label for tables and its meaning in a sentence.
     *
     * @param label   short label for tables
     * @param meaning what the verdict means, in a sentence
     */
    public record Wording(String label, String meaning) {}

    /** An outcome of one of the two tests, with its {@link Wording}. */
    public interface Outcome {
        /** The label and meaning of this outcome. */
        Wording wording();

        /** Short label for tables. */
        default String label() {
            return wording().label();
        }

        /** What the verdict means, in a sentence. */
        default String meaning() {
            return wording().meaning();
        }
    }

    /** The outcomes of the deviation test. */
    public enum Deviation implements Outcome {
        /** The deviation is at most 3 × the error budget, and that budget is at most 1e−2 of the displacement. */
        EQUAL_WITHIN_ERROR("E = OT within numerical error",
                "the deviation from the exact OT map is explained by the numerical errors, which are small"),
        /** The deviation exceeds 10 × the error budget. */
        DIFFERENT_RESOLVED("E != OT, resolved",
                "the deviation from the exact OT map is more than 10 times what the numerical errors can produce"),
        /** Between the two, or the error budget too large to resolve anything. */
        NOT_RESOLVED("E vs OT not resolved",
                "the numerical errors are too large, relative to the deviation or to the displacement, to decide"),
        /** The exact OT map leaves the samples in place (T(x) = x), so the relative deviation is undefined. */
        UNDEFINED("E vs OT undefined",
                "the OT map does not move the samples (zero displacement), so no relative deviation is defined"),
        /** No exact OT map to compare with (none known, or only a sample estimate). */
        NO_EXACT_MAP("no exact OT map",
                "no closed-form OT map is known here; a sample estimate's deviation is reported but does not decide");

        private final Wording wording;

        Deviation(String label, String meaning) {
            this.wording = new Wording(label, meaning);
        }

        @Override public Wording wording() { return wording; }
    }

    /** The outcomes of Brenier's test (an OT map is the gradient of a convex function: J = Jᵀ). */
    public enum GradientMap implements Outcome {
        /** The asymmetry is within 10 × its floor: consistent with a gradient map. */
        SYMMETRIC_WITHIN_FLOOR("Jacobian symmetric within its floor",
                "E's Jacobian is symmetric to within its numerical floor, as for every gradient map"),
        /** The asymmetry exceeds 10 × its floor. */
        NOT_A_GRADIENT_MAP("Jacobian asymmetric: E is not a gradient map",
                "E's Jacobian is asymmetric beyond its numerical floor, so E is no gradient map and no OT map"),
        /** No Jacobian points were asked for. */
        NOT_TESTED("Jacobian not tested", "no Jacobian points were evaluated");

        private final Wording wording;

        GradientMap(String label, String meaning) {
            this.wording = new Wording(label, meaning);
        }

        @Override public Wording wording() { return wording; }
    }

    /**
     * The deviation verdict with the numbers it compared.
     *
     * @param outcome   the outcome
     * @param deviation mean relative deviation ‖E(x) − T(x)‖ / ‖T(x) − x‖ (NaN when none)
     * @param errors    the error budget it was compared with (sum of the mean error terms)
     */
    public record DeviationVerdict(Deviation outcome, double deviation, double errors) {
        /** One line with the numbers. */
        public String text() {
            return switch (outcome) {
                case EQUAL_WITHIN_ERROR -> outcome.label() + " (deviation " + fmt(deviation) + " <= 3 x errors "
                        + fmt(errors) + ")";
                case DIFFERENT_RESOLVED -> outcome.label() + " (deviation " + fmt(deviation) + " > 10 x errors "
                        + fmt(errors) + ")";
                case NOT_RESOLVED -> outcome.label() + " (deviation " + fmt(deviation) + ", errors " + fmt(errors)
                        + (errors > MAX_RESOLVING_ERROR ? ": errors above " + fmt(MAX_RESOLVING_ERROR) + " of the displacement"
                                : "") + ")";
                case UNDEFINED -> outcome.label() + " (zero displacement ||T(x) - x|| at every sample)";
                case NO_EXACT_MAP -> outcome.label() + (Double.isFinite(deviation)
                        ? " (deviation " + fmt(deviation) + " from a sample estimate, not decisive)" : "");
            };
        }
    }

    /**
     * The gradient-map verdict with the numbers it compared.
     *
     * @param outcome   the outcome
     * @param asymmetry mean ‖J − Jᵀ‖_F / ‖J‖_F over the Jacobian points (NaN when not tested)
     * @param floor     its numerical floor (mean over the points)
     */
    public record GradientMapVerdict(GradientMap outcome, double asymmetry, double floor) {
        /** One line with the numbers. */
        public String text() {
            return switch (outcome) {
                case NOT_A_GRADIENT_MAP -> outcome.label() + " (" + fmt(asymmetry) + " > 10 x floor " + fmt(floor) + ")";
                case SYMMETRIC_WITHIN_FLOOR -> outcome.label() + " (" + fmt(asymmetry) + " vs " + fmt(floor) + ")";
                case NOT_TESTED -> outcome.label();
            };
        }
    }

    /**
     * Judges the deviation.
     *
     * @param deviation  the TT encoder against the reference map (per-sample statistic)
     * @param errors     the error budget (sum of the mean error terms, relative to the same displacement)
     * @param exactMap   whether the reference is an exact OT map (a sample estimate does not decide)
     */
    public static DeviationVerdict judgeDeviation(Stat deviation, double errors, boolean exactMap) {
        double dev = deviation.mean();
        if (exactMap && !deviation.defined() && deviation.undefined() > 0) {
            return new DeviationVerdict(Deviation.UNDEFINED, dev, errors);
        }
        if (!exactMap || !deviation.defined()) {
            return new DeviationVerdict(Deviation.NO_EXACT_MAP, dev, errors);
        }
        Deviation d;
        if (dev <= WITHIN_FACTOR * errors && errors <= MAX_RESOLVING_ERROR) {
            d = Deviation.EQUAL_WITHIN_ERROR;
        } else if (dev > RESOLVED_FACTOR * errors) {
            d = Deviation.DIFFERENT_RESOLVED;
        } else {
            d = Deviation.NOT_RESOLVED;
        }
        return new DeviationVerdict(d, dev, errors);
    }

    /** Judges Brenier's test from the asymmetry and its floor. */
    public static GradientMapVerdict judgeGradientMap(Stat asymmetry, Stat floor) {
        if (!asymmetry.defined()) {
            return new GradientMapVerdict(GradientMap.NOT_TESTED, Double.NaN, Double.NaN);
        }
        double fl = floor.meanOrZero();
        GradientMap g = asymmetry.mean() > ASYMMETRY_FACTOR * fl ? GradientMap.NOT_A_GRADIENT_MAP
                : GradientMap.SYMMETRIC_WITHIN_FLOOR;
        return new GradientMapVerdict(g, asymmetry.mean(), fl);
    }

    /** Both verdicts in one line, each named ("deviation: …; gradient map: …"). */
    public String text() {
        return "deviation: " + deviation.text() + "; gradient map: " + gradientMap.text();
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : "n/a";
    }
}
