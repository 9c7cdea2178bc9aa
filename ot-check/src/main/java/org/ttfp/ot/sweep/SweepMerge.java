package org.ttfp.ot.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ttfp.ot.report.RunOutput;
import org.ttfp.ot.report.SweepFigures;
import org.ttfp.ot.report.VerifyReport;
import org.ttfp.ot.verify.ScenarioResult;

/**
 * Gathers the finished cases of a sweep into {@code DIR/merged/}: {@code result.json} (the cases in
 * order, with the lists of missing and failed cases by number), {@code report.md} and the figures.
 * Safe to re-run: the new folder is written beside the old one and replaces it when complete; the
 * case folders are only read (a half-written one is reported and removed, see {@link SweepRun}).
 *
 * <p>{@code result.json}: {@code {tool, schema, sweep, axes, zip, caseCount, finished, missing:
 * [K], failed: [{case, message}], versions, cases: [CaseResult]}}; only {@code cases[].run} and
 * {@code cases[].result.timings} differ between two runs of the same sweep.
 */
public final class SweepMerge {
    private SweepMerge() {}

    /** The schema of the merged result.json. */
    public static final int SCHEMA = 1;

    /**
     * A failed case.
     *
     * @param index   K
     * @param message what {@code failed.txt} says
     */
    public record Failure(int index, String message) {}

    /**
     * What a merge found.
     *
     * @param folder   the merged folder
     * @param finished the finished cases, in order
     * @param missing  the numbers of the cases without a result (not run, still running, half written)
     * @param failed   the failed cases
     */
    public record Merged(Path folder, List<CaseResult> finished, List<Integer> missing, List<Failure> failed) {}

    /** Merges the sweep in {@code dir}; {@code log} gets a line per half-written folder removed. */
    public static Merged merge(Path dir, Consumer<String> log) {
        Manifest m = Manifest.read(dir);
        List<CaseResult> finished = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (Manifest.Case c : m.cases()) {
            Path cd = Manifest.caseDir(dir, c.index());
            CaseResult r = SweepRun.readResult(cd, c.index(), log);
            if (r != null) {
                finished.add(r);
                continue;
            }
            Path f = cd.resolve(SweepRun.FAILED);
            if (Files.isRegularFile(f)) {
                try {
                    failed.add(new Failure(c.index(), Files.readString(f).strip()));
                } catch (IOException e) {
                    failed.add(new Failure(c.index(), "failed (" + SweepRun.FAILED + " unreadable: " + e + ")"));
                }
            } else {
                missing.add(c.index());
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tool", "ttfp sweep merge");
        json.put("schema", SCHEMA);
        json.put("sweep", m.name());
        json.put("axes", m.axes());
        json.put("zip", m.zip());
        json.put("caseCount", m.caseCount());
        json.put("finished", finished.size());
        json.put("missing", missing);
        json.put("failed", failed);
        json.put("versions", VerifyReport.versions());
        json.put("cases", finished);
        Path old = dir.resolve("merged");
        Path done;
        try (RunOutput out = RunOutput.open(dir, "merged-new")) {
            List<String> figures = SweepFigures.write(out, dir, m, finished);
            json.put("figures", figures);
            out.writeJson("result.json", json);
            out.writeText("report.md", SweepReport.markdown(m, finished, missing, failed, figures));
            Path moved = out.commit();
            try {
                Path trash = null;
                if (Files.exists(old)) {
                    trash = Files.createTempDirectory(dir, ".old-merged-");
                    Files.delete(trash);
                    Files.move(old, trash);
                }
                Files.move(moved, old);
                if (trash != null) {
                    SweepRun.deleteTree(trash);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot replace " + old + " by " + moved + ": " + e, e);
            }
            done = old;
        }
        return new Merged(done, finished, missing, failed);
    }

    /** The scenario results of the finished cases, in order. */
    public static List<ScenarioResult> results(List<CaseResult> finished) {
        return finished.stream().map(CaseResult::result).toList();
    }
}
