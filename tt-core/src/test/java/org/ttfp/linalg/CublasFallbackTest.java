package org.ttfp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What happens without a usable GPU: {@link CublasBackend#create()} fails with a one-line reason,
 * and {@link Backends} falls back to a CPU backend whose selection reason says why. Also the
 * host-side helpers of the cuBLAS backend (allocator size classes, failure summaries), which need
 * no device.
 */
class CublasFallbackTest {
    private static String failure;

    @BeforeAll
    static void probe() {
        try {
            CublasBackend.create();
        } catch (BackendUnavailableException e) {
            failure = e.getMessage();
        }
    }

    @Test
    void createFailsWithOneLineReasonAndRemembersIt() {
        assumeTrue(failure != null, "a CUDA device is present: the no-GPU behaviour cannot be observed here");
        assertTrue(failure.startsWith("cuBLAS backend unavailable: "), failure);
        assertFalse(failure.contains("\n"), "one line: " + failure);
        assertTrue(failure.length() < 500, failure);
        long t0 = System.nanoTime();
        BackendUnavailableException again = assertThrows(BackendUnavailableException.class, CublasBackend::create);
        assertEquals(failure, again.getMessage());
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "the second attempt answers from memory");
    }

    @Test
    void autoSelectionFallsBackToCpuAndSaysWhy() {
        assumeTrue(failure != null, "a CUDA device is present: auto selects the GPU (checked in CublasBackendTest)");
        Backends.resetForTests();
        try {
            Backends.Selection s = Backends.select("auto");
            String name = s.backend().name();
            assertTrue(name.equals("openblas") || name.equals("ejml"), "a CPU backend, got " + name);
            assertTrue(s.reason().contains("no usable GPU"), s.reason());
            assertTrue(s.reason().contains(failure), "the reason carries create()'s message: " + s.reason());
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.select("cublas"));
            assertTrue(e.getMessage().contains("cuBLAS backend unavailable"), e.getMessage());
        } finally {
            Backends.resetForTests();
        }
    }

    @Test
    void loadFailureSummaryNamesTheMissingLibraryInOneLine() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCublas2-12.6.0-linux-x86_64\"\n"
                + "Operating system name: Linux\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCublas2-12.6.0-linux-x86_64.so: libcublas.so.12: cannot open shared "
                + "object file: No such file or directory\n\tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)");
        String s = CudaDevice.summary(e);
        assertFalse(s.contains("\n"), s);
        assertTrue(s.startsWith("UnsatisfiedLinkError: Error while loading native library"), s);
        assertTrue(s.contains("(libcublas.so.12: cannot open shared object file: No such file or directory)"), s);
        NoClassDefFoundError wrapped = new NoClassDefFoundError("Could not initialize class jcuda.jcublas.JCublas2");
        wrapped.initCause(e);
        assertTrue(CudaDevice.summary(wrapped).contains("libcublas.so.12: cannot open"), CudaDevice.summary(wrapped));
        assertEquals("IllegalStateException: (no message)", CudaDevice.summary(new IllegalStateException()));
    }

    @Test
    void allocatorSizeClassesCoverTheRequestWithBoundedWaste() {
        assertEquals(512, DevicePool.sizeClass(1));
        assertEquals(512, DevicePool.sizeClass(512));
        assertEquals(1024, DevicePool.sizeClass(513));
        assertEquals(5120, DevicePool.sizeClass(4097));
        assertEquals(1L << 30, DevicePool.sizeClass(1L << 30));
        long prev = 0;
        for (long b = 1; b < (1L << 40); b = b * 3 / 2 + 7) {
            long c = DevicePool.sizeClass(b);
            assertTrue(c >= b, "class " + c + " covers " + b);
            assertTrue(c <= b + Math.max(511, b / 4), "class " + c + " wastes at most max(511 bytes, 25%) of " + b);
            assertTrue(c >= prev, "monotone");
            assertEquals(0, c % 512, "multiple of 512 bytes");
            prev = c;
        }
    }
}
