package org.ttfp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.linalg.OpenBlasBackend;

/**
 * Runs the benchmark suite of the reference workloads through JMH and writes, to an output folder,
 * JMH's JSON ({@code jmh-result.json}), the Markdown table ({@code results.md}) and the figure files
 * ({@code figures/}); every file is written to a temporary name first and then moved into place.
 *
 * <p>Usage: {@code java -jar benchmarks/target/benchmarks.jar [--quick|--full] [--out DIR]
 * [--only W1,W2,...] [--backends openblas,ejml] [--no-memory]}.
 * <ul>
 *   <li>{@code --quick}: one fork, one or two warm-ups and three to five single-shot measurements per
 *       case, W6 at d = 3 and 10 only; under ten minutes on 2 cores.</li>
 *   <li>{@code --full} (default): two forks for the fast workloads, 3–5 warm-ups and 7–10
 *       measurements, W6 up to d = 30.</li>
 * </ul>
 * Every case is one call per measurement (JMH single-shot mode); the table reports the median.
 * The pure-Java EJML backend runs W2 at r = 20 and 50 only (r = 100 would take minutes per call).
 * After the JMH runs, W2 at r = 100 runs once more in a JVM of its own under 1 GiB of memory caps
 * ({@link MemoryCheck}).
 */
public final class BenchmarkSuite {

    /**
     * One JMH run: a benchmark class with its parameter values and iteration counts.
     *
     * @param benchClass simple name of the JMH class in org.ttfp.bench
     * @param params     parameter values (backend included)
     * @param warmup     warm-up single shots
     * @param measure    measured single shots
     * @param forks      forked JVMs
     */
    public record Plan(String benchClass, Map<String, String[]> params, int warmup, int measure, int forks) {
        public Plan {
            params = new TreeMap<>(params);
        }

        /** The workload id, e.g. "W2". */
        public String workload() {
            return Report.workloadOf("org.ttfp.bench." + benchClass + ".x");
        }
    }

    /** Parsed command line. */
    public record Config(boolean quick, Path out, Set<String> only, List<String> backends, boolean memory) {}

    /** The command line summary. */
    static final String USAGE = "usage: java -jar benchmarks.jar [--quick|--full] [--out DIR] [--only W1,W2,...] "
            + "[--backends openblas,ejml] [--no-memory] (see benchmarks/README.md)";

    private BenchmarkSuite() {}

