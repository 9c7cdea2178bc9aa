package org.ttfp.tt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.linalg.Backend;

/**
 * Both rounding methods ({@link Rounding}) on both CPU backends against dense references: the
 * reconstruction error of the full tensor, the ranks (exact ones recovered, and for decaying
 * spectra bounded below by Eckart–Young and above by the dense unfoldings' tails), the
 * right-orthogonality of the result's cores, rank-deficient, ill-conditioned and zero inputs,
 * and the randomized method's fallback.
 */
class RoundingMethodsTest {

    static Stream<Arguments> cases() {
        return TestBackends.all().stream().flatMap(be -> Stream.of(Rounding.values()).map(m -> Arguments.of(be, m)));
    }

    /** max_k ‖G_k G_kᵀ − I‖_F over the right unfoldings of cores 1..d−1 (naive host loops). */
    static double rightOrthoDefect(TensorTrain t) {
        double worst = 0;
        for (int k = 1; k < t.dim(); k++) {
            int r0 = t.rank(k), cols = t.modeSize(k) * t.rank(k + 1);
            double[] g = t.coreArray(k); // r0 x cols, column-major
            double s = 0;
            for (int a = 0; a < r0; a++) {
                for (int b = 0; b < r0; b++) {
                    double v = 0;
                    for (int j = 0; j < cols; j++) {
                        v += g[a + j * r0] * g[b + j * r0];
                    }
                    double e = v - (a == b ? 1 : 0);
                    s += e * e;
                }
            }
            worst = Math.max(worst, Math.sqrt(s));
        }
        return worst;
    }

