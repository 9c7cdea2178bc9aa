package org.ttfp.cli.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.ttfp.cli.ExitCodes;
import org.ttfp.cli.TtfpCommand;
import org.ttfp.cli.UsageException;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.ot.sweep.Manifest;
import org.ttfp.ot.sweep.SlurmScripts;
import org.ttfp.ot.sweep.SweepFile;
import org.ttfp.ot.sweep.SweepMerge;
import org.ttfp.ot.sweep.SweepPlan;
import org.ttfp.ot.sweep.SweepRun;
import org.ttfp.ot.verify.VerificationRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ttfp sweep plan|run|merge}: many verification cases, one folder, on one machine or a Slurm cluster. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Sweeps: plan a folder of numbered cases from a sweep file, run them (one, a shard, or all with J "
                + "workers; or as a Slurm job array), and merge the finished ones into one report."},
        subcommands = {SweepCommand.Plan.class, SweepCommand.Run.class, SweepCommand.Merge.class})
public final class SweepCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("sweep: expected a subcommand: plan, run or merge (ttfp sweep --help)");
    }

    /** {@code ttfp sweep plan SWEEP.json --out DIR [--slurm]}. */
    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Expands a sweep file into DIR: manifest.json and cases/K/problem.json (every case validated "
                    + "as a problem file); with --slurm also slurm/array.sbatch, merge.sbatch and submit.sh.")
    static final class Plan implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SWEEP.json", description = "The sweep file.")
        Path file;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep folder (new or empty).")
        Path out;

        @Option(names = "--slurm", description = "Also write the Slurm job-array scripts.")
        boolean slurm;

        @Option(names = "--java", paramLabel = "JAVA", description = "java binary of the Slurm tasks (default: this JVM's).")
        String java;

        @Option(names = "--classpath", paramLabel = "CP", description = "class path of the Slurm tasks (default: this JVM's).")
        String classpath;

        @Option(names = "--java-opts", paramLabel = "OPTS", defaultValue = "-Xmx4g",
                description = "JVM options of the Slurm tasks (default ${DEFAULT-VALUE}).")
        String javaOpts;

        @Option(names = "--cpus-per-task", defaultValue = "2", description = "Slurm --cpus-per-task (default ${DEFAULT-VALUE}).")
        int cpus;

        @Option(names = "--mem-mb", defaultValue = "6000", description = "Slurm --mem in MiB (0: not set; default ${DEFAULT-VALUE}).")
        int memMb;

        @Option(names = "--time", defaultValue = "", description = "Slurm --time of each task, e.g. 01:00:00.")
        String time;

        @Option(names = "--partition", defaultValue = "", description = "Slurm partition (default: the cluster's).")
        String partition;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (out.toString().isBlank()) {
                throw new UsageException("--out is empty: expected a folder for the sweep");
            }
            if (!slurm) {
                for (String o : List.of("--java", "--classpath", "--java-opts", "--cpus-per-task", "--mem-mb", "--time",
                        "--partition")) {
                    if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                        throw new UsageException(o + " is a Slurm option: expected it only with --slurm");
                    }
                }
            }
            SweepFile sweep = SweepFile.read(file);
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("sweep file " + file + " cannot be read: " + e, e);
            }
            SlurmScripts.Options so = null;
            if (slurm) {
                SlurmScripts.Options self = SlurmScripts.Options.ofThisJvm(javaOpts, cpus, memMb, time, partition);
                so = new SlurmScripts.Options(java != null ? java : self.java(), javaOpts,
                        classpath != null ? classpath : self.classpath(), cpus, memMb, time, partition);
            }
            Manifest m;
            try {
                m = SweepPlan.write(sweep, text, out);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sweep file " + file + ": " + e.getMessage(), e);
            }
            System.out.println("ttfp sweep plan: " + m.caseCount() + " case(s) of '" + m.name() + "' in " + out);
            if (so != null) {
                List<Path> scripts = SlurmScripts.write(out, m, so);
                System.out.println("ttfp sweep plan: submit with " + scripts.get(2) + " (job array 0-"
                        + (m.caseCount() - 1) + ", then the merge)");
            }
            return ExitCodes.OK;
        }
    }

    /** {@code ttfp sweep run DIR --case K | --shard i/N | --jobs J}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs cases of a planned sweep, each into DIR/cases/K/result/ atomically; finished cases are "
                    + "skipped, half-written ones redone.")
    static final class Run implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The sweep folder.")
        Path dir;

        @Option(names = "--case", paramLabel = "K", description = "Run case K only.")
        Integer caseIndex;

        @Option(names = "--shard", paramLabel = "i/N", description = "Run the cases K with K mod N = i.")
        String shard;

        @Option(names = "--jobs", paramLabel = "J", defaultValue = "1",
                description = "Workers in this process when neither --case nor --shard is given (default ${DEFAULT-VALUE}).")
        int jobs;

        @Option(names = "--backend", description = "Dense backend: auto, cpu, openblas, ejml, cublas (default: auto).")
        String backend;

        @Option(names = "--no-progress", description = "Print stage lines only.")
        boolean noProgress;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (caseIndex != null && shard != null) {
                throw new UsageException("--case and --shard: expected one of them, not both");
            }
            if (jobs < 1 || jobs > 256) {
                throw new UsageException("--jobs = " + jobs + ": expected 1 to 256 workers");
            }
            if (spec.commandLine().getParseResult().hasMatchedOption("--jobs") && (caseIndex != null || shard != null)) {
                throw new UsageException("--jobs runs the whole sweep: expected it without --case and --shard");
            }
            Manifest m = Manifest.read(dir);
            List<Integer> cases;
            if (caseIndex != null) {
                if (caseIndex < 0 || caseIndex >= m.caseCount()) {
                    throw new UsageException("--case = " + caseIndex + ": expected 0 to " + (m.caseCount() - 1)
                            + " (the sweep has " + m.caseCount() + " cases)");
                }
                cases = List.of(caseIndex);
            } else if (shard != null) {
                String[] p = shard.split("/");
                int i, n;
                try {
                    i = Integer.parseInt(p[0].trim());
                    n = Integer.parseInt(p[1].trim());
                    if (p.length != 2) {
                        throw new NumberFormatException();
                    }
                } catch (RuntimeException e) {
                    throw new UsageException("--shard = '" + shard + "': expected i/N, e.g. 0/4");
                }
                try {
                    cases = SweepRun.shard(m.caseCount(), i, n);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--shard: " + e.getMessage());
                }
            } else {
                cases = new ArrayList<>();
                for (int k = 0; k < m.caseCount(); k++) {
                    cases.add(k);
                }
            }
            java.io.PrintWriter err = spec.commandLine().getErr();
            java.util.function.Consumer<String> log = line -> {
                err.println(line);
                err.flush();
            };
            Backend be = backend(backend);
            AtomicInteger failed = new AtomicInteger(), ran = new AtomicInteger(), skipped = new AtomicInteger();
            VerificationRunner.Progress progress = new VerificationRunner.Progress() {
                @Override
                public void stage(String scenario, String stage) {
                    if (!noProgress) {
                        log.accept("[" + scenario + "] " + stage);
                    }
                }

                @Override
                public void solveStep(int step, int totalSteps) {}
            };
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(cases.size() == 1 ? 1 : jobs);
            List<Future<?>> futures = new ArrayList<>();
            for (int k : cases) {
                futures.add(pool.submit(() -> {
                    try {
                        SweepRun.Status s = SweepRun.runCase(dir, m, k, be, progress, TtfpCommand.cancellation(), log);
                        (s == SweepRun.Status.RAN ? ran : skipped).incrementAndGet();
                    } catch (java.util.concurrent.CancellationException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        log.accept("ttfp sweep run: case " + k + " (" + m.get(k).label() + ") failed: " + e.getMessage());
                    }
                    return null;
                }));
            }
            pool.shutdown();
            try {
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof RuntimeException re) {
                            throw re;
                        }
                        throw e;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.println(String.format(Locale.ROOT, "ttfp sweep run: %d case(s) ran, %d already done, %d failed "
                    + "in %.1f s", ran.get(), skipped.get(), failed.get(), (System.nanoTime() - start) / 1e9));
            return failed.get() == 0 ? ExitCodes.OK : ExitCodes.NUMERICAL_FAILURE;
        }
    }

    /** {@code ttfp sweep merge DIR}. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Gathers the finished cases into DIR/merged/ (result.json, report.md, figures); lists the "
                    + "missing and failed cases by number; safe to re-run.")
    static final class Merge implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The sweep folder.")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            java.io.PrintWriter err = spec.commandLine().getErr();
            SweepMerge.Merged r = SweepMerge.merge(dir, line -> {
                err.println(line);
                err.flush();
            });
            System.out.println("ttfp sweep merge: " + r.finished().size() + " finished, " + r.missing().size()
                    + " missing " + r.missing() + ", " + r.failed().size() + " failed "
                    + r.failed().stream().map(SweepMerge.Failure::index).toList() + "; report in " + r.folder());
            return r.missing().isEmpty() && r.failed().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
        }
    }

    static Backend backend(String name) {
        if (name == null) {
            return Backends.byName(Backends.requestedName());
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "cpu", "openblas", "ejml", "cublas", "gpu").contains(n)) {
            throw new UsageException("--backend = '" + name + "': expected one of auto, cpu, openblas, ejml, cublas");
        }
        return Backends.byName(n);
    }
}
