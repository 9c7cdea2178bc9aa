package org.ttfp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Selection of the dense backend by name, property and fallback. */
class BackendsTest {

    @BeforeEach
    @AfterEach
    void forgetSelections() {
        Backends.resetForTests();
    }

    @Test
    void explicitNamesGiveTheirBackends() {
        assertSame(EjmlBackend.get(), Backends.byName("ejml"));
        assertInstanceOf(OpenBlasBackend.class, Backends.byName("openblas"));
        assertSame(OpenBlasBackend.create(), Backends.byName(" OpenBLAS "), "names are trimmed and case-insensitive");
        Backends.Selection s = Backends.select("ejml");
        assertEquals("ejml", s.requested());
        assertEquals("requested explicitly", s.reason());
    }

    @Test
    void cpuPrefersNativeOpenBlas() {
        Backends.Selection s = Backends.select("cpu");
        assertInstanceOf(OpenBlasBackend.class, s.backend());
        assertTrue(s.reason().contains("OpenBLAS"), s.reason());
    }

    @Test
    void unknownNameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("mkl"));
        assertTrue(e.getMessage().contains("'mkl'") && e.getMessage().contains("openblas"), e.getMessage());
    }

    @Test
    void autoFallsBackToCpuWithoutAGpuAndSaysWhy() {
        Backends.Selection s = Backends.select("auto");
        if (s.backend().name().equals("cublas")) {
            assertTrue(s.reason().contains("CUDA"), s.reason()); // a machine with a working GPU
        } else {
            assertTrue(s.backend() instanceof OpenBlasBackend || s.backend() instanceof EjmlBackend);
            assertTrue(s.reason().contains("GPU"), "the reason should mention the GPU: " + s.reason());
        }
        assertSame(s, Backends.select("auto"), "selections are cached");
        assertSame(s, Backends.select(null), "null means auto");
    }

    @Test
    void systemPropertyChoosesTheDefault() {
        String old = System.getProperty(Backends.PROPERTY);
        try {
            System.setProperty(Backends.PROPERTY, " EJML ");
            assertEquals("ejml", Backends.requestedName());
            assertSame(EjmlBackend.get(), Backends.defaultBackend());
            System.setProperty(Backends.PROPERTY, "openblas");
            assertInstanceOf(OpenBlasBackend.class, Backends.defaultBackend());
        } finally {
            if (old == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, old);
            }
        }
    }

    @Test
    void openBlasCreateIsASingleton() {
        assertSame(OpenBlasBackend.create(), OpenBlasBackend.create());
        assertEquals("openblas", OpenBlasBackend.create().name());
    }
}
