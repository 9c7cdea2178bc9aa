package org.ttfp.ot.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import org.ttfp.ot.verify.Presets;
import org.ttfp.ot.verify.Scenario;

/**
 * One scenario of a preset as the base of a sweep, for the scenarios that a problem file cannot
 * write (the random densities of the {@code paper} preset):
 * <pre>
 * "preset": {"name": "paper", "dims": 3, "index": 0, "grid": 0, "rankCap": 0, "steps": 0, "seed": 1}
 * </pre>
 * {@code name} and {@code dims} (d ≥ 1) are required; {@code index} (0 to 9999, default 0) is the
 * density's number among {@code ttfp verify --preset paper --dims d --count C --seed s}, whose
 * density seed is s + 1000·index + d ({@link Presets}); {@code grid}, {@code rankCap}, {@code steps}
 * (0: the protocol's) are the preset's overrides; {@code seed} is s (absent in a sweep file: the
 * case's {@code seed} setting, as {@code verify} uses one seed for both). A planned case file is
 * {@code {"name": ..., "preset": {...}}} with every field written, so it is self-contained.
 */
public final class PresetBase {
    private PresetBase() {}

    /** The presets a sweep may take as its base. */
    public static final List<String> PRESETS = List.of("paper");

    /** The fields of the preset object, also the sweep axes {@code preset.F}. */
    public static final List<String> FIELDS = List.of("name", "dims", "index", "grid", "rankCap", "steps", "seed");

    /** Whether a case or base object is a preset case (has a {@code preset} field). */
    static boolean isPreset(JsonNode node) {
        return node != null && node.has("preset");
    }

    /** The case object with every preset field written ({@code seed} from the case's settings when absent). */
    static ObjectNode complete(ObjectNode caseNode, long seed) {
        ObjectNode p = (ObjectNode) caseNode.get("preset");
        if (!p.has("index")) {
            p.put("index", 0);
        }
        for (String f : List.of("grid", "rankCap", "steps")) {
            if (!p.has(f)) {
                p.put(f, 0);
            }
        }
        if (!p.has("seed")) {
            p.put("seed", seed);
        }
        return caseNode;
    }

    /**
     * Checks a case object {@code {"name": ..., "preset": {...}}} and builds its one scenario.
     *
     * @param seed the seed when the preset object has none
     * @throws IllegalArgumentException naming the field, its value and what was expected
     */
    public static Scenario scenario(JsonNode caseNode, long seed) {
        for (Iterator<String> it = caseNode.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("name") && !f.equals("preset")) {
                throw new IllegalArgumentException("unknown field '" + f + "' beside 'preset': a preset case takes only "
                        + "name and preset (vary the preset with axes preset.F, F one of " + FIELDS + ")");
            }
        }
        JsonNode p = caseNode.get("preset");
        if (p == null || !p.isObject()) {
            throw new IllegalArgumentException("field 'preset': expected an object such as {\"name\": \"paper\", "
                    + "\"dims\": 3, \"index\": 0}, got " + p);
        }
        for (Iterator<String> it = p.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown option 'preset." + f + "': expected some of " + FIELDS);
            }
        }
        JsonNode name = p.get("name");
        if (name == null || !name.isTextual() || !PRESETS.contains(name.asText())) {
            throw new IllegalArgumentException("field 'preset.name' = " + name + ": expected one of " + PRESETS
                    + " (the other presets are problem files: give them as 'base')");
        }
        if (!p.has("dims")) {
            throw new IllegalArgumentException("field 'preset.dims' is missing: expected the dimension d, e.g. 2, 3 or 7");
        }
        int d = integer(p, "dims", 1, 1000, 0);
        int index = integer(p, "index", 0, 9999, 0);
        int grid = integer(p, "grid", 0, 100_000, 0);
        if (grid > 0 && grid < 3) {
            throw new IllegalArgumentException("field 'preset.grid' = " + grid + ": expected 0 (protocol) or at least 3");
        }
        int rank = integer(p, "rankCap", 0, 10_000, 0);
        int steps = integer(p, "steps", 0, 100_000_000, 0);
        long s = seed;
        if (p.has("seed")) {
            JsonNode v = p.get("seed");
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new IllegalArgumentException("field 'preset.seed' = " + v + ": expected an integer");
            }
            s = v.asLong();
        }
        // the density of ttfp verify --preset paper --dims d --count > index --seed s (Presets.papers)
        return Presets.paper(d, s + 1000L * index + d, grid, rank, steps);
    }

    private static int integer(JsonNode p, String f, int lo, int hi, int dflt) {
        JsonNode v = p.get(f);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < lo || v.asInt() > hi) {
            throw new IllegalArgumentException("field 'preset." + f + "' = " + v + ": expected an integer " + lo + " to "
                    + hi);
        }
        return v.asInt();
    }
}
