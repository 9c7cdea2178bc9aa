package org.ttfp.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import org.ttfp.cli.UsageException;
import org.ttfp.ot.sweep.Manifest;
import org.ttfp.ot.sweep.SweepRun;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which cases {@code ttfp sweep run} runs, and with how many workers: one case ({@code --case K}),
 * a shard ({@code --shard i/N}: the cases K with K mod N = i) or all of them ({@code --jobs J}
 * workers in this process). A picocli mixin; failures are {@link UsageException}s naming the option.
 */
final class CaseSelection {
    @Option(names = "--case", paramLabel = "K", description = "Run case K only.")
    Integer caseIndex;

    @Option(names = "--shard", paramLabel = "i/N", description = "Run the cases K with K mod N = i.")
    String shard;

    @Option(names = "--jobs", paramLabel = "J", defaultValue = "1",
            description = "Workers in this process when neither --case nor --shard is given (default ${DEFAULT-VALUE}).")
    int jobs;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Checks the options together, before the sweep folder is read. */
    void validate() {
        if (caseIndex != null && shard != null) {
            throw new UsageException("--case and --shard: expected one of them, not both");
        }
        if (jobs < 1 || jobs > 256) {
            throw new UsageException("--jobs = " + jobs + ": expected 1 to 256 workers");
        }
        if (command.commandLine().getParseResult().hasMatchedOption("--jobs") && (caseIndex != null || shard != null)) {
            throw new UsageException("--jobs runs the whole sweep: expected it without --case and --shard");
        }
    }

    /** The indices of the cases to run, checked against the sweep's {@code m.caseCount()} cases. */
    List<Integer> cases(Manifest m) {
        if (caseIndex != null) {
            if (caseIndex < 0 || caseIndex >= m.caseCount()) {
                throw new UsageException("--case = " + caseIndex + ": expected 0 to " + (m.caseCount() - 1)
                        + " (the sweep has " + m.caseCount() + " cases)");
            }
            return List.of(caseIndex);
        }
        if (shard != null) {
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
                return SweepRun.shard(m.caseCount(), i, n);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--shard: " + e.getMessage());
            }
        }
        List<Integer> all = new ArrayList<>();
        for (int k = 0; k < m.caseCount(); k++) {
            all.add(k);
        }
        return all;
    }

    /** The worker threads for {@code caseCount} cases: 1 for a single case, else {@code --jobs}. */
    int workers(int caseCount) {
        return caseCount == 1 ? 1 : jobs;
    }
}
