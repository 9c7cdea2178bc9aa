package org.ttfp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CholeskyQR2 / shifted CholeskyQR3 / Householder fallback of {@link TallSkinnyQr}, run on the
 * EJML backend (the same code drives the cuBLAS backend). Orthogonality and residual are
 * measured with naive host loops, independent of the code under test.
 */
class TallSkinnyQrTest {
    private static final Backend BE = EjmlBackend.get();

    /** Column-major m x n matrix with entries uniform in [-1, 1]. */
    static double[] random(int m, int n, long seed) {
        Random rnd = new Random(seed);
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    /** Naive column-major product (m x p)(p x n). */
    static double[] mult(double[] a, double[] b, int m, int p, int n) {
        double[] c = new double[m * n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < p; k++) {
                double bkj = b[k + j * p];
                for (int i = 0; i < m; i++) {
                    c[i + j * m] += a[i + k * m] * bkj;
                }
            }
        }
        return c;
    }

    /** An orthonormal m x n basis by modified Gram-Schmidt applied twice to a random matrix. */
    static double[] orthonormal(int m, int n, long seed) {
        double[] q = random(m, n, seed);
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < j; k++) {
                    double s = 0;
                    for (int i = 0; i < m; i++) {
                        s += q[i + k * m] * q[i + j * m];
                    }
                    for (int i = 0; i < m; i++) {
                        q[i + j * m] -= s * q[i + k * m];
                    }
                }
                double nrm = 0;
                for (int i = 0; i < m; i++) {
                    nrm += q[i + j * m] * q[i + j * m];
                }
                nrm = Math.sqrt(nrm);
                for (int i = 0; i < m; i++) {
                    q[i + j * m] /= nrm;
                }
            }
        }
        return q;
    }

    /** U diag(sigma) Vᵀ with singular values logarithmically spaced from 1 down to 1/kappa. */
    static double[] withCondition(int m, int n, double kappa, long seed) {
        double[] u = orthonormal(m, n, seed);
        double[] v = orthonormal(n, n, seed + 1);
        double[] us = u.clone();
        for (int j = 0; j < n; j++) {
            double s = Math.pow(kappa, -(double) j / (n - 1));
            for (int i = 0; i < m; i++) {
                us[i + j * m] *= s;
            }
        }
        double[] vt = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                vt[j + i * n] = v[i + j * n];
            }
        }
        return mult(us, vt, m, n, n);
    }

    /** ‖QᵀQ − I‖_F by naive loops. */
    static double orthogonalityError(double[] q, int m, int n) {
        double s = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[i + a * m] * q[i + b * m];
                }
                double e = dot - (a == b ? 1 : 0);
                s += e * e;
            }
        }
        return Math.sqrt(s);
    }

    /** ‖A − Q R‖_F / ‖A‖_F by naive loops. */
    static double residual(double[] a, double[] q, double[] r, int m, int n) {
        double[] qr = mult(q, r, m, n, n);
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        scale = scale == 0 ? 1 : scale; // sums of squares of a/scale neither overflow nor underflow
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            double e = (a[i] - qr[i]) / scale, v = a[i] / scale;
            num += e * e;
            den += v * v;
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    private static TallSkinnyQr.Result factor(double[] a, int m, int n) {
        return TallSkinnyQr.factorWithPath(BE, BE.fromArray(a, m, n), BE);
    }

    private static void assertAccurate(double[] a, TallSkinnyQr.Result res, int m, int n) {
        double[] q = res.qr().q().toArray();
        double[] r = res.qr().r().toArray();
        assertEquals(m, res.qr().q().rows());
        assertEquals(n, res.qr().q().cols());
        assertEquals(n, res.qr().r().rows());
        assertEquals(n, res.qr().r().cols());
        double orth = orthogonalityError(q, m, n);
        assertTrue(orth <= 1e-14, "||QᵀQ − I||_F = " + orth + " on path " + res.path());
        double resid = residual(a, q, r, m, n);
        assertTrue(resid <= 1e-14, "||A − QR||/||A|| = " + resid + " on path " + res.path());
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                assertEquals(0.0, r[i + j * n], "R(" + i + ", " + j + ") below the diagonal");
            }
        }
    }

    @Test
    void wellConditionedUsesCholeskyQr2AndMatchesHouseholderR() {
        int m = 400, n = 30;
        double[] a = random(m, n, 11);
        TallSkinnyQr.Result res = factor(a, m, n);
        assertEquals(TallSkinnyQr.Path.CHOLESKY_QR2, res.path());
        assertAccurate(a, res, m, n);
        // R is unique up to the signs of its rows: compare with EJML's Householder R.
        double[] r = res.qr().r().toArray();
        double[] rh = BE.qr(BE.fromArray(a, m, n)).r().toArray();
        for (int i = 0; i < n; i++) {
            assertTrue(r[i + i * n] > 0, "positive diagonal");
            double sign = Math.signum(rh[i + i * n]);
            for (int j = i; j < n; j++) {
                assertEquals(sign * rh[i + j * n], r[i + j * n], 1e-12 * Math.abs(r[i + i * n]) + 1e-13, "R(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void moderatelyIllConditionedStaysOnCholeskyQr2() {
        int m = 300, n = 20;
        double[] a = withCondition(m, n, 1e4, 21);
        TallSkinnyQr.Result res = factor(a, m, n);
        assertEquals(TallSkinnyQr.Path.CHOLESKY_QR2, res.path());
        assertAccurate(a, res, m, n);
    }

    @Test
    void illConditionedUsesShiftedCholeskyQr3() {
        int m = 300, n = 20;
        double[] a = withCondition(m, n, 1e10, 31);
        TallSkinnyQr.Result res = factor(a, m, n);
        assertEquals(TallSkinnyQr.Path.SHIFTED_CHOLESKY_QR3, res.path());
        assertAccurate(a, res, m, n);
    }

    @Test
    void rankDeficientBlocksFallBackToHouseholder() {
        int m = 200, h = 12, n = 2 * h;
        double[] b = random(m, h, 41);
        double[] a = new double[m * n];
        System.arraycopy(b, 0, a, 0, m * h);
        System.arraycopy(b, 0, a, m * h, m * h); // [B B]: rank h
        TallSkinnyQr.Result res = factor(a, m, n);
        assertEquals(TallSkinnyQr.Path.HOUSEHOLDER, res.path());
        assertAccurate(a, res, m, n);
    }

    @Test
    void numericallySingularAndZeroColumnInputsStayOrthonormal() {
        int m = 150, n = 16;
        double[] a = withCondition(m, n, 1e18, 51);
        TallSkinnyQr.Result res = factor(a, m, n);
        assertAccurate(a, res, m, n);

        double[] z = random(m, n, 52);
        java.util.Arrays.fill(z, 5 * m, 6 * m, 0.0); // column 5 is zero
        TallSkinnyQr.Result rz = factor(z, m, n);
        assertEquals(TallSkinnyQr.Path.HOUSEHOLDER, rz.path());
        assertAccurate(z, rz, m, n);

        double[] zero = new double[m * n];
        TallSkinnyQr.Result r0 = factor(zero, m, n);
        assertEquals(TallSkinnyQr.Path.HOUSEHOLDER, r0.path());
        assertTrue(orthogonalityError(r0.qr().q().toArray(), m, n) <= 1e-14);
        assertEquals(0.0, BE.normF(r0.qr().r()));
    }

    @Test
    void hugeAndTinyScalesNeitherOverflowNorUnderflow() {
        int m = 120, n = 10;
        double[] base = random(m, n, 61);
        for (double s : new double[] {1e200, 1e-200}) {
            double[] a = base.clone();
            for (int i = 0; i < a.length; i++) {
                a[i] *= s;
            }
            TallSkinnyQr.Result res = factor(a, m, n);
            assertEquals(TallSkinnyQr.Path.CHOLESKY_QR2, res.path(), "scale " + s);
            assertAccurate(a, res, m, n);
        }
    }

    @Test
    void squareAndSingleColumnMatrices() {
        double[] sq = random(25, 25, 71);
        assertAccurate(sq, factor(sq, 25, 25), 25, 25);
        double[] col = random(40, 1, 72);
        TallSkinnyQr.Result res = factor(col, 40, 1);
        assertAccurate(col, res, 40, 1);
        double nrm = 0;
        for (double v : col) {
            nrm += v * v;
        }
        assertEquals(Math.sqrt(nrm), res.qr().r().get(0, 0), 1e-14 * Math.sqrt(nrm));
    }

    @Test
    void emptyMatrixGivesEmptyFactors() {
        TallSkinnyQr.Result res = factor(new double[0], 7, 0);
        assertEquals(7, res.qr().q().rows());
        assertEquals(0, res.qr().q().cols());
        assertEquals(0, res.qr().r().rows());
    }

    @Test
    void rejectsWideNonFiniteAndForeignInput() {
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> TallSkinnyQr.factor(BE, BE.zeros(3, 5), BE));
        assertTrue(wide.getMessage().contains("3 x 5"), wide.getMessage());
        double[] a = random(10, 3, 81);
        a[7] = Double.NaN;
        ArithmeticException nan = assertThrows(ArithmeticException.class, () -> TallSkinnyQr.factor(BE, BE.fromArray(a, 10, 3), BE));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        a[7] = Double.POSITIVE_INFINITY;
        assertThrows(ArithmeticException.class, () -> TallSkinnyQr.factor(BE, BE.fromArray(a, 10, 3), BE));
        Backend other = new ForwardingBackend();
        assertThrows(IllegalArgumentException.class, () -> TallSkinnyQr.factor(other, BE.zeros(4, 2), BE));
    }

    @Test
    void hostFallbackOnAnotherBackendTransfersThroughTheHost() {
        // a backend distinct from the host backend exercises householderViaHost's transfer path
        Backend fwd = new ForwardingBackend();
        int m = 60, h = 5;
        double[] b = random(m, h, 91);
        double[] a = new double[m * 2 * h];
        System.arraycopy(b, 0, a, 0, m * h);
        System.arraycopy(b, 0, a, m * h, m * h);
        Mat am = fwd.fromArray(a, m, 2 * h);
        TallSkinnyQr.Result res = TallSkinnyQr.factorWithPath(fwd, am, BE);
        assertEquals(TallSkinnyQr.Path.HOUSEHOLDER, res.path());
        assertTrue(res.qr().q().backend() == fwd && res.qr().r().backend() == fwd, "factors live on the working backend");
        assertAccurate(a, res, m, 2 * h);
    }

    @Test
    void smallDenseHelpers() {
        // G = RᵀR for a known upper R; Cholesky must recover it
        int n = 4;
        double[] r = {2, 0, 0, 0, 1, 3, 0, 0, -1, 0.5, 1.5, 0, 0.25, 2, -1, 4};
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += r[k + i * n] * r[k + j * n];
                }
                g[i + j * n] = s;
            }
        }
        double[] c = TallSkinnyQr.cholesky(g, n, 0.0);
        assertNotNull(c);
        for (int i = 0; i < n * n; i++) {
            assertEquals(r[i], c[i], 1e-14);
        }
        double[] inv = TallSkinnyQr.invertUpper(r, n);
        double[] id = mult(r, inv, n, n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(i == j ? 1.0 : 0.0, id[i + j * n], 1e-15);
            }
        }
        double[] prod = TallSkinnyQr.multiplyUpper(r, inv, n);
        for (int i = 0; i < n * n; i++) {
            assertEquals(id[i], prod[i], 1e-15);
        }
        assertEquals(0.0, TallSkinnyQr.deviationFromIdentity(id, n), 1e-15);
        double[] notSpd = {1, 0, 2, 1}; // upper triangle [[1, 2], [., 1]]: indefinite
        assertNull(TallSkinnyQr.cholesky(notSpd, 2, 0.0));
        // shifted: RᵀR = G + shift·I, entry by entry (G + 3I = [[4, 2], [2, 4]] is positive definite)
        double shift = 3.0;
        double[] rs = TallSkinnyQr.cholesky(notSpd, 2, shift);
        assertNotNull(rs);
        assertEquals(0.0, rs[1], 0.0, "R is upper triangular");
        double[] full = {notSpd[0], notSpd[2], notSpd[2], notSpd[3]}; // symmetric from the upper triangle
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double s = 0;
                for (int k = 0; k < 2; k++) {
                    s += rs[k + i * 2] * rs[k + j * 2];
                }
                assertEquals(full[i + j * 2] + (i == j ? shift : 0.0), s, 1e-14, "(RᵀR)(" + i + "," + j + ") = (G + shift I)");
            }
        }
        assertEquals(Math.sqrt(2 * 4.0 + 0.0), TallSkinnyQr.deviationFromIdentity(notSpd, 2), 1e-15);
    }

    /** A backend distinct from EJML that delegates every kernel to it (a stand-in for a device backend). */
    private static final class ForwardingBackend implements Backend {
        private final EjmlBackend e = EjmlBackend.get();

        /** Matrices of this backend: EJML matrices re-labelled with this owner. */
        private final class Wrapped extends Mat {
            final Mat inner;

            Wrapped(Mat inner) {
                super(inner.rows(), inner.cols(), inner.offset(), inner.ld());
                this.inner = inner;
            }

            @Override
            public Backend backend() { return ForwardingBackend.this; }

            @Override
            public Mat view(long off, int r, int c, int ld) { return new Wrapped(inner.view(off, r, c, ld)); }

            @Override
            public long capacity() { return inner.capacity(); }
        }

        private Mat in(Mat m) {
            if (!(m instanceof Wrapped w) || m.backend() != this) {
                throw new IllegalArgumentException("matrix of backend '" + m.backend().name() + "', expected 'forwarding'");
            }
            return w.inner;
        }

        private Mat out(Mat m) { return new Wrapped(m); }

        @Override public String name() { return "forwarding"; }
        @Override public Mat zeros(int rows, int cols) { return out(e.zeros(rows, cols)); }
        @Override public Mat fromArray(double[] d, int off, int r, int c) { return out(e.fromArray(d, off, r, c)); }
        @Override public double[] toArray(Mat a) { return e.toArray(in(a)); }
        @Override public double get(Mat a, int i, int j) { return e.get(in(a), i, j); }
        @Override public Mat copy(Mat a) { return out(e.copy(in(a))); }
        @Override public void copyInto(Mat s, Mat d) { e.copyInto(in(s), in(d)); }
        @Override public void gemm(boolean ta, boolean tb, double al, Mat a, Mat b, double be, Mat c) {
            e.gemm(ta, tb, al, in(a), in(b), be, in(c));
        }
        @Override public Mat transpose(Mat a) { return out(e.transpose(in(a))); }
        @Override public void scale(double al, Mat a) { e.scale(al, in(a)); }
        @Override public void axpy(double al, Mat x, Mat y) { e.axpy(al, in(x), in(y)); }
        @Override public double dot(Mat a, Mat b) { return e.dot(in(a), in(b)); }
        @Override public double normF(Mat a) { return e.normF(in(a)); }
        @Override public double maxAbs(Mat a) { return e.maxAbs(in(a)); }
        @Override public void scaleRows(Mat a, double[] s) { e.scaleRows(in(a), s); }
        @Override public void scaleColumns(Mat a, double[] s) { e.scaleColumns(in(a), s); }
        @Override public Mat gatherRows(Mat a, int[] idx) { return out(e.gatherRows(in(a), idx)); }
        @Override public QR qr(Mat a) { throw new UnsupportedOperationException("the test expects the host fallback"); }
        @Override public SVD svd(Mat a) { throw new UnsupportedOperationException("not used"); }
        @Override public Mat solve(Mat a, Mat b) { return out(e.solve(in(a), in(b))); }
    }
}
