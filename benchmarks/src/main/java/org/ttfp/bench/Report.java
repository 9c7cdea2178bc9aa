package org.ttfp.bench;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The Markdown table of a suite run: one row per workload, parameter and backend. */
public final class Report {
    private Report() {}

    /**
     * One row of the table.
     *
     * @param workload "W1".."W7", "GEMM" or "W2 memory"
     * @param params   the workload parameters without the backend (sorted)
     * @param backend  backend name
     * @param seconds  median time of one call (NaN when there is no measurement)
     * @param figure   the recorded figure (null when none was recorded)
     * @param note     a message when the row has no measurement (why), else null
     */
    public record Row(String workload, Map<String, String> params, String backend, double seconds, Figure figure, String note) {
        public Row {
            params = new TreeMap<>(params);
        }
    }

    /** The workload id of the randomized-rounding rows of W2 (no time target; the figure's checks apply). */
    public static final String W2_RANDOMIZED = "W2 randomized";

    /**
     * The workload id of a JMH benchmark name, e.g. "org.ttfp.bench.W2RoundingBench.round" → "W2"
     * ("W2RoundingBench.randomized" → {@value #W2_RANDOMIZED}).
     */
    public static String workloadOf(String benchmark) {
        String[] parts = benchmark.split("\\.");
        String cls = parts.length >= 2 ? parts[parts.length - 2] : benchmark;
        if (cls.startsWith("Gemm")) {
            return "GEMM";
        }
        if (cls.equals("W2RoundingBench") && parts[parts.length - 1].equals("randomized")) {
            return W2_RANDOMIZED;
        }
        if (cls.startsWith("ScoreEval")) {
            return "SCORE";
        }
        if (cls.length() >= 2 && cls.charAt(0) == 'W' && Character.isDigit(cls.charAt(1))) {
            return cls.substring(0, 2);
        }
        return cls;
    }

