package org.ttfp.tt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;

/** Every TT operation against naive dense references, on random shapes and ranks, on both CPU backends. */
class TensorTrainTest {

    static Stream<Arguments> cases() {
        return TestBackends.all().stream().flatMap(be -> Stream.of(1L, 2L, 3L, 4L, 5L).map(seed -> Arguments.of(be, seed)));
    }

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    /** A random TT with 1..4 modes of size 1..5 and ranks 1..4. */
    static TensorTrain randomTt(Backend be, SplittableRandom rnd) {
        int d = 1 + rnd.nextInt(4);
        int[] n = new int[d];
        int[] r = new int[d + 1];
        r[0] = 1;
        r[d] = 1;
        for (int k = 0; k < d; k++) {
            n[k] = 1 + rnd.nextInt(5);
            if (k > 0) {
                r[k] = 1 + rnd.nextInt(4);
            }
        }
        return TensorTrain.random(be, n, r, rnd.nextLong());
    }

    static TensorTrain sameShape(TensorTrain a, SplittableRandom rnd) {
        int d = a.dim();
        int[] r = new int[d + 1];
        r[0] = 1;
        r[d] = 1;
        for (int k = 1; k < d; k++) {
            r[k] = 1 + rnd.nextInt(4);
        }
        return TensorTrain.random(a.backend(), a.modeSizes(), r, rnd.nextLong());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fullEvaluateAndGetMatchTheNaiveProduct(Backend be, long seed) {
        TensorTrain a = randomTt(be, new SplittableRandom(seed));
        double[] ref = DenseRef.full(a);
        assertArrayEquals(ref, a.full(), 1e-13);
        int d = a.dim();
        int count = ref.length;
        int[] idx = new int[count * d];
        int[] n = a.modeSizes();
        for (int lin = 0; lin < count; lin++) {
            int rem = lin;
            for (int k = 0; k < d; k++) {
                idx[lin * d + k] = rem % n[k];
                rem /= n[k];
            }
        }
        assertArrayEquals(ref, a.evaluate(idx, count), 1e-13);
        int[] last = new int[d];
        for (int k = 0; k < d; k++) {
            last[k] = n[k] - 1;
        }
        assertEquals(ref[count - 1], a.get(last), 1e-13);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void arithmeticMatchesDense(Backend be, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TensorTrain a = randomTt(be, rnd);
        TensorTrain b = sameShape(a, rnd);
        double[] fa = DenseRef.full(a), fb = DenseRef.full(b);
        double[] sum = new double[fa.length], diff = new double[fa.length], prod = new double[fa.length],
                scaled = new double[fa.length];
        double dot = 0, total = 0;
        for (int i = 0; i < fa.length; i++) {
            sum[i] = fa[i] + fb[i];
            diff[i] = fa[i] - fb[i];
            prod[i] = fa[i] * fb[i];
            scaled[i] = -2.5 * fa[i];
            dot += fa[i] * fb[i];
            total += fa[i];
        }
        assertArrayEquals(sum, DenseRef.full(a.add(b)), 1e-12);
        assertArrayEquals(diff, DenseRef.full(a.subtract(b)), 1e-12);
        assertArrayEquals(prod, DenseRef.full(a.hadamard(b)), 1e-12);
        assertArrayEquals(scaled, DenseRef.full(a.scale(-2.5)), 1e-12);
        assertEquals(dot, a.dot(b), 1e-11 * Math.max(1, Math.abs(dot)));
        assertEquals(DenseRef.norm(fa), a.norm(), 1e-12 * DenseRef.norm(fa));
        assertEquals(total, a.sum(), 1e-11 * Math.max(1, Math.abs(total)));
        int[] ranks = a.add(b).ranks();
        for (int k = 1; k < a.dim(); k++) {
            assertEquals(a.rank(k) + b.rank(k), ranks[k]);
            assertEquals(a.rank(k) * b.rank(k), a.hadamard(b).rank(k));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void contractionsWithWeightsMatchDense(Backend be, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TensorTrain a = randomTt(be, rnd);
        int d = a.dim();
        int[] n = a.modeSizes();
        double[][] w = new double[d][];
        for (int k = 0; k < d; k++) {
            w[k] = rnd.doubles(n[k], -1, 1).toArray();
        }
        double[] f = DenseRef.full(a);
        double ref = 0;
        double[] marg = new double[n[0]]; // keep mode 0
        for (int lin = 0; lin < f.length; lin++) {
            int rem = lin;
            double wt = 1, wtExcept0 = 1;
            for (int k = 0; k < d; k++) {
                int i = rem % n[k];
                rem /= n[k];
                wt *= w[k][i];
                if (k > 0) {
                    wtExcept0 *= w[k][i];
                }
            }
            ref += wt * f[lin];
            marg[lin % n[0]] += wtExcept0 * f[lin];
        }
        assertEquals(ref, a.contract(w), 1e-12 * Math.max(1, Math.abs(ref)));
        TensorTrain m = a.contractExcept(w, 0);
        assertEquals(1, m.dim());
        assertArrayEquals(marg, m.full(), 1e-12);
        if (d >= 3) {
            // keep the last and the middle mode: compare against the dense marginal
            int mid = d / 2;
            TensorTrain m2 = a.contractExcept(w, mid, d - 1);
            double[] ref2 = new double[n[mid] * n[d - 1]];
            for (int lin = 0; lin < f.length; lin++) {
                int rem = lin;
                double wt = 1;
                int im = 0, il = 0;
                for (int k = 0; k < d; k++) {
                    int i = rem % n[k];
                    rem /= n[k];
                    if (k == mid) {
                        im = i;
                    } else if (k == d - 1) {
                        il = i;
                    } else {
                        wt *= w[k][i];
                    }
                }
                ref2[im + n[mid] * il] += wt * f[lin];
            }
            assertArrayEquals(ref2, m2.full(), 1e-12);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void orthogonalizationKeepsTheTensorAndMakesCoresOrthonormal(Backend be, long seed) {
        TensorTrain a = randomTt(be, new SplittableRandom(seed));
        double[] f = DenseRef.full(a);
        TensorTrain left = a.orthogonalizeLeft();
        TensorTrain right = a.orthogonalizeRight();
        assertArrayEquals(f, DenseRef.full(left), 1e-12 * Math.max(1, DenseRef.norm(f)));
        assertArrayEquals(f, DenseRef.full(right), 1e-12 * Math.max(1, DenseRef.norm(f)));
        for (int k = 0; k < a.dim() - 1; k++) {
            Mat q = left.core(k);
            assertIdentity(be.mul(q, true, q, false), 1e-13);
        }
        for (int k = 1; k < a.dim(); k++) {
            Mat q = right.core(k).reshape(right.rank(k), right.modeSize(k) * right.rank(k + 1));
            assertIdentity(be.mul(q, false, q, true), 1e-13);
        }
    }

    static void assertIdentity(Mat m, double tol) {
        double[] a = m.toArray();
        int n = m.rows();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(i == j ? 1.0 : 0.0, a[i + j * n], tol, "entry (" + i + "," + j + ")");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void ttSvdReachesTheRequestedAccuracy(Backend be, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] n = {4, 3, 5, 2};
        double[] full = rnd.doubles(4 * 3 * 5 * 2, -1, 1).toArray();
        for (double eps : new double[] {0.5, 0.1, 1e-3, 1e-12}) {
            TensorTrain tt = TensorTrain.fromFull(be, full, n, eps);
            double err = DenseRef.relErr(DenseRef.full(tt), full);
            assertTrue(err <= eps * (1 + 1e-9), "eps=" + eps + " err=" + err);
        }
        // an exactly low-rank tensor is recovered with its ranks
        TensorTrain low = TensorTrain.random(be, new int[] {4, 5, 6, 3}, new int[] {1, 2, 3, 2, 1}, rnd.nextLong());
        TensorTrain back = TensorTrain.fromFull(be, low.full(), low.modeSizes(), 1e-10);
        assertArrayEquals(new int[] {1, 2, 3, 2, 1}, back.ranks());
        assertTrue(DenseRef.relErr(back.full(), low.full()) < 1e-10);
        // a rank cap is honoured
        assertTrue(TensorTrain.fromFull(be, full, n, 1e-12, 2).maxRank() <= 2);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void roundingTruncatesWithinEpsAndRecoversRanks(Backend be, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TensorTrain y = TensorTrain.random(be, new int[] {5, 4, 6, 3, 5}, new int[] {1, 3, 4, 3, 2, 1}, rnd.nextLong());
        TensorTrain yy = y.add(y);
        TensorTrain rounded = yy.round(1e-10);
        assertArrayEquals(y.ranks(), rounded.ranks());
        assertTrue(DenseRef.relErr(rounded.full(), y.scale(2).full()) < 1e-10);
        // truncation to a coarse eps: the error bound holds
        TensorTrain z = TensorTrain.random(be, new int[] {6, 6, 6, 6}, 5, rnd.nextLong());
        double[] fz = z.full();
        for (double eps : new double[] {0.3, 0.05, 1e-6}) {
            TensorTrain zr = z.round(eps);
            assertTrue(DenseRef.relErr(zr.full(), fz) <= eps * (1 + 1e-9), "eps " + eps);
        }
        assertTrue(z.round(1e-12, 2).maxRank() <= 2);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void roundingOfYPlusYGivesBackRank50(Backend be) {
        int d = 50, n = 32, r = 50;
        int[] ns = new int[d];
        java.util.Arrays.fill(ns, n);
        TensorTrain y = TensorTrain.random(be, ns, r, 2024);
        TensorTrain rounded = y.add(y).round(1e-8);
        assertEquals(r, rounded.maxRank());
        for (int k = 1; k < d; k++) {
            assertEquals(Math.min(r, Math.min((int) Math.pow(n, Math.min(k, d - k)), r)), rounded.rank(k));
        }
        double rel = rounded.subtract(y.scale(2)).norm() / y.scale(2).norm();
        assertTrue(rel < 1e-8, "relative error " + rel);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void normsAndInnerProductsDoNotOverflowAtD100(Backend be) {
        int d = 100;
        double[][] big = new double[d][];
        double[][] small = new double[d][];
        for (int k = 0; k < d; k++) {
            big[k] = new double[] {3e4, 4e4}; // norm 5e4 per mode
            small[k] = new double[] {3e-4, 4e-4}; // norm 5e-4 per mode
        }
        TensorTrain tb = TensorTrain.rankOne(be, big);
        TensorTrain ts = TensorTrain.rankOne(be, small);
        double expectBig = d * Math.log(5e4), expectSmall = d * Math.log(5e-4);
        assertEquals(expectBig, tb.logNorm(), 1e-10 * Math.abs(expectBig));
        assertEquals(expectSmall, ts.logNorm(), 1e-10 * Math.abs(expectSmall));
        assertEquals(2 * expectBig, tb.dotLog(tb).logAbs(), 1e-10 * Math.abs(expectBig));
        assertEquals(expectBig + expectSmall, tb.dotLog(ts).logAbs(), 1e-9);
        assertEquals(d * Math.log(7e4), tb.sumLog().logAbs(), 1e-9 * d);
        assertThrows(ArithmeticException.class, tb::norm);
        assertEquals(0.0, ts.norm()); // underflows to the nearest double, 0
        // a random rank-10 TT at d = 100: rounding keeps its norm and does not overflow
        int[] ns = new int[d];
        java.util.Arrays.fill(ns, 8);
        TensorTrain rt = TensorTrain.random(be, ns, 10, 7).scale(1e3);
        double ln = rt.logNorm();
        TensorTrain rr = rt.round(1e-10);
        assertEquals(ln, rr.logNorm(), 1e-9 * Math.abs(ln));
        double rel = Math.exp(rt.subtract(rr).logNorm() - ln);
        assertTrue(rel < 1e-9, "relative error " + rel);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void shapeQueriesAndConstructors(Backend be) {
        TensorTrain c = TensorTrain.constant(be, new int[] {2, 3, 4}, 1.5);
        assertEquals(1.5 * 24, c.sum(), 1e-12);
        assertEquals(3, c.dim());
        assertEquals(1, c.maxRank());
        TensorTrain r = TensorTrain.random(be, new int[] {4, 4, 4, 4}, 3, 1);
        assertEquals(4 * 3 + 4 * 9 * 2 + 3 * 4, r.parameterCount());
        assertEquals(8 * r.parameterCount(), r.memoryBytes());
        assertEquals(3.0, r.effectiveRank(), 1e-12);
        TensorTrain moved = r.toBackend(TestBackends.all().get(1));
        assertArrayEquals(r.full(), moved.full(), 1e-13);
        TensorTrain fromCores = TensorTrain.ofCores(List.of(r.core(0), r.core(1), r.core(2), r.core(3)), r.modeSizes());
        assertArrayEquals(r.full(), fromCores.full(), 0);
        double[][] arrays = new double[4][];
        for (int k = 0; k < 4; k++) {
            arrays[k] = r.coreArray(k);
        }
        assertArrayEquals(r.full(), TensorTrain.ofCores(be, arrays, r.modeSizes(), r.ranks()).full(), 0);
        // applying a matrix along a mode
        double[] m = {1, 2, 3, 4, 5, 6, 7, 8}; // 2 x 4 column-major
        TensorTrain p = r.applyAlongMode(2, m, 2);
        double[] fr = r.full(), fp = p.full();
        assertEquals(4 * 4 * 2 * 4, fp.length);
        for (int i0 = 0; i0 < 4; i0++) {
            for (int i1 = 0; i1 < 4; i1++) {
                for (int j = 0; j < 2; j++) {
                    for (int i3 = 0; i3 < 4; i3++) {
                        double s = 0;
                        for (int i2 = 0; i2 < 4; i2++) {
                            s += m[j + 2 * i2] * fr[i0 + 4 * (i1 + 4 * (i2 + 4 * i3))];
                        }
                        assertEquals(s, fp[i0 + 4 * (i1 + 4 * (j + 2 * i3))], 1e-12);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badInputIsRefusedWithNamedArguments(Backend be) {
        TensorTrain a = TensorTrain.random(be, new int[] {3, 4, 5}, 2, 1);
        TensorTrain b = TensorTrain.random(be, new int[] {3, 4, 6}, 2, 1);
        assertMessage(IllegalArgumentException.class, () -> a.add(b), "mode sizes differ");
        assertMessage(IllegalArgumentException.class, () -> a.round(0), "eps");
        assertMessage(IllegalArgumentException.class, () -> a.round(Double.NaN), "eps");
        assertMessage(IllegalArgumentException.class, () -> a.round(-1e-3), "eps");
        assertMessage(IllegalArgumentException.class, () -> a.round(1e-3, 0), "maxRank");
        assertMessage(IndexOutOfBoundsException.class, () -> a.get(0, 4, 0), "mode 1");
        assertMessage(IllegalArgumentException.class, () -> a.get(0, 1), "d = 3");
        assertMessage(IllegalArgumentException.class, () -> a.evaluate(new int[5], 2), "count*d");
        assertMessage(IllegalArgumentException.class, () -> TensorTrain.fromFull(be, new double[10], new int[] {3, 4}, 1e-3),
                "full");
        assertMessage(IllegalArgumentException.class,
                () -> TensorTrain.fromFull(be, new double[] {1, Double.NaN, 1, 1}, new int[] {2, 2}, 1e-3), "full[1]");
        assertMessage(IllegalArgumentException.class, () -> TensorTrain.random(be, new int[] {3, 0}, 2, 1), "modeSizes[1]");
        assertMessage(IllegalArgumentException.class, () -> TensorTrain.random(be, new int[] {3, 3}, new int[] {1, 2, 2}, 1),
                "ranks");
        assertMessage(IllegalArgumentException.class,
                () -> TensorTrain.ofCores(List.of(a.core(0), a.core(2)), new int[] {3, 4}), "ranks must chain");
        assertMessage(IllegalArgumentException.class,
                () -> TensorTrain.ofCores(List.of(a.core(0), a.core(1)), new int[] {3, 4}), "r_d = 1");
        assertMessage(IllegalArgumentException.class,
                () -> TensorTrain.ofCores(be, new double[][] {{1, 2}, {1, 2, 3}}, new int[] {2, 2}, new int[] {1, 1, 1}),
                "cores[1]");
        assertMessage(IllegalArgumentException.class, () -> a.contract(new double[][] {{1, 1, 1}, {1, 1}, {1}}), "weights[1]");
        assertMessage(IllegalArgumentException.class, () -> a.contractExcept(new double[3][], 3), "keep");
        assertMessage(IllegalArgumentException.class, () -> a.scale(Double.POSITIVE_INFINITY), "alpha");
        assertMessage(IllegalArgumentException.class, () -> a.applyAlongMode(1, new double[7], 2), "matrix");
    }

    static void assertMessage(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable call, String part) {
        Throwable t = assertThrows(type, call);
        assertTrue(t.getMessage() != null && t.getMessage().contains(part),
                "message '" + t.getMessage() + "' should mention '" + part + "'");
    }
}
