package org.ttfp.fp;

import org.ttfp.fp.sde.Sde;
import org.ttfp.fp.solve.ModePropagators;

import org.ttfp.cheb.ChebyshevGrid;

/**
 * An independent dense reference for the 2-D Fokker–Planck equation with a time-independent drift
 * and constant isotropic g²: Chebyshev collocation on the full n x n grid with p = 0 on the
 * boundary, −∇·(f p) by the differentiation matrix applied to f p, and Lawson's integrating-factor
 * RK4 in time (the diffusion e^{τD²} applied exactly, the advection by classical RK4, fourth order).
 * No splitting, no characteristics, no interpolation at off-grid points, no TT.
 */
final class DenseFokkerPlanck2d {
    private DenseFokkerPlanck2d() {}

    /** p(T) on the grid (column-major n x n, first index = axis 0) from p0 with {@code steps} steps. */
    static double[] solve(Sde sde, ChebyshevGrid g, double[] p0, double finalTime, int steps) {
        int n = g.size();
        double[] d1 = g.differentiationMatrix();
        double[] x = g.nodes();
        double[] pts = new double[n * n * 2];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                pts[2 * (i + n * j)] = x[i];
                pts[2 * (i + n * j) + 1] = x[j];
            }
        }
        double[] f = new double[n * n * 2];
        sde.drift(0, pts, n * n, f);
        double g2 = sde.diffusion2(0, 0);
        double h = finalTime / steps;
        double[] full = ModePropagators.heat(g, 0.5 * g2 * h);
        double[] half = ModePropagators.heat(g, 0.25 * g2 * h);
        double[] p = p0.clone();
        for (int s = 0; s < steps; s++) {
            double[] k1 = advection(p, f, d1, n);
            double[] a = both(half, axpy(p, k1, h / 2), n);
            double[] k2 = advection(a, f, d1, n);
            double[] b = axpy(both(half, p, n), k2, h / 2);
            double[] k3 = advection(b, f, d1, n);
            double[] c = axpy(both(full, p, n), both(half, k3, n), h);
            double[] k4 = advection(c, f, d1, n);
            double[] e1 = both(full, p, n), e2 = both(full, k1, n), e3 = both(half, axpy(k2, k3, 1), n);
            for (int q = 0; q < p.length; q++) {
                p[q] = e1[q] + h / 6 * (e2[q] + 2 * e3[q] + k4[q]);
            }
        }
        return p;
    }

    private static double[] axpy(double[] p, double[] k, double h) {
        double[] r = p.clone();
        for (int q = 0; q < r.length; q++) {
            r[q] += h * k[q];
        }
        return r;
    }

    /** The n x n matrix m applied along both axes. */
    private static double[] both(double[] m, double[] p, int n) {
        double[] t = new double[n * n];
        double[] out = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double v = p[k + n * j];
                for (int i = 0; i < n; i++) {
                    t[i + n * j] += m[i + n * k] * v;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double mjk = m[j + n * k];
                for (int i = 0; i < n; i++) {
                    out[i + n * j] += mjk * t[i + n * k];
                }
            }
        }
        return out;
    }

    /** −∂x(f1 p) − ∂y(f2 p) by collocation, 0 on the boundary. */
    private static double[] advection(double[] p, double[] f, double[] d1, int n) {
        double[] fx = new double[n * n];
        double[] fy = new double[n * n];
        for (int q = 0; q < n * n; q++) {
            fx[q] = f[2 * q] * p[q];
            fy[q] = f[2 * q + 1] * p[q];
        }
        double[] out = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double v = fx[k + n * j];
                for (int i = 0; i < n; i++) {
                    out[i + n * j] -= d1[i + n * k] * v;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double djk = d1[j + n * k];
                for (int i = 0; i < n; i++) {
                    out[i + n * j] -= djk * fy[i + n * k];
                }
            }
        }
        for (int k = 0; k < n; k++) {
            out[k] = 0;
            out[k + n * (n - 1)] = 0;
            out[n * k] = 0;
            out[n - 1 + n * k] = 0;
        }
        return out;
    }
}