    /** Seconds with 3 significant digits and a unit that suits them (ms below 1 s). */
    public static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "—";
        }
        return s < 1 ? sig(s * 1e3) + " ms" : sig(s) + " s";
    }

    /**
     * A number to 3 significant digits without trailing zeros: plain between 1e−3 and 1e4
     * ("0.17", "12.3", "4500"), else with an exponent ("4e5", "1.41e6", "3.2e-10").
     */
    public static String sig(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal bd = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) {
            return bd.toPlainString();
        }
        int exp = bd.precision() - bd.scale() - 1;
        BigDecimal mant = bd.movePointLeft(exp).stripTrailingZeros();
        return mant.toPlainString() + "e" + exp;
    }

    /** The machine's GEMM rate in GFLOP/s from the rows: the native backend's, else the fastest measured. */
    public static double machineGemm(List<Row> rows) {
        double nat = Double.NaN, best = Double.NaN;
        for (Row r : rows) {
            if ("GEMM".equals(r.workload()) && r.figure() != null && !Double.isNaN(r.seconds())) {
                double g = r.figure().flops() / r.seconds() / 1e9;
                if (Targets.NATIVE.equals(r.backend())) {
                    nat = g;
                }
                best = Double.isNaN(best) ? g : Math.max(best, g);
            }
        }
        return Double.isNaN(nat) ? best : nat;
    }

    /** The figure cell: the summary and the rates derived from the median time. */
    static String figureCell(Row r, double machineGemm) {
        Figure f = r.figure();
        if (f == null) {
            return r.note() == null ? "no figure recorded" : r.note();
        }
        StringBuilder sb = new StringBuilder(f.summary());
        if (!Double.isNaN(r.seconds())) {
            if (!Double.isNaN(f.flops())) {
                double gf = f.flops() / r.seconds() / 1e9;
                sb.append("; ").append(sig(gf)).append(" GFLOP/s");
                if (!Double.isNaN(machineGemm) && !"GEMM".equals(r.workload())) {
                    sb.append(String.format(Locale.ROOT, " (%.1f %% of GEMM)", 100 * gf / machineGemm));
                }
            }
            if (!Double.isNaN(f.rateCount())) {
                sb.append("; ").append(sig(f.rateCount() / r.seconds())).append(' ').append(f.rateUnit());
            }
        }
        return sb.toString();
    }

    /** The fixed sizes of a workload (docs/workloads.md), shown beside its parameters. */
    static String fixedSizes(String workload) {
        switch (workload) {
            case "W1": return "8^7";
            case "W2": case W2_RANDOMIZED: return "d=50, n=32";
            case "W3": return "d=10, n=64";
            case "W4": return "d=10, n=64, r=30, 10^5 points";
            case "W5": return "d=50, n=32, r=50";
            case "W6": return "3-component mixture";
            case "W7": return "10^4 samples";
            case "W8": return "squared Euclidean, certified";
            case "SCORE": return "n=64, 10^4 points";
            default: return "";
        }
    }

    /** Parameters as "r=100 (d=50, n=32)" or "8^7". */
    static String paramsCell(String workload, Map<String, String> p) {
        String params = p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        String fixed = fixedSizes(workload);
        if (params.isEmpty()) {
            return fixed.isEmpty() ? "—" : fixed;
        }
        return fixed.isEmpty() ? params : params + " (" + fixed + ")";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static int order(String workload) {
        if ("GEMM".equals(workload)) {
            return 0;
        }
        return workload.length() >= 2 && Character.isDigit(workload.charAt(1)) ? workload.charAt(1) - '0' : 99;
    }

    private static double numericParam(Row r) {
        for (String v : r.params().values()) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                // not numeric: order by the other keys
            }
        }
        return 0;
    }

    /** Rows sorted by workload, parameter value, then native backend first. */
    static List<Row> sorted(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows);
        out.sort(Comparator.comparingInt((Row r) -> order(r.workload()))
                .thenComparing(Row::workload)
                .thenComparingDouble(Report::numericParam)
                .thenComparing(r -> paramsCell(r.workload(), r.params()))
                .thenComparing(r -> Targets.NATIVE.equals(r.backend()) ? "" : r.backend()));
        return out;
    }

    /**
     * The Markdown document: a header with the run's settings, then the table with columns workload,
     * parameter, backend, median time, figure, target and result (PASS/FAIL with each verdict).
     *
     * @param header lines printed above the table (machine, mode, ...)
     */
    public static String markdown(List<Row> rows, List<String> header) {
        double gemm = machineGemm(rows);
        StringBuilder sb = new StringBuilder("# ttfp benchmark results\n\n");
        for (String h : header) {
            sb.append("- ").append(h).append('\n');
        }
        if (!Double.isNaN(gemm)) {
            sb.append("- machine GEMM rate (this run): ").append(sig(gemm)).append(" GFLOP/s\n");
        }
        sb.append("\n| workload | parameter | backend | median time | figure | target | result |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Row r : sorted(rows)) {
            double nativeSeconds = Double.NaN;
            for (Row o : rows) {
                if (o.workload().equals(r.workload()) && o.params().equals(r.params()) && Targets.NATIVE.equals(o.backend())) {
                    nativeSeconds = o.seconds();
                }
            }
            String result;
            if (Double.isNaN(r.seconds()) && r.figure() == null) {
                result = "FAIL " + (r.note() == null ? "no result" : r.note());
            } else {
                List<Targets.Verdict> v = r.workload().equals(MemoryCheck.WORKLOAD)
                        ? MemoryCheck.verdicts(r.figure())
                        : Targets.verdicts(r.workload(), r.params(), r.backend(), r.seconds(), r.figure(), gemm, nativeSeconds);
                result = "**" + Targets.overall(v) + "**: " + v.stream().map(Targets.Verdict::render).collect(Collectors.joining("; "));
            }
            String target = r.workload().equals(MemoryCheck.WORKLOAD) ? "≤ 1 GiB heap + off-heap"
                    : Targets.targetText(r.workload(), r.params(), r.backend(), gemm);
            sb.append("| ").append(cell(r.workload()))
                    .append(" | ").append(cell(paramsCell(r.workload(), r.params())))
                    .append(" | ").append(cell(r.backend()))
                    .append(" | ").append(cell(seconds(r.seconds())))
                    .append(" | ").append(cell(figureCell(r, gemm)))
                    .append(" | ").append(cell(target))
                    .append(" | ").append(cell(result))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** Writes text to a file atomically (a temporary file in the same folder, then a move). */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(text);
        }
        readableByAll(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Gives a temporary file (created owner-only) the usual rw-r--r-- where the file system has POSIX permissions. */
    static void readableByAll(Path p) throws IOException {
        if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
