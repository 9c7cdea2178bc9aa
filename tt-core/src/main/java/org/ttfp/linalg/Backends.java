package org.ttfp.linalg;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Picks the dense backend.
 *
 * <p>Names: {@code ejml} (pure Java, always there), {@code openblas} (native OpenBLAS + LAPACK,
 * bundled), {@code cublas} (NVIDIA GPU through JCublas), {@code cpu} (openblas, else ejml) and
 * {@code auto} (cublas where CUDA and a device load, else cpu). The default request is read from the
 * system property {@value #PROPERTY}, else the environment variable {@value #ENV}, else
 * {@code auto}. Each selection is logged once, at INFO, as one line that says why (in the format
 * of {@link TtfpLogging}), e.g. {@code ttfp: backend openblas (auto: no NVIDIA driver found)}; the
 * full reason is {@link Selection#reason()} and is logged at FINE.
 */
public final class Backends {
    /** System property that forces a backend by name. */
    public static final String PROPERTY = "ttfp.backend";
    /** Environment variable that forces a backend by name (the property wins). */
    public static final String ENV = "TTFP_BACKEND";

    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static final ConcurrentHashMap<String, Selection> CACHE = new ConcurrentHashMap<>();

    private static final String EXPLICIT = "requested explicitly";

    static {
        TtfpLogging.install();
    }

    private Backends() {}

    /**
     * The outcome of a selection.
     *
     * @param backend   the backend chosen
     * @param requested the name asked for
     * @param reason    one line saying why this backend was chosen
     */
    public record Selection(Backend backend, String requested, String reason) {
        /**
         * The one-line summary that is logged: {@code backend NAME (REQUESTED: SHORT REASON)}, the
         * reason without its parenthesized details, e.g. {@code backend openblas (auto: no NVIDIA driver found)}.
         */
        public String summary() {
            if (reason.equals(EXPLICIT)) {
                return "backend " + backend.name() + " (requested)";
            }
            String why = shortReason(reason);
            return "backend " + backend.name() + " (" + requested + (why.isEmpty() ? "" : ": " + why) + ")";
        }
    }

    /**
     * A reason without parenthesized details, without the "no usable GPU: " and "cuBLAS backend
     * unavailable: " prefixes and without the parts that only repeat the backend's name.
     */
    static String shortReason(String reason) {
        String s = reason.replace("no usable GPU: ", "").replace("cuBLAS backend unavailable: ", "");
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                if (depth++ == 0 && out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
                    out.setLength(out.length() - 1);
                }
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        StringBuilder kept = new StringBuilder();
        for (String part : out.toString().split(";")) {
            String p = part.trim();
            if (!p.isEmpty() && !p.equals("native OpenBLAS loaded") && !p.equals("using pure-Java EJML")) {
                kept.append(kept.length() > 0 ? "; " : "").append(p);
            }
        }
        return kept.toString();
    }

    /** The backend named by {@value #PROPERTY} / {@value #ENV}, or {@code auto}. Cached. */
    public static Backend defaultBackend() {
        return select(requestedName()).backend();
    }

    /** The name the configuration asks for ({@code auto} when none). */
    public static String requestedName() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        return p == null || p.isBlank() ? "auto" : p.trim().toLowerCase(Locale.ROOT);
    }

    /** The backend of that name (see the class comment), cached per name. */
    public static Backend byName(String name) {
        return select(name).backend();
    }

    /**
     * Selects a backend by name, logging the choice and its reason once per name.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws BackendUnavailableException if a backend named explicitly (openblas, cublas) cannot load
     */
    public static Selection select(String name) {
        String key = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        Selection cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Selection s = compute(key);
        Selection prev = CACHE.putIfAbsent(key, s);
        if (prev == null) {
            LOG.info(s.summary());
            LOG.fine(() -> "backend " + s.backend().name() + " chosen for '" + key + "': " + s.reason());
            return s;
        }
        return prev;
    }

    private static Selection compute(String key) {
        switch (key) {
            case "ejml":
                return new Selection(EjmlBackend.get(), key, EXPLICIT);
            case "openblas":
                return new Selection(create("org.ttfp.linalg.OpenBlasBackend"), key, EXPLICIT);
            case "cublas":
            case "gpu":
                return new Selection(create("org.ttfp.linalg.CublasBackend"), key, EXPLICIT);
            case "cpu":
                return cpu(key, "");
            case "auto":
                try {
                    Backend gpu = create("org.ttfp.linalg.CublasBackend");
                    return new Selection(gpu, key, "a CUDA device loaded: " + ((CublasBackend) gpu).description());
                } catch (BackendUnavailableException | LinkageError e) {
                    return cpu(key, "no usable GPU: " + oneLine(e) + "; ");
                }
            default:
                throw new IllegalArgumentException("unknown backend '" + key
                        + "': expected one of auto, cpu, openblas, ejml, cublas");
        }
    }

    private static Selection cpu(String key, String prefix) {
        try {
            return new Selection(create("org.ttfp.linalg.OpenBlasBackend"), key, prefix + "native OpenBLAS loaded");
        } catch (BackendUnavailableException | LinkageError e) {
            return new Selection(EjmlBackend.get(), key, prefix + "native OpenBLAS unavailable (" + oneLine(e)
                    + "); using pure-Java EJML");
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }

    /** Calls the static {@code create()} of a backend class, unwrapping its failure. */
    private static Backend create(String className) {
        try {
            Class<?> c = Class.forName(className);
            return (Backend) c.getMethod("create").invoke(null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof BackendUnavailableException bu) {
                throw bu;
            }
            throw new BackendUnavailableException(className + " failed to start: " + t, t);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new BackendUnavailableException(className + " cannot be loaded: " + e, e);
        }
    }

    /** Forgets cached selections (tests only). */
    static void resetForTests() {
        CACHE.clear();
    }
}
