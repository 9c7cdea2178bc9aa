package org.ttfp.fp.sde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The rotating double well: a non-gradient drift whose Gibbs law exp(−2V/g²) is stationary. */
class RotatingWellSdeTest {

    static double logP(RotatingWellSde sde, double[] x) {
        double v = 0;
        for (double xi : x) {
            double u = xi * xi - 1;
            v += 0.25 * u * u;
        }
        return -2 * v / sde.g2();
    }

    static double[] drift(RotatingWellSde sde, double[] x) {
        double[] f = new double[x.length];
        sde.drift(0, x, 1, f);
        return f;
    }

    /** −∇·(f p) + ½ g² Δp = 0 at random points, by central differences of f p and p (independent of the formula). */
    @Test
    void gibbsLawIsStationary() {
        for (int d : new int[] {2, 3, 5}) {
            RotatingWellSde sde = new RotatingWellSde(d, 1.3, 0.8);
            SplittableRandom rnd = new SplittableRandom(d);
            double h = 1e-4;
            for (int trial = 0; trial < 20; trial++) {
                double[] x = new double[d];
                for (int i = 0; i < d; i++) {
                    x[i] = rnd.nextDouble(-1.8, 1.8);
                }
                double p = Math.exp(logP(sde, x)), div = 0, lap = 0, scale = 0;
                for (int i = 0; i < d; i++) {
                    double[] xp = x.clone(), xm = x.clone();
                    xp[i] += h;
                    xm[i] -= h;
                    double pp = Math.exp(logP(sde, xp)), pm = Math.exp(logP(sde, xm));
                    double fp = drift(sde, xp)[i] * pp, fm = drift(sde, xm)[i] * pm;
                    div += (fp - fm) / (2 * h);
                    lap += (pp - 2 * p + pm) / (h * h);
                    scale += Math.abs(fp - fm) / (2 * h);
                }
                double residual = -div + 0.5 * sde.g2() * lap;
                assertEquals(0, residual, 1e-6 * (scale + p), "d=" + d + " trial " + trial);
            }
        }
    }

    /** The drift rotates: its Jacobian is not symmetric (no potential), and the exact divergence matches differences. */
    @Test
    void driftIsNotAGradient() {
        RotatingWellSde sde = new RotatingWellSde(3, 1.0, 1.0);
        double[] x = {0.9, 0.2, 1.1};
        double h = 1e-6;
        double[][] jac = new double[3][3];
        for (int j = 0; j < 3; j++) {
            double[] xp = x.clone(), xm = x.clone();
            xp[j] += h;
            xm[j] -= h;
            double[] fp = drift(sde, xp), fm = drift(sde, xm);
            for (int i = 0; i < 3; i++) {
                jac[i][j] = (fp[i] - fm[i]) / (2 * h);
            }
        }
        // ∂f_0/∂x_1 = −ω v''(x_1) = 0.88, ∂f_1/∂x_0 = ω v''(x_0) = 1.43 with v'' = 3x² − 1
        assertEquals(0.88, jac[0][1], 1e-6);
        assertEquals(1.43, jac[1][0], 1e-6);
        double[] div = new double[1];
        sde.divergence(0, x, 1, div);
        assertEquals(jac[0][0] + jac[1][1] + jac[2][2], div[0], 1e-7);
    }

    /** m₂ from Hipparchus against a composite trapezoid rule on a fine grid (spectrally accurate for this integrand). */
    @Test
    void stationarySecondMomentMatchesTrapezoid() {
        for (double g2 : new double[] {0.5, 1.0, 2.0}) {
            RotatingWellSde sde = new RotatingWellSde(2, 1.0, g2);
            double z = 0, m = 0, dx = 1e-3;
            for (int k = -12000; k <= 12000; k++) {
                double x = k * dx, u = x * x - 1, q = Math.exp(-0.5 * u * u / g2);
                z += q;
                m += x * x * q;
            }
            assertEquals(m / z, sde.stationarySecondMoment(), 1e-12, "g2 " + g2);
        }
    }
}
