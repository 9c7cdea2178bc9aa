package org.ttfp.cheb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 1-D Chebyshev operators against closed forms: polynomials, the Gaussian integral, Chebyshev polynomials. */
class ChebyshevGridTest {

    /** A polynomial of degree deg on [a, b] with random coefficients in the scaled variable t ∈ [−1, 1]. */
    record Poly(double a, double b, double[] c) {
        static Poly random(double a, double b, int deg, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] c = new double[deg + 1];
            for (int k = 0; k <= deg; k++) {
                c[k] = 2 * rnd.nextDouble() - 1;
            }
            return new Poly(a, b, c);
        }

        double t(double x) { return (2 * x - a - b) / (b - a); }

        double value(double x) {
            double t = t(x), s = 0;
            for (int k = c.length - 1; k >= 0; k--) {
                s = s * t + c[k];
            }
            return s;
        }

        /** d/dx, by the chain rule dt/dx = 2/(b−a). */
        double derivative(double x) {
            double t = t(x), s = 0;
            for (int k = c.length - 1; k >= 1; k--) {
                s = s * t + k * c[k];
            }
            return s * 2 / (b - a);
        }

        double second(double x) {
            double t = t(x), s = 0;
            for (int k = c.length - 1; k >= 2; k--) {
                s = s * t + k * (k - 1) * c[k];
            }
            return s * 4 / ((b - a) * (b - a));
        }

