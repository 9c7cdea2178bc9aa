package org.ttfp.fp.sde;

import org.ttfp.fp.density.DenseSymmetric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatrixExponentialTest {

    /** Symmetric matrices of several norms (all Padé degrees and scaling) against Q e^Λ Qᵀ. */
    @Test
    void symmetricMatchesEigenDecomposition() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 6;
        for (double scale : new double[] {1e-3, 0.1, 0.5, 1.5, 4, 40, 300}) {
            double[] s = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = scale * (2 * rnd.nextDouble() - 1) / n;
                    s[i * n + j] = v;
                    s[j * n + i] = v;
                }
            }
            // make it negative semidefinite for large scales, so e^A stays O(1)
            if (scale > 10) {
                for (int i = 0; i < n; i++) {
                    s[i * n + i] -= scale;
                }
            }
            double[] ref = DenseSymmetric.eigen(s, n).apply(Math::exp);
            double[] e = MatrixExponential.expm(s, n); // symmetric, so layout does not matter
            double max = 0;
            for (double v : ref) {
                max = Math.max(max, Math.abs(v));
            }
            for (int k = 0; k < n * n; k++) {
                assertEquals(ref[k], e[k], 1e-13 * Math.max(1, max) * Math.max(1, Math.log(1 + scale)), "scale " + scale);
            }
        }
    }

    /** A rotation generator and a nilpotent matrix have closed-form exponentials. */
    @Test
    void closedForms() {
        double th = 2.5;
        double[] rot = MatrixExponential.expm(new double[] {0, th, -th, 0}, 2); // column-major [[0,-th],[th,0]]
        assertEquals(Math.cos(th), rot[0], 1e-15);
        assertEquals(Math.sin(th), rot[1], 1e-15);
        assertEquals(-Math.sin(th), rot[2], 1e-15);
        assertEquals(Math.cos(th), rot[3], 1e-15);
        // N = [[0, 7, 3], [0, 0, 5], [0, 0, 0]] column-major; e^N = I + N + N²/2, N² has (0,2) = 35
        double[] nil = {0, 0, 0, 7, 0, 0, 3, 5, 0};
        double[] e = MatrixExponential.expm(nil, 3);
        double[] ref = {1, 0, 0, 7, 1, 0, 3 + 17.5, 5, 1};
        for (int k = 0; k < 9; k++) {
            assertEquals(ref[k], e[k], 1e-13);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> MatrixExponential.expm(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> MatrixExponential.expm(new double[] {Double.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> MatrixExponential.expm(new double[0], 0));
        assertThrows(ArithmeticException.class, () -> MatrixExponential.expm(new double[] {1e6}, 1));
    }
}
