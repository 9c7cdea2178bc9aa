package org.ttfp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GramRankRevealing} on both CPU backends against naive host products: orthogonality,
 * reconstruction, the reported residual, and the rank on full-rank, rank-deficient and
 * ill-conditioned matrices, tall and wide.
 */
class GramRankRevealingTest {
    /** A residual bound every factorization meets: the checks below measure the residual themselves. */
    private static final double ANY = Double.MAX_VALUE;

    static Stream<Backend> backends() {
        return Stream.of(Backends.byName("openblas"), EjmlBackend.get());
    }

    /** Column-major U diag(s) Vᵀ, m x c, with random orthonormal U (m x k) and V (c x k), k = s.length. */
    static double[] withSpectrum(int m, int c, double[] s, long seed) {
        int k = s.length;
        double[] u = TallSkinnyQrTest.orthonormal(m, k, seed);
        double[] v = TallSkinnyQrTest.orthonormal(c, k, seed + 1);
        double[] us = u.clone();
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < m; i++) {
                us[i + j * m] *= s[j];
            }
        }
        double[] vt = new double[k * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < k; j++) {
                vt[j + i * k] = v[i + j * c];
            }
        }
        return TallSkinnyQrTest.mult(us, vt, m, k, c);
    }

    static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[a.length];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                t[j + i * n] = a[i + j * m];
            }
        }
        return t;
    }

    static double frob(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** ‖QᵀQ − I‖_F of a column-major m x k matrix (naive). */
    static double orthoDefect(double[] q, int m, int k) {
        double s = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double g = 0;
                for (int i = 0; i < m; i++) {
                    g += q[i + a * m] * q[i + b * m];
                }
                double e = g - (a == b ? 1 : 0);
                s += e * e;
            }
        }
        return Math.sqrt(s);
    }

    /** Checks a tall factorization against naive products and returns the true residual ‖A − QC‖_F. */
    static double checkTall(Backend be, double[] a, int m, int c, GramRankRevealing.Factor f) {
        int k = f.rank();
        assertEquals(m, f.q().rows());
        assertEquals(k, f.q().cols());
        assertEquals(k, f.c().rows());
        assertEquals(c, f.c().cols());
        double[] q = be.toArray(f.q());
        assertTrue(orthoDefect(q, m, k) < 1e-13, "QᵀQ = I: defect " + orthoDefect(q, m, k));
        double[] qc = TallSkinnyQrTest.mult(q, be.toArray(f.c()), m, k, c);
        double[] e = a.clone();
        for (int i = 0; i < e.length; i++) {
            e[i] -= qc[i];
        }
        double res = frob(e);
        assertEquals(res, f.residual(), 1e-14 * frob(a) + 1e-6 * res, "the reported residual is ‖A − QC‖_F");
        return res;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void fullRankMatrixIsFactoredToWorkingPrecision(Backend be) {
        int m = 60, c = 12;
        double[] a = TallSkinnyQrTest.random(m, c, 3);
        GramRankRevealing.Factor f = GramRankRevealing.columns(be, be.fromArray(a, m, c), ANY);
        assertNotNull(f);
        assertEquals(c, f.rank());
        assertTrue(checkTall(be, a, m, c, f) < 1e-14 * frob(a));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rankDeficientMatricesRevealTheirRank(Backend be) {
        int m = 50, c = 20, k = 7;
        double[] a = TallSkinnyQrTest.mult(TallSkinnyQrTest.random(m, k, 4), TallSkinnyQrTest.random(k, c, 5), m, k, c);
        GramRankRevealing.Factor f = GramRankRevealing.columns(be, be.fromArray(a, m, c), ANY);
        assertEquals(k, f.rank());
        assertTrue(checkTall(be, a, m, c, f) < 1e-14 * frob(a));
        // [B B]: exactly duplicated columns, the case of the cores of Y + Y
        double[] b = TallSkinnyQrTest.random(m, 6, 6);
        double[] bb = new double[m * 12];
        System.arraycopy(b, 0, bb, 0, b.length);
        System.arraycopy(b, 0, bb, b.length, b.length);
        f = GramRankRevealing.columns(be, be.fromArray(bb, m, 12), ANY);
        assertEquals(6, f.rank());
        assertTrue(checkTall(be, bb, m, 12, f) < 1e-14 * frob(bb));
        // more columns than rows: the rank is at most the row count
        double[] wide = TallSkinnyQrTest.random(5, 30, 7);
        f = GramRankRevealing.columns(be, be.fromArray(wide, 5, 30), ANY);
        assertEquals(5, f.rank());
        assertTrue(checkTall(be, wide, 5, 30, f) < 1e-14 * frob(wide));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void illConditionedContentBelowTheGramResolutionShowsInTheResidual(Backend be) {
        int m = 80, c = 12;
        double[] s = new double[c];
        for (int j = 0; j < c; j++) {
            s[j] = Math.pow(10, -j); // 1 .. 1e-11
        }
        double[] a = withSpectrum(m, c, s, 8);
        GramRankRevealing.Factor f = GramRankRevealing.columns(be, be.fromArray(a, m, c), ANY);
        assertNotNull(f);
        int k = f.rank();
        // the Gram matrix resolves σ down to about √(PIVOT_TOL)·‖A‖ ≈ 3e-6: σ = 1..1e-5 are taken, 1e-7 and below not
        assertTrue(k >= 6 && k <= 8, "rank " + k);
        double res = checkTall(be, a, m, c, f);
        double tail = 0;
        for (int j = k; j < c; j++) {
            tail += s[j] * s[j];
        }
        // the residual is (up to rounding) the part of A outside the basis, at least the first dropped σ
        assertTrue(res >= 0.5 * s[k] && res <= 2 * Math.sqrt(tail) + 1e-14, "residual " + res + ", tail " + Math.sqrt(tail));
        // asked for a residual the Gram matrix cannot reach, it declines (the caller falls back), also in the wide form
        assertNull(GramRankRevealing.columns(be, be.fromArray(a, m, c), 1e-3 * s[k]));
        assertNull(GramRankRevealing.rows(be, be.fromArray(transpose(a, m, c), c, m), 1e-3 * s[k]));
        // and one it can reach is met
        GramRankRevealing.Factor g = GramRankRevealing.columns(be, be.fromArray(a, m, c), 1.01 * res);
        assertNotNull(g);
        assertTrue(g.residual() <= 1.01 * res);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void wideFormFactorsTheRows(Backend be) {
        int rho = 9, nn = 70, k = 4;
        double[] a = TallSkinnyQrTest.mult(TallSkinnyQrTest.random(rho, k, 9), TallSkinnyQrTest.random(k, nn, 10), rho, k, nn);
        GramRankRevealing.Factor f = GramRankRevealing.rows(be, be.fromArray(a, rho, nn), ANY);
        assertEquals(k, f.rank());
        assertEquals(k, f.q().rows());
        assertEquals(nn, f.q().cols());
        assertEquals(rho, f.c().rows());
        assertEquals(k, f.c().cols());
        double[] qt = transpose(be.toArray(f.q()), k, nn); // rows of Q orthonormal = columns of Qᵀ
        assertTrue(orthoDefect(qt, nn, k) < 1e-13);
        double[] cq = TallSkinnyQrTest.mult(be.toArray(f.c()), be.toArray(f.q()), rho, k, nn);
        double[] e = a.clone();
        for (int i = 0; i < e.length; i++) {
            e[i] -= cq[i];
        }
        assertTrue(frob(e) < 1e-14 * frob(a));
        assertEquals(frob(e), f.residual(), 1e-14 * frob(a));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badInputsAreNamed(Backend be) {
        assertNull(GramRankRevealing.columns(be, be.zeros(10, 3), ANY), "a zero matrix has no basis: the caller falls back");
        double[] nan = TallSkinnyQrTest.random(6, 2, 1);
        nan[3] = Double.NaN;
        ArithmeticException ex = assertThrows(ArithmeticException.class, () -> GramRankRevealing.columns(be, be.fromArray(nan, 6, 2), ANY));
        assertTrue(ex.getMessage().contains("NaN"), ex.getMessage());
        Backend other = be instanceof EjmlBackend ? Backends.byName("openblas") : EjmlBackend.get();
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class,
                () -> GramRankRevealing.rows(be, other.zeros(3, 3), ANY));
        assertTrue(iae.getMessage().contains("expected '" + be.name() + "'"), iae.getMessage());
    }

    @Test
    void pivotedCholeskyFactorsThePivotedGramMatrix() {
        int m = 10, c = 6, k = 3;
        double[] a = TallSkinnyQrTest.mult(TallSkinnyQrTest.random(m, k, 11), TallSkinnyQrTest.random(k, c, 12), m, k, c);
        double[] g = TallSkinnyQrTest.mult(transpose(a, m, c), a, c, m, c);
        int[] piv = new int[c];
        double[][] rcol = new double[c][];
        double[] left = new double[1];
        int rank = GramRankRevealing.pivotedCholesky(g, c, 1e-12, piv, rcol, left);
        assertEquals(k, rank);
        double trace = 0;
        for (int i = 0; i < c; i++) {
            trace += g[i + i * c];
        }
        assertTrue(left[0] >= 0 && left[0] <= 1e-12 * trace, "Schur complement left " + left[0]);
        // the first pivot is the column of largest norm
        int best = 0;
        for (int i = 1; i < c; i++) {
            if (g[i + i * c] > g[best + best * c]) {
                best = i;
            }
        }
        assertEquals(best, piv[0]);
        // RᵀR = G (all entries, rank-k factor reproduces the rank-k Gram matrix)
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int l = 0; l < rank; l++) {
                    s += rcol[i][l] * rcol[j][l];
                }
                assertEquals(g[i + j * c], s, 1e-12 * g[best + best * c], "(RᵀR)(" + i + "," + j + ")");
            }
        }
    }
}
