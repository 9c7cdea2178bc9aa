package org.ttfp.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parity of the cuBLAS backend with the EJML backend on random inputs, kernel by kernel, and QR
 * accuracy on ill-conditioned and rank-deficient matrices. Every test needs a CUDA device: on a
 * machine without one, each is skipped with the reason {@link CublasBackend#create()} gave.
 */
class CublasBackendTest {
    private static final Backend CPU = EjmlBackend.get();
    private static CublasBackend gpu;
    private static String reason;

    @BeforeAll
    static void loadGpu() {
        try {
            gpu = CublasBackend.create();
        } catch (BackendUnavailableException e) {
            reason = e.getMessage();
        }
    }

    @BeforeEach
    void requireGpu() {
        assumeTrue(gpu != null, () -> "skipped, no usable GPU: " + reason);
    }

    private static double[] random(int n, long seed) {
        Random rnd = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    /** ‖x − y‖_F / ‖y‖_F (absolute when y = 0). */
    private static double relDiff(double[] x, double[] y) {
        assertEquals(y.length, x.length, "lengths");
        double num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - y[i]) * (x[i] - y[i]);
            den += y[i] * y[i];
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        double d = relDiff(actual, expected);
        assertTrue(d <= tol, what + ": relative difference " + d + " > " + tol);
    }

    private static void assertParity(Mat cpu, Mat dev, double tol, String what) {
        assertEquals(cpu.rows(), dev.rows(), what + " rows");
        assertEquals(cpu.cols(), dev.cols(), what + " cols");
        assertSame(gpu, dev.backend(), what + " lives on the GPU");
        assertClose(cpu.toArray(), dev.toArray(), tol, what);
    }

    // ------------------------------------------------------------------ storage

    @Test
    void transfersViewsAndCopies() {
        double[] data = random(7 * 9 + 3, 1);
        Mat dv = gpu.fromArray(data, 3, 7, 9);
        Mat cv = CPU.fromArray(data, 3, 7, 9);
        assertArrayEquals(cv.toArray(), dv.toArray());
        assertEquals(cv.get(4, 5), dv.get(4, 5));
        // strided views: rows 2..6 of columns 3..8
        Mat vd = dv.rowRange(2, 6).columns(3, 8), vc = cv.rowRange(2, 6).columns(3, 8);
        assertArrayEquals(vc.toArray(), vd.toArray());
        assertArrayEquals(vc.toArray(), gpu.copy(vd).toArray());
        assertTrue(gpu.copy(vd).isContiguous());
        // copyInto a view leaves the rest of the destination untouched
        Mat dst = gpu.fromArray(random(10 * 10, 2), 10, 10), dstC = CPU.fromArray(dst.toArray(), 10, 10);
        gpu.copyInto(vd, dst.rowRange(5, 9).columns(1, 6));
        CPU.copyInto(vc, dstC.rowRange(5, 9).columns(1, 6));
        assertArrayEquals(dstC.toArray(), dst.toArray());
        assertArrayEquals(new double[12], gpu.zeros(3, 4).toArray());
        assertEquals(0, gpu.zeros(0, 5).toArray().length);
        assertEquals(0, gpu.fromArray(new double[0], 5, 0).toArray().length);
    }

    @Test
    void rejectsForeignAndMisshapedInput() {
        Mat host = CPU.zeros(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpu.normF(host));
        assertTrue(e.getMessage().contains("'ejml'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> gpu.gemm(false, false, 1, gpu.zeros(2, 3), gpu.zeros(2, 3), 0, gpu.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> gpu.fromArray(new double[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> gpu.axpy(1, gpu.zeros(2, 3), gpu.zeros(3, 2)));
        assertThrows(IndexOutOfBoundsException.class, () -> gpu.gatherRows(gpu.zeros(4, 2), new int[] {0, 4}));
        assertThrows(IndexOutOfBoundsException.class, () -> gpu.get(gpu.zeros(2, 2), 2, 0));
    }

    // ------------------------------------------------------------------ BLAS

    @Test
    void gemmAllTransposesOnViewsMatchesCpu() {
        int m = 37, p = 29, n = 23;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int ar = ta ? p : m, ac = ta ? m : p, br = tb ? n : p, bc = tb ? p : n;
                // operands are interior views of larger matrices (offset and ld != rows)
                double[] abig = random((ar + 5) * (ac + 2), 10), bbig = random((br + 3) * (bc + 4), 11);
                double[] cbig = random((m + 6) * (n + 1), 12);
                Mat ad = gpu.fromArray(abig, ar + 5, ac + 2).rowRange(2, 2 + ar).columns(1, 1 + ac);
                Mat ac2 = CPU.fromArray(abig, ar + 5, ac + 2).rowRange(2, 2 + ar).columns(1, 1 + ac);
                Mat bd = gpu.fromArray(bbig, br + 3, bc + 4).rowRange(3, 3 + br).columns(4, 4 + bc);
                Mat bc2 = CPU.fromArray(bbig, br + 3, bc + 4).rowRange(3, 3 + br).columns(4, 4 + bc);
                Mat cdFull = gpu.fromArray(cbig, m + 6, n + 1), ccFull = CPU.fromArray(cbig, m + 6, n + 1);
                gpu.gemm(ta, tb, 0.7, ad, bd, -1.3, cdFull.rowRange(4, 4 + m).columns(1, 1 + n));
                CPU.gemm(ta, tb, 0.7, ac2, bc2, -1.3, ccFull.rowRange(4, 4 + m).columns(1, 1 + n));
                assertParity(ccFull, cdFull, 1e-12, "gemm ta=" + ta + " tb=" + tb);
                assertParity(CPU.mul(ac2, ta, bc2, tb), gpu.mul(ad, ta, bd, tb), 1e-12, "mul ta=" + ta + " tb=" + tb);
            }
        }
        // beta = 0 ignores NaN already in C: the result is exactly the product (compared with the CPU's)
        double[] nans = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        Mat c = gpu.fromArray(nans, 2, 2), cc = CPU.fromArray(nans, 2, 2);
        gpu.gemm(false, false, 1, gpu.fromArray(random(6, 3), 2, 3), gpu.fromArray(random(6, 4), 3, 2), 0, c);
        CPU.gemm(false, false, 1, CPU.fromArray(random(6, 3), 2, 3), CPU.fromArray(random(6, 4), 3, 2), 0, cc);
        assertParity(cc, c, 1e-14, "gemm with beta = 0 over a NaN-filled C");
        Mat c2 = gpu.fromArray(new double[] {1, 2, 3, 4}, 2, 2);
        gpu.gemm(false, false, 1, gpu.zeros(2, 0), gpu.zeros(0, 2), 2.0, c2);
        assertArrayEquals(new double[] {2, 4, 6, 8}, c2.toArray());
    }

    @Test
    void largeGemmMatchesCpu() {
        int m = 300, p = 250, n = 280;
        double[] a = random(m * p, 20), b = random(p * n, 21);
        Mat cd = gpu.mul(gpu.fromArray(a, m, p), gpu.fromArray(b, p, n));
        Mat cc = CPU.mul(CPU.fromArray(a, m, p), CPU.fromArray(b, p, n));
        assertParity(cc, cd, 1e-12, "gemm 300x250x280");
    }

    @Test
    void levelOneKernelsMatchCpu() {
        double[] a = random(40 * 30, 30), b = random(40 * 30, 31);
        Mat ad = gpu.fromArray(a, 40, 30), bd = gpu.fromArray(b, 40, 30);
        Mat ac = CPU.fromArray(a, 40, 30), bc = CPU.fromArray(b, 40, 30);
        assertParity(CPU.transpose(ac), gpu.transpose(ad), 0, "transpose");
        assertParity(CPU.transpose(ac.columns(3, 11)), gpu.transpose(ad.columns(3, 11)), 0, "transpose of a view");
        assertEquals(CPU.dot(ac, bc), gpu.dot(ad, bd), 1e-12 * Math.abs(CPU.dot(ac, bc)) + 1e-13, "dot");
        Mat vd = ad.rowRange(5, 25), vc = ac.rowRange(5, 25);
        assertEquals(CPU.dot(vc, bc.rowRange(5, 25)), gpu.dot(vd, bd.rowRange(5, 25)), 1e-12, "dot of views");
        assertEquals(CPU.normF(ac), gpu.normF(ad), 1e-13 * CPU.normF(ac), "normF");
        assertEquals(CPU.normF(vc), gpu.normF(vd), 1e-13 * CPU.normF(vc), "normF of a view");
        assertEquals(CPU.maxAbs(ac), gpu.maxAbs(ad), "maxAbs");
        assertEquals(CPU.maxAbs(vc), gpu.maxAbs(vd), "maxAbs of a view");

        Mat sd = gpu.copy(ad), sc = CPU.copy(ac);
        gpu.scale(-2.5, sd);
        CPU.scale(-2.5, sc);
        assertParity(sc, sd, 0, "scale");
        gpu.scale(3.0, sd.rowRange(1, 9));
        CPU.scale(3.0, sc.rowRange(1, 9));
        assertParity(sc, sd, 0, "scale of a view");
        gpu.axpy(0.3, bd, sd);
        CPU.axpy(0.3, bc, sc);
        assertParity(sc, sd, 1e-15, "axpy");
        gpu.axpy(-1.7, bd.rowRange(2, 12), sd.rowRange(20, 30));
        CPU.axpy(-1.7, bc.rowRange(2, 12), sc.rowRange(20, 30));
        assertParity(sc, sd, 1e-15, "axpy on views");

        double[] rs = random(40, 32), cs = random(30, 33);
        gpu.scaleRows(sd, rs);
        CPU.scaleRows(sc, rs);
        gpu.scaleColumns(sd, cs);
        CPU.scaleColumns(sc, cs);
        assertParity(sc, sd, 0, "scaleRows/scaleColumns");
        gpu.scaleColumns(sd.rowRange(3, 13), random(30, 34));
        CPU.scaleColumns(sc.rowRange(3, 13), random(30, 34));
        assertParity(sc, sd, 0, "scaleColumns of a view");
    }

    @Test
    void normIsOverflowSafeAndMaxAbsSeesNaN() {
        Mat big = gpu.fromArray(new double[] {3e200, 4e200, 0, 0}, 2, 2);
        assertEquals(5e200, gpu.normF(big), 1e-14 * 5e200);
        Mat tiny = gpu.fromArray(new double[] {3e-200, 4e-200}, 2, 1);
        assertEquals(5e-200, gpu.normF(tiny), 1e-14 * 5e-200);
        double[] v = random(1000, 40);
        v[617] = Double.NaN;
        assertTrue(Double.isNaN(gpu.maxAbs(gpu.fromArray(v, 1000, 1))));
        v[617] = -9.0;
        assertEquals(9.0, gpu.maxAbs(gpu.fromArray(v, 1000, 1)));
        assertEquals(0.0, gpu.maxAbs(gpu.zeros(0, 3)));
    }

    @Test
    void gatherRowsMatchesCpuAcrossBatchChunks() {
        int rows = 50, cols = 6;
        double[] a = random(rows * cols, 50);
        Mat ad = gpu.fromArray(a, rows, cols), ac = CPU.fromArray(a, rows, cols);
        int[] idx = {49, 0, 7, 7, 23};
        assertParity(CPU.gatherRows(ac, idx), gpu.gatherRows(ad, idx), 0, "gatherRows");
        assertParity(CPU.gatherRows(ac.columns(2, 5), idx), gpu.gatherRows(ad.columns(2, 5), idx), 0, "gatherRows of a view");
        int[] many = new int[CublasBackend.MAX_BATCH + 1234];
        Random rnd = new Random(51);
        for (int t = 0; t < many.length; t++) {
            many[t] = rnd.nextInt(rows);
        }
        assertParity(CPU.gatherRows(ac, many), gpu.gatherRows(ad, many), 0, "gatherRows, " + many.length + " rows");
    }

    // ------------------------------------------------------------------ factorizations

    private static void assertQrAccurate(Mat a, QR qr, String what) {
        int m = a.rows(), n = a.cols(), k = Math.min(m, n);
        double[] q = qr.q().toArray(), r = qr.r().toArray();
        assertEquals(k, qr.q().cols(), what);
        assertEquals(k, qr.r().rows(), what);
        double orth = TallSkinnyQrTest.orthogonalityError(q, m, k);
        assertTrue(orth <= 1e-14, what + ": ||QᵀQ − I||_F = " + orth);
        double[] prod = TallSkinnyQrTest.mult(q, r, m, k, n);
        double res = relDiff(prod, a.toArray());
        assertTrue(res <= 1e-14, what + ": ||A − QR||/||A|| = " + res);
    }

    @Test
    void qrIsAccurateOnWellIllAndRankDeficientMatrices() {
        int m = 500, n = 40;
        Mat well = gpu.fromArray(TallSkinnyQrTest.withCondition(m, n, 10, 60), m, n);
        TallSkinnyQr.Result r1 = gpu.qrWithPath(well);
        assertEquals(TallSkinnyQr.Path.CHOLESKY_QR2, r1.path());
        assertQrAccurate(well, r1.qr(), "well-conditioned");

        Mat ill = gpu.fromArray(TallSkinnyQrTest.withCondition(m, n, 1e10, 61), m, n);
        TallSkinnyQr.Result r2 = gpu.qrWithPath(ill);
        assertEquals(TallSkinnyQr.Path.SHIFTED_CHOLESKY_QR3, r2.path());
        assertQrAccurate(ill, r2.qr(), "kappa 1e10");

        double[] b = TallSkinnyQrTest.random(m, n / 2, 62);
        double[] ab = new double[m * n];
        System.arraycopy(b, 0, ab, 0, b.length);
        System.arraycopy(b, 0, ab, b.length, b.length);
        Mat def = gpu.fromArray(ab, m, n);
        TallSkinnyQr.Result r3 = gpu.qrWithPath(def);
        assertEquals(TallSkinnyQr.Path.HOUSEHOLDER, r3.path());
        assertQrAccurate(def, r3.qr(), "[B B]");
        assertQrAccurate(def, gpu.qr(def), "[B B] through qr()");

        Mat wide = gpu.fromArray(random(12 * 30, 63), 12, 30);
        assertQrAccurate(wide, gpu.qr(wide), "wide 12 x 30");
        Mat view = gpu.fromArray(random(80 * 20, 64), 80, 20).rowRange(10, 70).columns(2, 17);
        assertQrAccurate(view, gpu.qr(view), "strided view");
        QR empty = gpu.qr(gpu.zeros(6, 0));
        assertEquals(6, empty.q().rows());
        assertEquals(0, empty.q().cols());
        double[] nan = random(20 * 4, 65);
        nan[5] = Double.NaN;
        // refused before the factorization, like the CPU backends do (AbstractBackend.requireFinite)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpu.qr(gpu.fromArray(nan, 20, 4)));
        assertTrue(e.getMessage().contains("qr: a (20 x 4) has a non-finite entry, a(5, 0) = NaN"), e.getMessage());
    }

    @Test
    void svdMatchesCpuForTallAndWide() {
        for (int[] shape : new int[][] {{90, 25}, {25, 90}, {30, 30}}) {
            int m = shape[0], n = shape[1], k = Math.min(m, n);
            double[] a = random(m * n, 70 + m);
            SVD sd = gpu.svd(gpu.fromArray(a, m, n));
            SVD sc = CPU.svd(CPU.fromArray(a, m, n));
            assertClose(sc.s(), sd.s(), 1e-12, "singular values " + m + " x " + n);
            assertEquals(m, sd.u().rows());
            assertEquals(k, sd.u().cols());
            assertEquals(k, sd.vt().rows());
            assertEquals(n, sd.vt().cols());
            assertTrue(TallSkinnyQrTest.orthogonalityError(sd.u().toArray(), m, k) <= 1e-13, "U orthonormal");
            assertTrue(TallSkinnyQrTest.orthogonalityError(gpu.transpose(sd.vt()).toArray(), n, k) <= 1e-13, "V orthonormal");
            Mat us = gpu.copy(sd.u());
            gpu.scaleColumns(us, sd.s());
            assertClose(a, gpu.mul(us, sd.vt()).toArray(), 1e-13, "U S Vt = A, " + m + " x " + n);
        }
    }

    @Test
    void solveMatchesCpuAndDetectsSingularity() {
        int n = 35;
        double[] a = random(n * n, 80), b = random(n * 3, 81);
        Mat xd = gpu.solve(gpu.fromArray(a, n, n), gpu.fromArray(b, n, 3));
        Mat xc = CPU.solve(CPU.fromArray(a, n, n), CPU.fromArray(b, n, 3));
        assertParity(xc, xd, 1e-12, "solve");
        double[] sing = new double[9];
        sing[0] = 1;
        assertThrows(ArithmeticException.class, () -> gpu.solve(gpu.fromArray(sing, 3, 3), gpu.zeros(3, 1)));
    }

    // ------------------------------------------------------------------ TT-shaped kernels

    @Test
    void contractMiddleAndModeProductMatchCpu() {
        int r0 = 7, n = 11, r1 = 5, np = 4;
        double[] g = random(r0 * n * r1, 90), w = random(n, 91), m = random(np * n, 92);
        Mat gd = gpu.fromArray(g, r0 * n, r1), gc = CPU.fromArray(g, r0 * n, r1);
        assertParity(CPU.contractMiddle(gc, r0, n, r1, CPU.fromArray(w, n, 1)),
                gpu.contractMiddle(gd, r0, n, r1, gpu.fromArray(w, n, 1)), 1e-12, "contractMiddle");
        assertParity(CPU.modeProduct(gc, r0, n, r1, CPU.fromArray(m, np, n)),
                gpu.modeProduct(gd, r0, n, r1, gpu.fromArray(m, np, n)), 1e-12, "modeProduct");
        // the core as a column view of a wider matrix (ld = r0 n, columns offset)
        double[] wide = random(r0 * n * (r1 + 2), 93);
        Mat wd = gpu.fromArray(wide, r0 * n, r1 + 2).columns(1, 1 + r1), wc = CPU.fromArray(wide, r0 * n, r1 + 2).columns(1, 1 + r1);
        assertParity(CPU.modeProduct(wc, r0, n, r1, CPU.fromArray(m, np, n)),
                gpu.modeProduct(wd, r0, n, r1, gpu.fromArray(m, np, n)), 1e-12, "modeProduct on a view");
        assertThrows(IllegalArgumentException.class, () -> gpu.contractMiddle(gd, r0, n, r1, gpu.zeros(n + 1, 1)));
    }

    @Test
    void evaluateMatchesCpuAcrossBatchChunks() {
        int[] n = {6, 5, 7, 4, 3};
        int[] r = {1, 3, 4, 2, 5, 1};
        int d = n.length;
        Mat[] cd = new Mat[d], cc = new Mat[d];
        for (int k = 0; k < d; k++) {
            double[] g = random(r[k] * n[k] * r[k + 1], 100 + k);
            cd[k] = gpu.fromArray(g, r[k] * n[k], r[k + 1]);
            cc[k] = CPU.fromArray(g, r[k] * n[k], r[k + 1]);
        }
        int count = CublasBackend.MAX_BATCH + 4321;
        int[] idx = new int[count * d];
        Random rnd = new Random(110);
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < d; k++) {
                idx[s * d + k] = rnd.nextInt(n[k]);
            }
        }
        double[] vd = gpu.evaluate(cd, n, r, idx, count);
        double[] vc = CPU.evaluate(cc, n, r, idx, count);
        assertClose(vc, vd, 1e-12, "evaluate " + count + " samples");
        assertEquals(0, gpu.evaluate(cd, n, r, idx, 0).length);
        int[] bad = idx.clone();
        bad[3] = n[3];
        assertThrows(IndexOutOfBoundsException.class, () -> gpu.evaluate(cd, n, r, bad, count));
    }

    @Test
    void hadamardCoreMatchesCpu() {
        int ra = 3, rb = 4, sa = 2, sb = 5, n = 6;
        double[] a = random(ra * n * rb, 120), b = random(sa * n * sb, 121);
        assertParity(CPU.hadamardCore(CPU.fromArray(a, ra * n, rb), ra, rb, CPU.fromArray(b, sa * n, sb), sa, sb, n),
                gpu.hadamardCore(gpu.fromArray(a, ra * n, rb), ra, rb, gpu.fromArray(b, sa * n, sb), sa, sb, n), 0,
                "hadamardCore");
    }

    // ------------------------------------------------------------------ memory and selection

    @Test
    void allocatingMoreThanTheDeviceHoldsRecoversThroughTheCleaner() {
        // 1 GiB blocks, dropped at once: more than the card's memory in total, so cudaMalloc must
        // run out at least once and recover by collecting the unreachable matrices.
        int cols = 1 << 14, rows = 1 << 13; // 2^27 doubles = 1 GiB
        long[] total = new long[1];
        jcuda.runtime.JCuda.cudaMemGetInfo(new long[1], total);
        int rounds = (int) (total[0] >> 30) + 8;
        for (int i = 0; i < rounds; i++) {
            Mat m = gpu.zeros(rows, cols);
            assertEquals(0.0, m.get(rows - 1, cols - 1));
        }
    }

    @Test
    void backendsSelectFindsTheGpu() {
        Backends.resetForTests();
        Backends.Selection s = Backends.select("auto");
        assertSame(gpu, s.backend(), s.reason());
        assertSame(gpu, Backends.select("cublas").backend());
        assertSame(gpu, CublasBackend.create(), "create() returns the shared instance");
    }
}
