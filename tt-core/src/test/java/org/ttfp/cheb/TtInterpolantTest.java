package org.ttfp.cheb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ttfp.cheb.ChebyshevBoxTest.assertMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.cheb.TtInterpolant.Path;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.TensorTrain;
import org.ttfp.tt.TestBackends;

/**
 * TtInterpolant against independent references: a dense contraction of the full tensor with
 * weight rows (random TTs, ranks above and below the mode sizes) and the closed-form density,
 * gradient and Hessian of a correlated two-component Gaussian mixture; both CPU backends, both paths.
 */
class TtInterpolantTest {

    static Stream<Arguments> backendsAndPaths() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : TestBackends.all()) {
            for (Path p : new Path[] {Path.HEAP, Path.BACKEND}) {
                out.add(Arguments.of(be, p));
            }
        }
        return out.stream();
    }

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    // ------------------------------------------------------------------ dense reference

    /**
     * The dense reference: Σ_i full(i) Π_k u_k(i_k) with u_k = w_k, (D_kᵀ w_k) for ∂_k, or (D_k²)ᵀ w_k
     * for ∂_k²; {@code orders[k]} picks the row of axis k.
     */
    static double dense(ChebyshevBox box, double[] full, double[] x, int s, int[] orders) {
        int d = box.dim();
        int[] n = box.modeSizes();
        double[][] u = new double[d][];
        for (int k = 0; k < d; k++) {
            ChebyshevGrid g = box.axis(k);
            double[] w = g.interpolationWeights(x[s * d + k]);
            if (orders[k] == 0) {
                u[k] = w;
                continue;
            }
            double[] m = orders[k] == 1 ? g.differentiationMatrix() : g.secondDerivativeMatrix();
            u[k] = new double[n[k]];
            for (int j = 0; j < n[k]; j++) {
                for (int i = 0; i < n[k]; i++) {
                    u[k][j] += w[i] * m[i + n[k] * j];
                }
            }
        }
        double acc = 0;
        int[] idx = new int[d];
        for (int lin = 0; lin < full.length; lin++) {
            int rem = lin;
            double f = full[lin];
            for (int k = 0; k < d; k++) {
                idx[k] = rem % n[k];
                rem /= n[k];
                f *= u[k][idx[k]];
            }
            acc += f;
        }
        return acc;
    }

    @ParameterizedTest
    @MethodSource("backendsAndPaths")
    void valuesGradientsAndHessiansMatchADenseContraction(Backend be, Path path) {
        ChebyshevBox box = new ChebyshevBox(new ChebyshevGrid(-1, 1, 3), new ChebyshevGrid(0, 2, 5),
                new ChebyshevGrid(-3, 1, 4), new ChebyshevGrid(1, 2, 2));
        int[] n = box.modeSizes();
        TensorTrain tt = TensorTrain.random(be, n, new int[] {1, 3, 7, 5, 1}, 17);
        double[] full = tt.full();
        int count = 150, d = 4; // more than two heap blocks
        double[] x = ChebyshevBoxTest.randomPoints(box, count, 8);
        TtInterpolant f = TtInterpolant.of(box, tt, path);
        double[] v = new double[count], g = new double[count * d], h = new double[count * d * d];
        f.evaluate(x, count, v, g, h);
        double scale = 0;
        for (double e : full) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int s = 0; s < count; s++) {
            assertEquals(dense(box, full, x, s, new int[d]), v[s], 1e-12 * scale, "p at point " + s);
            for (int j = 0; j < d; j++) {
                int[] o = new int[d];
                o[j] = 1;
                assertEquals(dense(box, full, x, s, o), g[s * d + j], 1e-11 * scale, "dp/dx" + j + " at point " + s);
                for (int k = 0; k < d; k++) {
                    int[] oo = new int[d];
                    oo[j] += 1;
                    oo[k] += 1;
                    assertEquals(dense(box, full, x, s, oo), h[s * d * d + j * d + k], 1e-10 * scale,
                            "d2p/dx" + j + "dx" + k + " at point " + s);
                }
            }
        }
        // the single-output calls give the same numbers
        assertArrayEquals(v, f.values(x, count), 1e-14 * scale);
        assertArrayEquals(g, f.gradients(x, count), 1e-13 * scale);
        assertArrayEquals(h, f.hessians(x, count), 1e-13 * scale);
    }

    // ------------------------------------------------------------------ closed form: Gaussian mixture

    /** Two correlated Gaussians in d = 3 given by means, precision matrices P and weights. */
    static final double[][] MU = {{-0.8, 0.3, 0.5}, {1.0, -0.6, -0.4}};
    static final double[][][] PREC = {
        {{1.2, 0.4, 0.1}, {0.4, 1.0, -0.3}, {0.1, -0.3, 1.5}},
        {{2.0, -0.5, 0.0}, {-0.5, 1.4, 0.6}, {0.0, 0.6, 1.1}}};
    static final double[] WEIGHT = {0.6, 0.4};

    static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    /** Writes p, ∇p (3), ∇²p (9, row-major) of the mixture at y into out[0], out[1..3], out[4..12]. */
    static double[] mixture(double[] y) {
        double[] out = new double[13];
        for (int c = 0; c < 2; c++) {
            double[][] p = PREC[c];
            double[] z = new double[3];
            double[] pz = new double[3];
            for (int i = 0; i < 3; i++) {
                z[i] = y[i] - MU[c][i];
            }
            double q = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    pz[i] += p[i][j] * z[j];
                }
                q += z[i] * pz[i];
            }
            double phi = WEIGHT[c] * Math.sqrt(det3(p)) / Math.pow(2 * Math.PI, 1.5) * Math.exp(-0.5 * q);
            out[0] += phi;
            for (int i = 0; i < 3; i++) {
                out[1 + i] -= phi * pz[i];
                for (int j = 0; j < 3; j++) {
                    out[4 + 3 * i + j] += phi * (pz[i] * pz[j] - p[i][j]);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("backendsAndPaths")
    void gaussianMixtureValuesGradientsHessiansScoreAndJacobianMatchClosedForms(Backend be, Path path) {
        ChebyshevBox box = ChebyshevBox.cube(3, -7, 7, 110);
        TensorTrain tt = TensorTrain.fromFull(be, ChebyshevBoxTest.onGrid(box, y -> mixture(y)[0]), box.modeSizes(), 1e-15);
        TtInterpolant f = TtInterpolant.of(box, tt, path);
        int count = 400;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] x = new double[count * 3];
        for (int t = 0; t < x.length; t++) {
            x[t] = -3 + 6 * rnd.nextDouble();
        }
        double[] v = new double[count], g = new double[count * 3], h = new double[count * 9];
        f.evaluate(x, count, v, g, h);
        double[] score = new double[count * 3], jac = new double[count * 9], pv = new double[count];
        f.scoreAndJacobian(x, count, pv, score, jac);
        double[] score2 = new double[count * 3];
        f.score(x, count, null, score2);
        double pMax = mixture(MU[0])[0];
        int checked = 0;
        for (int s = 0; s < count; s++) {
            double[] e = mixture(new double[] {x[3 * s], x[3 * s + 1], x[3 * s + 2]});
            if (e[0] < 1e-3 * pMax) {
                continue;
            }
            checked++;
            double gs = Math.abs(e[1]) + Math.abs(e[2]) + Math.abs(e[3]);
            double hs = 0;
            for (int t = 4; t < 13; t++) {
                hs += Math.abs(e[t]);
            }
            assertEquals(e[0], v[s], 1e-10 * e[0], "p at point " + s);
            assertEquals(e[0], pv[s], 1e-10 * e[0], "p (scoreAndJacobian) at point " + s);
            for (int i = 0; i < 3; i++) {
                assertEquals(e[1 + i], g[3 * s + i], 1e-10 * gs, "dp/dx" + i + " at point " + s);
                double si = e[1 + i] / e[0];
                assertEquals(si, score[3 * s + i], 1e-10 * (gs / e[0]), "score " + i + " at point " + s);
                assertEquals(score[3 * s + i], score2[3 * s + i], 1e-14 * (gs / e[0]), "score() at point " + s);
                for (int j = 0; j < 3; j++) {
                    assertEquals(e[4 + 3 * i + j], h[9 * s + 3 * i + j], 1e-10 * hs, "d2p at point " + s);
                    double jij = e[4 + 3 * i + j] / e[0] - si * e[1 + j] / e[0];
                    assertEquals(jij, jac[9 * s + 3 * i + j], 1e-9 * (hs / e[0]), "Jacobian of the score at point " + s);
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " points where p >= 1e-3 max");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void autoPathMatchesBothPathsOnManyPointsAndRanksAboveTheThreshold(Backend be) {
        ChebyshevBox box = ChebyshevBox.cube(3, -1, 1, 12);
        TensorTrain tt = TensorTrain.random(be, box.modeSizes(), 40, 3);
        int count = TtInterpolant.BACKEND_MIN_POINTS + 300;
        double[] x = ChebyshevBoxTest.randomPoints(box, count, 4);
        TtInterpolant auto = TtInterpolant.of(box, tt);
        assertEquals("ejml".equals(be.name()) ? Path.HEAP : Path.BACKEND, auto.pathFor(count));
        assertEquals(Path.HEAP, auto.pathFor(10));
        double[] a = auto.gradients(x, count);
        double[] heap = TtInterpolant.of(box, tt, Path.HEAP).gradients(x, count);
        double[] dev = TtInterpolant.of(box, tt, Path.BACKEND).gradients(x, count);
        double scale = 0;
        for (double e : heap) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertArrayEquals(heap, a, 1e-13 * scale);
        assertArrayEquals(heap, dev, 1e-13 * scale);
        // values at grid nodes are the TT's entries
        int[] idx = {1, 2, 3, 4, 0, 11, 0, 5, 2};
        assertArrayEquals(tt.evaluate(idx, 3), auto.values(box.points(idx, 3), 3), 1e-13 * scale);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void logDerivativesAreNaNWhereTheDensityIsNotPositive(Backend be) {
        double[] p = {2.0, 0.0, -1.0};
        double[] g = {4.0, 1.0, 1.0};
        double[] h = {8.0, 1.0, 1.0};
        double[] s = new double[3], j = new double[3];
        PointBatches.logDerivatives(3, 1, p, g, h, s, j);
        assertEquals(2.0, s[0], 0.0);
        assertEquals(8.0 / 2 - 4.0, j[0], 0.0);
        assertTrue(Double.isNaN(s[1]) && Double.isNaN(s[2]) && Double.isNaN(j[1]) && Double.isNaN(j[2]));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badInputIsRefusedNamingRowAxisAndValue(Backend be) {
        ChebyshevBox box = ChebyshevBoxTest.polyBox();
        TensorTrain p = TensorTrain.random(be, box.modeSizes(), 2, 1);
        TtInterpolant f = TtInterpolant.of(box, p);
        double[] ok = {0, 1, -1.5};
        assertMessage(() -> TtInterpolant.of(box, TensorTrain.random(be, new int[] {5, 6, 5}, 2, 1)),
                "values has mode sizes [5, 6, 5], expected the box's node counts [5, 6, 4]");
        assertMessage(() -> TtInterpolant.of(box, null), "values must not be null");
        assertMessage(() -> TtInterpolant.of(null, p), "box must not be null");
        assertMessage(() -> TtInterpolant.of(box, p, null), "path must not be null");
        assertMessage(() -> f.values(new double[] {0, 1}, 1), "x must hold count*d = 1*3 = 3");
        assertMessage(() -> f.values(ok, -1), "count must be >= 0, got -1");
        assertMessage(() -> f.values(new double[] {0, 1, -1.5, 2.5, 1, -1.5}, 2),
                "x[3] (point 1, axis 0) = 2.5 is outside the grid interval [-1.0, 2.0]");
        assertMessage(() -> f.gradients(new double[] {0, Double.NaN, -1.5}, 1), "x[1] (point 0, axis 1) must be finite, got NaN");
        assertMessage(() -> f.hessians(new double[] {0, 1, Double.NEGATIVE_INFINITY}, 1), "x[2] (point 0, axis 2) must be finite");
        assertMessage(() -> f.evaluate(ok, 1, new double[0], null, null), "values must have at least 1 entries, got 0");
        assertMessage(() -> f.evaluate(ok, 1, null, new double[2], null), "gradients must have at least 3 entries, got 2");
        assertMessage(() -> f.evaluate(ok, 1, null, null, new double[8]), "hessians must have at least 9 entries, got 8");
        assertMessage(() -> f.score(ok, 1, null, null), "score must not be null");
        assertMessage(() -> f.scoreAndJacobian(ok, 1, null, new double[3], new double[3]), "jacobian must have at least 9");
        // inside the tolerance margin is accepted
        double tiny = 0.5 * ChebyshevGrid.DOMAIN_TOLERANCE * 3;
        assertEquals(1, f.values(new double[] {2 + tiny, 3, -1}, 1).length);
        assertEquals(0, f.values(new double[0], 0).length);
    }
}