    /** Singular values of the k-th unfolding (n_1⋯n_k) x (n_{k+1}⋯n_d) of a dense first-index-fastest tensor (EJML). */
    static double[] unfoldingSingularValues(double[] full, int[] n, int k) {
        int rows = 1;
        for (int j = 0; j < k; j++) {
            rows *= n[j];
        }
        int cols = full.length / rows;
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                m.set(i, j, full[i + rows * j]);
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, false, false, true);
        assertTrue(svd.decompose(m));
        double[] s = svd.getSingularValues().clone();
        java.util.Arrays.sort(s);
        double[] desc = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            desc[i] = s[s.length - 1 - i];
        }
        return desc;
    }

    /** The smallest t with √(Σ_{i≥t} s_i²) ≤ tol. */
    static int rankFor(double[] s, double tol) {
        double tail = 0;
        int t = s.length;
        while (t > 0 && tail + s[t - 1] * s[t - 1] <= tol * tol) {
            tail += s[t - 1] * s[t - 1];
            t--;
        }
        return t;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void exactRanksOfASumAreRecovered(Backend be, Rounding method) {
        TensorTrain y = TensorTrain.random(be, new int[] {5, 4, 6, 3, 5}, new int[] {1, 3, 4, 3, 2, 1}, 11);
        TensorTrain yy = y.add(y).add(y.scale(-0.5)); // ranks 3x those of y, exact rank those of y
        TensorTrain rounded = yy.round(1e-10, Integer.MAX_VALUE, method);
        assertArrayEquals(y.ranks(), rounded.ranks());
        assertTrue(DenseRef.relErr(DenseRef.full(rounded), DenseRef.full(y.scale(1.5))) < 1e-12);
        assertTrue(rightOrthoDefect(rounded) < 1e-12, "cores 1..d-1 right-orthonormal: " + rightOrthoDefect(rounded));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decayingSpectraMeetTheBoundAndQuasiOptimalRanks(Backend be, Rounding method) {
        // A smooth function: unfolding singular values decay geometrically down to rounding level
        int[] n = {6, 5, 6, 5, 6};
        double[] f = new double[6 * 5 * 6 * 5 * 6];
        int[] idx = new int[5];
        for (int p = 0; p < f.length; p++) {
            int rem = p;
            double s = 0;
            for (int k = 0; k < 5; k++) {
                idx[k] = rem % n[k];
                rem /= n[k];
                s += (k + 1) * idx[k];
            }
            f[p] = 1.0 / (1.0 + 0.1 * s) + 1e-3 * Math.sin(0.7 * s);
        }
        // An ill-conditioned, redundant input: the near-exact TT of f plus a 1e-9 multiple of a random TT minus the same
        TensorTrain exact = TensorTrain.fromFull(be, f, n, 1e-15);
        TensorTrain noise = TensorTrain.random(be, n, 3, 5);
        TensorTrain input = exact.add(noise.scale(1e-9)).add(exact.scale(0.25)).subtract(noise.scale(1e-9));
        double[] ref = f.clone();
        for (int i = 0; i < ref.length; i++) {
            ref[i] *= 1.25;
        }
        double refNorm = DenseRef.norm(ref);
        for (double eps : new double[] {1e-3, 1e-6, 1e-10}) {
            TensorTrain r = input.round(eps, Integer.MAX_VALUE, method);
            double err = DenseRef.relErr(DenseRef.full(r), ref);
            assertTrue(err <= eps * (1 + 1e-6) + 1e-14, method + " eps " + eps + ": error " + err);
            assertTrue(rightOrthoDefect(r) < 1e-11, "right-orthonormal cores");
            for (int k = 1; k < 5; k++) {
                double[] s = unfoldingSingularValues(ref, n, k);
                int lower = rankFor(s, eps * refNorm); // any TT within eps needs at least this rank (Eckart–Young)
                int upper = rankFor(s, 0.7 * eps / 2 * refNorm); // δ = eps/√(d−1), less the residual allowances
                assertTrue(r.rank(k) >= lower && r.rank(k) <= Math.max(upper, lower),
                        method + " eps " + eps + " bond " + k + ": rank " + r.rank(k) + " outside [" + lower + ", " + upper + "]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void zeroAndCancellingInputsRoundToNearZero(Backend be, Rounding method) {
        TensorTrain y = TensorTrain.random(be, new int[] {4, 3, 5, 4}, 3, 21);
        TensorTrain z = y.subtract(y).round(1e-8, Integer.MAX_VALUE, method);
        assertTrue(z.norm() <= 1e-13 * y.norm(), "norm " + z.norm());
        TensorTrain zero = y.scale(0).round(1e-8, Integer.MAX_VALUE, method);
        assertEquals(0.0, zero.norm());
        assertEquals(1, zero.maxRank());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rankCapIsHonoured(Backend be, Rounding method) {
        TensorTrain z = TensorTrain.random(be, new int[] {6, 6, 6, 6}, 5, 31);
        TensorTrain r = z.round(1e-12, 2, method);
        assertTrue(r.maxRank() <= 2);
        // capped at 2, the result is the deterministic sweep's quasi-optimal one: within √(d−1) of the best rank-2 unfoldings
        double[] ref = DenseRef.full(z);
        double best = 0;
        for (int k = 1; k < 4; k++) {
            double[] s = unfoldingSingularValues(ref, z.modeSizes(), k);
            double tail = 0;
            for (int i = 2; i < s.length; i++) {
                tail += s[i] * s[i];
            }
            best += tail;
        }
        double err = DenseRef.relErr(DenseRef.full(r), ref) * DenseRef.norm(ref);
        assertTrue(err <= Math.sqrt(best) * 1.0001, "error " + err + " vs quasi-optimal bound " + Math.sqrt(best));
    }

    @ParameterizedTest
    @MethodSource("org.ttfp.tt.TensorTrainTest#backends")
    void randomizedFallsBackWhenTheSketchIsTooSmall(Backend be) {
        // four random rank-8 TTs at n = 8: the sum has full rank 32 at the middle bond, the sketch 16 + 10 = 26 columns
        int[] n = {8, 8, 8, 8};
        TensorTrain x = TensorTrain.random(be, n, 8, 1);
        for (int s = 2; s <= 4; s++) {
            x = x.add(TensorTrain.random(be, n, 8, s));
        }
        double[] ref = DenseRef.full(x);
        RandomizedRounding.Outcome o = RandomizedRounding.attempt(x, 1e-10, Integer.MAX_VALUE);
        assertTrue(o.fellBack(), "saturated sketch: estimate " + o.estimatedError());
        assertTrue(DenseRef.relErr(DenseRef.full(o.result()), ref) <= 1e-10);
        assertEquals(32, o.result().rank(2));
        // a sum of a rank-4 TT with itself: the sketch holds the range, no fallback, estimate at rounding level
        TensorTrain y = TensorTrain.random(be, n, 4, 9);
        RandomizedRounding.Outcome ok = RandomizedRounding.attempt(y.add(y), 1e-10, Integer.MAX_VALUE);
        assertFalse(ok.fellBack());
        assertTrue(ok.estimatedError() < 1e-13, "estimate " + ok.estimatedError());
        assertArrayEquals(y.ranks(), ok.result().ranks());
        assertTrue(DenseRef.relErr(DenseRef.full(ok.result()), DenseRef.full(y.scale(2))) < 1e-12);
        // the sketch ranks: half the input rank plus the oversampling, or the cap plus it
        assertArrayEquals(new int[] {1, 8, 26, 8, 1}, RandomizedRounding.sketchRanks(new int[] {1, 8, 32, 8, 1}, Integer.MAX_VALUE));
        assertArrayEquals(new int[] {1, 8, 13, 8, 1}, RandomizedRounding.sketchRanks(new int[] {1, 8, 32, 8, 1}, 3));
    }

    @ParameterizedTest
    @MethodSource("org.ttfp.tt.TensorTrainTest#backends")
    void badArgumentsAreNamed(Backend be) {
        TensorTrain a = TensorTrain.random(be, new int[] {3, 3}, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.round(1e-8, 5, null));
        assertTrue(e.getMessage().contains("method"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.round(0, 5, Rounding.RANDOMIZED));
        assertTrue(e.getMessage().contains("eps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.round(1e-8, 0, Rounding.RANDOMIZED));
        assertTrue(e.getMessage().contains("maxRank"), e.getMessage());
    }
}
