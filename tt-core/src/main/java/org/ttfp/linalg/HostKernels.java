package org.ttfp.linalg;

/**
 * Host implementations of the TT-shaped kernels written with the other kernels of a backend, for
 * backends that have no faster way (the {@link Backend} defaults and {@link AbstractBackend}'s).
 */
final class HostKernels {
    private HostKernels() {}

    /** {@link Backend#contractMiddle} as one gemm per column b: M(:, b) = G(:, :, b) w. */
    static Mat contractMiddleByGemm(Backend be, Mat core, int r0, int n, int r1, Mat w) {
        Mat m = be.zeros(r0, r1);
        for (int b = 0; b < r1; b++) {
            Mat slice = core.strided((long) b * core.ld(), r0, n, Math.max(1, r0));
            be.gemm(false, false, 1.0, slice, w, 0.0, m.columns(b, b + 1));
        }
        return m;
    }

    /** {@link Backend#modeProduct} as one gemm per slice b: G'(:, :, b) = G(:, :, b) Mᵀ. */
    static Mat modeProductByGemm(Backend be, Mat core, int r0, int n, int r1, Mat m) {
        int np = m.rows();
        Mat out = be.zeros(r0 * np, r1);
        for (int b = 0; b < r1; b++) {
            Mat slice = core.strided((long) b * core.ld(), r0, n, Math.max(1, r0));
            Mat dst = out.strided((long) b * r0 * np, r0, np, Math.max(1, r0));
            be.gemm(false, true, 1.0, slice, m, 0.0, dst);
        }
        return out;
    }

    /** {@link Backend#evaluate} through heap copies of the cores ({@link HostEvaluation#heap}). */
    static double[] evaluate(Backend be, Mat[] cores, int[] n, int[] r, int[] idx, int count) {
        double[] out = new double[count];
        if (count == 0) {
            return out;
        }
        if (cores.length == 0) {
            java.util.Arrays.fill(out, 1.0);
            return out;
        }
        double[][] g = new double[cores.length][];
        for (int k = 0; k < cores.length; k++) {
            g[k] = be.toArray(cores[k]);
        }
        HostEvaluation.evaluate(HostEvaluation.heap(g, n, r), n, r, idx, count, out, cpuThreads());
        return out;
    }

    /** Java threads for a parallel host pass: the cores, or 1 inside a fork-join task. */
    static int cpuThreads() {
        return Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread ? 1
                : Runtime.getRuntime().availableProcessors();
    }

    /** {@link Backend#hadamardCore} on heap copies: C(a a', i, b b') = A(a, i, b) B(a', i, b'). */
    static Mat hadamardCore(Backend be, Mat am, int ra, int rb, Mat bm, int sa, int sb, int n) {
        double[] a = be.toArray(am);
        double[] b = be.toArray(bm);
        int r0 = ra * sa, r1 = rb * sb;
        if ((long) r0 * n * r1 > AbstractBackend.MAX_ARRAY) {
            throw new IllegalArgumentException("hadamardCore: the result (" + ra + "*" + sa + "*" + n + ") x (" + rb + "*" + sb
                    + ") does not fit in a heap array");
        }
        double[] c = new double[r0 * n * r1];
        for (int bb = 0; bb < sb; bb++) {
            for (int ba = 0; ba < rb; ba++) {
                int col = ba + rb * bb;
                for (int i = 0; i < n; i++) {
                    int cBase = r0 * (i + n * col);
                    int aBase = ra * (i + n * ba);
                    int bBase = sa * (i + n * bb);
                    for (int ab = 0; ab < sa; ab++) {
                        double bv = b[bBase + ab];
                        int cOff = cBase + ra * ab;
                        for (int aa = 0; aa < ra; aa++) {
                            c[cOff + aa] = a[aBase + aa] * bv;
                        }
                    }
                }
            }
        }
        return be.fromArray(c, r0 * n, r1);
    }
}