    /** Parses the command line (see the class comment). */
    public static Config parse(String[] args) {
        boolean quick = false, memory = true;
        Path out = Path.of("results", "bench");
        Set<String> only = new HashSet<>();
        List<String> backends = List.of("openblas", "ejml");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick": quick = true; break;
                case "--full": quick = false; break;
                case "--no-memory": memory = false; break;
                case "--out":
                    out = Path.of(value(args, ++i, a));
                    break;
                case "--only":
                    for (String w : value(args, ++i, a).split(",")) {
                        only.add(w.trim().toUpperCase(Locale.ROOT));
                    }
                    break;
                case "--backends":
                    backends = new ArrayList<>();
                    for (String b : value(args, ++i, a).split(",")) {
                        String name = b.trim().toLowerCase(Locale.ROOT);
                        if (!name.equals("openblas") && !name.equals("ejml")) {
                            throw new IllegalArgumentException("--backends takes openblas and/or ejml, got '" + b + "'");
                        }
                        backends.add(name);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + a + "'; " + USAGE);
            }
        }
        return new Config(quick, out, only, backends, memory);
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args[i];
    }

    private static Map<String, String[]> p(Object... kv) {
        Map<String, String[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (String[]) kv[i + 1]);
        }
        return m;
    }

    private static String[] s(String... v) { return v; }

    /**
     * The plans of a mode for the available backends (subset of openblas, ejml), before any --only filter.
     */
    public static List<Plan> plans(boolean quick, List<String> backends) {
        String[] all = backends.toArray(new String[0]);
        List<Plan> plans = new ArrayList<>();
        // name, params, quick warmup/measure, full warmup/measure/forks
        plans.add(plan(quick, "GemmBench", p("n", s("2000"), "backend", all), 1, 3, 3, 7, 2));
        plans.add(plan(quick, "W1TtSvdBench", p("backend", all), 2, 5, 5, 10, 2));
        if (backends.contains("openblas")) {
            plans.add(plan(quick, "W2RoundingBench", p("r", s("20", "50", "100"), "backend", s("openblas")), 1, 3, 3, 7, 2));
        }
        if (backends.contains("ejml")) {
            plans.add(plan(quick, "W2RoundingBench", p("r", s("20", "50"), "backend", s("ejml")), 1, 3, 2, 5, 1));
        }
        plans.add(plan(quick, "W3CrossBench", p("backend", all), 1, 3, 2, 5, 1));
        plans.add(plan(quick, "W4EvaluateBench", p("backend", all), 2, 5, 5, 10, 2));
        plans.add(plan(quick, "W5DotBench", p("backend", all), 2, 5, 5, 10, 2));
        for (String b : backends) {
            boolean nat = b.equals("openblas");
            plans.add(plan(quick, "W6FpSolveBench", p("d", s("3", "10", "30"), "method", s("EXACT"), "backend", s(b)),
                    1, 3, 2, 5, 1));
            String[] splitDims = nat ? (quick ? s("3", "10") : s("3", "10", "30")) : (quick ? s("3") : s("3", "10"));
            plans.add(plan(quick, "W6FpSolveBench", p("d", splitDims, "method", s("SPLIT"), "backend", s(b)),
                    0, 1, 1, 3, 1));
            if (nat) {
                // the fourth-order path (three crosses per step), the one that reaches 1e-5: d = 3 and 10
                plans.add(plan(quick, "W6FpSolveBench", p("d", s("3", "10"), "method",
                        s("EXTRAPOLATED"), "backend", s(b)), 0, 1, 1, 3, 1));
            }
        }
        // SCORE: batched score evaluation (TtInterpolant), 10^4 points; full mode also both explicit paths
        plans.add(plan(quick, "ScoreEvalBench", p("d", s("3", "10"), "r", s("20", "40"), "path", s("AUTO"), "backend", all),
                1, 3, 2, 5, 1));
        if (!quick && backends.contains("openblas")) {
            plans.add(plan(quick, "ScoreEvalBench", p("d", s("3", "10"), "r", s("20", "40"), "path", s("HEAP", "BACKEND"),
                    "backend", s("openblas")), 1, 3, 2, 5, 1));
        }
        // W7: the score of the solved density (exact in time, batched through TtInterpolant) dominates;
        // quick mode runs d = 3 only, the full suite d = 3, 10 and 30.
        if (backends.contains("openblas")) {
            plans.add(plan(quick, "W7EncoderBench", p("d", quick ? s("3") : s("3", "10", "30"), "backend", s("openblas")),
                    0, 1, 1, 3, 1));
        }
        if (backends.contains("ejml") && !quick) {
            plans.add(plan(quick, "W7EncoderBench", p("d", s("3"), "backend", s("ejml")), 0, 1, 1, 3, 1));
        }
        // W8 uses no dense backend (pure Java): planned whatever --backends says, under backend "java";
        // N = 1000 (the paper metric, ~10 ms) gets enough warm-ups for the JIT
        String[] w8Points = s("uniform-d2", "uniform-d7", "near-d2", "near-d7");
        plans.add(plan(quick, "W8AssignmentBench", p("n", s("1000"), "points", w8Points, "backend", s(Targets.PURE_JAVA)),
                10, 5, 20, 10, 1));
        plans.add(plan(quick, "W8AssignmentBench", p("n", s("5000", "10000"), "points", w8Points,
                "backend", s(Targets.PURE_JAVA)), 1, 3, 2, 5, 1));
        return plans;
    }

    static Plan plan(boolean quick, String cls, Map<String, String[]> params, int qw, int qm, int fw, int fm, int forks) {
        return quick ? new Plan(cls, params, qw, qm, 1) : new Plan(cls, params, fw, fm, forks);
    }

    /** The JVM options of the forks: figure folder and memory limits large enough for W2 at r = 100. */
    static String[] forkJvmArgs(Path figures) {
        return new String[] {
            "-D" + BenchSupport.FIGURES_PROPERTY + "=" + figures.toAbsolutePath(),
            "-Xms1g", "-Xmx4g",
            "-Dorg.bytedeco.javacpp.maxBytes=8g",
            "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
        };
    }

    /** Runs JMH for one plan, its JSON going to {@code json}. */
    static Collection<RunResult> runPlan(Plan plan, Path figures, Path json) throws RunnerException {
        ChainedOptionsBuilder ob = new OptionsBuilder()
                .include("^" + Pattern.quote("org.ttfp.bench." + plan.benchClass() + ".") + "\\w+$")
                .mode(Mode.SingleShotTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .warmupIterations(plan.warmup())
                .measurementIterations(plan.measure())
                .measurementBatchSize(1)
                .warmupBatchSize(1)
                .forks(plan.forks())
                .shouldDoGC(true)
                .shouldFailOnError(false)
                .jvmArgsAppend(forkJvmArgs(figures))
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON);
        for (Map.Entry<String, String[]> e : plan.params().entrySet()) {
            ob = ob.param(e.getKey(), e.getValue());
        }
        return new Runner(ob.build()).run();
    }

    /** The body of a JMH JSON array (without the brackets), or "" for an empty or missing file. */
    static String jsonArrayBody(Path json) throws IOException {
        if (!Files.exists(json)) {
            return "";
        }
        String s = Files.readString(json, StandardCharsets.UTF_8).trim();
        int a = s.indexOf('['), b = s.lastIndexOf(']');
        if (a < 0 || b < a) {
            throw new IOException("JMH result " + json + " is not a JSON array");
        }
        return s.substring(a + 1, b).trim();
    }

    /** Concatenates JMH JSON arrays into one array. */
    static String mergeJson(List<String> bodies) {
        StringBuilder sb = new StringBuilder("[\n");
        boolean first = true;
        for (String b : bodies) {
            if (b.isEmpty()) {
                continue;
            }
            if (!first) {
                sb.append(",\n");
            }
            sb.append(b);
            first = false;
        }
        return sb.append("\n]\n").toString();
    }

    /** The rows of one plan: one per measured case, and a failure row for each case without a result. */
    static List<Report.Row> rows(Plan plan, Collection<RunResult> results, Path figures) {
        List<Report.Row> rows = new ArrayList<>();
        Set<Map<String, String>> seen = new HashSet<>();
        for (RunResult rr : results) {
            BenchmarkParams bp = rr.getParams();
            Map<String, String> all = BenchSupport.params(bp);
            seen.add(all);
            double median = rr.getPrimaryResult().getStatistics().getPercentile(50.0);
            double sec = median * unitSeconds(rr.getPrimaryResult().getScoreUnit());
            Figure f = null;
            String note = null;
            Path file = BenchSupport.figureFile(figures, BenchSupport.key(bp));
            try {
                if (Files.exists(file)) {
                    f = Figure.readFrom(file);
                } else {
                    note = "figure file " + file.getFileName() + " missing";
                }
            } catch (IOException e) {
                note = "figure unreadable: " + e.getMessage();
            }
            Map<String, String> params = new TreeMap<>(all);
            String backend = params.remove("backend");
            rows.add(new Report.Row(Report.workloadOf(bp.getBenchmark()), params, backend, sec, f, note));
        }
        for (Map<String, String> combo : BenchSupport.combinations(plan.params())) {
            if (!seen.contains(combo)) {
                Map<String, String> params = new TreeMap<>(combo);
                String backend = params.remove("backend");
                rows.add(new Report.Row(plan.workload(), params, backend, Double.NaN, null,
                        "no result: the benchmark failed in its fork (see the JMH output)"));
            }
        }
        return rows;
    }

    /** Seconds per unit of a JMH score unit such as "ms/op". */
    static double unitSeconds(String unit) {
        String u = unit.split("/")[0].trim();
        switch (u) {
            case "s": return 1;
            case "ms": return 1e-3;
            case "us": return 1e-6;
            case "ns": return 1e-9;
            default: throw new IllegalArgumentException("unexpected JMH score unit '" + unit + "'");
        }
    }

    /** The line of a JVM's output that names its failure (an exception or error), else its last line. */
    static String failureLine(String log) {
        String last = "";
        for (String line : log.split("\n")) {
            String t = line.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.contains("Exception") || t.contains("Error:")) {
                return t;
            }
            last = t;
        }
        return last;
    }

    /** The outcome of one {@link MemoryCheck} JVM: its figure, or why there is none. */
    record MemoryRun(Figure figure, String failure) {}

    /** Runs {@link MemoryCheck} for W2 at r = 100 in a JVM with -Xmx{@value MemoryCheck#HEAP_MIB}m and the given off-heap cap. */
    static MemoryRun runMemoryCheck(Path file, int offHeapMib) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx" + MemoryCheck.HEAP_MIB + "m",
                "-Dorg.bytedeco.javacpp.maxBytes=" + offHeapMib + "m",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
                "-cp", System.getProperty("java.class.path"), MemoryCheck.class.getName(), "openblas", "100", file.toString());
        System.out.println("# W2 memory check: " + String.join(" ", cmd));
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        try (InputStream in = pr.getInputStream()) {
            byte[] buf = new byte[8192];
            for (int k; (k = in.read(buf)) > 0; ) {
                String t = new String(buf, 0, k, StandardCharsets.UTF_8);
                System.out.print(t);
                log.append(t);
            }
        }
        boolean done = pr.waitFor(15, TimeUnit.MINUTES);
        if (!done || pr.exitValue() != 0 || !Files.exists(file)) {
            if (!done) {
                pr.destroyForcibly();
            }
            return new MemoryRun(null, (done ? "exited with " + pr.exitValue() : "timed out") + ": " + failureLine(log.toString()));
        }
        return new MemoryRun(Figure.readFrom(file), null);
    }

    /**
     * The memory row of W2 at r = 100: one run with a large off-heap cap measures the peaks, one run
     * with caps adding up to 1 GiB (heap {@value MemoryCheck#HEAP_MIB} MiB + off-heap the rest) decides
     * the target: it completes only if the rounding's live data fits.
     */
    static Report.Row memoryRow(Path figures) throws IOException, InterruptedException {
        Map<String, String> params = Map.of("r", "100");
        MemoryRun measured = runMemoryCheck(figures.resolve("W2-memory-measured.properties"), MemoryCheck.OFF_HEAP_MIB);
        if (measured.figure() == null) {
            return new Report.Row(MemoryCheck.WORKLOAD, params, "openblas", Double.NaN, null, measured.failure());
        }
        int capMib = (int) (Targets.W2_MEMORY_BYTES >> 20) - MemoryCheck.HEAP_MIB;
        MemoryRun capped = runMemoryCheck(figures.resolve("W2-memory-capped.properties"), capMib);
        String detail = "run with -Xmx" + MemoryCheck.HEAP_MIB + "m + " + capMib + " MiB off-heap cap (1 GiB) "
                + (capped.figure() != null ? "completed" : "failed: " + capped.failure());
        Figure f = measured.figure().withCheck("fits 1 GiB", capped.figure() != null && capped.figure().allChecksPass(), detail);
        return new Report.Row(MemoryCheck.WORKLOAD, params, "openblas", f.value("seconds"), f, null);
    }

    /** The 1-minute load average (from /proc/loadavg), or NaN where unknown. */
    static double loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim().split("\\s+");
            return Double.parseDouble(f[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }

    /** Entry point; see the class comment. Exit status 0 when the suite ran (targets may fail), 2 on bad usage. */
    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Config cfg;
        try {
            cfg = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        List<String> header = new ArrayList<>();
        List<String> backends = new ArrayList<>();
        String blasInfo = "";
        for (String b : cfg.backends()) {
            try {
                Backend be = Backends.byName(b);
                backends.add(b);
                if (be instanceof OpenBlasBackend ob) {
                    blasInfo = ob.toString();
                }
            } catch (RuntimeException | LinkageError e) {
                header.add("backend " + b + " unavailable, not measured: " + e.getMessage());
            }
        }
        Path out = cfg.out();
        Path figures = out.resolve("figures");
        Files.createDirectories(figures);
        List<Plan> plans = new ArrayList<>();
        for (Plan pl : plans(cfg.quick(), backends)) {
            if (cfg.only().isEmpty() || cfg.only().contains(pl.workload())) {
                plans.add(pl);
            }
        }
        List<Report.Row> rows = new ArrayList<>();
        List<String> jsonBodies = new ArrayList<>();
        double loadBefore = loadAverage(), loadMax = loadBefore;
        for (int i = 0; i < plans.size(); i++) {
            loadMax = Math.max(loadMax, loadAverage());
            Plan pl = plans.get(i);
            Path json = out.resolve(".jmh-part-" + i + ".json");
            Files.deleteIfExists(json);
            Collection<RunResult> res = runPlan(pl, figures, json);
            rows.addAll(rows(pl, res, figures));
            jsonBodies.add(jsonArrayBody(json));
            Files.deleteIfExists(json);
        }
        if (cfg.memory() && backends.contains("openblas") && (cfg.only().isEmpty() || cfg.only().contains("W2"))) {
            rows.add(memoryRow(figures));
        }
        loadMax = Math.max(loadMax, loadAverage());
        double minutes = (System.nanoTime() - start) / 60e9;
        header.add(0, String.format(Locale.ROOT, "mode: %s; suite wall time %.1f min", cfg.quick()
                ? "quick (1 fork, 1–2 warm-ups, 3–5 single-shot measurements per case)"
                : "full (1–2 forks, 3–5 warm-ups, 5–10 single-shot measurements per case)", minutes));
        header.add(1, "date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        header.add(2, String.format(Locale.ROOT, "machine: %s, %d cores, %d MiB max heap of the forks' parent; Java %s (%s)",
                cpuModel(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), System.getProperty("java.vm.name")));
        if (!blasInfo.isEmpty()) {
            header.add(3, "native BLAS: " + blasInfo);
        }
        header.add(String.format(Locale.ROOT, "1-minute load average: %.2f at the start, at most %.2f between cases "
                + "(the suite itself adds about 1–2; a higher value means other processes competed for the %d cores "
                + "and the times are not representative)", loadBefore, loadMax, Runtime.getRuntime().availableProcessors()));
        header.add("median time: median of the measured single shots (one call each); figure: the workload's own "
                + "figure, GFLOP/s from the flop model of each workload (see benchmarks/README.md)");
        Report.writeAtomically(out.resolve("jmh-result.json"), mergeJson(jsonBodies));
        String md = Report.markdown(rows, header);
        Report.writeAtomically(out.resolve("results.md"), md);
        System.out.println();
        System.out.println(md);
        System.out.println("wrote " + out.resolve("results.md") + " and " + out.resolve("jmh-result.json"));
    }

    /** For tests: every plan's benchmark class exists in the JMH benchmark list. */
    static List<String> benchmarkList() throws IOException {
        try (InputStream in = BenchmarkSuite.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            if (in == null) {
                throw new IOException("META-INF/BenchmarkList not on the class path (JMH annotation processing did not run)");
            }
            return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }
}
