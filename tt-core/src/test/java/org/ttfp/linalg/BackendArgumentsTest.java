package org.ttfp.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style checks of the validating base ({@link AbstractBackend}) on both CPU backends:
 * for many random shapes (fixed seeds), every bad call fails with the right exception and a message
 * that names the operation, the argument, the value and what was expected; sizes whose products
 * overflow an int or exceed the backend's storage are refused before anything is allocated.
 */
class BackendArgumentsTest {
    private static final int CASES = 200;

    static Stream<Backend> backends() {
        return Stream.of(EjmlBackend.get(), OpenBlasBackend.create());
    }

    private static <T extends Throwable> T fails(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        for (String p : parts) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(p),
                    "message '" + e.getMessage() + "' should mention '" + p + "'");
        }
        return e;
    }

    private static double[] random(Random rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextDouble() * 2 - 1;
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gemmWithAnyMismatchedInnerSizeNamesTheThreeShapes(Backend be) {
        Random rnd = new Random(1);
        for (int t = 0; t < CASES; t++) {
            int m = 1 + rnd.nextInt(6), p = 1 + rnd.nextInt(6), n = 1 + rnd.nextInt(6), q = p + 1 + rnd.nextInt(3);
            Mat a = be.zeros(m, p), b = be.zeros(q, n), c = be.zeros(m, n);
            fails(IllegalArgumentException.class, () -> be.gemm(false, false, 1, a, b, 0, c),
                    "op(A) is " + m + " x " + p, "op(B) is " + q + " x " + n, "C is " + m + " x " + n);
            fails(IllegalArgumentException.class, () -> be.mul(a, b), "mul", "op(A) is " + m + " x " + p, "inner");
            Mat wrongC = be.zeros(m + 1, n);
            Mat bOk = be.zeros(p, n);
            fails(IllegalArgumentException.class, () -> be.gemm(false, false, 1, a, bOk, 0, wrongC),
                    "C is " + (m + 1) + " x " + n, "expected", "C " + m + " x " + n);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void elementwiseKernelsRefuseEveryShapeMismatch(Backend be) {
        Random rnd = new Random(2);
        for (int t = 0; t < CASES; t++) {
            int r = 1 + rnd.nextInt(5), c = 1 + rnd.nextInt(5);
            int r2 = rnd.nextBoolean() ? r + 1 : r, c2 = r2 == r ? c + 1 : c;
            Mat x = be.zeros(r, c), y = be.zeros(r2, c2);
            String shapes = r + " x " + c;
            fails(IllegalArgumentException.class, () -> be.axpy(1, x, y), "axpy", "x is " + shapes, "y is " + r2 + " x " + c2);
            fails(IllegalArgumentException.class, () -> be.dot(x, y), "dot", "a is " + shapes);
            fails(IllegalArgumentException.class, () -> be.copyInto(x, y), "copyInto", "src is " + shapes);
            fails(IllegalArgumentException.class, () -> be.scaleRows(x, new double[r + 1]), "scaleRows",
                    "length " + (r + 1), "rows = " + r);
            fails(IllegalArgumentException.class, () -> be.scaleColumns(x, new double[c + 2]), "scaleColumns",
                    "length " + (c + 2), "cols = " + c);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void nullsAndForeignMatricesAreNamed(Backend be) {
        Backend other = be instanceof EjmlBackend ? OpenBlasBackend.create() : EjmlBackend.get();
        Mat mine = be.zeros(2, 2), foreign = other.zeros(2, 2);
        fails(IllegalArgumentException.class, () -> be.fromArray(null, 0, 1, 1), "fromArray", "data is null");
        fails(IllegalArgumentException.class, () -> be.fromArray(null, 1, 1), "fromArray", "data is null");
        fails(IllegalArgumentException.class, () -> be.scaleRows(mine, null), "scaleRows", "null");
        fails(IllegalArgumentException.class, () -> be.gatherRows(mine, null), "gatherRows", "idx is null");
        fails(IllegalArgumentException.class, () -> be.copy(null), "a is null", "backend '" + be.name() + "'");
        fails(IllegalArgumentException.class, () -> be.axpy(1, mine, foreign),
                "y belongs to backend '" + other.name() + "'", "expected a matrix of backend '" + be.name() + "'");
        fails(IllegalArgumentException.class, () -> be.release(foreign), "a belongs to backend '" + other.name() + "'");
        fails(IllegalArgumentException.class, () -> be.evaluate(null, new int[0], new int[] {1}, new int[0], 0),
                "evaluate", "cores = null");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void factorizationsNameTheFirstNonFiniteEntry(Backend be) {
        Random rnd = new Random(3);
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int t = 0; t < 60; t++) {
            int m = 1 + rnd.nextInt(7), n = 1 + rnd.nextInt(7);
            double[] x = random(rnd, m * n);
            int at = rnd.nextInt(m * n);
            double v = bad[t % 3];
            x[at] = v;
            String where = "a(" + at % m + ", " + at / m + ") = " + v;
            Mat a = be.fromArray(x, m, n);
            fails(IllegalArgumentException.class, () -> be.qr(a), "qr: a (" + m + " x " + n + ")", "non-finite", where,
                    "expected finite");
            fails(IllegalArgumentException.class, () -> be.svd(a), "svd: a", where);
            Mat sq = be.fromArray(x.length >= m * m ? java.util.Arrays.copyOf(x, m * m) : random(rnd, m * m), m, m);
            Mat rhs = be.fromArray(x.length >= m ? java.util.Arrays.copyOf(x, m) : random(rnd, m), m, 1);
            if (!Double.isFinite(be.maxAbs(sq))) {
                fails(IllegalArgumentException.class, () -> be.solve(sq, be.zeros(m, 1)), "solve: a", "non-finite");
            }
            Mat eye = be.fromArray(identity(m), m, m);
            if (!Double.isFinite(be.maxAbs(rhs))) {
                fails(IllegalArgumentException.class, () -> be.solve(eye, rhs), "solve: b", "non-finite");
            }
        }
    }

    private static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * (n + 1)] = 1;
        }
        return e;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sizesBeyondTheStorageAreRefusedBeforeAllocating(Backend be) {
        // 10^10 elements: 80 GB, beyond a Java array and beyond any off-heap limit of the test JVM
        fails(IllegalArgumentException.class, () -> be.zeros(100_000, 100_000), "zeros", "100000 x 100000",
                "10000000000 elements", "backend '" + be.name() + "'");
        fails(IllegalArgumentException.class, () -> be.fromArray(new double[4], 0, 100_000, 100_000), "fromArray",
                "100000 x 100000");
        fails(IllegalArgumentException.class, () -> be.zeros(-3, 2), "zeros", "-3 x 2", ">= 0");
        fails(IllegalArgumentException.class, () -> be.fromArray(new double[4], -1, 2, 2), "offset -1");
        // products of dimensions that overflow an int: r0 * n' of a mode product, ra * sa * n of a Hadamard core
        Mat core = be.zeros(70_000, 1), m = be.zeros(40_000, 1);
        fails(IllegalArgumentException.class, () -> be.modeProduct(core, 70_000, 1, 1, m), "modeProduct",
                "r0*n' = 2800000000", "largest matrix dimension " + Integer.MAX_VALUE);
        Mat h = be.zeros(50_000, 1);
        fails(IllegalArgumentException.class, () -> be.hadamardCore(h, 50_000, 1, h, 50_000, 1, 1), "hadamardCore",
                "ra*sa*n = 2500000000");
        fails(IllegalArgumentException.class, () -> be.contractMiddle(be.zeros(4, 1), -2, -2, 1, be.zeros(2, 1)),
                "contractMiddle", "r0 = -2", ">= 0");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void evaluateNamesTheSampleAndModeOfEveryBadIndex(Backend be) {
        Random rnd = new Random(4);
        int d = 4;
        int[] n = {3, 5, 2, 4}, r = {1, 2, 3, 2, 1};
        Mat[] cores = new Mat[d];
        for (int k = 0; k < d; k++) {
            cores[k] = be.fromArray(random(rnd, r[k] * n[k] * r[k + 1]), r[k] * n[k], r[k + 1]);
        }
        for (int t = 0; t < CASES; t++) {
            int count = 1 + rnd.nextInt(20);
            int[] idx = new int[count * d];
            for (int s = 0; s < count; s++) {
                for (int k = 0; k < d; k++) {
                    idx[s * d + k] = rnd.nextInt(n[k]);
                }
            }
            int s = rnd.nextInt(count), k = rnd.nextInt(d);
            int badValue = rnd.nextBoolean() ? n[k] + rnd.nextInt(3) : -1 - rnd.nextInt(3);
            idx[s * d + k] = badValue;
            // the first bad index in sample order is the one planted
            fails(IndexOutOfBoundsException.class, () -> be.evaluate(cores, n, r, idx, count),
                    "index " + badValue + " of sample " + s + " in mode " + k, "outside 0.." + (n[k] - 1));
        }
        int[] ok = new int[d];
        fails(IllegalArgumentException.class, () -> be.evaluate(cores, n, r, ok, 2), "count = 2", "count*d = 8", "got 4");
        fails(IllegalArgumentException.class, () -> be.evaluate(cores, n, r, ok, -1), "count = -1");
        fails(IllegalArgumentException.class, () -> be.evaluate(cores, new int[] {3, 5, 2}, r, ok, 1), "n of length 4");
        fails(IllegalArgumentException.class, () -> be.evaluate(cores, n, new int[] {1, 2, 3, 2, 2}, ok, 1),
                "boundary ranks", "r[d] = 2");
        fails(IllegalArgumentException.class, () -> be.evaluate(cores, new int[] {3, 4, 2, 4}, r, ok, 1),
                "core must be (2*4) x 3", "got 10 x 3");
        // no cores: the empty product 1 for every sample
        assertArrayEquals(new double[] {1, 1, 1}, be.evaluate(new Mat[0], new int[0], new int[] {1}, new int[0], 3));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void evaluateAgreesWithSliceProductsOnRandomTrains(Backend be) {
        Random rnd = new Random(5);
        for (int t = 0; t < 30; t++) {
            int d = 1 + rnd.nextInt(5);
            int[] n = new int[d], r = new int[d + 1];
            r[0] = 1;
            r[d] = 1;
            for (int k = 0; k < d; k++) {
                n[k] = 1 + rnd.nextInt(6);
                if (k > 0) {
                    r[k] = 1 + rnd.nextInt(4);
                }
            }
            double[][] g = new double[d][];
            Mat[] cores = new Mat[d];
            for (int k = 0; k < d; k++) {
                g[k] = random(rnd, r[k] * n[k] * r[k + 1]);
                cores[k] = be.fromArray(g[k], r[k] * n[k], r[k + 1]);
            }
            int count = 1 + rnd.nextInt(300);
            int[] idx = new int[count * d];
            for (int s = 0; s < count; s++) {
                for (int k = 0; k < d; k++) {
                    idx[s * d + k] = rnd.nextInt(n[k]);
                }
            }
            double[] v = be.evaluate(cores, n, r, idx, count);
            for (int s = 0; s < count; s++) {
                // row vector times slices, from the left, in plain loops
                double[] u = {1.0};
                for (int k = 0; k < d; k++) {
                    double[] next = new double[r[k + 1]];
                    int i = idx[s * d + k];
                    for (int b = 0; b < r[k + 1]; b++) {
                        for (int a = 0; a < r[k]; a++) {
                            next[b] += u[a] * g[k][a + r[k] * (i + n[k] * b)];
                        }
                    }
                    u = next;
                }
                assertEquals(u[0], v[s], 1e-13 * Math.max(1, Math.abs(u[0])), "sample " + s + " of case " + t);
            }
        }
    }
}
