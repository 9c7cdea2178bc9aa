package org.ttfp.tt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.linalg.Backend;

/** TT matrices against dense matrices built entry by entry from the per-mode factors. */
class TtMatrixTest {

    static Stream<Arguments> cases() {
        return TestBackends.all().stream().flatMap(be -> Stream.of(1L, 2L, 3L).map(seed -> Arguments.of(be, seed)));
    }

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    static double[] randomMatrix(int rows, int cols, SplittableRandom rnd) {
        double[] a = new double[rows * cols];
        for (int t = 0; t < a.length; t++) {
            a[t] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    static int size(int[] s) {
        int p = 1;
        for (int v : s) {
            p *= v;
        }
        return p;
    }

    /** Multi-index of a linear index, first mode fastest. */
    static int[] unravel(int lin, int[] s) {
        int[] i = new int[s.length];
        for (int k = 0; k < s.length; k++) {
            i[k] = lin % s[k];
            lin /= s[k];
        }
        return i;
    }

    /** Dense Σ_t Π_k A_{t,k}(i_k, j_k), column-major, rows/cols first mode fastest. */
    static double[] denseSum(double[][][] terms, int[] rows, int[] cols) {
        int mr = size(rows), nc = size(cols);
        double[] out = new double[mr * nc];
        for (int row = 0; row < mr; row++) {
            int[] i = unravel(row, rows);
            for (int col = 0; col < nc; col++) {
                int[] j = unravel(col, cols);
                double s = 0;
                for (double[][] term : terms) {
                    double p = 1;
                    for (int k = 0; k < rows.length; k++) {
                        p *= term[k][i[k] + rows[k] * j[k]];
                    }
                    s += p;
                }
                out[row + mr * col] = s;
            }
        }
        return out;
    }

    static double[] matVec(double[] a, int rows, double[] x) {
        double[] y = new double[rows];
        for (int col = 0; col < x.length; col++) {
            for (int row = 0; row < rows; row++) {
                y[row] += a[row + rows * col] * x[col];
            }
        }
        return y;
    }

    static TensorTrain randomTt(Backend be, int[] sizes, SplittableRandom rnd) {
        int d = sizes.length;
        int[] r = new int[d + 1];
        r[0] = 1;
        r[d] = 1;
        for (int k = 1; k < d; k++) {
            r[k] = 1 + rnd.nextInt(3);
        }
        return TensorTrain.random(be, sizes, r, rnd.nextLong());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void kroneckerProductAppliedToATtMatchesTheDenseProduct(Backend be, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 3;
        int[] rows = new int[d], cols = new int[d];
        double[][] mats = new double[d][];
        for (int k = 0; k < d; k++) {
            rows[k] = 2 + rnd.nextInt(3);
            cols[k] = 2 + rnd.nextInt(3);
            mats[k] = randomMatrix(rows[k], cols[k], rnd);
        }
        TtMatrix a = TtMatrix.kronecker(be, mats, rows, cols);
        double[] dense = denseSum(new double[][][] {mats}, rows, cols);
        assertArrayEquals(dense, a.toDense(), 1e-14);
        TensorTrain x = randomTt(be, cols, rnd);
        TensorTrain y = a.apply(x);
        assertArrayEquals(rows, y.modeSizes());
        int[] rx = x.ranks();
        assertArrayEquals(rx, y.ranks()); // rank-1 operator keeps the ranks
        double[] ref = matVec(dense, size(rows), DenseRef.full(x));
        assertTrue(DenseRef.relErr(DenseRef.full(y), ref) < 1e-13);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void laplacianLikeSumMatchesTheDenseSumOfKroneckerTerms(Backend be, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int d = 1; d <= 4; d++) {
            int[] sizes = new int[d];
            double[][] mats = new double[d][];
            for (int k = 0; k < d; k++) {
                sizes[k] = 3 + rnd.nextInt(2);
                mats[k] = randomMatrix(sizes[k], sizes[k], rnd);
            }
            TtMatrix lap = TtMatrix.laplacianLike(be, mats);
            assertEquals(d == 1 ? 1 : 2, lap.asTensorTrain().maxRank());
            // reference: Σ_k I ⊗ .. ⊗ A_k ⊗ .. ⊗ I, term by term
            double[][][] terms = new double[d][d][];
            for (int t = 0; t < d; t++) {
                for (int k = 0; k < d; k++) {
                    terms[t][k] = t == k ? mats[k] : identity(sizes[k]);
                }
            }
            double[] dense = denseSum(terms, sizes, sizes);
            assertArrayEquals(dense, lap.toDense(), 1e-13);
            TensorTrain x = randomTt(be, sizes, rnd);
            TensorTrain y = lap.apply(x);
            int[] ry = y.ranks(), rx = x.ranks(), ra = lap.ranks();
            for (int k = 0; k <= d; k++) {
                assertEquals(ra[k] * rx[k], ry[k], "rank " + k);
            }
            double[] ref = matVec(dense, size(sizes), DenseRef.full(x));
            assertTrue(DenseRef.relErr(DenseRef.full(y), ref) < 1e-13, "d = " + d);
            // the same operator as a generic sum of Kronecker products (rank d before rounding)
            TtMatrix sum = TtMatrix.sumOfKroneckers(be, terms, sizes, sizes);
            assertArrayEquals(dense, sum.toDense(), 1e-13);
            assertTrue(DenseRef.relErr(DenseRef.full(sum.apply(x)), ref) < 1e-13);
            if (d > 1) {
                TtMatrix rounded = sum.round(1e-12, 10);
                assertEquals(2, rounded.asTensorTrain().maxRank());
                assertArrayEquals(dense, rounded.toDense(), 1e-11);
            }
        }
    }

    static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i + n * i] = 1;
        }
        return e;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void identityAddScaleSubtract(Backend be) {
        SplittableRandom rnd = new SplittableRandom(77);
        int[] sizes = {3, 4, 2};
        TensorTrain x = randomTt(be, sizes, rnd);
        TtMatrix id = TtMatrix.identity(be, sizes);
        assertArrayEquals(DenseRef.full(x), DenseRef.full(id.apply(x)), 1e-15);
        double[][] m1 = {randomMatrix(3, 3, rnd), randomMatrix(4, 4, rnd), randomMatrix(2, 2, rnd)};
        double[][] m2 = {randomMatrix(3, 3, rnd), randomMatrix(4, 4, rnd), randomMatrix(2, 2, rnd)};
        TtMatrix a = TtMatrix.kronecker(be, m1, sizes, sizes);
        TtMatrix b = TtMatrix.kronecker(be, m2, sizes, sizes);
        double[] da = a.toDense(), db = b.toDense();
        double[] combo = a.scale(2.5).subtract(b).add(id).toDense();
        double[] ref = new double[da.length];
        int big = size(sizes);
        for (int t = 0; t < ref.length; t++) {
            ref[t] = 2.5 * da[t] - db[t] + (t % big == t / big ? 1 : 0);
        }
        assertArrayEquals(ref, combo, 1e-13);
        assertArrayEquals(sizes, id.rowSizes());
        assertArrayEquals(sizes, id.colSizes());
        assertEquals(3, id.dim());
        assertEquals(be, id.backend());
        TtMatrix back = TtMatrix.of(a.asTensorTrain(), sizes, sizes);
        assertArrayEquals(da, back.toDense(), 0.0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badInputIsRejectedWithNamedArguments(Backend be) {
        int[] s = {3, 3};
        double[][] ok = {identity(3), identity(3)};
        assertMessage(() -> TtMatrix.kronecker(be, new double[][] {identity(3)}, s, s), "matrices must hold d = 2 matrices, got 1");
        assertMessage(() -> TtMatrix.kronecker(be, new double[][] {identity(3), new double[8]}, s, s),
                "matrices[1] (3 x 3) has length 8, expected 9");
        assertMessage(() -> TtMatrix.kronecker(be, new double[][] {identity(3), {Double.NaN, 0, 0, 0, 0, 0, 0, 0, 0}}, s, s),
                "matrices[1][0] must be finite");
        assertMessage(() -> TtMatrix.kronecker(be, ok, new int[] {3, 0}, s), "rows[1] must be >= 1, got 0");
        assertMessage(() -> TtMatrix.kronecker(be, ok, s, new int[] {3}), "cols has 1 entries but rows has 2");
        assertMessage(() -> TtMatrix.kronecker(null, ok, s, s), "backend must not be null");
        assertMessage(() -> TtMatrix.laplacianLike(be, new double[][] {identity(3), new double[8]}),
                "perModeMatrices[1] has length 8, expected n*n");
        assertMessage(() -> TtMatrix.laplacianLike(be, new double[0][]), "perModeMatrices must hold at least one matrix");
        assertMessage(() -> TtMatrix.sumOfKroneckers(be, new double[][][] {ok, {identity(3)}}, s, s), "terms[1]: matrices must hold");
        TtMatrix a = TtMatrix.kronecker(be, ok, s, s);
        assertMessage(() -> a.apply(TensorTrain.random(be, new int[] {3, 4}, 2, 1)),
                "x has mode sizes [3, 4], expected the operator's column sizes [3, 3]");
        assertMessage(() -> a.apply(null), "x must not be null");
        assertMessage(() -> a.add(TtMatrix.identity(be, new int[] {3, 2})), "add: shapes differ");
        assertMessage(() -> TtMatrix.of(TensorTrain.random(be, new int[] {9, 8}, 2, 1), s, s),
                "mode 1 of tt has size 8, expected rows[1]*cols[1] = 3*3");
        assertThrows(IllegalArgumentException.class, () -> a.scale(Double.NaN));
    }

    static void assertMessage(Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