        /** ∫_a^b = (b−a)/2 Σ c_k ∫_{−1}^{1} t^k dt. */
        double integral() {
            double s = 0;
            for (int k = 0; k < c.length; k += 2) {
                s += c[k] * 2.0 / (k + 1);
            }
            return s * (b - a) / 2;
        }
    }

    static double[] valuesAt(ChebyshevGrid g, Poly p) {
        double[] x = g.nodes();
        double[] v = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            v[j] = p.value(x[j]);
        }
        return v;
    }

    @Test
    void nodesFollowTheFormulaInDecreasingOrder() {
        ChebyshevGrid g = new ChebyshevGrid(-2, 3, 9);
        double[] x = g.nodes();
        assertEquals(9, x.length);
        assertEquals(3.0, x[0]);
        assertEquals(-2.0, x[8]);
        assertEquals(0.5, x[4]);
        for (int j = 0; j < 9; j++) {
            assertEquals(0.5 + 2.5 * Math.cos(Math.PI * j / 8), x[j], 1e-15);
            if (j > 0) {
                assertTrue(x[j] < x[j - 1]);
            }
        }
        // symmetric about the centre
        ChebyshevGrid s = new ChebyshevGrid(-1, 1, 12);
        for (int j = 0; j < 12; j++) {
            assertEquals(-s.node(j), s.node(11 - j), 0.0);
        }
    }

    @ParameterizedTest
    @CsvSource({"-1, 1, 2", "-1, 1, 7", "0, 5, 16", "-10, 10, 33", "2, 2.5, 40"})
    void interpolationIsExactForPolynomialsOfDegreeBelowN(double a, double b, int n) {
        ChebyshevGrid g = new ChebyshevGrid(a, b, n);
        Poly p = Poly.random(a, b, n - 1, 11 + n);
        double[] v = valuesAt(g, p);
        SplittableRandom rnd = new SplittableRandom(5);
        double[] xs = new double[50];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i < n ? g.node(i % n) : a + (b - a) * rnd.nextDouble();
        }
        xs[xs.length - 1] = a;
        xs[xs.length - 2] = b;
        double[] pm = g.interpolationMatrix(xs);
        for (int i = 0; i < xs.length; i++) {
            double exact = p.value(xs[i]);
            assertEquals(exact, g.interpolate(v, xs[i]), 1e-12 * (1 + Math.abs(exact)), "x = " + xs[i]);
            double[] w = g.interpolationWeights(xs[i]);
            double viaMatrix = 0, sumW = 0;
            for (int j = 0; j < n; j++) {
                assertEquals(w[j], pm[i + xs.length * j], 1e-15);
                viaMatrix += pm[i + xs.length * j] * v[j];
                sumW += w[j];
            }
            assertEquals(exact, viaMatrix, 1e-12 * (1 + Math.abs(exact)));
            assertEquals(1.0, sumW, 1e-12);
        }
    }

    @Test
    void weightsAtANodeAreTheUnitVectorAndTheToleranceMarginIsAccepted() {
        ChebyshevGrid g = new ChebyshevGrid(-1, 2, 6);
        for (int j = 0; j < 6; j++) {
            double[] w = g.interpolationWeights(g.node(j));
            for (int k = 0; k < 6; k++) {
                assertEquals(k == j ? 1.0 : 0.0, w[k], 0.0);
            }
        }
        double eps = 0.5 * ChebyshevGrid.DOMAIN_TOLERANCE * 3;
        Poly p = Poly.random(-1, 2, 5, 3);
        double[] v = valuesAt(g, p);
        assertEquals(p.value(2 + eps), g.interpolate(v, 2 + eps), 1e-12);
        assertEquals(p.value(-1 - eps), g.interpolate(v, -1 - eps), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"-1, 1, 3", "0, 5, 12", "-10, 10, 31", "1, 1.25, 24"})
    void differentiationIsExactForPolynomials(double a, double b, int n) {
        ChebyshevGrid g = new ChebyshevGrid(a, b, n);
        Poly p = Poly.random(a, b, n - 1, 7 * n);
        double[] v = valuesAt(g, p);
        double[] d = g.differentiationMatrix();
        double[] d2 = g.secondDerivativeMatrix();
        double[] x = g.nodes();
        double scale1 = 2 / (b - a) * n * n, scale2 = scale1 * scale1;
        for (int i = 0; i < n; i++) {
            double s1 = 0, s2 = 0;
            for (int j = 0; j < n; j++) {
                s1 += d[i + n * j] * v[j];
                s2 += d2[i + n * j] * v[j];
            }
            assertEquals(p.derivative(x[i]), s1, 1e-13 * scale1, "p'(x_" + i + ")");
            assertEquals(p.second(x[i]), s2, 1e-13 * scale2, "p''(x_" + i + ")");
        }
        // rows of D and D² annihilate constants
        for (int i = 0; i < n; i++) {
            double r1 = 0, r2 = 0;
            for (int j = 0; j < n; j++) {
                r1 += d[i + n * j];
                r2 += d2[i + n * j];
            }
            assertEquals(0.0, r1, 1e-15 * scale1);
            assertEquals(0.0, r2, 1e-15 * scale2);
        }
    }

    @Test
    void differentiationMatrixMatchesTheClosedFormCornerEntries() {
        // On [−1, 1]: D_00 = (2N² + 1)/6 = −D_NN (Trefethen, Spectral Methods in MATLAB, Thm 6.1).
        for (int n : new int[] {2, 5, 17, 64}) {
            int nn = n - 1;
            double[] d = new ChebyshevGrid(-1, 1, n).differentiationMatrix();
            assertEquals((2.0 * nn * nn + 1) / 6, d[0], 1e-12 * nn * nn);
            assertEquals(-(2.0 * nn * nn + 1) / 6, d[n * n - 1], 1e-12 * nn * nn);
        }
    }

    @Test
    void clenshawCurtisIntegratesAGaussianTo1e12() {
        ChebyshevGrid g = new ChebyshevGrid(-10, 10, 129);
        double[] x = g.nodes();
        double[] v = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            v[j] = Math.exp(-0.5 * x[j] * x[j]);
        }
        // the mass outside [−10, 10] is 2.7e−23: negligible
        assertEquals(Math.sqrt(2 * Math.PI), g.integrate(v), 1e-12);
        double sum = 0;
        for (double w : g.clenshawCurtisWeights()) {
            assertTrue(w > 0);
            sum += w;
        }
        assertEquals(20.0, sum, 1e-13);
    }

    @ParameterizedTest
    @CsvSource({"-1, 1, 2", "-1, 1, 3", "0, 3, 8", "-2, 7, 21", "-10, 10, 64"})
    void clenshawCurtisIsExactForPolynomials(double a, double b, int n) {
        ChebyshevGrid g = new ChebyshevGrid(a, b, n);
        Poly p = Poly.random(a, b, n - 1, 100 + n);
        double exact = p.integral();
        assertEquals(exact, g.integrate(valuesAt(g, p)), 1e-13 * (b - a) * (1 + Math.abs(exact)));
    }

    @ParameterizedTest
    @CsvSource({"-1, 1, 2", "0, 1, 9", "-3, 4, 30"})
    void valuesAndCoefficientsAreInverseAndRecoverChebyshevPolynomials(double a, double b, int n) {
        ChebyshevGrid g = new ChebyshevGrid(a, b, n);
        double[] c = g.valuesToCoefficients();
        double[] v = g.coefficientsToValues();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += c[i + n * k] * v[k + n * j];
                }
                assertEquals(i == j ? 1.0 : 0.0, s, 1e-13, "(C V)(" + i + ", " + j + ")");
            }
        }
        // values of T_k(t(x)) = cos(k acos t) have the coefficients e_k
        double[] x = g.nodes();
        for (int k = 0; k < n; k++) {
            double[] f = new double[n];
            for (int j = 0; j < n; j++) {
                double t = Math.max(-1, Math.min(1, (2 * x[j] - a - b) / (b - a)));
                f[j] = Math.cos(k * Math.acos(t));
            }
            double[] coef = g.coefficients(f);
            for (int q = 0; q < n; q++) {
                assertEquals(q == k ? 1.0 : 0.0, coef[q], 1e-13, "coefficient " + q + " of T_" + k);
            }
            assertArrayEquals(f, g.values(coef), 1e-13);
        }
    }

    @Test
    void badInputIsRejectedWithNamedArguments() {
        assertMessage(() -> new ChebyshevGrid(1, 1, 5), "a < b");
        assertMessage(() -> new ChebyshevGrid(2, 1, 5), "a < b");
        assertMessage(() -> new ChebyshevGrid(Double.NaN, 1, 5), "a (left end");
        assertMessage(() -> new ChebyshevGrid(0, Double.POSITIVE_INFINITY, 5), "b (right end");
        assertMessage(() -> new ChebyshevGrid(-Double.MAX_VALUE, Double.MAX_VALUE, 5), "overflows");
        assertMessage(() -> new ChebyshevGrid(0, 1, 1), "n (number of Chebyshev nodes)");
        assertMessage(() -> new ChebyshevGrid(0, 1, 0), "got 0");
        ChebyshevGrid g = new ChebyshevGrid(0, 1, 4);
        assertMessage(() -> g.interpolationWeights(1.01), "x = 1.01 is outside");
        assertMessage(() -> g.interpolationWeights(-1e-6), "outside");
        assertMessage(() -> g.interpolationWeights(Double.NaN), "x must be finite");
        assertMessage(() -> g.interpolationMatrix(new double[] {0.5, 2}), "xs[1] = 2.0 is outside");
        assertMessage(() -> g.interpolationMatrix(new double[0]), "xs must hold");
        assertMessage(() -> g.interpolate(new double[3], 0.5), "values must have n = 4 entries, got 3");
        assertMessage(() -> g.interpolate(new double[] {1, Double.NaN, 0, 0}, 0.5), "values[1] must be finite");
        assertMessage(() -> g.coefficients(null), "values must have n = 4 entries, got null");
        assertMessage(() -> g.values(new double[5]), "coefficients must have n = 4");
        assertMessage(() -> g.integrate(new double[] {0, 0, Double.POSITIVE_INFINITY, 0}), "values[2]");
        assertThrows(IndexOutOfBoundsException.class, () -> g.node(4));
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
