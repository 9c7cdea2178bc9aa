package org.ttfp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Glue between the JMH benchmarks (running in forked JVMs) and {@link BenchmarkSuite}: each
 * benchmark computes its {@link Figure} once per trial, prints it, and writes it to the folder named
 * by the system property {@value #FIGURES_PROPERTY} under a key derived from the benchmark and its
 * parameters, where the suite reads it back.
 */
public final class BenchSupport {
    /** System property naming the folder for figure files (set by the suite for its forks). */
    public static final String FIGURES_PROPERTY = "ttfp.bench.figures";

    private BenchSupport() {}

    /**
     * The figure key: simple class name, method and the parameters sorted by name, e.g.
     * {@code W2RoundingBench.round_backend=openblas_r=100}; only [A-Za-z0-9._=-] (safe as a file name).
     */
    public static String key(String benchmark, Map<String, String> params) {
        if (benchmark == null || benchmark.isBlank()) {
            throw new IllegalArgumentException("benchmark must be a non-blank name, got '" + benchmark + "'");
        }
        String[] parts = benchmark.split("\\.");
        String shortName = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
        StringBuilder sb = new StringBuilder(shortName);
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            sb.append('_').append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString().replaceAll("[^A-Za-z0-9._=-]", "-");
    }

    /** The key of a JMH benchmark with its parameters. */
    public static String key(BenchmarkParams p) {
        return key(p.getBenchmark(), params(p));
    }

    /** The parameters of a JMH benchmark as a sorted map. */
    public static Map<String, String> params(BenchmarkParams p) {
        Map<String, String> m = new TreeMap<>();
        for (String k : p.getParamsKeys()) {
            m.put(k, p.getParam(k));
        }
        return m;
    }

    /**
     * Prints the figure (it appears in JMH's output) and, when {@value #FIGURES_PROPERTY} is set, writes
     * it to {@code <folder>/<key>.properties}.
     */
    public static void record(BenchmarkParams p, Figure f) {
        String key = key(p);
        System.out.println("# figure " + key + ": " + f);
        String dir = System.getProperty(FIGURES_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            try {
                f.writeTo(figureFile(Path.of(dir), key));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the figure of " + key + " to " + dir, e);
            }
        }
    }

    /** The file of a figure key in a folder. */
    public static Path figureFile(Path dir, String key) {
        return dir.resolve(key + ".properties");
    }

    /** The cross product of parameter values, each combination as a sorted map (for finding missing results). */
    public static List<Map<String, String>> combinations(Map<String, String[]> params) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new TreeMap<>());
        for (Map.Entry<String, String[]> e : new TreeMap<>(params).entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new TreeMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return Collections.unmodifiableList(out);
    }
}
