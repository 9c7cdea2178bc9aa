package org.ttfp.ot.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.ConvexPotential;
import org.ttfp.fp.density.CoupledQuarticPotential;
import org.ttfp.fp.density.LavenantSantambrogioPotential;

/**
 * A user's verification case as a JSON file, so that it runs without writing Java:
 * <pre>
 * {
 *   "name": "my-case",                      (optional, default: the file name)
 *   "sde": "vp",                            (vp | ou | ve | subvp; default vp, for convex potentials ou)
 *   "density": { "type": "mixture", "weights": [0.5, 0.5],
 *                "means": [[0, 0], [1, 1]], "covariances": [[[1, 0], [0, 1]], [[0.5, 0.1], [0.1, 0.5]]] }
 *           or { "type": "gaussian", "mean": [0, 0], "covariance": [[1, 0.3], [0.3, 0.5]] }
 *           or { "type": "convex-potential", "family": "lavenant-santambrogio", "epsilon": 0.3 }
 *           or { "type": "convex-potential", "family": "coupled-quartic", "dim": 4, "a": 0.05, "epsilon": 0.2,
 *                "pairCoupling": 0.2, "pairSeed": 1 },   (optional long-range pairs, see below)
 *   "grid": { "n": 64, "halfWidth": 8 },    (halfWidth optional: chosen from the density when absent)
 *   "steps": 100, "rankCap": 30, "startTime": 0
 * }
 * </pre>
 * Every field is checked; a bad one is reported by its path (e.g. {@code density.weights}): unknown
 * keys at any level, values of the wrong type (e.g. {@code "grid": 64}), duplicate keys and text
 * after the closing brace are refused. Fields left out take the defaults of the corresponding
 * preset ({@link Presets.Defaults}: a Gaussian gets the grid, rank cap and steps of
 * {@code --preset gaussian}, a mixture those of {@code mixture}, a convex potential those of
 * {@code counterexample}), so that a file naming only its density runs as accurately as the preset.
 *
 * <p>Long-range pairs of the coupled quartic ({@link CoupledQuarticPotential}: the term
 * κ Σ_{(i,j)∈P} x_i x_j): {@code pairCoupling} is κ; the pairs P are either the seeded set
 * {@link CoupledQuarticPotential#longRangePairs}(dim, {@code pairSeed}) (⌈dim/5⌉ pairs; {@code pairSeed}
 * an integer ≥ 0, default 1) or given as {@code "pairs": [[1, 4], [2, 5]]}, 1-based coordinates as in
 * x_1..x_d with |i − j| ≥ 2 (not both). Without {@code pairCoupling} there are no pairs, and
 * {@code pairSeed} or {@code pairs} alone is refused.
 */
public final class ProblemFile {
    private ProblemFile() {}

    private static final Set<String> TOP = orderedSet("name", "sde", "density", "grid", "steps", "rankCap", "startTime");
    private static final Set<String> GRID = orderedSet("n", "halfWidth");
    private static final Set<String> GAUSSIAN = orderedSet("type", "mean", "covariance");
    private static final Set<String> MIXTURE = orderedSet("type", "weights", "means", "covariances");
    private static final Set<String> LAVENANT = orderedSet("type", "family", "epsilon");
    private static final Set<String> QUARTIC = orderedSet("type", "family", "dim", "a", "epsilon", "pairCoupling",
            "pairSeed", "pairs");

