package org.ttfp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.cli.ExitCodes;
import org.ttfp.cli.TtfpCommand;

/**
 * The project's battery of bad command lines and problem files, run in-process through picocli:
 * for each case the exit code and the key words of the message (the option or field, and what was
 * expected). None of them may leave a run folder behind. Every case is refused before any solve,
 * so the battery takes seconds.
 */
class CommandLineBatteryTest {

    @TempDir
    static Path tmp;

    static Path out;

    /** A valid tiny problem file, and one that is far too large. */
    static Path problem;
    static Path hugeProblem;
    static Path typoProblem;
    static Path duplicateProblem;

    @BeforeAll
    static void files() throws IOException {
        out = tmp.resolve("results");
        problem = tmp.resolve("p.json");
        Files.writeString(problem, "{\"density\":{\"type\":\"gaussian\",\"mean\":[0,0],\"covariance\":[[1,0],[0,1]]}}");
        hugeProblem = tmp.resolve("huge.json");
        Files.writeString(hugeProblem, "{\"density\":{\"type\":\"gaussian\",\"mean\":[0,0],\"covariance\":[[1,0],[0,1]]},"
                + "\"grid\":{\"n\":40000}}");
        typoProblem = tmp.resolve("typo").resolve("p.json");
        Files.createDirectories(typoProblem.getParent());
        Files.writeString(typoProblem, "{\"density\":{\"type\":\"gaussian\",\"mean\":[0],\"covariance\":[[1]]},"
                + "\"grid\":{\"n\":32,\"halfwidth\":8}}");
        duplicateProblem = tmp.resolve("dup.json");
        Files.writeString(duplicateProblem, "{\"density\":{\"type\":\"gaussian\",\"mean\":[0],\"covariance\":[[1]]},"
                + "\"steps\":30,\"steps\":1}");
    }

