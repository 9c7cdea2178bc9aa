package org.ttfp.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.BackendUnavailableException;
import org.ttfp.linalg.Backends;
import org.ttfp.ot.verify.Registry;
import org.ttfp.ot.verify.ResourceEstimate;
import picocli.CommandLine.ParseResult;

/** Checks of a parsed command line that picocli cannot make; each failure is a {@link UsageException}. */
final class CliChecks {
    private CliChecks() {}

    /** The backend names a user may ask for. */
    static final Set<String> BACKENDS = Set.of("auto", "cpu", "openblas", "ejml", "cublas", "gpu");

    /**
     * Refuses the options of {@code optional} that the entry does not read.
     *
     * @param optional the entry-specific options of the command (those some entry reads)
     * @param what     the entry in words, e.g. "preset 'gaussian'"
     */
    static void refuseUnused(ParseResult parsed, Set<String> optional, Registry.Entry<?> entry, String what) {
        for (String o : optional) {
            if (parsed.hasMatchedOption(o) && !entry.uses(o)) {
                throw new UsageException(o + " is not used by " + what + ": it reads "
                        + (entry.options().isEmpty() ? "none of them" : String.join(", ", entry.options())));
            }
        }
    }

    /** Refuses each of {@code options} that was given, saying why they do not apply. */
    static void refuseGiven(ParseResult parsed, String why, String... options) {
        for (String o : options) {
            if (parsed.hasMatchedOption(o)) {
                throw new UsageException(o + " is not used " + why);
            }
        }
    }

    /** Refuses an int outside [min, max]. */
    static int range(String option, int value, int min, int max, String expected) {
        if (value < min || value > max) {
            throw new UsageException(option + " = " + value + ": expected " + expected);
        }
        return value;
    }

    /** Refuses a double outside (lo, hi) (open or closed at lo as said). */
    static double range(String option, double value, double lo, boolean loClosed, double hi, String expected) {
        boolean ok = Double.isFinite(value) && (loClosed ? value >= lo : value > lo) && value < hi;
        if (!ok) {
            throw new UsageException(option + " = " + value + ": expected " + expected);
        }
        return value;
    }

    /** Refuses an empty list and repeated values (null: nothing given, accepted). */
    static void distinct(String option, int[] values) {
        if (values != null) {
            distinct(option, Arrays.stream(values).boxed().toList(), Arrays.toString(values));
        }
    }

    /** Refuses an empty list and repeated values (null: nothing given, accepted). */
    static void distinct(String option, double[] values) {
        if (values != null) {
            distinct(option, Arrays.stream(values).boxed().toList(), Arrays.toString(values));
        }
    }

    /** Refuses an empty list and repeated values; {@code shown} is the list as the message prints it. */
    private static void distinct(String option, List<?> values, String shown) {
        if (values.isEmpty()) {
            throw new UsageException(option + " is empty: expected a comma-separated list");
        }
        Set<Object> seen = new HashSet<>();
        for (Object v : values) {
            if (!seen.add(v)) {
                throw new UsageException(option + " lists " + v + " twice (" + shown + "): expected distinct values");
            }
        }
    }

    /** Refuses an empty or blank {@code --out}. */
    static Path out(Path out) {
        if (out == null || out.toString().isBlank()) {
            throw new UsageException("--out is empty: expected a folder for the run's files (default results)");
        }
        return out;
    }

    /**
     * The backend: {@code --backend} when given (an unknown name is a usage error), else the
     * configuration ({@value Backends#PROPERTY} / {@value Backends#ENV}). A backend that cannot load
     * is an {@link IllegalArgumentException} (exit 3) with the reason.
     */
    static Backend backend(String option) {
        String name;
        String source;
        if (option != null) {
            name = option.trim().toLowerCase(java.util.Locale.ROOT);
            if (!BACKENDS.contains(name)) {
                throw new UsageException("--backend = '" + option + "': expected one of auto, cpu, openblas, ejml, cublas");
            }
            source = "--backend " + name;
        } else {
            name = Backends.requestedName();
            source = System.getProperty(Backends.PROPERTY) != null && !System.getProperty(Backends.PROPERTY).isBlank()
                    ? "-D" + Backends.PROPERTY + "=" + name : System.getenv(Backends.ENV) != null
                            && !System.getenv(Backends.ENV).isBlank() ? Backends.ENV + "=" + name : "auto";
        }
        try {
            return Backends.byName(name);
        } catch (BackendUnavailableException | LinkageError e) {
            throw new IllegalArgumentException("backend requested by " + source + " cannot load: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend requested by " + source + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a run the estimate says is too large: a usage error for the command line, an invalid problem for a file. */
    static void fits(ResourceEstimate e, String what, boolean fromProblemFile) {
        String why = e.refusal(Runtime.getRuntime().maxMemory());
        if (why != null) {
            if (fromProblemFile) {
                throw new IllegalArgumentException(what + " " + why);
            }
            throw new UsageException(what + " " + why);
        }
    }
}