    /** Strict JSON: duplicate keys and trailing text are errors. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private static Set<String> orderedSet(String... keys) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(java.util.List.of(keys)));
    }

    /**
     * Reads and validates the file.
     *
     * @throws IllegalArgumentException naming the file and the field when anything is wrong
     */
    public static Scenario read(Path file) {
        JsonNode root;
        try {
            root = parseJson(Files.readString(file));
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.charset.MalformedInputException ? "not UTF-8 text" : e.getMessage();
            throw new IllegalArgumentException("problem file " + file + " cannot be read: " + why, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("problem file " + file + ": " + e.getMessage(), e);
        }
        String defaultName = file.getFileName().toString().replaceFirst("\\.json$", "");
        try {
            return parse(root, defaultName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("problem file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses JSON text strictly (duplicate keys, trailing text and malformed input are refused).
     *
     * @throws IllegalArgumentException naming the line, column and what is wrong
     */
    public static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new IllegalArgumentException("not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Parses a problem given as text (see the class comment); {@code defaultName} names it when "name" is absent. */
    public static Scenario parse(String text, String defaultName) {
        return parse(parseJson(text), defaultName);
    }

    /** Parses a problem given as a JSON tree (see the class comment). */
    public static Scenario parse(JsonNode root, String defaultName) {
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("the problem is empty: expected a JSON object at the top level");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object at the top level");
        }
        known(root, "", TOP);
        String name = root.has("name") ? text(root, "name") : defaultName;
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("field 'name' = '" + name + "': expected letters, digits, '.', '_', '-'");
        }
        JsonNode density = require(root, "density");
        if (!density.isObject()) {
            throw new IllegalArgumentException("field 'density': expected an object, got " + density);
        }
        String type = text(density, "density.type").toLowerCase(Locale.ROOT);
        Presets.Defaults dflt = switch (type) {
            case "gaussian" -> Presets.Defaults.GAUSSIAN;
            case "mixture" -> Presets.Defaults.MIXTURE;
            case "convex-potential" -> Presets.Defaults.CONVEX_POTENTIAL;
            default -> throw new IllegalArgumentException("field 'density.type' = '" + type
                    + "': expected mixture, gaussian or convex-potential");
        };
        JsonNode grid = root.get("grid");
        if (grid != null && !grid.isObject()) {
            throw new IllegalArgumentException("field 'grid': expected an object such as {\"n\": 64, \"halfWidth\": 8}, got "
                    + grid);
        }
        if (grid != null) {
            known(grid, "grid.", GRID);
        }
        int n = grid != null && grid.has("n") ? intField(grid.get("n"), "grid.n", 3, ResourceEstimate.MAX_NODES) : dflt.grid();
        String tooLarge = ResourceEstimate.solve(1, n, 1, 1).refusal(Runtime.getRuntime().maxMemory());
        if (tooLarge != null) {
            throw new IllegalArgumentException("field 'grid.n' = " + n + ": the solve " + tooLarge);
        }
        double half = grid != null && grid.has("halfWidth") ? positive(grid.get("halfWidth"), "grid.halfWidth") : -1;
        int steps = root.has("steps") ? intField(root.get("steps"), "steps", 1, 100_000_000) : dflt.steps();
        int rank = root.has("rankCap") ? intField(root.get("rankCap"), "rankCap", 1, 10_000) : dflt.rank();
        double t0 = root.has("startTime") ? nonNegative(root.get("startTime"), "startTime") : 0.0;
        switch (type) {
            case "mixture":
            case "gaussian": {
                known(density, "density.", type.equals("gaussian") ? GAUSSIAN : MIXTURE);
                GaussianMixture m = type.equals("gaussian") ? gaussian(density) : mixture(density);
                String sdeName = root.has("sde") ? text(root, "sde") : "vp";
                Presets.NamedSde s;
                try {
                    s = Presets.sde(sdeName, m.dim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("field 'sde': " + e.getMessage(), e);
                }
                if (!(t0 < s.horizon())) {
                    throw new IllegalArgumentException("field 'startTime' = " + t0 + ": expected < T = " + s.horizon());
                }
                Scenario base = type.equals("gaussian") ? Presets.gaussian(m, s, n, rank, steps, t0)
                        : Presets.mixture(m, s, n, rank, steps, t0, 1L);
                return rename(base, name, half, n);
            }
            default: {
                String family = text(density, "density.family").toLowerCase(Locale.ROOT);
                ConvexPotential u;
                try {
                    if (family.equals("lavenant-santambrogio")) {
                        known(density, "density.", LAVENANT);
                        u = new LavenantSantambrogioPotential(
                                number(require(density, "density.epsilon"), "density.epsilon"));
                    } else if (family.equals("coupled-quartic")) {
                        known(density, "density.", QUARTIC);
                        u = coupledQuartic(density);
                    } else {
                        throw new IllegalArgumentException("field 'density.family' = '" + family
                                + "': expected lavenant-santambrogio or coupled-quartic");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage().startsWith("field") ? e.getMessage()
                            : "field 'density': " + e.getMessage(), e);
                }
                Presets.NamedSde s;
                try {
                    s = Presets.sde(root.has("sde") ? text(root, "sde") : "ou", u.dim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("field 'sde': " + e.getMessage(), e);
                }
                if (!(t0 < s.horizon())) {
                    throw new IllegalArgumentException("field 'startTime' = " + t0 + ": expected < T = "
                            + Presets.num(s.horizon()) + " (" + s.name() + ")");
                }
                double h = half > 0 ? half : Presets.convexPotentialHalfWidth(s);
                return Presets.convexPotential(name, "t0=" + Presets.num(t0), u, s, t0, h, n, rank, steps);
            }
        }
    }

    /** The coupled quartic with its optional long-range pairs (see the class comment). */
    private static CoupledQuarticPotential coupledQuartic(JsonNode density) {
        int dim = intField(require(density, "density.dim"), "density.dim", 1, 1000);
        double a = number(require(density, "density.a"), "density.a");
        double eps = number(require(density, "density.epsilon"), "density.epsilon");
        if (!density.has("pairCoupling")) {
            for (String k : new String[] {"pairSeed", "pairs"}) {
                if (density.has(k)) {
                    throw new IllegalArgumentException("field 'density." + k
                            + "' without 'density.pairCoupling': expected the coupling of the pairs too");
                }
            }
            return new CoupledQuarticPotential(dim, a, eps);
        }
        double kappa = number(density.get("pairCoupling"), "density.pairCoupling");
        if (density.has("pairSeed") && density.has("pairs")) {
            throw new IllegalArgumentException("fields 'density.pairSeed' and 'density.pairs' both given: expected "
                    + "a seed for the default pairs or the pairs themselves, not both");
        }
        int[][] pairs;
        if (density.has("pairs")) {
            JsonNode list = density.get("pairs");
            if (!list.isArray()) {
                throw new IllegalArgumentException("field 'density.pairs': expected an array of pairs such as "
                        + "[[1, 4], [2, 5]], got " + list);
            }
            pairs = new int[list.size()][];
            for (int k = 0; k < pairs.length; k++) {
                String path = "density.pairs[" + k + "]";
                JsonNode p = list.get(k);
                if (!p.isArray() || p.size() != 2) {
                    throw new IllegalArgumentException("field '" + path + "': expected two coordinates [i, j], got " + p);
                }
                int i = intField(p.get(0), path + "[0]", 1, dim), j = intField(p.get(1), path + "[1]", 1, dim);
                if (Math.abs(i - j) < 2) {
                    throw new IllegalArgumentException("field '" + path + "' = " + p
                            + ": expected |i - j| >= 2 (neighbours are coupled by epsilon already)");
                }
                pairs[k] = new int[] {i - 1, j - 1};
            }
        } else {
            long seed = density.has("pairSeed")
                    ? intField(density.get("pairSeed"), "density.pairSeed", 0, Integer.MAX_VALUE) : 1L;
            pairs = CoupledQuarticPotential.longRangePairs(dim, seed);
        }
        try {
            return new CoupledQuarticPotential(dim, a, eps, kappa, pairs);
        } catch (IllegalArgumentException e) {
            // the potential counts pairs from 0; the file from 1
            throw new IllegalArgumentException("field 'density': " + e.getMessage()
                    + (e.getMessage().startsWith("pairs[") ? " (0-based; the file's pairs are 1-based)" : ""), e);
        }
    }

    /** Refuses keys of {@code node} outside {@code allowed}, naming the key's path. */
    private static void known(JsonNode node, String prefix, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + prefix + f + "': expected some of " + allowed);
            }
        }
    }

    private static Scenario rename(Scenario b, String name, double half, int n) {
        org.ttfp.cheb.ChebyshevBox box = half > 0 ? org.ttfp.cheb.ChebyshevBox.cube(b.dim(), -half, half, n) : b.box();
        return new Scenario(name, b.family(), b.parameter(), b.sde(), b.sdeName(), b.horizon(), b.startTime(), box,
                b.steps(), b.maxRank(), b.tolerance(), b.initial(), b.sampler(), b.exactScore(), b.reference(),
                b.boxMassTolerance());
    }

    private static GaussianMixture gaussian(JsonNode density) {
        double[] mean = vector(require(density, "density.mean"), "density.mean");
        double[] cov = matrix(require(density, "density.covariance"), "density.covariance", mean.length);
        try {
            return GaussianMixture.gaussian(mean, cov);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'density': " + e.getMessage(), e);
        }
    }

    private static GaussianMixture mixture(JsonNode density) {
        double[] w = vector(require(density, "density.weights"), "density.weights");
        JsonNode means = require(density, "density.means"), covs = require(density, "density.covariances");
        if (!means.isArray() || means.size() != w.length) {
            throw new IllegalArgumentException("field 'density.means': expected an array of " + w.length + " vectors");
        }
        if (!covs.isArray() || covs.size() != w.length) {
            throw new IllegalArgumentException("field 'density.covariances': expected an array of " + w.length + " matrices");
        }
        double[][] mu = new double[w.length][];
        double[][] cov = new double[w.length][];
        for (int k = 0; k < w.length; k++) {
            mu[k] = vector(means.get(k), "density.means[" + k + "]");
            cov[k] = matrix(covs.get(k), "density.covariances[" + k + "]", mu[k].length);
        }
        try {
            return GaussianMixture.of(w, mu, cov);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'density': " + e.getMessage(), e);
        }
    }

    /** The field at {@code path} (its last segment is looked up in {@code node}), refused when missing or null. */
    private static JsonNode require(JsonNode node, String path) {
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + path + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String path) {
        JsonNode v = require(node, path);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + path + "': expected a string, got " + v);
        }
        return v.asText();
    }

    private static double number(JsonNode v, String path) {
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException("field '" + path + "': expected a finite number, got " + v);
        }
        return v.asDouble();
    }

