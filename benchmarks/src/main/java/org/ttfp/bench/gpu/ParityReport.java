package org.ttfp.bench.gpu;

import static org.ttfp.bench.gpu.GpuParityCheck.relDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ttfp.bench.Figure;
import org.ttfp.linalg.Mat;

/**
 * The results of a {@link GpuParityCheck} run: parity rows (a measured value against a tolerance),
 * kernel timings on both backends and workload runs, with their Markdown and JSON renderings.
 */
final class ParityReport {
    /** One parity check: measured value against a tolerance. */
    record Row(String kernel, String shape, String measure, double value, double tolerance, boolean pass) {}

    /** One timed operation on both backends (seconds; NaN when skipped). */
    record Timing(String op, String shape, double flops, double devSec, double cpuSec) {}

    /** One workload run on one backend. */
    record Work(String id, String backend, String params, double seconds, Figure figure) {}

    final List<Row> parity = new ArrayList<>();
    final List<Timing> timings = new ArrayList<>();
    final List<Work> work = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    /** True when every parity row passed and every workload's checks passed. */
    boolean allPass() {
        return parity.stream().allMatch(Row::pass) && work.stream().allMatch(w -> w.figure().allChecksPass());
    }

    void check(String kernel, String shape, String measure, double value, double tol) {
        parity.add(new Row(kernel, shape, measure, value, tol, value <= tol));
    }

    void parity(String kernel, String shape, Mat devResult, Mat cpuResult, double tol) {
        boolean sameShape = devResult.rows() == cpuResult.rows() && devResult.cols() == cpuResult.cols();
        double d = sameShape ? relDiff(devResult.toArray(), cpuResult.toArray()) : Double.POSITIVE_INFINITY;
        check(kernel, shape, "rel. diff vs CPU", d, tol);
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.2e", v);
    }

    /** The Markdown report. */
    String markdown(String device, String cpuBackend, boolean quick) {
        StringBuilder sb = new StringBuilder("# GPU parity check\n\n");
        sb.append("- device backend: ").append(device).append('\n');
        sb.append("- CPU backend: ").append(cpuBackend).append('\n');
        sb.append("- JVM: ").append(System.getProperty("java.version")).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores").append(quick ? ", QUICK sizes" : "").append("\n\n");
        sb.append("## Kernel parity (device vs CPU)\n\n| kernel | shape | measure | value | tolerance | result |\n|---|---|---|---|---|---|\n");
        for (Row r : parity) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.kernel(), r.shape(), r.measure(), fmt(r.value()),
                    fmt(r.tolerance()), r.pass() ? "PASS" : "**FAIL**"));
        }
        sb.append("\n## Kernel timings (median; device times include a sync)\n\n")
                .append("| operation | shape | device ms | device GFLOP/s | CPU ms | CPU GFLOP/s | speed-up |\n|---|---|---|---|---|---|---|\n");
        for (Timing t : timings) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", t.op(), t.shape(), fmt(t.devSec() * 1e3),
                    fmt(t.flops() / t.devSec() / 1e9), fmt(t.cpuSec() * 1e3), fmt(t.flops() / t.cpuSec() / 1e9),
                    fmt(t.cpuSec() / t.devSec())));
        }
        if (!work.isEmpty()) {
            sb.append("\n## Workloads (docs/workloads.md)\n\n| id | backend | parameters | seconds | rate | figure | checks |\n|---|---|---|---|---|---|---|\n");
            for (Work w : work) {
                Figure f = w.figure();
                String rate = !Double.isNaN(f.rateCount()) ? fmt(f.rateCount() / w.seconds()) + " " + f.rateUnit()
                        : !Double.isNaN(f.flops()) ? fmt(f.flops() / w.seconds() / 1e9) + " GFLOP/s" : "–";
                StringBuilder checks = new StringBuilder();
                for (Figure.Check c : f.checks()) {
                    checks.append(checks.length() > 0 ? "; " : "").append(c.name()).append(": ").append(c.text());
                }
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", w.id(), w.backend(), w.params(),
                        fmt(w.seconds()), rate, f.summary(), checks));
            }
        }
        for (String n : notes) {
            sb.append("\n- ").append(n);
        }
        return sb.append('\n').toString();
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String jnum(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** The same content as JSON. */
    String json(String device, String cpuBackend, boolean quick) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"device\": ").append(json(device)).append(",\n");
        sb.append("  \"cpu\": ").append(json(cpuBackend)).append(",\n");
        sb.append("  \"quick\": ").append(quick).append(",\n  \"parity\": [\n");
        for (int i = 0; i < parity.size(); i++) {
            Row r = parity.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"kernel\": %s, \"shape\": %s, \"measure\": %s, \"value\": %s, \"tolerance\": %s, \"pass\": %s}%s%n",
                    json(r.kernel()), json(r.shape()), json(r.measure()), jnum(r.value()), jnum(r.tolerance()), r.pass(),
                    i + 1 < parity.size() ? "," : ""));
        }
        sb.append("  ],\n  \"timings\": [\n");
        for (int i = 0; i < timings.size(); i++) {
            Timing t = timings.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"op\": %s, \"shape\": %s, \"flops\": %s, \"deviceSeconds\": %s, \"cpuSeconds\": %s}%s%n",
                    json(t.op()), json(t.shape()), jnum(t.flops()), jnum(t.devSec()), jnum(t.cpuSec()), i + 1 < timings.size() ? "," : ""));
        }
        sb.append("  ],\n  \"workloads\": [\n");
        for (int i = 0; i < work.size(); i++) {
            Work w = work.get(i);
            Figure f = w.figure();
            sb.append(String.format(Locale.ROOT, "    {\"id\": %s, \"backend\": %s, \"params\": %s, \"seconds\": %s, \"flops\": %s, "
                    + "\"rateCount\": %s, \"rateUnit\": %s, \"summary\": %s, \"checksPass\": %s}%s%n",
                    json(w.id()), json(w.backend()), json(w.params()), jnum(w.seconds()), jnum(f.flops()), jnum(f.rateCount()),
                    json(f.rateUnit()), json(f.summary()), f.allChecksPass(), i + 1 < work.size() ? "," : ""));
        }
        sb.append("  ],\n  \"notes\": [");
        for (int i = 0; i < notes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(json(notes.get(i)));
        }
        return sb.append("]\n}\n").toString();
    }
}
