package org.ttfp.ot.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a planned sweep, {@code DIR/manifest.json}: the sweep's name, its axes and one
 * entry per case (case K's problem file is {@code DIR/cases/K/problem.json}).
 *
 * @param tool      "ttfp sweep"
 * @param schema    the layout's version ({@link #SCHEMA})
 * @param name      the sweep's name
 * @param axes      the Cartesian axes' paths, in order (first varies slowest)
 * @param zip       the zipped group's paths (varying together, after the axes)
 * @param caseCount K
 * @param cases     the cases, by number 0 … K−1
 */
public record Manifest(String tool, int schema, String name, List<String> axes, List<String> zip, int caseCount,
        List<Case> cases) {

    /** The version of the manifest's layout. */
    public static final int SCHEMA = 1;

    /** The file name of the manifest in a sweep folder. */
    public static final String FILE = "manifest.json";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One case.
     *
     * @param index    K
     * @param values   the axis values of this case, path → value, in axis order
     * @param settings its run settings
     * @param problem  its problem file, relative to the sweep folder
     * @param scenario the scenario's name
     */
    public record Case(int index, Map<String, JsonNode> values, CaseSettings settings, String problem, String scenario) {
        /** The axis values in words, e.g. {@code density.epsilon=0.3, startTime=0.5}. */
        public String label() {
            StringBuilder sb = new StringBuilder();
            values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            return sb.toString();
        }
    }

    /** The folder of case K under the sweep folder. */
    public static Path caseDir(Path dir, int k) {
        return dir.resolve("cases").resolve(Integer.toString(k));
    }

    /** Reads {@code DIR/manifest.json}; errors name the folder. */
    public static Manifest read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("sweep folder " + dir + ": no " + FILE
                    + " (plan it first with ttfp sweep plan SWEEP.json --out " + dir + ")");
        }
        try {
            Manifest m = JSON.readValue(f.toFile(), Manifest.class);
            if (m.cases() == null || m.cases().size() != m.caseCount()) {
                throw new IllegalArgumentException("sweep folder " + dir + ": " + FILE + " lists "
                        + (m.cases() == null ? 0 : m.cases().size()) + " cases, expected caseCount = " + m.caseCount());
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("sweep folder " + dir + ": " + FILE + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Case K, refused by number when out of range. */
    public Case get(int k) {
        if (k < 0 || k >= caseCount) {
            throw new IllegalArgumentException("case " + k + ": expected 0 to " + (caseCount - 1) + " (the sweep '" + name
                    + "' has " + caseCount + " cases)");
        }
        return cases.get(k);
    }

    static void write(Path file, Object value) {
        try {
            JSON.writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
