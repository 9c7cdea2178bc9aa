package org.ttfp.ot.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ttfp.ot.verify.ProblemFile;

/**
 * A sweep: a base problem (a problem-file object, see {@link ProblemFile}, or a preset scenario
 * {@code "preset": {...}} instead of {@code "base"}, see {@link PresetBase}), run settings and the
 * axes to vary (for a preset base: {@code preset.dims}, {@code preset.index}, ... and the settings).
 * <pre>
 * { "name": "eps-t0",                                    (letters, digits, '.', '_', '-')
 *   "base": { "density": {"type": "convex-potential", "family": "lavenant-santambrogio", "epsilon": 0.3},
 *             "grid": {"n": 32}, "steps": 40 },
 *   "settings": { "samples": 200, "jacobianPoints": 16, "seed": 1, "integratorTolerance": 1e-8, "densityFloor": 1e-3 },
 *   "axes": { "density.epsilon": [0.1, 0.2, 0.4], "t0": [0.1, 0.5] },
 *   "zip":  { "sde": ["vp", "ve"], "grid.n": [32, 40] } }                      (optional)
 * </pre>
 * An axis is a JSON path into the base problem ({@code density.epsilon}, {@code grid.n},
 * {@code startTime}, {@code sde}, {@code steps}, {@code rankCap}, {@code density.dim}, ...) or a run
 * setting ({@code seed}, {@code samples}, {@code jacobianPoints}); the short names {@code t0},
 * {@code dim}, {@code grid} and {@code epsilon} stand for {@code startTime}, {@code density.dim},
 * {@code grid.n} and {@code density.epsilon}. The axes combine as a Cartesian product in file order
 * (the first axis varies slowest); the zipped group varies its paths together, as one more axis
 * after the others (all its lists of one length). K = product of the axis lengths cases.
 *
 * @param name     the sweep's name
 * @param base     the base problem (an object of a problem file, or {@code {"preset": {...}}})
 * @param settings the run settings of every case (before the setting axes)
 * @param axes     the Cartesian axes, path → values, in order
 * @param zip      the zipped group, path → values (empty when none)
 */
public record SweepFile(String name, ObjectNode base, CaseSettings settings, Map<String, List<JsonNode>> axes,
        Map<String, List<JsonNode>> zip) {

    /** Short axis names and the paths they stand for. */
    public static final Map<String, String> ALIASES = Map.of("t0", "startTime", "dim", "density.dim", "grid", "grid.n",
            "epsilon", "density.epsilon");

    private static final Set<String> TOP = Set.of("name", "base", "preset", "settings", "axes", "zip");

    /** The paths of a problem file's fields (see {@link ProblemFile}) that an axis may vary. */
    public static final List<String> PROBLEM_PATHS = List.of("sde", "startTime", "steps", "rankCap", "grid.n",
            "grid.halfWidth", "density.type", "density.family", "density.epsilon", "density.dim", "density.a",
            "density.mean", "density.covariance", "density.weights", "density.means", "density.covariances");

    /** Reads and checks a sweep file; errors name the file and the field. */
    public static SweepFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("sweep file " + file + " cannot be read: "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString()), e);
        }
        String dflt = file.getFileName().toString().replaceFirst("\\.json$", "");
        try {
            return parse(ProblemFile.parseJson(text), dflt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sweep file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a sweep given as a JSON tree (see the class comment). */
    public static SweepFile parse(JsonNode root, String defaultName) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object at the top level");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!TOP.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "': expected some of name, base, preset, "
                        + "settings, axes, zip");
            }
        }
        String name = root.has("name") ? root.get("name").asText() : defaultName;
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("field 'name' = '" + name + "': expected letters, digits, '.', '_', '-'");
        }
        JsonNode base = root.get("base");
        if (root.has("preset")) {
            if (base != null) {
                throw new IllegalArgumentException("fields 'base' and 'preset' are both given: expected one of them (a "
                        + "problem-file object or a preset scenario, see PresetBase)");
            }
            base = Manifest.JSON.createObjectNode().set("preset", root.get("preset"));
        } else if (base == null || !base.isObject()) {
            throw new IllegalArgumentException("field 'base': expected a problem-file object (or 'preset': a preset "
                    + "scenario), got " + base);
        }
        CaseSettings settings = CaseSettings.parse(root.get("settings"), "settings");
        Map<String, List<JsonNode>> axes = axes(root.get("axes"), "axes", false);
        Map<String, List<JsonNode>> zip = root.has("zip") ? axes(root.get("zip"), "zip", true) : Map.of();
        for (String p : zip.keySet()) {
            if (axes.containsKey(p)) {
                throw new IllegalArgumentException("axis '" + p + "' is both in 'axes' and in 'zip'");
            }
        }
        if (axes.isEmpty() && zip.isEmpty()) {
            throw new IllegalArgumentException("field 'axes': expected at least one axis, e.g. {\"t0\": [0.1, 0.5]}");
        }
        return new SweepFile(name, (ObjectNode) base, settings, axes, zip);
    }

    private static Map<String, List<JsonNode>> axes(JsonNode node, String field, boolean zipped) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("field '" + field + "': expected an object of axis → list of values, got "
                    + node);
        }
        int length = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = canonical(e.getKey());
            String where = field + "." + e.getKey();
            if (!e.getValue().isArray()) {
                throw new IllegalArgumentException("axis '" + where + "': expected a list of values, got " + e.getValue());
            }
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("axis '" + where + "' is empty: expected at least one value");
            }
            List<JsonNode> values = new ArrayList<>();
            e.getValue().forEach(values::add);
            for (int i = 0; i < values.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (values.get(i).equals(values.get(j))) {
                        throw new IllegalArgumentException("axis '" + where + "': value " + values.get(i)
                                + " appears twice (positions " + j + " and " + i + ")");
                    }
                }
            }
            if (zipped && length >= 0 && values.size() != length) {
                throw new IllegalArgumentException("zipped axis '" + where + "' has " + values.size()
                        + " values, the others of 'zip' have " + length);
            }
            length = values.size();
            if (out.put(path, values) != null) {
                throw new IllegalArgumentException("axis '" + where + "' names the path " + path + " twice");
            }
        }
        return out;
    }

    /** The path an axis name stands for (an alias resolved), checked against the problem file's fields. */
    static String canonical(String axis) {
        String p = ALIASES.getOrDefault(axis, axis);
        if (CaseSettings.FIELDS.contains(p)) {
            return p;
        }
        if (p.startsWith("preset.") && PresetBase.FIELDS.contains(p.substring("preset.".length()))) {
            return p;
        }
        if (!PROBLEM_PATHS.contains(p)) {
            throw new IllegalArgumentException("unknown axis '" + axis + "': expected a problem-file path ("
                    + String.join(", ", PROBLEM_PATHS) + "), a setting (" + String.join(", ", CaseSettings.FIELDS)
                    + "), a preset option (preset." + String.join(", preset.", PresetBase.FIELDS)
                    + ") or a short name (" + String.join(", ", new java.util.TreeSet<>(ALIASES.keySet())) + ")");
        }
        return p;
    }

    /** Number of cases: the product of the axis lengths (the zipped group counts once). */
    public int caseCount() {
        long k = 1;
        for (List<JsonNode> v : axes.values()) {
            k *= v.size();
        }
        if (!zip.isEmpty()) {
            k *= zip.values().iterator().next().size();
        }
        if (k > 1_000_000) {
            throw new IllegalArgumentException("the sweep has " + k + " cases: expected at most 1000000");
        }
        return (int) k;
    }
}
