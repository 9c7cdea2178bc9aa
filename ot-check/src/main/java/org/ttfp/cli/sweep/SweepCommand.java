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
import java.util.function.Consumer;
import org.ttfp.cli.BackendOption;
import org.ttfp.cli.ExitCodes;
import org.ttfp.cli.TtfpCommand;
import org.ttfp.cli.UsageException;
import org.ttfp.linalg.Backend;
import org.ttfp.ot.sweep.Manifest;
import org.ttfp.ot.sweep.SlurmScripts;
import org.ttfp.ot.sweep.SweepFile;
import org.ttfp.ot.sweep.SweepMerge;
import org.ttfp.ot.sweep.SweepPlan;
import org.ttfp.ot.sweep.SweepRun;
import org.ttfp.ot.verify.VerificationRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

        @Mixin
        SlurmOptions slurmOptions;

        @Override
        public Integer call() {
            if (out.toString().isBlank()) {
                throw new UsageException("--out is empty: expected a folder for the sweep");
            }
            if (!slurm) {
                slurmOptions.refuseWithoutSlurm();
            }
            SweepFile sweep = SweepFile.read(file);
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("sweep file " + file + " cannot be read: " + e, e);
            }
            SlurmScripts.Options so = slurm ? slurmOptions.options() : null;
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
    static final class Run extends FolderCommand {
        @Mixin
        CaseSelection selection;

        @Mixin
        BackendOption backend;

        @Option(names = "--no-progress", description = "Print stage lines only.")
        boolean noProgress;

        @Override
        public Integer call() throws Exception {
            selection.validate();
            Manifest m = Manifest.read(dir);
            List<Integer> cases = selection.cases(m);
            Consumer<String> log = errorLines();
            Backend be = backend.backend();
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
            ExecutorService pool = Executors.newFixedThreadPool(selection.workers(cases.size()));
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
    static final class Merge extends FolderCommand {
        @Override
        public Integer call() {
            SweepMerge.Merged r = SweepMerge.merge(dir, errorLines());
            System.out.println("ttfp sweep merge: " + r.finished().size() + " finished, " + r.missing().size()
                    + " missing " + r.missing() + ", " + r.failed().size() + " failed "
                    + r.failed().stream().map(SweepMerge.Failure::index).toList() + "; report in " + r.folder());
            return r.missing().isEmpty() && r.failed().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
        }
    }

    /** A subcommand on a planned sweep folder DIR (its one parameter), printing progress lines to its error stream. */
    abstract static class FolderCommand implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The sweep folder.")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** A sink that prints each line to the command's error stream at once (progress and failures of the cases). */
        Consumer<String> errorLines() {
            java.io.PrintWriter err = spec.commandLine().getErr();
            return line -> {
                err.println(line);
                err.flush();
            };
        }
    }
}