    private static double positive(JsonNode v, String path) {
        double x = number(v, path);
        if (!(x > 0)) {
            throw new IllegalArgumentException("field '" + path + "' = " + x + ": expected > 0");
        }
        return x;
    }

    private static double nonNegative(JsonNode v, String path) {
        double x = number(v, path);
        if (!(x >= 0)) {
            throw new IllegalArgumentException("field '" + path + "' = " + x + ": expected >= 0");
        }
        return x;
    }

    private static int intField(JsonNode v, String path, int min, int max) {
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + path + "': expected an integer, got " + v);
        }
        if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw new IllegalArgumentException("field '" + path + "' = " + v + ": expected an integer from " + min + " to "
                    + max);
        }
        return v.asInt();
    }

    private static double[] vector(JsonNode v, String path) {
        if (v == null || !v.isArray() || v.size() == 0) {
            throw new IllegalArgumentException("field '" + path + "': expected a non-empty array of numbers");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(v.get(i), path + "[" + i + "]");
        }
        return out;
    }

    private static double[] matrix(JsonNode v, String path, int d) {
        if (v == null || !v.isArray() || v.size() != d) {
            throw new IllegalArgumentException("field '" + path + "': expected a " + d + " x " + d + " array of arrays");
        }
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            double[] row = vector(v.get(i), path + "[" + i + "]");
            if (row.length != d) {
                throw new IllegalArgumentException("field '" + path + "[" + i + "]': expected " + d + " numbers, got "
                        + row.length);
            }
            System.arraycopy(row, 0, out, i * d, d);
        }
        return out;
    }
}
