package org.ttfp.tt;

import java.util.List;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.linalg.EjmlBackend;

/** The CPU backends every tt-core test runs on: native OpenBLAS (required) and pure-Java EJML. */
public final class TestBackends {
    private TestBackends() {}

    /** Both CPU backends; fails (does not skip) if the bundled OpenBLAS cannot load. */
    public static List<Backend> all() {
        return List.of(Backends.byName("openblas"), EjmlBackend.get());
    }
}
