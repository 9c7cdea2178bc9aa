package org.ttfp.cheb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.TensorTrain;
import org.ttfp.tt.TestBackends;

/**
 * The d-dimensional Chebyshev operations on TTs against closed forms: polynomials (exact), a
 * Gaussian density (integral, marginals, score) and sample moments of a correlated Gaussian.
 */
class ChebyshevBoxTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    /** Values of f on every grid point, first index fastest (the layout of TensorTrain.fromFull). */
    static double[] onGrid(ChebyshevBox box, ToDoubleFunction<double[]> f) {
        int d = box.dim();
        int[] n = box.modeSizes();
        int size = 1;
        for (int v : n) {
            size *= v;
        }
        double[] out = new double[size];
        int[] idx = new int[d];
        for (int lin = 0; lin < size; lin++) {
            int rem = lin;
            for (int k = 0; k < d; k++) {
                idx[k] = rem % n[k];
                rem /= n[k];
            }
            out[lin] = f.applyAsDouble(box.point(idx));
        }
        return out;
    }

    /** N random points in the box, row-major, the first few on grid nodes and corners. */
    static double[] randomPoints(ChebyshevBox box, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = box.dim();
        double[] x = new double[count * d];
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < d; k++) {
                ChebyshevGrid g = box.axis(k);
                x[s * d + k] = s < 3 ? g.node((s * 7 + k) % g.size()) : s == 3 ? g.a() : s == 4 ? g.b()
                        : g.a() + (g.b() - g.a()) * rnd.nextDouble();
            }
        }
        return x;
    }

    // A non-separable polynomial of degree (4, 5, 3) on [−1,2] x [0,3] x [−2,−1]: TT ranks 3.
    static double poly(double[] x) {
        double u = x[0], v = x[1], w = x[2];
        return 1 + u * v - 0.5 * u * u * u * u * w + v * v * v * v * v * w * w * w / 50 + u * u * v * w;
    }

    static double[] polyGradient(double[] x) {
        double u = x[0], v = x[1], w = x[2];
        return new double[] {
            v - 2 * u * u * u * w + 2 * u * v * w,
            u + 5 * v * v * v * v * w * w * w / 50 + u * u * w,
            -0.5 * u * u * u * u + 3 * v * v * v * v * v * w * w / 50 + u * u * v};
    }

    static ChebyshevBox polyBox() {
        return new ChebyshevBox(new ChebyshevGrid(-1, 2, 5), new ChebyshevGrid(0, 3, 6), new ChebyshevGrid(-2, -1, 4));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void interpolationAndGradientAreExactForA3dPolynomial(Backend be) {
        ChebyshevBox box = polyBox();
        TensorTrain p = TensorTrain.fromFull(be, onGrid(box, ChebyshevBoxTest::poly), box.modeSizes(), 1e-14);
        assertTrue(p.maxRank() <= 4, "ranks " + java.util.Arrays.toString(p.ranks()));
        int count = 5000; // more than one block of 4096
        double[] x = randomPoints(box, count, 42);
        double[] v = TtInterpolant.of(box, p).values(x, count);
        double[] grad = TtInterpolant.of(box, p).gradients(x, count);
        for (int s = 0; s < count; s++) {
            double[] xs = {x[3 * s], x[3 * s + 1], x[3 * s + 2]};
            double exact = poly(xs);
            assertEquals(exact, v[s], 1e-11 * (1 + Math.abs(exact)), "p at point " + s);
            double[] g = polyGradient(xs);
            for (int k = 0; k < 3; k++) {
                assertEquals(g[k], grad[3 * s + k], 1e-10 * (1 + Math.abs(g[k])), "dp/dx" + k + " at point " + s);
            }
        }
        assertEquals(0, TtInterpolant.of(box, p).values(new double[0], 0).length);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void interpolationAndGradientMatchANaiveDenseContractionForRanksAboveModeSizes(Backend be) {
        // ranks larger than the mode sizes take the interface-first order in both passes
        ChebyshevBox box = new ChebyshevBox(new ChebyshevGrid(-1, 1, 3), new ChebyshevGrid(0, 2, 4),
                new ChebyshevGrid(-3, 1, 3), new ChebyshevGrid(1, 2, 2));
        int[] n = box.modeSizes();
        TensorTrain tt = TensorTrain.random(be, n, new int[] {1, 3, 7, 5, 1}, 17);
        double[] full = tt.full();
        int count = 200, d = 4;
        double[] x = randomPoints(box, count, 8);
        double[] v = TtInterpolant.of(box, tt).values(x, count);
        double[] grad = TtInterpolant.of(box, tt).gradients(x, count);
        for (int s = 0; s < count; s++) {
            double[][] w = new double[d][], dw = new double[d][];
            for (int k = 0; k < d; k++) {
                ChebyshevGrid g = box.axis(k);
                w[k] = g.interpolationWeights(x[s * d + k]);
                double[] dm = g.differentiationMatrix();
                dw[k] = new double[n[k]];
                for (int j = 0; j < n[k]; j++) {
                    for (int i = 0; i < n[k]; i++) {
                        dw[k][j] += w[k][i] * dm[i + n[k] * j];
                    }
                }
            }
            double ref = 0;
            double[] gref = new double[d];
            for (int lin = 0; lin < full.length; lin++) {
                int rem = lin;
                int[] idx = new int[d];
                for (int k = 0; k < d; k++) {
                    idx[k] = rem % n[k];
                    rem /= n[k];
                }
                double prod = full[lin];
                for (int k = 0; k < d; k++) {
                    prod *= w[k][idx[k]];
                }
                ref += prod;
                for (int q = 0; q < d; q++) {
                    double pq = full[lin];
                    for (int k = 0; k < d; k++) {
                        pq *= k == q ? dw[k][idx[k]] : w[k][idx[k]];
                    }
                    gref[q] += pq;
                }
            }
            assertEquals(ref, v[s], 1e-12 * (1 + Math.abs(ref)), "value at point " + s);
            for (int q = 0; q < d; q++) {
                assertEquals(gref[q], grad[s * d + q], 1e-11 * (1 + Math.abs(gref[q])), "derivative " + q + " at point " + s);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void derivativeCoefficientsAndIntegralOfAPolynomial(Backend be) {
        ChebyshevBox box = polyBox();
        TensorTrain p = TensorTrain.fromFull(be, onGrid(box, ChebyshevBoxTest::poly), box.modeSizes(), 1e-14);
        for (int k = 0; k < 3; k++) {
            int axis = k;
            TensorTrain dp = box.derivative(p, axis);
            assertArrayEquals(p.ranks(), dp.ranks());
            double[] ref = onGrid(box, x -> polyGradient(x)[axis]);
            double[] got = dp.full();
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], got[i], 1e-10 * (1 + Math.abs(ref[i])));
            }
        }
        // ∫ over [−1,2]x[0,3]x[−2,−1] in closed form: each monomial separately
        double integral = 9 + (1.5 * 4.5 * 1)
                - 0.5 * (33.0 / 5) * 3 * (-1.5)
                + (3 * (729.0 / 6) * (-15.0 / 4)) / 50
                + 3 * 4.5 * (-1.5);
        assertEquals(integral, box.integrate(p), 1e-11 * Math.abs(integral));
        TensorTrain c = box.toCoefficients(p);
        assertArrayEquals(p.full(), box.fromCoefficients(c).full(), 1e-12);
        // coefficients beyond the degree of each variable vanish (degrees 4, 5, 3 = n − 1: none here),
        // so check a product of Chebyshev polynomials instead: T_2(t_0) T_0(t_1) T_3(t_2) → one unit entry
        ChebyshevBox cb = ChebyshevBox.cube(3, -2, 3, 5);
        TensorTrain t = TensorTrain.fromFull(be, onGrid(cb, x -> {
            double t0 = (2 * x[0] - 1) / 5, t2 = (2 * x[2] - 1) / 5;
            return (2 * t0 * t0 - 1) * (4 * t2 * t2 * t2 - 3 * t2);
        }), cb.modeSizes(), 1e-14);
        double[] coef = cb.toCoefficients(t).full();
        for (int lin = 0; lin < coef.length; lin++) {
            double expected = lin == 2 + 5 * (0 + 5 * 3) ? 1.0 : 0.0;
            assertEquals(expected, coef[lin], 1e-13, "coefficient at linear index " + lin);
        }
    }

    // ------------------------------------------------------------------ a Gaussian density

    static final double[] MU = {0.5, -0.3, 0.0};
    static final double[] SIGMA = {1.0, 0.7, 1.3};

    static TensorTrain gaussian(Backend be, ChebyshevBox box) {
        double[][] v = new double[3][];
        for (int k = 0; k < 3; k++) {
            double[] x = box.axis(k).nodes();
            v[k] = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                double z = (x[j] - MU[k]) / SIGMA[k];
                v[k][j] = Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * SIGMA[k]);
            }
        }
        return TensorTrain.rankOne(be, v);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gaussianDensityIntegralMarginalAndScore(Backend be) {
        ChebyshevBox box = ChebyshevBox.cube(3, -10, 10, 129);
        TensorTrain p = gaussian(be, box);
        assertEquals(1.0, box.integrate(p), 1e-12);

        TensorTrain m = box.marginal(p, 2, 0);
        assertArrayEquals(new int[] {129, 129}, m.modeSizes());
        ChebyshevBox sub = box.subBox(0, 2);
        assertEquals(1.0, sub.integrate(m), 1e-12);
        double[] ref = onGrid(sub, x -> {
            double z0 = (x[0] - MU[0]) / SIGMA[0], z2 = (x[1] - MU[2]) / SIGMA[2];
            return Math.exp(-0.5 * (z0 * z0 + z2 * z2)) / (2 * Math.PI * SIGMA[0] * SIGMA[2]);
        });
        assertArrayEquals(ref, m.full(), 1e-13);

        // score ∇log p = ∇p / p = −(x − μ)/σ² at points within 2.5 σ of the mean
        int count = 300;
        SplittableRandom rnd = new SplittableRandom(9);
        double[] x = new double[count * 3];
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < 3; k++) {
                x[3 * s + k] = MU[k] + SIGMA[k] * (5 * rnd.nextDouble() - 2.5);
            }
        }
        double[] val = TtInterpolant.of(box, p).values(x, count);
        double[] grad = TtInterpolant.of(box, p).gradients(x, count);
        for (int s = 0; s < count; s++) {
            double q = 1;
            for (int k = 0; k < 3; k++) {
                double z = (x[3 * s + k] - MU[k]) / SIGMA[k];
                q *= Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * SIGMA[k]);
            }
            assertEquals(q, val[s], 1e-11 * q);
            for (int k = 0; k < 3; k++) {
                double score = -(x[3 * s + k] - MU[k]) / (SIGMA[k] * SIGMA[k]);
                assertEquals(score, grad[3 * s + k] / val[s], 1e-8 * (1 + Math.abs(score)), "score " + k + " at " + s);
            }
        }
    }

    // ------------------------------------------------------------------ sampling

    static final double[] M3 = {0.3, -0.2, 0.5};
    static final double[][] S3 = {{1.0, 0.6, -0.3}, {0.6, 0.8, 0.2}, {-0.3, 0.2, 1.2}};

    /** The density of N(M3, S3) on the grid of the box, as a TT from the full tensor. */
    static TensorTrain correlatedGaussian(Backend be, ChebyshevBox box) {
        double[][] inv = inverse3(S3);
        double det = S3[0][0] * (S3[1][1] * S3[2][2] - S3[1][2] * S3[2][1])
                - S3[0][1] * (S3[1][0] * S3[2][2] - S3[1][2] * S3[2][0])
                + S3[0][2] * (S3[1][0] * S3[2][1] - S3[1][1] * S3[2][0]);
        double norm = 1 / Math.sqrt(Math.pow(2 * Math.PI, 3) * det);
        double[] full = onGrid(box, x -> {
            double q = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    q += (x[i] - M3[i]) * inv[i][j] * (x[j] - M3[j]);
                }
            }
            return norm * Math.exp(-0.5 * q);
        });
        return TensorTrain.fromFull(be, full, box.modeSizes(), 1e-12);
    }

    static double[][] inverse3(double[][] a) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
                c[i][j] = a[i1][j1] * a[i2][j2] - a[i1][j2] * a[i2][j1];
            }
        }
        double det = a[0][0] * c[0][0] + a[0][1] * c[1][0] + a[0][2] * c[2][0];
        for (double[] row : c) {
            for (int j = 0; j < 3; j++) {
                row[j] /= det;
            }
        }
        return c;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void samplesOfACorrelatedGaussianHaveItsMeanAndCovariance(Backend be) {
        ChebyshevBox box = ChebyshevBox.cube(3, -7, 7, 40);
        TensorTrain p = correlatedGaussian(be, box);
        assertEquals(1.0, box.integrate(p), 1e-6);
        int count = 20000;
        double[] x = box.sample(p, count, new Random(2024), 257);
        assertEquals(count * 3, x.length);
        double[] mean = new double[3];
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < 3; k++) {
                assertTrue(x[3 * s + k] >= -7 && x[3 * s + k] <= 7);
                mean[k] += x[3 * s + k] / count;
            }
        }
        double[][] cov = new double[3][3];
        for (int s = 0; s < count; s++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    cov[i][j] += (x[3 * s + i] - mean[i]) * (x[3 * s + j] - mean[j]) / (count - 1);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            double se = Math.sqrt(S3[i][i] / count);
            assertEquals(M3[i], mean[i], 4 * se, "mean " + i);
            for (int j = 0; j < 3; j++) {
                double seCov = Math.sqrt((S3[i][i] * S3[j][j] + S3[i][j] * S3[i][j]) / count);
                assertEquals(S3[i][j], cov[i][j], 4 * seCov, "cov " + i + "," + j);
            }
        }
        // reproducible with the same seed; the default fine grid gives the same law
        assertArrayEquals(box.sample(p, 50, new Random(7), 257), box.sample(p, 50, new Random(7), 257), 0.0);
        // one sampler reused gives the draws of the one-shot call
        TtSampler sampler = TtSampler.of(box, p, 257);
        sampler.sample(10, new Random(9));
        assertArrayEquals(box.sample(p, 50, new Random(7), 257), sampler.sample(50, new Random(7)), 0.0);
        double[] y = box.sample(p, 2000, new Random(8));
        double my = 0;
        for (int s = 0; s < 2000; s++) {
            my += y[3 * s + 2] / 2000;
        }
        assertEquals(M3[2], my, 4 * Math.sqrt(S3[2][2] / 2000));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void samplingAOneDimensionalDensityFollowsItsCdf(Backend be) {
        // p(x) = 3/8 (1 + x)² on [−1, 1]: CDF F(x) = (1 + x)³/8; Kolmogorov–Smirnov distance of 4000 draws
        ChebyshevBox box = ChebyshevBox.cube(1, -1, 1, 5);
        double[] nodes = box.axis(0).nodes();
        double[] v = new double[5];
        for (int j = 0; j < 5; j++) {
            v[j] = 0.375 * (1 + nodes[j]) * (1 + nodes[j]);
        }
        TensorTrain p = TensorTrain.rankOne(be, v);
        int count = 4000;
        double[] x = box.sample(p, count, new Random(1));
        java.util.Arrays.sort(x);
        double ks = 0;
        for (int s = 0; s < count; s++) {
            double f = Math.pow(1 + x[s], 3) / 8;
            ks = Math.max(ks, Math.max(Math.abs(f - (double) s / count), Math.abs(f - (double) (s + 1) / count)));
        }
        assertTrue(ks < 1.63 / Math.sqrt(count), "KS distance " + ks + " above the 1% critical value");
    }

    // ------------------------------------------------------------------ bad input

    @ParameterizedTest
    @MethodSource("backends")
    void badInputIsRejectedWithNamedArguments(Backend be) {
        ChebyshevBox box = polyBox();
        TensorTrain p = TensorTrain.fromFull(be, onGrid(box, ChebyshevBoxTest::poly), box.modeSizes(), 1e-14);
        assertMessage(() -> box.derivative(p, 3), "axis = 3 is not an axis");
        assertMessage(() -> box.marginal(p, 0, 0), "twice");
        assertMessage(() -> box.sample(p, 10, null), "rng must not be null");
        assertMessage(() -> box.sample(p, -1, new Random(1)), "count must be >= 0");
        assertMessage(() -> box.sample(p, 10, new Random(1), 1), "fineGridSize must be 0 (default) or >= 2, got 1");
        // ofCores refuses non-finite cores; an overflowing Hadamard product still makes one (core 2: 1e300² = +Inf)
        TensorTrain big = TensorTrain.ofCores(java.util.List.of(be.fromArray(new double[] {1, 2, 3, 4, 5}, 5, 1),
                be.fromArray(new double[] {1, 1, 1, 1, 1, 1}, 6, 1), be.fromArray(new double[] {1e300, 1, 1, 1}, 4, 1)),
                box.modeSizes());
        TensorTrain nan = big.hadamard(big);
        assertMessage(() -> box.integrate(nan), "values: core 2 holds a NaN or infinite entry");
        assertMessage(() -> box.sample(nan, 1, new Random(1)), "density: core 2 holds a NaN");
        assertMessage(() -> box.point(new int[] {0, 0}), "multiIndex must have d = 3 entries, got 2");
        assertThrows(IndexOutOfBoundsException.class, () -> box.point(new int[] {0, 6, 0}));
        assertMessage(() -> box.points(new int[] {0, 0, 0}, 2), "indices must have count*d = 2*3 = 6");
        assertMessage(() -> ChebyshevBox.cube(0, 0, 1, 3), "d (number of dimensions) must be >= 1, got 0");
        assertMessage(() -> ChebyshevBox.cube(2, 1, 0, 3), "a < b");
        // collapsed nodes: [1, nextUp(1)] cannot hold 10 distinct nodes; nor can [-8, 8] hold 2e9
        assertMessage(() -> ChebyshevBox.cube(1, 1.0, Math.nextUp(1.0), 10),
                "the interval [a, b] = [1.0, 1.0000000000000002] is too narrow for n = 10 Chebyshev nodes");
        assertMessage(() -> ChebyshevBox.cube(1, 1e6, 1e6 + 1e-3, 64), "is too narrow for n = 64");
        assertMessage(() -> ChebyshevBox.cube(1, -8, 8, 2_000_000_000), "too narrow for n = 2000000000");
        // a narrow interval near 0 and an ordinary fine grid are fine, with accurate derivatives
        ChebyshevGrid narrow = new ChebyshevGrid(1e-9, 2e-9, 10);
        double[] xs = narrow.nodes();
        double[] lin = new double[10];
        for (int j = 0; j < 10; j++) {
            lin[j] = 3 * xs[j] * 1e9;
        }
        double[] dm = narrow.differentiationMatrix();
        for (int i = 0; i < 10; i++) {
            double dv = 0;
            for (int j = 0; j < 10; j++) {
                dv += dm[i + 10 * j] * lin[j];
            }
            assertEquals(3e9, dv, 1e-3 * 3e9, "derivative of a line at node " + i);
        }
        assertEquals(30_000, new ChebyshevGrid(-8, 8, 30_000).size());
        assertMessage(() -> new ChebyshevBox(new ChebyshevGrid(0, 1, 3), null), "axes[1] must not be null");
        assertMessage(() -> new ChebyshevBox(), "axes must hold at least one ChebyshevGrid");
        // a density with no positive mass cannot be sampled
        TensorTrain negative = p.scale(0).subtract(TensorTrain.constant(be, box.modeSizes(), 1.0));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> box.sample(negative, 3, new Random(1)));
        assertTrue(e.getMessage().contains("positive integral"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pointsMapMultiIndicesToNodes(Backend be) {
        ChebyshevBox box = polyBox();
        double[] x = box.points(new int[] {0, 0, 0, 4, 5, 3}, 2);
        assertArrayEquals(new double[] {2, 3, -1, -1, 0, -2}, x, 0.0);
        assertArrayEquals(new int[] {5, 6, 4}, box.modeSizes());
        assertEquals(3, box.dim());
        assertEquals(3, box.quadratureWeights().length);
        // grid values interpolate to themselves at the nodes
        TensorTrain r = TensorTrain.random(be, box.modeSizes(), 3, 5);
        int[] idx = {1, 2, 3, 4, 0, 1, 0, 5, 2};
        assertArrayEquals(r.evaluate(idx, 3), TtInterpolant.of(box, r).values(box.points(idx, 3), 3), 1e-14);
    }

    static void assertMessage(Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
