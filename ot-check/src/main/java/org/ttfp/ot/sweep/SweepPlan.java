package org.ttfp.ot.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttfp.ot.verify.ProblemFile;

/**
 * Expands a {@link SweepFile} into its cases and writes the sweep folder:
 * <pre>
 * DIR/manifest.json            the {@link Manifest}
 * DIR/sweep.json               the sweep file as given
 * DIR/cases/K/problem.json     case K as a self-contained problem file (K = 0 … K−1), or for a preset base
 *                              {"name", "preset": {every option}} (see {@link PresetBase})
 * DIR/cases/K/result/          written by ttfp sweep run (atomically)
 * </pre>
 * Every case is validated through {@link ProblemFile} before anything is written; a refused case is
 * reported by its number and axis values.
 */
public final class SweepPlan {
    private SweepPlan() {}

    /** The cases of a sweep, in order (case K: the mixed-radix digits of K over the axes, the first slowest). */
    public static List<Manifest.Case> expand(SweepFile sweep) {
        int count = sweep.caseCount();
        List<String> paths = new ArrayList<>(sweep.axes().keySet());
        List<List<JsonNode>> lists = new ArrayList<>(sweep.axes().values());
        int zipLength = sweep.zip().isEmpty() ? 1 : sweep.zip().values().iterator().next().size();
        List<Manifest.Case> cases = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int rest = k;
            int zipIndex = rest % zipLength;
            rest /= zipLength;
            int[] digit = new int[paths.size()];
            for (int a = paths.size() - 1; a >= 0; a--) {
                digit[a] = rest % lists.get(a).size();
                rest /= lists.get(a).size();
            }
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (int a = 0; a < paths.size(); a++) {
                values.put(paths.get(a), lists.get(a).get(digit[a]));
            }
            for (Map.Entry<String, List<JsonNode>> z : sweep.zip().entrySet()) {
                values.put(z.getKey(), z.getValue().get(zipIndex));
            }
            cases.add(build(sweep, k, values));
        }
        return cases;
    }

    private static Manifest.Case build(SweepFile sweep, int k, Map<String, JsonNode> values) {
        ObjectNode problem = sweep.base().deepCopy();
        CaseSettings settings = sweep.settings();
        String scenario = sweep.name() + "-" + k;
        Manifest.Case c = new Manifest.Case(k, values, settings, "cases/" + k + "/problem.json", scenario);
        try {
            for (Map.Entry<String, JsonNode> e : values.entrySet()) {
                if (CaseSettings.FIELDS.contains(e.getKey())) {
                    settings = settings.with(e.getKey(), e.getValue(), "setting '" + e.getKey() + "'");
                } else {
                    set(problem, e.getKey(), e.getValue());
                }
            }
            problem.put("name", scenario);
            if (PresetBase.isPreset(problem)) {
                PresetBase.scenario(problem, settings.seed());
            } else {
                ProblemFile.parse(problem, scenario);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("case " + k + " (" + c.label() + ") is refused: " + e.getMessage(), e);
        }
        return new Manifest.Case(k, values, settings, c.problem(), scenario);
    }

    /** The problem object of a case (the base with the case's problem axes set). */
    static ObjectNode problem(SweepFile sweep, Manifest.Case c) {
        ObjectNode problem = sweep.base().deepCopy();
        for (Map.Entry<String, JsonNode> e : c.values().entrySet()) {
            if (!CaseSettings.FIELDS.contains(e.getKey())) {
                set(problem, e.getKey(), e.getValue());
            }
        }
        problem.put("name", c.scenario());
        return PresetBase.isPreset(problem) ? PresetBase.complete(problem, c.settings().seed()) : problem;
    }

    /** Sets {@code a.b.c} in {@code root}, creating the objects on the way. */
    static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            if (next == null || next.isNull()) {
                next = node.putObject(parts[i]);
            } else if (!next.isObject()) {
                throw new IllegalArgumentException("axis '" + path + "': field '" + parts[i] + "' of the base is "
                        + next + ", not an object");
            }
            node = (ObjectNode) next;
        }
        node.set(parts[parts.length - 1], value);
    }

    /**
     * Validates every case and writes the sweep folder {@code dir} (which must not exist or be
     * empty) atomically: a temporary folder beside it, renamed at the end.
     *
     * @return the manifest
     * @throws IllegalArgumentException naming the case (number and axis values) a problem file would refuse
     */
    public static Manifest write(SweepFile sweep, String sweepText, Path dir) {
        List<Manifest.Case> cases = expand(sweep);
        Manifest m = new Manifest("ttfp sweep", Manifest.SCHEMA, sweep.name(), List.copyOf(sweep.axes().keySet()),
                List.copyOf(sweep.zip().keySet()), cases.size(), cases);
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                if (!Files.isDirectory(abs)) {
                    throw new IllegalArgumentException("--out " + dir + " is a file: expected a new or empty folder");
                }
                try (var s = Files.list(abs)) {
                    if (s.findAny().isPresent()) {
                        throw new IllegalArgumentException("--out " + dir + " is not empty"
                                + (Files.exists(abs.resolve(Manifest.FILE)) ? " (a sweep is already planned there: run, "
                                + "merge or remove it)" : "") + ": expected a new or empty folder");
                    }
                }
            }
            Path parent = abs.getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempDirectory(parent, ".tmp-sweep-" + sweep.name() + "-");
            try {
                for (Manifest.Case c : cases) {
                    Path cd = Manifest.caseDir(temp, c.index());
                    Files.createDirectories(cd);
                    Manifest.write(cd.resolve("problem.json"), problem(sweep, c));
                }
                Files.writeString(temp.resolve("sweep.json"), sweepText);
                Manifest.write(temp.resolve(Manifest.FILE), m);
                if (Files.exists(abs)) {
                    Files.delete(abs);
                }
                Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                SweepRun.deleteTree(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sweep folder " + dir + ": " + e, e);
        }
        return m;
    }
}
