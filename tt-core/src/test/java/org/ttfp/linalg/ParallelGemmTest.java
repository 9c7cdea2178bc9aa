package org.ttfp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ParallelGemm} against a naive host product on both CPU backends: all transpose flags, split by rows and by columns, alpha/beta. */
class ParallelGemmTest {

    static Stream<Backend> backends() {
        return Stream.of(Backends.byName("openblas"), EjmlBackend.get());
    }

    /** op(X)(i, j) of a column-major rows x cols array. */
    static double op(double[] x, int rows, boolean t, int i, int j) {
        return t ? x[j + i * rows] : x[i + j * rows];
    }

    @ParameterizedTest
    @MethodSource("backends")
    void blocksReproduceTheProduct(Backend be) {
        // (m, n, p): wide C split by columns, tall C split by rows, and one below the split threshold
        int[][] shapes = {{40, 900, 300}, {2000, 3, 1000}, {5, 7, 3}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], p = s[2];
            for (int f = 0; f < 4; f++) {
                boolean ta = (f & 1) != 0, tb = (f & 2) != 0;
                int ar = ta ? p : m, ac = ta ? m : p, br = tb ? n : p, bc = tb ? p : n;
                double[] a = TallSkinnyQrTest.random(ar, ac, 1 + f), b = TallSkinnyQrTest.random(br, bc, 11 + f);
                double[] c0 = TallSkinnyQrTest.random(m, n, 21 + f);
                Mat c = be.fromArray(c0, m, n);
                ParallelGemm.gemm(be, ta, tb, 0.5, be.fromArray(a, ar, ac), be.fromArray(b, br, bc), -2.0, c);
                Mat prod = ParallelGemm.mul(be, be.fromArray(a, ar, ac), ta, be.fromArray(b, br, bc), tb);
                double[] got = be.toArray(c), got2 = be.toArray(prod);
                for (int i = 0; i < m; i += Math.max(1, m / 7)) {
                    for (int j = 0; j < n; j += Math.max(1, n / 7)) {
                        double ref = 0;
                        for (int k = 0; k < p; k++) {
                            ref += op(a, ar, ta, i, k) * op(b, br, tb, k, j);
                        }
                        assertEquals(ref, got2[i + j * m], 1e-12 * p, "mul " + m + "x" + n + "x" + p + " flags " + f);
                        assertEquals(0.5 * ref - 2.0 * c0[i + j * m], got[i + j * m], 1e-12 * p, "gemm flags " + f);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void shapesAreChecked(Backend be) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParallelGemm.gemm(be, false, false, 1.0, be.zeros(300, 400), be.zeros(500, 300), 0.0, be.zeros(300, 300)));
        assertEquals(true, e.getMessage().contains("op(A) is 300 x 400"), e.getMessage());
    }
}
