package org.ttfp.fp.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ttfp.cheb.ChebyshevGrid;

class ModePropagatorsTest {

    static double gauss(double x, double m, double var) {
        return Math.exp(-0.5 * (x - m) * (x - m) / var) / Math.sqrt(2 * Math.PI * var);
    }

    static double[] apply(double[] m, double[] v, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[j] += m[j + n * i] * v[i];
            }
        }
        return out;
    }

    /** e^{τD²} maps N(m, s²) to N(m, s² + 2τ) when the density vanishes on the boundary. */
    @Test
    void heatStepMatchesHeatKernel() {
        ChebyshevGrid g = new ChebyshevGrid(-10, 10, 90);
        double[] x = g.nodes();
        double[] p = new double[90];
        for (int j = 0; j < 90; j++) {
            p[j] = gauss(x[j], 0.7, 0.6);
        }
        for (double tau : new double[] {1e-6, 0.01, 0.1, 0.3}) {
            double[] q = apply(ModePropagators.heat(g, tau), p, 90);
            for (int j = 0; j < 90; j++) {
                assertEquals(gauss(x[j], 0.7, 0.6 + 2 * tau), q[j], 3e-12, "tau " + tau + " node " + j);
            }
        }
    }

    /** The Gaussian transition maps N(m, S) to N(αm, α²S + v) exactly, including v = 0. */
    @Test
    void gaussianTransitionMatchesClosedForm() {
        int n = 100;
        ChebyshevGrid g = new ChebyshevGrid(-9, 9, n);
        double[] x = g.nodes();
        double[] p = new double[n];
        for (int j = 0; j < n; j++) {
            p[j] = gauss(x[j], -0.8, 0.8);
        }
        double[][] cases = {{1.0, 0.0}, {0.6, 0.0}, {1.3, 0.0}, {1.0, 1e-8}, {0.9, 0.01}, {0.5, 0.75}, {1.0, 2.0},
            {0.02, 0.9996}, {1.1, 0.0}};
        for (double[] c : cases) {
            double[] q = apply(ModePropagators.gaussianTransition(g, c[0], c[1]), p, n);
            double var = c[0] * c[0] * 0.8 + c[1];
            double peak = gauss(0, 0, var);
            for (int j = 0; j < n; j++) {
                assertEquals(gauss(x[j], -0.8 * c[0], var), q[j], 1e-12 * peak, "alpha " + c[0] + " v " + c[1] + " node " + j);
            }
        }
    }

    /**
     * Tiny transition variances (t − s → 0): the kernel is resolved in its own coordinate, so the
     * rows still integrate the Lagrange basis to 1 and a Gaussian is reproduced to rounding (before
     * the fix v = 1e−20 gave 1e−6 and v = 2e−12 gave 2e−10 row-sum errors from forming x − c in
     * absolute coordinates).
     */
    @Test
    void gaussianTransitionAccurateForTinyVariance() {
        int n = 128;
        ChebyshevGrid g = new ChebyshevGrid(-6, 6, n);
        double[] x = g.nodes();
        for (double v : new double[] {1e-20, 1e-16, 2e-12, 1e-8, 1e-5}) {
            double[] m = ModePropagators.gaussianTransition(g, 0.999, v);
            double s = Math.sqrt(v) / 0.999;
            for (int j = 0; j < n; j++) {
                double c = x[j] / 0.999;
                if (c - 9 * s < -6 || c + 9 * s > 6) {
                    continue; // the window is cut by the box: the row sums to less than 1/α
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += m[j + n * i];
                }
                assertEquals(1 / 0.999, sum, 1e-14, "v " + v + " row " + j);
            }
            double[] p = new double[n];
            for (int j = 0; j < n; j++) {
                p[j] = gauss(x[j], 0.3, 0.6);
            }
            double[] q = apply(m, p, n);
            for (int j = 0; j < n; j++) {
                double c = x[j] / 0.999;
                if (c - 9 * s < -6 || c + 9 * s > 6) {
                    continue;
                }
                assertEquals(gauss(x[j], 0.3 * 0.999, 0.999 * 0.999 * 0.6 + v), q[j], 1e-13, "v " + v + " node " + j);
            }
        }
    }

    /** Composition: two transitions equal the one with scale α1α2 and variance α2²v1 + v2. */
    @Test
    void transitionsCompose() {
        ChebyshevGrid g = new ChebyshevGrid(-8, 8, 100);
        double[] m1 = ModePropagators.gaussianTransition(g, 0.8, 0.2);
        double[] m2 = ModePropagators.gaussianTransition(g, 0.7, 0.3);
        double[] m12 = ModePropagators.gaussianTransition(g, 0.56, 0.49 * 0.2 + 0.3);
        double[] x = g.nodes();
        double[] p = new double[100];
        for (int j = 0; j < 100; j++) {
            p[j] = gauss(x[j], 1, 0.6) * (1 + 0.3 * Math.sin(x[j]));
        }
        double[] a = apply(m2, apply(m1, p, 100), 100);
        double[] b = apply(m12, p, 100);
        for (int j = 0; j < 100; j++) {
            assertEquals(b[j], a[j], 1e-12);
        }
    }

    @Test
    void rejectsBadInput() {
        ChebyshevGrid g = new ChebyshevGrid(-1, 1, 10);
        assertEquals("grid has n = 2 nodes: expected n >= 3", assertThrows(IllegalArgumentException.class,
                () -> ModePropagators.heat(new ChebyshevGrid(-1, 1, 2), 0.1)).getMessage());
        assertEquals("tau (integrated diffusion coefficient) = -0.1: expected a finite value >= 0",
                assertThrows(IllegalArgumentException.class, () -> ModePropagators.heat(g, -0.1)).getMessage());
        assertEquals("grid is null: expected a ChebyshevGrid",
                assertThrows(IllegalArgumentException.class, () -> ModePropagators.heat(null, 0.1)).getMessage());
        assertEquals("alpha (transition scale) = 0.0: expected a finite value > 0", assertThrows(
                IllegalArgumentException.class, () -> ModePropagators.gaussianTransition(g, 0, 0.1)).getMessage());
        assertEquals("v (transition variance) = NaN: expected a finite value >= 0", assertThrows(
                IllegalArgumentException.class, () -> ModePropagators.gaussianTransition(g, 1, Double.NaN)).getMessage());
    }
}
