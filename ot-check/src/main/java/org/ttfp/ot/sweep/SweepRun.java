package org.ttfp.ot.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ttfp.linalg.Backend;
import org.ttfp.ot.report.RunOutput;
import org.ttfp.ot.report.MarginalFigure;
import org.ttfp.ot.verify.ProblemFile;
import org.ttfp.ot.verify.Scenario;
import org.ttfp.ot.verify.VerificationRunner;
import org.ttfp.tt.Cancellation;

/**
 * Runs cases of a planned sweep, each into {@code DIR/cases/K/result/} atomically: the files go
 * into a hidden temporary folder {@code DIR/cases/K/.tmp-result-*} that is renamed to
 * {@code result} when complete ({@link RunOutput}). A case whose {@code result/result.json} reads
 * back is done and skipped; a leftover temporary folder, or a {@code result} folder without a
 * readable {@code result.json}, is half written: it is reported, removed and the case redone. A
 * case that fails writes {@code DIR/cases/K/failed.txt} (the error) and nothing else.
 */
public final class SweepRun {
    private SweepRun() {}

    /** The file a finished case's result folder holds. */
    public static final String RESULT = "result.json";
    /** The file a failed case leaves in its folder. */
    public static final String FAILED = "failed.txt";
    /** The samples and images of a finished case: x, E(x) and T(x) (row-major, N x d each). */
    public static final String POINTS = "points.json";

    /** What happened to a case. */
    public enum Status { RAN, ALREADY_DONE, FAILED }

    /**
     * Runs case K unless it is already done.
     *
     * @param log receives one line per notable event (a half-written folder removed, a case skipped)
     * @return RAN or ALREADY_DONE
     * @throws RuntimeException the case's failure (its message also written to {@code failed.txt})
     */
    public static Status runCase(Path dir, Manifest m, int k, Backend backend, VerificationRunner.Progress progress,
            Cancellation cancel, Consumer<String> log) {
        Manifest.Case c = m.get(k);
        Path cd = Manifest.caseDir(dir, k);
        if (readResult(cd, k, log) != null) {
            log.accept("case " + k + " (" + c.label() + "): already done, skipped");
            return Status.ALREADY_DONE;
        }
        long start = System.nanoTime();
        try {
            Scenario sc = scenario(dir.resolve(c.problem()), c.settings().seed());
            VerificationRunner.Outcome o = VerificationRunner.run(sc, c.settings().runner(backend), progress, cancel);
            double seconds = (System.nanoTime() - start) / 1e9;
            CaseResult r = new CaseResult(k, c.values(), c.settings(), o.result(), new CaseResult.RunInfo(host(), seconds,
                    Instant.now().toString(), backend.name()));
            try (RunOutput out = RunOutput.open(cd, "result")) {
                out.writeJson(RESULT, r);
                out.writeJson(POINTS, new Points(sc.dim(), o.start(), o.encoded(), o.reference()));
                if (o.solution() != null) {
                    MarginalFigure.write(out.file("marginals.png"), sc.name(), o.solution());
                }
                Path done = out.commit();
                if (!done.getFileName().toString().equals("result")) {
                    throw new IllegalStateException("case " + k + ": " + cd.resolve("result") + " appeared while the case "
                            + "ran (another run of the same case?); this run is in " + done);
                }
            }
            Files.deleteIfExists(cd.resolve(FAILED));
            return Status.RAN;
        } catch (java.util.concurrent.CancellationException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            writeFailure(cd, k, c, e);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException((IOException) e);
        }
    }

    /** The scenario of a case file: a problem file, or a preset case ({@link PresetBase}). */
    static Scenario scenario(Path file, long seed) throws IOException {
        JsonNode node = ProblemFile.parseJson(Files.readString(file));
        if (!PresetBase.isPreset(node)) {
            return ProblemFile.read(file);
        }
        try {
            return PresetBase.scenario(node, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("case file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The samples x, the encoder's images E(x) and the reference map's T(x) (null when none).
     *
     * @param dim       d
     * @param start     x, N x d row-major
     * @param encoded   E(x)
     * @param reference T(x) or null
     */
    public record Points(int dim, double[] start, double[] encoded, double[] reference) {}

    private static void writeFailure(Path cd, int k, Manifest.Case c, Exception e) {
        try {
            Path tmp = Files.createTempFile(cd, ".tmp-failed-", ".txt");
            Files.writeString(tmp, "case " + k + " (" + c.label() + ") failed: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, cd.resolve(FAILED), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException io) {
            e.addSuppressed(io);
        }
    }

    /**
     * The finished result of case K, or null when there is none. Half-written folders (a leftover
     * {@code .tmp-result-*}, a {@code result} folder whose {@code result.json} is missing or
     * unreadable) are reported to {@code log} and removed, so that the case is redone.
     */
    public static CaseResult readResult(Path cd, int k, Consumer<String> log) {
        try {
            if (Files.isDirectory(cd)) {
                try (Stream<Path> s = Files.list(cd)) {
                    for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                        log.accept("case " + k + ": half-written folder " + p.getFileName() + " (a run that stopped "
                                + "before it finished) removed; the case is redone");
                        deleteTree(p);
                    }
                }
            }
            Path result = cd.resolve("result");
            if (!Files.exists(result)) {
                return null;
            }
            Path json = result.resolve(RESULT);
            String why = null;
            CaseResult r = null;
            if (!Files.isRegularFile(json)) {
                why = "no " + RESULT;
            } else {
                try {
                    r = Manifest.JSON.readValue(json.toFile(), CaseResult.class);
                    if (r.index() != k || r.result() == null) {
                        why = RESULT + " is of case " + r.index() + ", not of case " + k;
                        r = null;
                    }
                } catch (IOException e) {
                    why = RESULT + " cannot be read (" + e.getMessage().lines().findFirst().orElse("") + ")";
                }
            }
            if (r == null) {
                log.accept("case " + k + ": half-written result folder (" + why + ") removed; the case is redone");
                deleteTree(result);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("case folder " + cd + " cannot be read: " + e, e);
        }
    }

    /**
     * The cases of shard i of N: K with K mod N = i (round robin, so that neighbouring cases, often
     * of similar cost, go to different shards).
     */
    public static List<Integer> shard(int caseCount, int i, int n) {
        if (n < 1 || i < 0 || i >= n) {
            throw new IllegalArgumentException("shard " + i + "/" + n + ": expected i/N with 0 <= i < N");
        }
        List<Integer> out = new ArrayList<>();
        for (int k = i; k < caseCount; k += n) {
            out.add(k);
        }
        return out;
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Deletes a folder and everything in it (nothing when it does not exist). */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
