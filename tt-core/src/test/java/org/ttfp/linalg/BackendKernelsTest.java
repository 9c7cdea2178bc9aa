package org.ttfp.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link Backend} kernel of the EJML and OpenBLAS backends against naive loops on heap
 * arrays (column-major, element (i, j) at i + j*rows), on contiguous matrices and on strided views.
 */
class BackendKernelsTest {

    private static final double TOL = 1e-12;

    static Stream<Backend> backends() {
        return Stream.of(EjmlBackend.get(), OpenBlasBackend.create());
    }

    // ------------------------------------------------------------------ helpers

    /** A matrix and its expected contents (column-major, rows x cols). */
    record M(Mat mat, double[] data, int rows, int cols) {}

    private static double[] random(Random rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextDouble() * 2 - 1;
        }
        return x;
    }

    /** A contiguous random matrix. */
    private static M dense(Backend be, Random rnd, int rows, int cols) {
        double[] x = random(rnd, rows * cols);
        return new M(be.fromArray(x, rows, cols), x, rows, cols);
    }

    /**
     * A random rows x cols view with ld > rows and a non-zero offset, cut from a larger parent by
     * rowRange and columns; its expected contents come from the parent's heap array.
     */
    private static M view(Backend be, Random rnd, int rows, int cols) {
        int pr = rows + 3, pc = cols + 2;
        double[] p = random(rnd, pr * pc);
        Mat parent = be.fromArray(p, pr, pc);
        Mat v = parent.rowRange(2, 2 + rows).columns(1, 1 + cols);
        double[] x = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                x[i + j * rows] = p[(2 + i) + (1 + j) * pr];
            }
        }
        return new M(v, x, rows, cols);
    }

    private static M make(Backend be, Random rnd, int rows, int cols, boolean asView) {
        return asView ? view(be, rnd, rows, cols) : dense(be, rnd, rows, cols);
    }

    private static double[] transposeOf(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                t[j + i * cols] = a[i + j * rows];
            }
        }
        return t;
    }

    /** Naive a (m x p) * b (p x n). */
    private static double[] matmul(double[] a, double[] b, int m, int p, int n) {
        double[] c = new double[m * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int l = 0; l < p; l++) {
                    s += a[i + l * m] * b[l + j * p];
                }
                c[i + j * m] = s;
            }
        }
        return c;
    }

    private static double[] abs(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }

    private static double maxAbsOf(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** |actual - expected| <= TOL * scale elementwise, scale = max(|expected|) or the given bound. */
    private static void assertClose(double[] expected, double[] actual, double scale, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double tol = TOL * Math.max(scale, Double.MIN_NORMAL);
        for (int i = 0; i < expected.length; i++) {
            double e = Math.abs(expected[i] - actual[i]);
            if (!(e <= tol)) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " got " + actual[i]
                        + " (error " + e + " > " + tol + ")");
            }
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertClose(expected, actual, maxAbsOf(expected), what);
    }

    private static void assertMessage(Throwable t, String... parts) {
        for (String p : parts) {
            assertTrue(t.getMessage() != null && t.getMessage().contains(p),
                    "message '" + t.getMessage() + "' should mention '" + p + "'");
        }
    }

    private static Backend other(Backend be) {
        return be instanceof EjmlBackend ? OpenBlasBackend.create() : EjmlBackend.get();
    }

    private static final int[][] SHAPES = {{0, 0}, {0, 4}, {3, 0}, {1, 1}, {1, 7}, {7, 1}, {5, 5}, {23, 4}, {4, 23}};

    // ------------------------------------------------------------------ storage

    @ParameterizedTest
    @MethodSource("backends")
    void storageRoundTrips(Backend be) {
        Random rnd = new Random(1);
        for (int[] s : SHAPES) {
            for (boolean v : new boolean[] {false, true}) {
                M a = make(be, rnd, s[0], s[1], v);
                assertSame(be, a.mat().backend());
                assertEquals(s[0], a.mat().rows());
                assertEquals(s[1], a.mat().cols());
                assertArrayEquals(a.data(), be.toArray(a.mat()), "toArray " + Arrays.toString(s) + " view=" + v);
                for (int j = 0; j < s[1]; j++) {
                    for (int i = 0; i < s[0]; i++) {
                        assertEquals(a.data()[i + j * s[0]], a.mat().get(i, j));
                        assertEquals(a.data()[i + j * s[0]], be.get(a.mat(), i, j));
                    }
                }
                Mat c = be.copy(a.mat());
                assertTrue(c.isContiguous() || s[0] == 0);
                assertArrayEquals(a.data(), be.toArray(c));
                Mat z = be.zeros(s[0], s[1]);
                assertArrayEquals(new double[s[0] * s[1]], be.toArray(z));
            }
        }
        double[] x = {9, 1, 2, 3, 4, 5, 6, 9};
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, be.fromArray(x, 1, 2, 3).toArray());
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.fromArray(x, 3, 2, 3)), "length 8");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.fromArray(new double[5], 2, 3)), "rows*cols");
        assertThrows(IllegalArgumentException.class, () -> be.zeros(-1, 2));
        Mat m = be.fromArray(x, 2, 4);
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> m.strided(0, 3, 3, 3));
        assertArrayEquals(new double[] {9, 1, 2, 3, 4, 5, 6, 9}, m.reshape(4, 2).toArray());
        assertThrows(IllegalArgumentException.class, () -> m.rowRange(0, 1).reshape(1, 4));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void copyIntoWritesOnlyTheTarget(Backend be) {
        Random rnd = new Random(2);
        double[] p = random(rnd, 6 * 5);
        Mat parent = be.fromArray(p, 6, 5);
        M src = view(be, rnd, 3, 2);
        be.copyInto(src.mat(), parent.rowRange(1, 4).columns(2, 4));
        double[] expect = p.clone();
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 3; i++) {
                expect[(1 + i) + (2 + j) * 6] = src.data()[i + j * 3];
            }
        }
        assertArrayEquals(expect, parent.toArray());
        Mat wrong = be.zeros(2, 3);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.copyInto(src.mat(), wrong)), "copyInto",
                "3 x 2", "2 x 3");
    }

    // ------------------------------------------------------------------ BLAS

    @ParameterizedTest
    @MethodSource("backends")
    void gemmMatchesNaiveForAllTransposesShapesAndViews(Backend be) {
        Random rnd = new Random(3);
        int[][] mnp = {{0, 3, 4}, {3, 0, 4}, {3, 4, 0}, {1, 1, 1}, {7, 5, 3}, {20, 3, 5}, {3, 20, 5}, {33, 17, 29}};
        double[][] ab = {{1, 0}, {-0.7, 1.3}, {2.5, -1}};
        for (int[] s : mnp) {
            int m = s[0], n = s[1], p = s[2];
            for (int ta = 0; ta < 2; ta++) {
                for (int tb = 0; tb < 2; tb++) {
                    for (int v = 0; v < 2; v++) {
                        for (double[] coef : ab) {
                            boolean transA = ta == 1, transB = tb == 1, asView = v == 1;
                            M a = transA ? make(be, rnd, p, m, asView) : make(be, rnd, m, p, asView);
                            M b = transB ? make(be, rnd, n, p, !asView) : make(be, rnd, p, n, asView);
                            M c = make(be, rnd, m, n, asView);
                            double[] opA = transA ? transposeOf(a.data(), p, m) : a.data();
                            double[] opB = transB ? transposeOf(b.data(), n, p) : b.data();
                            double[] prod = matmul(opA, opB, m, p, n);
                            double[] bound = matmul(abs(opA), abs(opB), m, p, n);
                            double[] expect = new double[m * n];
                            double scale = 0;
                            for (int i = 0; i < expect.length; i++) {
                                expect[i] = coef[0] * prod[i] + coef[1] * c.data()[i];
                                scale = Math.max(scale, Math.abs(coef[0]) * bound[i] + Math.abs(coef[1] * c.data()[i]));
                            }
                            be.gemm(transA, transB, coef[0], a.mat(), b.mat(), coef[1], c.mat());
                            String what = "gemm " + Arrays.toString(s) + " tA=" + transA + " tB=" + transB + " view="
                                    + asView + " alpha=" + coef[0] + " beta=" + coef[1];
                            assertClose(expect, be.toArray(c.mat()), scale, what);
                            assertClose(prod, be.toArray(be.mul(a.mat(), transA, b.mat(), transB)), maxAbsOf(bound),
                                    "mul " + what);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gemmWithBetaZeroIgnoresNaNInCAndHandlesAliasing(Backend be) {
        Random rnd = new Random(4);
        M a = dense(be, rnd, 4, 3), b = dense(be, rnd, 3, 5);
        double[] nan = new double[20];
        Arrays.fill(nan, Double.NaN);
        Mat c = be.fromArray(nan, 4, 5);
        be.gemm(false, false, 1.0, a.mat(), b.mat(), 0.0, c);
        assertClose(matmul(a.data(), b.data(), 4, 3, 5), c.toArray(), "beta=0 over NaN");
        // C is A itself: the product uses the old A
        M sq = dense(be, rnd, 4, 4), other = dense(be, rnd, 4, 4);
        double[] expect = matmul(sq.data(), other.data(), 4, 4, 4);
        be.gemm(false, false, 1.0, sq.mat(), other.mat(), 0.0, sq.mat());
        assertClose(expect, sq.mat().toArray(), "aliased gemm");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gemmRejectsBadShapesAndForeignMatrices(Backend be) {
        Mat a = be.zeros(3, 4), b = be.zeros(5, 2), c = be.zeros(3, 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1, a, b, 0, c)),
                "gemm", "3 x 4", "5 x 2");
        Mat b2 = be.zeros(4, 2), cBad = be.zeros(2, 3);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1, a, b2, 0, cBad)),
                "C is 2 x 3", "C 3 x 2");
        Mat foreign = other(be).zeros(4, 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1, a, foreign, 0, c)),
                "b belongs to backend '" + other(be).name() + "'", "'" + be.name() + "'");
        Mat fa = other(be).zeros(3, 3);
        for (Runnable r : List.<Runnable>of(() -> be.copy(fa), () -> be.toArray(fa), () -> be.transpose(fa),
                () -> be.qr(fa), () -> be.svd(fa), () -> be.normF(fa), () -> be.maxAbs(fa), () -> be.scale(2, fa),
                () -> be.solve(fa, fa), () -> be.gatherRows(fa, new int[] {0}), () -> be.copyInto(be.zeros(3, 3), fa))) {
            assertMessage(assertThrows(IllegalArgumentException.class, r::run), "belongs to backend");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void transposeScaleAxpyDot(Backend be) {
        Random rnd = new Random(5);
        for (int[] s : SHAPES) {
            for (boolean v : new boolean[] {false, true}) {
                int r = s[0], c = s[1];
                String what = Arrays.toString(s) + " view=" + v;
                M a = make(be, rnd, r, c, v);
                Mat t = be.transpose(a.mat());
                assertEquals(c, t.rows());
                assertEquals(r, t.cols());
                assertArrayEquals(transposeOf(a.data(), r, c), t.toArray(), "transpose " + what);

                M x = make(be, rnd, r, c, v), y = make(be, rnd, r, c, !v);
                double dot = 0;
                for (int i = 0; i < r * c; i++) {
                    dot += x.data()[i] * y.data()[i];
                }
                assertEquals(dot, be.dot(x.mat(), y.mat()), TOL * Math.max(1, r * c), "dot " + what);

                be.axpy(-1.5, x.mat(), y.mat());
                double[] ey = y.data().clone();
                for (int i = 0; i < ey.length; i++) {
                    ey[i] += -1.5 * x.data()[i];
                }
                assertClose(ey, y.mat().toArray(), 3, "axpy " + what);

                be.scale(0.25, x.mat());
                double[] ex = x.data().clone();
                for (int i = 0; i < ex.length; i++) {
                    ex[i] *= 0.25;
                }
                assertArrayEquals(ex, x.mat().toArray(), "scale " + what);
            }
        }
        // axpy of a matrix onto itself doubles it
        Mat d = be.fromArray(new double[] {1, 2, 3}, 3, 1);
        be.axpy(1.0, d, d);
        assertArrayEquals(new double[] {2, 4, 6}, d.toArray());
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.axpy(1, be.zeros(2, 3), be.zeros(3, 2))),
                "axpy", "2 x 3", "3 x 2");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.dot(be.zeros(2, 3), be.zeros(2, 2))), "dot");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void normAndMaxAbs(Backend be) {
        Random rnd = new Random(6);
        for (int[] s : SHAPES) {
            for (boolean v : new boolean[] {false, true}) {
                M a = make(be, rnd, s[0], s[1], v);
                double ss = 0;
                for (double x : a.data()) {
                    ss += x * x;
                }
                String what = Arrays.toString(s) + " view=" + v;
                assertEquals(Math.sqrt(ss), be.normF(a.mat()), TOL * Math.max(1e-300, Math.sqrt(ss)), "normF " + what);
                assertEquals(maxAbsOf(a.data()), be.maxAbs(a.mat()), 0.0, "maxAbs " + what);
            }
        }
        // no overflow or underflow of the squares: all entries c give |c| sqrt(mn)
        for (double c : new double[] {1e200, -3e-200, 1e-310}) {
            double[] x = new double[12];
            Arrays.fill(x, c);
            Mat big = be.fromArray(x, 4, 3);
            assertEquals(Math.abs(c) * Math.sqrt(12), be.normF(big), 1e-12 * Math.abs(c) * Math.sqrt(12) + 1e-320, "normF " + c);
            assertEquals(Math.abs(c) * Math.sqrt(6), be.normF(big.rowRange(1, 3)), 1e-12 * Math.abs(c) * Math.sqrt(6) + 1e-320,
                    "normF view " + c);
        }
        double[] x = {1, -7, 3, Double.NaN, 2, 5};
        assertTrue(Double.isNaN(be.normF(be.fromArray(x, 3, 2))));
        assertTrue(Double.isNaN(be.normF(be.fromArray(x, 3, 2).rowRange(0, 1)))); // (1, NaN) with ld 3
        assertTrue(Double.isNaN(be.maxAbs(be.fromArray(x, 3, 2))));
        assertTrue(Double.isNaN(be.maxAbs(be.fromArray(x, 2, 3).columns(1, 3))));
        assertEquals(7.0, be.maxAbs(be.fromArray(x, 3, 2).columns(0, 1)));
        assertEquals(Double.POSITIVE_INFINITY, be.normF(be.fromArray(new double[] {1, Double.NEGATIVE_INFINITY}, 2, 1)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void scaleRowsColumnsAndGather(Backend be) {
        Random rnd = new Random(7);
        for (int[] s : SHAPES) {
            int r = s[0], c = s[1];
            double[] sr = random(rnd, r), sc = random(rnd, c);
            // on a view: the rest of the parent must not change
            double[] p = random(rnd, (r + 2) * (c + 1));
            Mat parent = be.fromArray(p, r + 2, c + 1);
            Mat v = parent.rowRange(1, 1 + r).columns(1, 1 + c);
            be.scaleRows(v, sr);
            be.scaleColumns(v, sc);
            double[] expect = p.clone();
            for (int j = 0; j < c; j++) {
                for (int i = 0; i < r; i++) {
                    expect[(1 + i) + (1 + j) * (r + 2)] *= sr[i] * sc[j];
                }
            }
            assertClose(expect, parent.toArray(), "scaleRows/Columns " + Arrays.toString(s));

            M a = make(be, rnd, r, c, r % 2 == 0);
            for (int k : new int[] {0, 1, 3, 4 * r + 5}) {
                if (r == 0 && k > 0) {
                    continue;
                }
                int[] idx = new int[k];
                for (int t = 0; t < k; t++) {
                    idx[t] = rnd.nextInt(r);
                }
                double[] g = new double[k * c];
                for (int j = 0; j < c; j++) {
                    for (int t = 0; t < k; t++) {
                        g[t + j * k] = a.data()[idx[t] + j * r];
                    }
                }
                Mat out = be.gatherRows(a.mat(), idx);
                assertEquals(k, out.rows());
                assertEquals(c, out.cols());
                assertArrayEquals(g, out.toArray(), "gatherRows " + Arrays.toString(s) + " k=" + k);
            }
        }
        // few rows out of many (the strided-copy path of OpenBLAS)
        M tall = view(be, rnd, 60, 5);
        int[] idx = {59, 0, 17, 17};
        double[] g = new double[4 * 5];
        for (int j = 0; j < 5; j++) {
            for (int t = 0; t < 4; t++) {
                g[t + j * 4] = tall.data()[idx[t] + j * 60];
            }
        }
        assertArrayEquals(g, be.gatherRows(tall.mat(), idx).toArray());
        Mat m = be.zeros(3, 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.scaleRows(m, new double[2])), "scaleRows", "3");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.scaleColumns(m, new double[3])), "scaleColumns", "2");
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> be.gatherRows(m, new int[] {0, 3})), "3", "position 1");
        assertThrows(IndexOutOfBoundsException.class, () -> be.gatherRows(m, new int[] {-1}));
    }

    // ------------------------------------------------------------------ LAPACK

    /** max |QᵀQ - I| for Q with orthonormal columns (m x k). */
    private static double orthError(double[] q, int m, int k) {
        double[] g = matmul(transposeOf(q, m, k), q, k, m, k);
        double e = 0;
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                e = Math.max(e, Math.abs(g[i + j * k] - (i == j ? 1 : 0)));
            }
        }
        return e;
    }

    private static void checkQr(Backend be, Mat a, double[] ad, int m, int n, String what) {
        QR qr = be.qr(a);
        int k = Math.min(m, n);
        assertEquals(m, qr.q().rows(), what);
        assertEquals(k, qr.q().cols(), what);
        assertEquals(k, qr.r().rows(), what);
        assertEquals(n, qr.r().cols(), what);
        double[] q = qr.q().toArray(), r = qr.r().toArray();
        assertTrue(orthError(q, m, k) < 1e-13 * Math.max(1, m), what + ": Q not orthonormal " + orthError(q, m, k));
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < k; i++) {
                assertEquals(0.0, r[i + j * k], what + ": R not upper at (" + i + ", " + j + ")");
            }
        }
        assertClose(ad, matmul(q, r, m, k, n), Math.max(1, maxAbsOf(ad)) * Math.max(1, m) / 4, what + ": QR != A");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void qrOfFullAndRankDeficientMatrices(Backend be) {
        Random rnd = new Random(8);
        int[][] shapes = {{1, 1}, {1, 6}, {6, 1}, {9, 9}, {40, 7}, {5, 12}};
        for (int[] s : shapes) {
            for (boolean v : new boolean[] {false, true}) {
                M a = make(be, rnd, s[0], s[1], v);
                checkQr(be, a.mat(), a.data(), s[0], s[1], "qr " + Arrays.toString(s) + " view=" + v);
                assertArrayEquals(a.data(), a.mat().toArray(), "qr must not modify its input");
            }
        }
        // rank 3 (12 x 8), a zero matrix, repeated columns
        double[] x = random(rnd, 12 * 3), y = random(rnd, 3 * 8);
        double[] lowRank = matmul(x, y, 12, 3, 8);
        checkQr(be, be.fromArray(lowRank, 12, 8), lowRank, 12, 8, "qr rank 3");
        checkQr(be, be.zeros(7, 4), new double[28], 7, 4, "qr zero");
        double[] rep = new double[6 * 4];
        double[] col = random(rnd, 6);
        for (int j = 0; j < 4; j++) {
            System.arraycopy(col, 0, rep, j * 6, 6);
        }
        checkQr(be, be.fromArray(rep, 6, 4), rep, 6, 4, "qr repeated columns");
        QR e = be.qr(be.zeros(0, 3));
        assertEquals(0, e.q().cols());
        assertEquals(3, e.r().cols());
        assertEquals(0, be.qr(be.zeros(4, 0)).q().cols());
    }

    /** A random m x m orthogonal matrix: product of three Householder reflections I - 2 v vᵀ / vᵀv. */
    private static double[] orthogonal(Random rnd, int m) {
        double[] q = new double[m * m];
        for (int i = 0; i < m; i++) {
            q[i + i * m] = 1;
        }
        for (int h = 0; h < 3; h++) {
            double[] v = random(rnd, m);
            double vv = 0;
            for (double t : v) {
                vv += t * t;
            }
            double[] hm = new double[m * m];
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < m; i++) {
                    hm[i + j * m] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv;
                }
            }
            q = matmul(hm, q, m, m, m);
        }
        return q;
    }

    private static void checkSvd(Backend be, Mat a, double[] ad, int m, int n, String what) {
        SVD svd = be.svd(a);
        int k = Math.min(m, n);
        assertEquals(k, svd.k(), what);
        double[] u = svd.u().toArray(), vt = svd.vt().toArray(), s = svd.s();
        assertEquals(m, svd.u().rows());
        assertEquals(k, svd.u().cols());
        assertEquals(k, svd.vt().rows());
        assertEquals(n, svd.vt().cols());
        for (int i = 0; i < k; i++) {
            assertTrue(s[i] >= 0, what + ": negative singular value");
            if (i > 0) {
                assertTrue(s[i] <= s[i - 1], what + ": singular values not non-increasing " + Arrays.toString(s));
            }
        }
        assertTrue(orthError(u, m, k) < 1e-13 * Math.max(m, n), what + ": U not orthonormal");
        assertTrue(orthError(transposeOf(vt, k, n), n, k) < 1e-13 * Math.max(m, n), what + ": V not orthonormal");
        double[] us = u.clone();
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < m; i++) {
                us[i + j * m] *= s[j];
            }
        }
        assertClose(ad, matmul(us, vt, m, k, n), Math.max(1, maxAbsOf(ad)) * Math.max(m, n) / 4, what + ": U S Vt != A");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void svdReconstructsOrdersAndFindsKnownSingularValues(Backend be) {
        Random rnd = new Random(9);
        int[][] shapes = {{1, 1}, {1, 5}, {5, 1}, {12, 12}, {30, 8}, {8, 30}};
        for (int[] s : shapes) {
            for (boolean v : new boolean[] {false, true}) {
                M a = make(be, rnd, s[0], s[1], v);
                checkSvd(be, a.mat(), a.data(), s[0], s[1], "svd " + Arrays.toString(s) + " view=" + v);
                assertArrayEquals(a.data(), a.mat().toArray(), "svd must not modify its input");
            }
        }
        // A = Q1 diag(sigma) Q2ᵀ with known sigma, tall and wide, including zero singular values
        double[] sigma = {5, 3, 3, 0.5, 1e-3, 0, 0};
        for (int[] s : new int[][] {{10, 7}, {7, 10}}) {
            int m = s[0], n = s[1], k = 7;
            double[] q1 = orthogonal(rnd, m), q2 = orthogonal(rnd, n);
            double[] d = new double[m * n];
            for (int i = 0; i < k; i++) {
                d[i + i * m] = sigma[i];
            }
            double[] a = matmul(matmul(q1, d, m, m, n), transposeOf(q2, n, n), m, n, n);
            SVD svd = be.svd(be.fromArray(a, m, n));
            assertClose(sigma, svd.s(), 5, "known singular values " + m + " x " + n);
            checkSvd(be, be.fromArray(a, m, n), a, m, n, "svd rank 5 " + m + " x " + n);
        }
        SVD e = be.svd(be.zeros(0, 4));
        assertEquals(0, e.k());
        assertEquals(4, e.vt().cols());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void solveAndSingularity(Backend be) {
        Random rnd = new Random(10);
        for (int n : new int[] {1, 5, 40}) {
            for (int nrhs : new int[] {1, 3}) {
                double[] a = random(rnd, n * n);
                for (int i = 0; i < n; i++) {
                    a[i + i * n] += n; // diagonally dominant: well conditioned
                }
                M b = make(be, rnd, n, nrhs, nrhs > 1);
                Mat av = view(be, rnd, n, n).mat();
                be.copyInto(be.fromArray(a, n, n), av);
                Mat x = be.solve(av, b.mat());
                assertEquals(n, x.rows());
                assertEquals(nrhs, x.cols());
                double[] xd = x.toArray();
                // residual A X - B relative to |A| |X|
                assertClose(b.data(), matmul(a, xd, n, n, nrhs), maxAbsOf(matmul(abs(a), abs(xd), n, n, nrhs)) * n,
                        "solve n=" + n + " nrhs=" + nrhs);
            }
        }
        Mat b = be.fromArray(new double[] {1, 2, 3}, 3, 1);
        double[][] singular = {
            {0, 0, 0, 0, 0, 0, 0, 0, 0},          // zero
            {1, 1, 2, 2, 2, 4, 3, 3, 6},          // rows 0 and 1 equal
            {1, 2, 3, 0, 0, 0, 4, 5, 7},          // zero column
        };
        for (double[] s : singular) {
            assertThrows(ArithmeticException.class, () -> be.solve(be.fromArray(s, 3, 3), b), Arrays.toString(s));
        }
        assertThrows(ArithmeticException.class,
                () -> be.solve(be.fromArray(new double[] {1, 0, 0, 1e-20}, 2, 2), be.fromArray(new double[] {1, 1}, 2, 1)));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.solve(be.zeros(3, 2), b)), "square");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.solve(be.zeros(2, 2), b)), "B 3 x 1");
    }

    // ------------------------------------------------------------------ TT-shaped kernels

    /** Element (a, i, b) of a core stored (r0*n) x r1, column-major. */
    private static double at(double[] g, int r0, int n, int a, int i, int b) {
        return g[a + r0 * (i + n * b)];
    }

    private static final int[][] CORES = {{1, 5, 3}, {3, 4, 1}, {1, 1, 1}, {2, 3, 4}, {4, 6, 5}, {3, 1, 2}};

    @ParameterizedTest
    @MethodSource("backends")
    void contractMiddleMatchesNaive(Backend be) {
        Random rnd = new Random(11);
        for (int[] s : CORES) {
            int r0 = s[0], n = s[1], r1 = s[2];
            M g = dense(be, rnd, r0 * n, r1);
            M w = make(be, rnd, n, 1, n % 2 == 0);
            double[] expect = new double[r0 * r1];
            for (int b = 0; b < r1; b++) {
                for (int a = 0; a < r0; a++) {
                    double acc = 0;
                    for (int i = 0; i < n; i++) {
                        acc += at(g.data(), r0, n, a, i, b) * w.data()[i];
                    }
                    expect[a + b * r0] = acc;
                }
            }
            Mat out = be.contractMiddle(g.mat(), r0, n, r1, w.mat());
            assertEquals(r0, out.rows());
            assertEquals(r1, out.cols());
            assertClose(expect, out.toArray(), n, "contractMiddle " + Arrays.toString(s));
        }
        Mat g = be.zeros(6, 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.contractMiddle(g, 2, 3, 2, be.zeros(2, 1))),
                "w must be 3 x 1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.contractMiddle(g, 2, 2, 2, be.zeros(2, 1))),
                "core must be (2*2) x 2", "6 x 2");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void modeProductMatchesNaive(Backend be) {
        Random rnd = new Random(12);
        for (int[] s : CORES) {
            int r0 = s[0], n = s[1], r1 = s[2];
            for (int np : new int[] {1, n + 2}) {
                M g = dense(be, rnd, r0 * n, r1);
                M m = make(be, rnd, np, n, np > 1);
                double[] expect = new double[r0 * np * r1];
                for (int b = 0; b < r1; b++) {
                    for (int j = 0; j < np; j++) {
                        for (int a = 0; a < r0; a++) {
                            double acc = 0;
                            for (int i = 0; i < n; i++) {
                                acc += m.data()[j + i * np] * at(g.data(), r0, n, a, i, b);
                            }
                            expect[a + r0 * (j + np * b)] = acc;
                        }
                    }
                }
                Mat out = be.modeProduct(g.mat(), r0, n, r1, m.mat());
                assertEquals(r0 * np, out.rows());
                assertEquals(r1, out.cols());
                assertClose(expect, out.toArray(), n, "modeProduct " + Arrays.toString(s) + " n'=" + np);
            }
        }
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> be.modeProduct(be.zeros(6, 2), 2, 3, 2, be.zeros(3, 2))), "3 columns", "3 x 2");
    }

    /** A random TT: cores[k] is (r[k]*n[k]) x r[k+1] with heap copies in data[k]. */
    private static Mat[] randomTt(Backend be, Random rnd, int[] n, int[] r, double[][] data) {
        Mat[] cores = new Mat[n.length];
        for (int k = 0; k < n.length; k++) {
            data[k] = random(rnd, r[k] * n[k] * r[k + 1]);
            cores[k] = be.fromArray(data[k], r[k] * n[k], r[k + 1]);
        }
        return cores;
    }

    /** Naive TT value: the row vector product G1[:, i1, :] ... Gd[:, id, :]. */
    private static double naiveValue(double[][] data, int[] n, int[] r, int[] idx, int s) {
        int d = n.length;
        double[] v = {1.0};
        for (int k = 0; k < d; k++) {
            double[] w = new double[r[k + 1]];
            int i = idx[s * d + k];
            for (int b = 0; b < r[k + 1]; b++) {
                for (int a = 0; a < r[k]; a++) {
                    w[b] += v[a] * at(data[k], r[k], n[k], a, i, b);
                }
            }
            v = w;
        }
        return v[0];
    }

    @ParameterizedTest
    @MethodSource("backends")
    void evaluateMatchesNaive(Backend be) {
        Random rnd = new Random(13);
        int[][] ns = {{7}, {3, 5, 2, 4}, {70, 3, 9}};
        int[][] rs = {{1, 1}, {1, 3, 4, 2, 1}, {1, 6, 2, 1}};
        for (int c = 0; c < ns.length; c++) {
            int[] n = ns[c], r = rs[c];
            int d = n.length;
            double[][] data = new double[d][];
            Mat[] cores = randomTt(be, rnd, n, r, data);
            for (int count : new int[] {0, 1, 37, 5000}) {
                int[] idx = new int[count * d];
                for (int s = 0; s < count; s++) {
                    for (int k = 0; k < d; k++) {
                        idx[s * d + k] = rnd.nextInt(n[k]);
                    }
                }
                double[] vals = be.evaluate(cores, n, r, idx, count);
                assertEquals(count, vals.length);
                for (int s = 0; s < count; s++) {
                    double e = naiveValue(data, n, r, idx, s);
                    assertEquals(e, vals[s], TOL * 10 * Math.max(1, Math.abs(e)), "evaluate TT " + c + " sample " + s);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void hadamardCoreMatchesNaive(Backend be) {
        Random rnd = new Random(14);
        int ra = 2, rb = 3, sa = 3, sb = 1, n = 4;
        M a = dense(be, rnd, ra * n, rb), b = dense(be, rnd, sa * n, sb);
        Mat c = be.hadamardCore(a.mat(), ra, rb, b.mat(), sa, sb, n);
        assertEquals(ra * sa * n, c.rows());
        assertEquals(rb * sb, c.cols());
        double[] cd = c.toArray();
        for (int a0 = 0; a0 < ra; a0++) {
            for (int a1 = 0; a1 < sa; a1++) {
                for (int i = 0; i < n; i++) {
                    for (int b0 = 0; b0 < rb; b0++) {
                        for (int b1 = 0; b1 < sb; b1++) {
                            double e = at(a.data(), ra, n, a0, i, b0) * at(b.data(), sa, n, a1, i, b1);
                            assertEquals(e, at(cd, ra * sa, n, a0 + ra * a1, i, b0 + rb * b1), 0.0);
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ OpenBLAS specifics

    @Test
    void openBlasThreadCountFollowsCallSize() {
        OpenBlasBackend be = OpenBlasBackend.create();
        assertTrue(be.maxThreads() >= 1);
        assertTrue(be.config().contains("OpenBLAS"), be.config());
        Random rnd = new Random(15);
        be.mul(dense(be, rnd, 8, 8).mat(), dense(be, rnd, 8, 8).mat());
        assertEquals(1, be.currentThreads(), "a tiny gemm runs on one thread");
        be.mul(dense(be, rnd, 200, 200).mat(), dense(be, rnd, 200, 200).mat()); // 1.6e7 flops
        assertEquals(be.maxThreads(), be.currentThreads(), "a large gemm uses every thread");
        be.svd(dense(be, rnd, 20, 40).mat());
        assertEquals(1, be.currentThreads(), "a small SVD runs on one thread");
    }

    @Test
    void openBlasCopyIntoOverlappingRegionsCopiesTheOldSource() {
        OpenBlasBackend be = OpenBlasBackend.create();
        Mat q = be.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 1, 6);
        be.copyInto(q.columns(0, 4), q.columns(2, 6));
        assertArrayEquals(new double[] {1, 2, 1, 2, 3, 4}, q.toArray());
        Mat x = be.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 6, 1);
        be.axpy(10, x.rowRange(0, 4), x.rowRange(2, 6));
        assertArrayEquals(new double[] {1, 2, 13, 24, 35, 46}, x.toArray());
    }

    @Test
    void openBlasRejectsNonFiniteInputOfFactorizations() {
        OpenBlasBackend be = OpenBlasBackend.create();
        Mat nan = be.fromArray(new double[] {1, Double.NaN, 2, 3}, 2, 2);
        Mat inf = be.fromArray(new double[] {1, 2, Double.POSITIVE_INFINITY, 3}, 2, 2);
        Mat ok = be.fromArray(new double[] {1, 2, 3, 5}, 2, 2);
        for (Mat bad : new Mat[] {nan, inf}) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> be.qr(bad)), "qr", "non-finite");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> be.svd(bad)), "svd", "non-finite");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> be.solve(bad, ok)), "solve: a");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> be.solve(ok, bad)), "solve: b");
        }
    }

    @Test
    void openBlasKernelsOnStridedCoreViewsAndIndexChecks() {
        OpenBlasBackend be = OpenBlasBackend.create();
        Random rnd = new Random(16);
        int r0 = 3, n = 4, r1 = 2;
        M gv = view(be, rnd, r0 * n, r1); // ld = r0*n + 3
        M w = dense(be, rnd, n, 1);
        Mat g = be.copy(gv.mat());
        assertArrayEquals(be.contractMiddle(g, r0, n, r1, w.mat()).toArray(),
                be.contractMiddle(gv.mat(), r0, n, r1, w.mat()).toArray(), "contractMiddle on a view");
        M m = dense(be, rnd, 5, n);
        assertArrayEquals(be.modeProduct(g, r0, n, r1, m.mat()).toArray(),
                be.modeProduct(gv.mat(), r0, n, r1, m.mat()).toArray(), "modeProduct on a view");
        // a TT whose middle core is a view
        int[] ns = {2, n, 3}, rs = {1, r0, r1, 1};
        Mat[] cores = {dense(be, rnd, 2, r0).mat(), gv.mat(), dense(be, rnd, r1 * 3, 1).mat()};
        Mat[] compact = {cores[0], g, cores[2]};
        int[] idx = {1, 3, 2, 0, 0, 0, 1, 2, 1};
        assertArrayEquals(be.evaluate(compact, ns, rs, idx, 3), be.evaluate(cores, ns, rs, idx, 3));
        int[] badIdx = {1, 4, 2};
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> be.evaluate(cores, ns, rs, badIdx, 1)),
                "index 4", "mode 1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> be.evaluate(cores, ns, rs, idx, 4)), "count = 4");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> be.evaluate(cores, ns, new int[] {2, r0, r1, 1}, idx, 1)), "boundary ranks");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> be.evaluate(new Mat[] {cores[0], EjmlBackend.get().zeros(r0 * n, r1), cores[2]}, ns, rs, idx, 1)),
                "cores[1] belongs to backend 'ejml'");
    }

    @Test
    void openBlasReleasesUnreachableMemoryButKeepsViewedStorage() throws InterruptedException {
        OpenBlasBackend be = OpenBlasBackend.create();
        double[] col = new double[1000];
        for (int i = 0; i < col.length; i++) {
            col[i] = i;
        }
        Mat big = be.zeros(1000, 500);
        be.copyInto(be.fromArray(col, 1000, 1), big.columns(499, 500));
        Mat lastColumn = big.columns(499, 500);
        big = null;
        long before = Pointer.totalBytes();
        for (int t = 0; t < 40; t++) {
            be.zeros(1000, 250); // 2 MB each, dropped at once
        }
        boolean released = false;
        for (int attempt = 0; attempt < 50 && !released; attempt++) {
            System.gc();
            Thread.sleep(20);
            Pointer.deallocateReferences();
            released = Pointer.totalBytes() < before + 20_000_000L;
        }
        assertTrue(released, "unreachable matrices were not freed: " + Pointer.totalBytes() + " bytes held");
        assertArrayEquals(col, lastColumn.toArray(), "a view must keep its parent's storage alive");
    }

    @Test
    void evaluateOnManyModesAgreesAcrossBackends() {
        Random rnd = new Random(17);
        int d = 6;
        int[] n = {64, 64, 64, 64, 64, 64};
        int[] r = {1, 8, 8, 8, 8, 8, 1};
        double[][] data = new double[d][];
        Mat[] heap = randomTt(EjmlBackend.get(), rnd, n, r, data);
        OpenBlasBackend ob = OpenBlasBackend.create();
        List<Mat> nat = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            nat.add(ob.fromArray(data[k], r[k] * n[k], r[k + 1]));
        }
        int count = 20_000; // several chunks, evaluated on several threads
        int[] idx = new int[count * d];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = rnd.nextInt(64);
        }
        double[] e = EjmlBackend.get().evaluate(heap, n, r, idx, count);
        double[] o = ob.evaluate(nat.toArray(new Mat[0]), n, r, idx, count);
        assertClose(e, o, maxAbsOf(e) * 10, "evaluate, OpenBLAS vs EJML");
    }
}
