package org.ttfp.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.OpenBlasBackend;

/**
 * The machine's dense GEMM rate through a backend: C = A B with n x n matrices (n = 2000 in the
 * suite), 2 n³ flops, into a preallocated C. Flop-bound workloads report their GFLOP/s as a
 * fraction of this rate measured in the same run. OpenBLAS runs with the thread count the backend
 * starts with (its default, all cores); the figure records it.
 */
public final class GemmRate {
    /** Matrix size used by the suite. */
    public static final int SIZE = 2000;
    /** Seed of the entries of A and B. */
    public static final long SEED = 60_06L;
    /** Number of entries of C checked against host dot products. */
    static final int CHECKED = 16;

    private GemmRate() {}

    /** The n x n inputs A, B (entries uniform in [−1, 1]) and the output C, on the backend. */
    public record Operands(Mat a, Mat b, Mat c, double[] hostA, double[] hostB) {}

    /** Builds the operands. */
    public static Operands operands(Backend backend, int n) {
        Workloads.checkSize("n", n, 1);
        SplittableRandom rnd = new SplittableRandom(SEED);
        double[] a = new double[Math.multiplyExact(n, n)];
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
            b[i] = 2 * rnd.nextDouble() - 1;
        }
        return new Operands(backend.fromArray(a, n, n), backend.fromArray(b, n, n), backend.zeros(n, n), a, b);
    }

    /** The timed part: C = A B. */
    public static void multiply(Backend backend, Operands o) {
        backend.gemm(false, false, 1.0, o.a(), o.b(), 0.0, o.c());
    }

    /** The figure: 2 n³ flops, the thread count (OpenBLAS) and a check of C on a few entries. */
    public static Figure figure(Backend backend, Operands o) {
        int n = o.a().rows();
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        double maxDev = 0;
        for (int t = 0; t < CHECKED; t++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            double ref = 0, mag = 0;
            for (int p = 0; p < n; p++) {
                double term = o.hostA()[i + n * p] * o.hostB()[p + n * j];
                ref += term;
                mag += Math.abs(term);
            }
            maxDev = Math.max(maxDev, Math.abs(backend.get(o.c(), i, j) - ref) / mag);
        }
        String threads = backend instanceof OpenBlasBackend ob ? ob.maxThreads() + " OpenBLAS threads" : "Java";
        Figure f = Figure.of(String.format(Locale.ROOT, "%dx%d DGEMM, %s", n, n, threads))
                .withFlops(2.0 * n * n * n)
                .withCheck("values", maxDev <= 1e-13, String.format(Locale.ROOT,
                        "max |Δ|/Σ|terms| %.1e <= 1e-13 on %d entries", maxDev, CHECKED));
        if (backend instanceof OpenBlasBackend ob) {
            f = f.withValue("threads", ob.maxThreads());
        }
        return f;
    }

    /** The whole measurement once. */
    public static Workloads.Result run(Backend backend, int n) {
        Operands o = operands(backend, n);
        long t0 = System.nanoTime();
        multiply(backend, o);
        double sec = (System.nanoTime() - t0) * 1e-9;
        return new Workloads.Result("GEMM", sec, figure(backend, o));
    }
}
