package org.ttfp.fp.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GaussLegendreTest {

    /** ∫_{−1}^{1} x^k dx = 2/(k+1) for even k, 0 for odd k, exactly up to degree 2m − 1. */
    @Test
    void integratesMonomialsExactly() {
        for (int m : new int[] {1, 2, 5, 20, 71}) {
            double[][] r = GaussLegendre.rule(m);
            for (int k = 0; k <= Math.min(2 * m - 1, 60); k++) {
                double s = 0;
                for (int q = 0; q < m; q++) {
                    s += r[1][q] * Math.pow(r[0][q], k);
                }
                assertEquals(k % 2 == 0 ? 2.0 / (k + 1) : 0.0, s, 2e-15 * (1 + m / 10.0), "m=" + m + " k=" + k);
            }
        }
    }

    /** A smooth non-polynomial integrand: ∫ cos(3x) = 2 sin(3)/3. */
    @Test
    void integratesSmoothFunction() {
        double[][] r = GaussLegendre.rule(30);
        double s = 0;
        for (int q = 0; q < 30; q++) {
            s += r[1][q] * Math.cos(3 * r[0][q]);
        }
        assertEquals(2 * Math.sin(3) / 3, s, 1e-15);
    }
}
