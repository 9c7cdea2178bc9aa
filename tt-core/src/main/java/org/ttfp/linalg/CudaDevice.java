package org.ttfp.linalg;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaDeviceProp;

/**
 * Probing and opening CUDA device 0 for {@link CublasBackend}: driver and runtime versions, device
 * count, name and memory, the JCublas2 natives and a cuBLAS handle; and the one-line summaries of
 * loading failures (the missing library or symbol named). Every failure becomes a
 * {@link BackendUnavailableException} whose message starts with "cuBLAS backend unavailable: ".
 */
final class CudaDevice {
    private static final Logger LOG = Logger.getLogger(CudaDevice.class.getName());

    private CudaDevice() {}

    /**
     * An opened device.
     *
     * @param handle      the cuBLAS handle
     * @param totalBytes  device memory in bytes (0 when unknown)
     * @param description device name, memory and library versions, one line
     */
    record Opened(cublasHandle handle, long totalBytes, String description) {}

    /**
     * Opens device 0 and creates a cuBLAS handle; JCuda and JCublas exceptions are enabled
     * afterwards, so every later CUDA or cuBLAS error surfaces as a {@code CudaException}.
     *
     * @throws BackendUnavailableException with a one-line reason
     */
    static Opened open() {
        int[] v = new int[1];
        int driver;
        int runtime;
        try {
            int rc = JCuda.cudaDriverGetVersion(v);
            if (rc != 0) {
                throw unavailable("cudaDriverGetVersion failed: " + JCuda.cudaGetErrorString(rc));
            }
            driver = v[0];
            rc = JCuda.cudaRuntimeGetVersion(v);
            runtime = rc == 0 ? v[0] : 0;
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw unavailable("the JCuda runtime native library did not load: " + summary(t));
        }
        if (driver == 0) {
            throw unavailable("no NVIDIA driver found (cudaDriverGetVersion reports 0: libcuda.so.1 is missing)");
        }
        if (driver < runtime) {
            throw unavailable("the NVIDIA driver supports CUDA " + cudaVersion(driver) + " but JCuda's runtime needs CUDA "
                    + cudaVersion(runtime) + " or newer");
        }
        try {
            int rc = JCuda.cudaGetDeviceCount(v);
            if (rc != 0) {
                throw unavailable("cudaGetDeviceCount failed: " + JCuda.cudaGetErrorString(rc));
            }
            if (v[0] == 0) {
                throw unavailable("no CUDA device is visible (cudaGetDeviceCount = 0)");
            }
            rc = JCuda.cudaSetDevice(0);
            if (rc != 0) {
                throw unavailable("cudaSetDevice(0) failed: " + JCuda.cudaGetErrorString(rc));
            }
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw unavailable("the CUDA device could not be opened: " + summary(t));
        }
        // Name and memory only describe the device: a failure here is reported, not fatal.
        String name;
        try {
            cudaDeviceProp prop = new cudaDeviceProp();
            int rc = JCuda.cudaGetDeviceProperties(prop, 0);
            name = rc == 0 ? prop.getName().trim() + " (sm_" + prop.major + prop.minor + ")"
                    : "(cudaGetDeviceProperties: " + JCuda.cudaGetErrorString(rc) + ")";
        } catch (Throwable t) {
            name = "(cudaGetDeviceProperties: " + summary(t) + ")";
        }
        long total = 0;
        long free = 0;
        try {
            long[] f = new long[1];
            long[] t = new long[1];
            if (JCuda.cudaMemGetInfo(f, t) == 0) {
                free = f[0];
                total = t[0];
            }
        } catch (Throwable t) {
            LOG.log(Level.FINE, "cudaMemGetInfo failed", t);
        }
        cublasHandle h = new cublasHandle();
        int cublasVersion;
        try {
            JCublas2.initialize();
        } catch (Throwable t) {
            throw unavailable("the JCublas2 native library did not load (it needs cuBLAS): " + summary(t));
        }
        try {
            int rc = JCublas2.cublasCreate(h);
            if (rc != cublasStatus.CUBLAS_STATUS_SUCCESS) {
                throw unavailable("cublasCreate failed: " + cublasStatus.stringFor(rc));
            }
            rc = JCublas2.cublasGetVersion(h, v);
            cublasVersion = rc == 0 ? v[0] : -1;
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw unavailable("cublasCreate failed: " + summary(t));
        }
        JCuda.setExceptionsEnabled(true);
        JCublas2.setExceptionsEnabled(true);
        String desc = String.format(Locale.ROOT, "device 0 %s, %.1f GiB total, %.1f GiB free; driver CUDA %s, runtime %s, cuBLAS %d",
                name, total / 1073741824.0, free / 1073741824.0, cudaVersion(driver), cudaVersion(runtime), cublasVersion);
        return new Opened(h, total, desc);
    }

    /** Destroys a handle whose backend failed to start; the reason that follows is what matters. */
    static void destroyQuietly(cublasHandle h) {
        try {
            JCublas2.cublasDestroy(h);
        } catch (Throwable ignored) {
            // the handle is unusable anyway
        }
    }

    static BackendUnavailableException unavailable(String why) {
        return new BackendUnavailableException("cuBLAS backend unavailable: " + why);
    }

    private static String cudaVersion(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }

    /** One line describing a loading failure, with the missing library or symbol when named. */
    static String summary(Throwable t) {
        String first = t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
        for (Throwable c = t; c != null; c = c.getCause()) {
            String msg = c.getMessage();
            if (msg == null) {
                continue;
            }
            for (String line : msg.split("\n")) {
                if (line.contains("cannot open shared object file") || line.contains("undefined symbol")
                        || line.contains("version `")) {
                    String detail = line.trim();
                    int so = detail.lastIndexOf(".so: ");
                    if (so >= 0 && so + 5 < detail.length()) {
                        detail = detail.substring(so + 5);
                    }
                    return truncate(first + " (" + detail + ")");
                }
            }
        }
        return truncate(first);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static String truncate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 397) + "...";
    }
}
