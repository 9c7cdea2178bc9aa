package org.ttfp.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The figure a workload reports besides its time (ranks, error, evaluations, ...), immutable.
 *
 * <p>It holds a one-line {@code summary}, an optional per-operation work count from which the
 * table derives a rate once the median time t is known ({@code flops}: GFLOP/s = flops / t / 1e9;
 * {@code rateCount} with {@code rateUnit}: e.g. 1e5 evaluations per call gives evals/s = 1e5 / t),
 * named numeric values (for targets that are not a time, e.g. the number of evaluations) and
 * correctness checks that pass or fail independently of timing.
 *
 * @param summary   one line for the table, e.g. "ranks 1-7-…-1, rel. error 3.1e-10"
 * @param flops     floating-point operations of one call (NaN when not flop-counted)
 * @param rateCount items produced by one call (NaN when none)
 * @param rateUnit  unit of the rate, e.g. "evals/s" (empty when none)
 * @param values    named numbers, e.g. "evaluations" or "relError"
 * @param checks    correctness checks, in order
 */
public record Figure(String summary, double flops, double rateCount, String rateUnit,
                     Map<String, Double> values, List<Check> checks) {

    /**
     * A correctness check of a workload's result.
     *
     * @param name   short name, e.g. "rank"
     * @param pass   whether it holds
     * @param detail what was measured against what, e.g. "max rank 100 = r"
     */
    public record Check(String name, boolean pass, String detail) {
        public Check {
            requireText("name", name);
            requireText("detail", detail);
            if (name.indexOf('\n') >= 0 || detail.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("check name and detail must be one line, got '" + name + "': '" + detail + "'");
            }
        }

        /** "PASS detail" or "FAIL detail". */
        public String text() { return (pass ? "PASS " : "FAIL ") + detail; }
    }

    public Figure {
        requireText("summary", summary);
        if (summary.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("summary must be one line, got '" + summary + "'");
        }
        if (!Double.isNaN(flops) && !(flops > 0 && Double.isFinite(flops))) {
            throw new IllegalArgumentException("flops must be NaN (not counted) or finite and > 0, got " + flops);
        }
        if (!Double.isNaN(rateCount) && !(rateCount > 0 && Double.isFinite(rateCount))) {
            throw new IllegalArgumentException("rateCount must be NaN (none) or finite and > 0, got " + rateCount);
        }
        if (rateUnit == null || (Double.isNaN(rateCount) != rateUnit.isEmpty())) {
            throw new IllegalArgumentException("rateUnit must be non-empty exactly when rateCount is given, got rateCount="
                    + rateCount + ", rateUnit='" + rateUnit + "'");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        checks = List.copyOf(checks);
    }

    /** A figure with a summary only; add to it with the {@code with...} methods. */
    public static Figure of(String summary) {
        return new Figure(summary, Double.NaN, Double.NaN, "", Map.of(), List.of());
    }

    /** This figure with the flop count of one call. */
    public Figure withFlops(double f) {
        return new Figure(summary, f, rateCount, rateUnit, values, checks);
    }

    /** This figure with a rate: {@code count} items per call, reported as count / time in {@code unit}. */
    public Figure withRate(double count, String unit) {
        return new Figure(summary, flops, count, unit, values, checks);
    }

    /** This figure with one more named value. */
    public Figure withValue(String name, double v) {
        requireText("name", name);
        Map<String, Double> m = new LinkedHashMap<>(values);
        m.put(name, v);
        return new Figure(summary, flops, rateCount, rateUnit, m, checks);
    }

    /** This figure with one more check. */
    public Figure withCheck(String name, boolean pass, String detail) {
        List<Check> c = new ArrayList<>(checks);
        c.add(new Check(name, pass, detail));
        return new Figure(summary, flops, rateCount, rateUnit, values, c);
    }

    /** The named value, or NaN when absent. */
    public double value(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }

    /** True when every check passes. */
    public boolean allChecksPass() {
        return checks.stream().allMatch(Check::pass);
    }

    // ------------------------------------------------------------------ persistence

    /**
     * Writes the figure to {@code file} atomically (a temporary file in the same folder, then a move),
     * so that a reader never sees half a file.
     */
    public void writeTo(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("summary", summary);
        p.setProperty("flops", Double.toString(flops));
        p.setProperty("rate.count", Double.toString(rateCount));
        p.setProperty("rate.unit", rateUnit);
        int i = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            p.setProperty("value." + i + ".name", e.getKey());
            p.setProperty("value." + i + ".v", Double.toString(e.getValue()));
            i++;
        }
        i = 0;
        for (Check c : checks) {
            p.setProperty("check." + i + ".name", c.name());
            p.setProperty("check." + i + ".pass", Boolean.toString(c.pass()));
            p.setProperty("check." + i + ".detail", c.detail());
            i++;
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        Report.readableByAll(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a figure written by {@link #writeTo}. */
    public static Figure readFrom(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; p.getProperty("value." + i + ".name") != null; i++) {
            values.put(p.getProperty("value." + i + ".name"), Double.parseDouble(p.getProperty("value." + i + ".v")));
        }
        List<Check> checks = new ArrayList<>();
        for (int i = 0; p.getProperty("check." + i + ".name") != null; i++) {
            checks.add(new Check(p.getProperty("check." + i + ".name"),
                    Boolean.parseBoolean(p.getProperty("check." + i + ".pass")), p.getProperty("check." + i + ".detail")));
        }
        String summary = p.getProperty("summary");
        if (summary == null) {
            throw new IOException("figure file " + file + " has no summary");
        }
        return new Figure(summary, Double.parseDouble(p.getProperty("flops", "NaN")),
                Double.parseDouble(p.getProperty("rate.count", "NaN")), p.getProperty("rate.unit", ""), values, checks);
    }

    /** One line: summary and checks, for the benchmark's own output. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(summary);
        if (!Double.isNaN(flops)) {
            sb.append(String.format(Locale.ROOT, "; %.3g flops/call", flops));
        }
        if (!Double.isNaN(rateCount)) {
            sb.append(String.format(Locale.ROOT, "; %.3g items/call (%s)", rateCount, rateUnit));
        }
        for (Check c : checks) {
            sb.append("; ").append(c.name()).append(": ").append(c.text());
        }
        return sb.toString();
    }

    private static void requireText(String what, String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must be non-blank text, got " + (s == null ? "null" : "'" + s + "'"));
        }
    }
}
