package org.ttfp.ot.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import org.ttfp.linalg.Backend;
import org.ttfp.ot.verify.VerificationRunner;

/**
 * The run settings of one case (what a problem file does not say): the same meaning and defaults as
 * {@code ttfp verify}'s options {@code --samples}, {@code --jacobian-points}, {@code --seed},
 * {@code --tolerance}, {@code --density-floor}.
 *
 * @param samples             N, 2 to 46340
 * @param jacobianPoints      points of Brenier's test, 0 to 100000
 * @param seed                seed of the samples and of the solver's cross
 * @param integratorTolerance ODE tolerance in (0, 1e-2), or NaN (absent in a sweep file) for the automatic
 *                            choice of {@link org.ttfp.ot.verify.VerificationRunner#integratorTolerance}
 * @param densityFloor        in [0, 1)
 */
public record CaseSettings(int samples, int jacobianPoints, long seed, double integratorTolerance, double densityFloor) {

    /** The names of the settings, also the setting axes of a sweep. */
    public static final List<String> FIELDS = List.of("samples", "jacobianPoints", "seed", "integratorTolerance",
            "densityFloor");

    /** The defaults of {@code ttfp verify}. */
    public static final CaseSettings DEFAULTS = new CaseSettings(1000, 32, 1, Double.NaN, 1e-3);

    public CaseSettings {
        check(samples >= 2 && samples <= 46340, "samples", samples, "2 to 46340");
        check(jacobianPoints >= 0 && jacobianPoints <= 100_000, "jacobianPoints", jacobianPoints, "0 to 100000");
        check(Double.isNaN(integratorTolerance) || integratorTolerance > 0 && integratorTolerance < 1e-2,
                "integratorTolerance", integratorTolerance,
                "a tolerance in (0, 1e-2)");
        check(densityFloor >= 0 && densityFloor < 1, "densityFloor", densityFloor, "a fraction in [0, 1)");
    }

    private static void check(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("setting '" + field + "' = " + value + ": expected " + expected);
        }
    }

    /** The settings of the verification runner (Jacobian step 1e-4 and refinement 0.75, as {@code ttfp verify}). */
    public VerificationRunner.Settings runner(Backend backend) {
        return new VerificationRunner.Settings(samples, jacobianPoints, 1e-4, integratorTolerance, 0.75, densityFloor, seed,
                backend);
    }

    /** These settings with one field replaced (a setting axis); errors name {@code where}. */
    public CaseSettings with(String field, JsonNode v, String where) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException(where + " = " + v + ": expected a number");
        }
        boolean integral = !field.equals("integratorTolerance") && !field.equals("densityFloor");
        if (integral && (!v.isIntegralNumber() || (!field.equals("seed") && !v.canConvertToInt()))) {
            throw new IllegalArgumentException(where + " = " + v + ": expected an integer");
        }
        try {
            return switch (field) {
                case "samples" -> new CaseSettings(v.asInt(), jacobianPoints, seed, integratorTolerance, densityFloor);
                case "jacobianPoints" -> new CaseSettings(samples, v.asInt(), seed, integratorTolerance, densityFloor);
                case "seed" -> new CaseSettings(samples, jacobianPoints, v.asLong(), integratorTolerance, densityFloor);
                case "integratorTolerance" -> new CaseSettings(samples, jacobianPoints, seed, v.asDouble(), densityFloor);
                case "densityFloor" -> new CaseSettings(samples, jacobianPoints, seed, integratorTolerance, v.asDouble());
                default -> throw new IllegalArgumentException("unknown setting '" + field + "': expected one of " + FIELDS);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** Parses the {@code settings} object of a sweep file (null: the defaults). */
    static CaseSettings parse(JsonNode node, String where) {
        CaseSettings s = DEFAULTS;
        if (node == null) {
            return s;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("field '" + where + "': expected an object, got " + node);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + where + "." + f + "': expected some of " + FIELDS);
            }
            s = s.with(f, node.get(f), "field '" + where + "." + f + "'");
        }
        return s;
    }
}