    /** Exit code, key words of the message, and the arguments. */
    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        // commands and options
        c.add(of(2, "unknown command|frobnicate", "frobnicate"));
        c.add(of(2, "unknown command", "frobnicate", "--help"));
        c.add(of(2, "--no-such-option", "verify", "--no-such-option"));
        c.add(of(2, "--samples|many", "verify", "--samples", "many"));
        // ranges, named with the option and the expected values
        c.add(of(2, "--samples = 1|2 to", "verify", "--samples", "1"));
        c.add(of(2, "--samples = 2147483647", "verify", "--samples", "2147483647"));
        c.add(of(2, "--grid = 2000000000|3 to 46340", "verify", "--grid", "2000000000"));
        c.add(of(2, "--grid = 1|3 to", "verify", "--grid", "1"));
        c.add(of(2, "--grid = 2|3 to", "verify", "--grid", "2"));
        c.add(of(2, "--steps = 2000000000", "verify", "--preset", "gaussian", "--dims", "2", "--samples", "50", "--steps",
                "2000000000"));
        c.add(of(2, "--rank-cap = -1", "verify", "--rank-cap", "-1"));
        c.add(of(2, "--jacobian-points = -1", "verify", "--jacobian-points", "-1"));
        c.add(of(2, "--count = 0", "verify", "--preset", "paper", "--count", "0"));
        c.add(of(2, "--tolerance = 0", "verify", "--tolerance", "0"));
        c.add(of(2, "--density-floor = 1", "verify", "--density-floor", "1"));
        c.add(of(2, "--dims = 0", "verify", "--preset", "gaussian", "--dims", "0"));
        c.add(of(2, "--t0 = -1", "verify", "--preset", "gaussian", "--t0", "-1"));
        c.add(of(2, "t0|T = 1", "verify", "--preset", "gaussian", "--dims", "2", "--t0", "2"));
        // memory and work estimated before allocating, naming the limit
        c.add(of(2, "memory|30000 x 30000|maximum heap", "verify", "--grid", "30000"));
        c.add(of(2, "memory|maximum heap", "verify", "--preset", "gaussian", "--dims", "2", "--steps", "100000000"));
        c.add(of(2, "memory|30000", "solve", "--grid", "30000"));
        c.add(of(3, "memory|huge.json|grid.n", "verify", "--problem", "@huge"));
        // names
        c.add(of(2, "unknown preset 'nonsense'|counterexample", "verify", "--preset", "nonsense"));
        c.add(of(2, "--sde|unknown SDE 'heat'|subvp", "verify", "--preset", "gaussian", "--sde", "heat"));
        c.add(of(2, "unknown problem 'heat'|double-well", "solve", "--problem", "heat"));
        c.add(of(2, "--backend = 'bogus'", "verify", "--backend", "bogus"));
        // options the preset or command does not use, duplicates, empty values
        c.add(of(2, "--epsilon is not used by preset 'gaussian'", "verify", "--preset", "gaussian", "--epsilon", "0.1"));
        c.add(of(2, "--dims is not used by preset 'counterexample'", "verify", "--preset", "counterexample", "--dims", "2"));
        c.add(of(2, "--sde is not used by preset 'paper'", "verify", "--preset", "paper", "--sde", "vp"));
        c.add(of(2, "--count is not used by preset 'gaussian'", "verify", "--preset", "gaussian", "--count", "2"));
        c.add(of(2, "--grid is not used with --problem", "verify", "--problem", "@p", "--grid", "40"));
        c.add(of(2, "--preset is not used with --problem", "verify", "--problem", "@p", "--preset", "gaussian"));
        c.add(of(2, "--t0 lists 0.5 twice", "verify", "--preset", "gaussian", "--t0", "0.5,0.5"));
        c.add(of(2, "--dims lists 2 twice", "verify", "--preset", "gaussian", "--dims", "2,3,2"));
        c.add(of(2, "--epsilon lists 0.1 twice", "verify", "--preset", "counterexample", "--epsilon", "0.1,0.1"));
        c.add(of(2, "one --t0", "verify", "--t0", "0,0.5"));
        c.add(of(2, "--out is empty", "verify", "--out", ""));
        c.add(of(2, "--out is empty", "solve", "--out", " "));
        c.add(of(2, "--dim = 0", "solve", "--dim", "0"));
        c.add(of(2, "--rank-cap = 0", "solve", "--rank-cap", "0"));
        c.add(of(2, "--eps = 0", "solve", "--eps", "0"));
        c.add(of(2, "--samples = 1", "encode", "--samples", "1"));
        // problem files: exit 3, naming the file and the field (the parser's own battery is ProblemFileTest)
        c.add(of(3, "p.json|unknown field 'grid.halfwidth'", "verify", "--problem", "@typo"));
        c.add(of(3, "Duplicate field 'steps'", "verify", "--problem", "@dup"));
        c.add(of(3, "cannot be read|missing.json|no such file", "verify", "--problem", "@missing"));
        return c.stream();
    }

    static Arguments of(int code, String words, String... args) {
        return Arguments.of(code, words, args);
    }

    @ParameterizedTest(name = "[{index}] exit {0}: {1}")
    @MethodSource("cases")
    void eachCaseIsRefusedWithItsCodeAndAMessageNamingTheCause(int code, String words, String[] args) throws IOException {
        List<String> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.equals("@p") ? problem.toString() : s.equals("@huge") ? hugeProblem.toString()
                    : s.equals("@missing") ? tmp.resolve("missing.json").toString()
                    : s.equals("@typo") ? typoProblem.toString() : s.equals("@dup") ? duplicateProblem.toString() : s);
        }
        if (!a.contains("--out") && !a.get(0).equals("frobnicate")) {
            a.add("--out");
            a.add(out.toString());
        }
        Run r = run(a.toArray(String[]::new));
        assertEquals(code, r.code, "exit code of " + a + "; stderr: " + r.err);
        for (String w : words.split("\\|")) {
            assertTrue(r.err.contains(w), "stderr of " + a + " should contain '" + w + "': " + r.err);
        }
        assertTrue(r.err.lines().count() <= 3 || code == 2, "a short message, not a stack trace: " + r.err);
        assertTrue(!r.err.contains("Exception"), "no raw exception: " + r.err);
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                assertEquals(List.of(), s.toList(), "nothing left behind by " + a);
            }
        }
    }

    /** A backend named in the configuration that does not exist is refused with exit 3 and the source named. */
    @Test
    void unknownConfiguredBackendIsInvalidInput() {
        String old = System.getProperty("ttfp.backend");
        System.setProperty("ttfp.backend", "bogus");
        try {
            Run r = run("verify", "--preset", "gaussian", "--dims", "2", "--samples", "10", "--out", out.toString());
            assertEquals(ExitCodes.INVALID_INPUT, r.code, r.err);
            assertTrue(r.err.contains("ttfp.backend=bogus") && r.err.contains("unknown backend"), r.err);
        } finally {
            if (old == null) {
                System.clearProperty("ttfp.backend");
            } else {
                System.setProperty("ttfp.backend", old);
            }
        }
    }

    /** A backend asked for by name that cannot load (cuBLAS without a GPU) exits 3 with the reason. */
    @Test
    void unavailableBackendIsInvalidInputWithItsReason() {
        boolean loads;
        try {
            org.ttfp.linalg.Backends.select("cublas");
            loads = true;
        } catch (RuntimeException | LinkageError e) {
            loads = false;
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(loads, "cuBLAS loads on this machine (a GPU is present)");
        Run r = run("verify", "--preset", "gaussian", "--dims", "2", "--samples", "10", "--backend", "cublas", "--out",
                out.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.code, r.err);
        assertTrue(r.err.contains("--backend cublas") && r.err.contains("cannot load"), r.err);
    }

    /** Help lists the presets and problems from their registries, and exits 0. */
    @Test
    void helpListsTheRegistries() {
        Run v = run("verify", "--help");
        assertEquals(ExitCodes.OK, v.code);
        for (String w : new String[] {"default:", "gaussian:", "mixture:", "counterexample:", "paper:", "--epsilon"}) {
            assertTrue(v.out.contains(w), "verify --help should list '" + w + "': " + v.out);
        }
        Run s = run("solve", "--help");
        assertEquals(ExitCodes.OK, s.code);
        assertTrue(s.out.contains("double-well:") && s.out.contains("ou-matrix:"), s.out);
        Run top = run("--help");
        assertEquals(ExitCodes.OK, top.code);
        assertTrue(top.out.toLowerCase(Locale.ROOT).contains("exit codes"), top.out);
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = TtfpCommand.execute(new PrintWriter(o, true), new PrintWriter(e, true), args);
        return new Run(code, o.toString(), e.toString());
    }
}
