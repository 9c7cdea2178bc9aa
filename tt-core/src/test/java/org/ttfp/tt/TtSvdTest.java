package org.ttfp.tt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.SVD;

/** The blocked path of TT-SVD (tall unfoldings: stacked R of row-block QRs, U Σ = W V) on both CPU backends. */
class TtSvdTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    /**
     * The stacked R factors have the singular values and right singular vectors of W itself (the
     * SVD of the whole matrix as reference): a random full-rank matrix whose row count is not a
     * multiple of the block, and a rank-deficient one [B B] with a tail of tiny singular values.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void stackedRHasTheSpectrumOfTheMatrix(Backend be) {
        SplittableRandom rnd = new SplittableRandom(5);
        int c = 12, b = 300;
        for (int kind = 0; kind < 2; kind++) {
            int m = 7 * b + 123;
            double[] a = new double[m * c];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < c; j++) {
                    double x = rnd.nextGaussian();
                    a[j * m + i] = kind == 0 ? x : j < c / 2 ? x : a[(j - c / 2) * m + i] + 1e-9 * x;
                }
            }
            Mat w = be.fromArray(a, m, c);
            SVD ref = be.svd(w);
            SVD st = be.svd(TtSvd.stackedR(be, w, b));
            assertEquals(c, st.s().length);
            for (int i = 0; i < c; i++) {
                assertEquals(ref.s()[i], st.s()[i], 1e-13 * ref.s()[0], "kind " + kind + " sigma " + i);
            }
            // W V = U Σ column by column (up to sign) for the well-separated leading directions
            Mat wv = be.mul(w, false, st.vt(), true);
            Mat us = be.copy(ref.u());
            be.scaleColumns(us, ref.s());
            int lead = kind == 0 ? c : c / 2;
            for (int j = 0; j < lead; j++) {
                double dot = 0, nn = 0;
                for (int i = 0; i < m; i++) {
                    dot += be.get(wv, i, j) * be.get(us, i, j);
                    nn += be.get(us, i, j) * be.get(us, i, j);
                }
                assertEquals(1, Math.abs(dot) / nn, 1e-9, "kind " + kind + " column " + j);
            }
        }
    }

    /**
     * An exactly low-rank 8^6 tensor (first unfolding 32768 x 8 on the blocked path, the others on
     * the plain one) is recovered with its ranks; the W1 tensor 1/(1 + Σi/8) at 8^6 meets eps =
     * 1e−8 with the ranks of the plain path (every unfolding through one SVD).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void blockedPathKeepsRanksAndAccuracy(Backend be) {
        int[] n = new int[6];
        Arrays.fill(n, 8);
        assertTrue(32768 >= 2 * TtSvd.blockRows(8), "the first unfolding takes the blocked path");
        TensorTrain low = TensorTrain.random(be, n, new int[] {1, 3, 4, 5, 4, 3, 1}, 17);
        double[] lowFull = low.full();
        TensorTrain back = TensorTrain.fromFull(be, lowFull, n, 1e-10);
        assertArrayEquals(new int[] {1, 3, 4, 5, 4, 3, 1}, back.ranks());
        assertTrue(DenseRef.relErr(back.full(), lowFull) < 1e-10);

        double[] y = new double[1 << 18];
        for (int p = 0; p < y.length; p++) {
            int s = 0;
            for (int q = p; q > 0; q >>= 3) {
                s += q & 7;
            }
            y[p] = 1 / (1 + s / 8.0);
        }
        TensorTrain tt = TensorTrain.fromFull(be, y, n, 1e-8);
        double err = DenseRef.relErr(tt.full(), y);
        assertTrue(err <= 1e-8, "rel. error " + err);
        assertArrayEquals(plainRanks(be, y, n, 1e-8), tt.ranks());
    }

    /** The ranks of TT-SVD with every unfolding through one SVD of the whole matrix. */
    private static int[] plainRanks(Backend be, double[] full, int[] n, double eps) {
        int d = n.length;
        double norm = 0;
        for (double v : full) {
            norm += v * v;
        }
        double delta = eps / Math.sqrt(d - 1) * Math.sqrt(norm);
        int[] r = new int[d + 1];
        r[0] = 1;
        r[d] = 1;
        Mat c = be.fromArray(full, full.length / n[d - 1], n[d - 1]);
        long rows = full.length;
        for (int k = d - 1; k >= 1; k--) {
            rows /= n[k];
            SVD sv = be.svd(c.reshape((int) rows, n[k] * r[k + 1]));
            int t = TtRounding.truncationRank(sv.s(), delta, Integer.MAX_VALUE);
            c = be.copy(sv.u().columns(0, t));
            be.scaleColumns(c, Arrays.copyOf(sv.s(), t));
            r[k] = t;
        }
        return r;
    }
}
