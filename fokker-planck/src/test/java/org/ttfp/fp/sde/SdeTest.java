package org.ttfp.fp.sde;

import org.ttfp.fp.density.GaussianMixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SdeTest {

    /** The integrated diffusion closed forms agree with the interface's Gauss–Legendre rule. */
    @Test
    void integratedDiffusionClosedForms() {
        List<Sde> sdes = List.of(new VpSde(2), new SubVpSde(2), new VeSde(2, 0.01, 5, 1), OuSde.paper(2),
                new DiagonalOuSde(new double[] {1, 2}, new double[] {0.5, 3}));
        for (Sde sde : sdes) {
            Sde gl = new Sde() {
                @Override
                public int dim() {
                    return sde.dim();
                }

                @Override
                public void drift(double t, double[] x, int count, double[] out) {
                    sde.drift(t, x, count, out);
                }

                @Override
                public double diffusion2(int axis, double t) {
                    return sde.diffusion2(axis, t);
                }
            };
            for (double[] st : new double[][] {{0, 0.1}, {0.2, 0.3}, {0.7, 1.0}, {0.95, 0.96}}) {
                for (int axis = 0; axis < 2; axis++) {
                    // split into 20 pieces: GL is then exact to rounding for these smooth g²
                    double ref = 0;
                    for (int k = 0; k < 20; k++) {
                        double a = st[0] + (st[1] - st[0]) * k / 20, b = st[0] + (st[1] - st[0]) * (k + 1) / 20;
                        ref += gl.integratedDiffusion2(axis, a, b);
                    }
                    assertEquals(ref, sde.integratedDiffusion2(axis, st[0], st[1]), 1e-13 * Math.max(1, ref), sde + " " + st[0]);
                }
            }
        }
    }

    /**
     * α, σ² are consistent with the drift and diffusion: α' = c α with f = c x, and
     * (σ²)' = 2 c σ² + g² (checked by central differences), and transitions compose.
     */
    @Test
    void linearGaussianConsistency() {
        List<LinearGaussianSde> sdes = List.of(new VpSde(1), new SubVpSde(1), new VeSde(1, 0.01, 5, 1),
                OuSde.paper(1), new OuSde(1, -0.3, 0.7), new OuSde(1, 0, 1.5), new VpSde(1, 0.5, 3, 2));
        double h = 1e-5;
        for (LinearGaussianSde sde : sdes) {
            SeparableLinearSde sep = (SeparableLinearSde) sde;
            for (double t : new double[] {0.1, 0.4, 0.8}) {
                double[] f = new double[1];
                sde.drift(t, new double[] {1.0}, 1, f);
                double c = f[0];
                double da = (sde.alpha(t + h) - sde.alpha(t - h)) / (2 * h);
                assertEquals(c * sde.alpha(t), da, 1e-6 * Math.max(1, Math.abs(da)), sde + " alpha' at " + t);
                double ds = (sde.sigma2(t + h) - sde.sigma2(t - h)) / (2 * h);
                assertEquals(2 * c * sde.sigma2(t) + sde.diffusion2(0, t), ds, 1e-5 * Math.max(1, Math.abs(ds)),
                        sde + " sigma2' at " + t);
                double[] div = new double[1];
                sde.divergence(t, new double[] {0.3}, 1, div);
                assertEquals(c, div[0], 1e-12);
                // transitions: 0 -> t matches alpha, sigma2; s -> u -> t composes
                assertEquals(sde.alpha(t), sep.transitionScale(0, 0, t), 1e-14);
                assertEquals(sde.sigma2(t), sep.transitionVariance(0, 0, t), 1e-13 * Math.max(1, sde.sigma2(t)));
                double s = 0.3 * t, u = 0.6 * t;
                double a1 = sep.transitionScale(0, s, u), a2 = sep.transitionScale(0, u, t);
                assertEquals(sep.transitionScale(0, s, t), a1 * a2, 1e-14);
                assertEquals(sep.transitionVariance(0, s, t),
                        a2 * a2 * sep.transitionVariance(0, s, u) + sep.transitionVariance(0, u, t), 1e-13);
            }
        }
    }

    /** The adapter of a foreign LinearGaussianSde reproduces a built-in's transitions. */
    @Test
    void adapterOfForeignLinearGaussianSde() {
        VpSde vp = new VpSde(2);
        LinearGaussianSde foreign = new LinearGaussianSde() {
            @Override
            public double alpha(double t) {
                return vp.alpha(t);
            }

            @Override
            public double sigma2(double t) {
                return vp.sigma2(t);
            }

            @Override
            public int dim() {
                return 2;
            }

            @Override
            public void drift(double t, double[] x, int count, double[] out) {
                vp.drift(t, x, count, out);
            }

            @Override
            public double diffusion2(int axis, double t) {
                return vp.diffusion2(axis, t);
            }
        };
        SeparableLinearSde a = SeparableLinearSde.of(foreign);
        assertEquals(vp.transitionScale(1, 0.2, 0.7), a.transitionScale(1, 0.2, 0.7), 1e-14);
        assertEquals(vp.transitionVariance(1, 0.2, 0.7), a.transitionVariance(1, 0.2, 0.7), 1e-13);
        assertTrue(SeparableLinearSde.of(vp) == vp);
    }

    /** Exact divergences agree with the central-difference default; drifts match their formulas. */
    @Test
    void divergencesMatchCentralDifferences() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<Sde> sdes = List.of(new DoubleWellSde(3, 0.4, 1.0), new MatrixOuSde(new double[] {1, 0.5, 0, -0.3, 2, 0.1, 0, 0.2, 1},
                new double[] {1, 1, 2}), new DiagonalOuSde(new double[] {1, 2, 3}, new double[] {1, 1, 1}));
        for (Sde sde : sdes) {
            Sde numeric = new Sde() {
                @Override
                public int dim() {
                    return 3;
                }

                @Override
                public void drift(double t, double[] x, int count, double[] out) {
                    sde.drift(t, x, count, out);
                }

                @Override
                public double diffusion2(int axis, double t) {
                    return 1;
                }
            };
            double[] x = new double[15];
            for (int j = 0; j < 15; j++) {
                x[j] = 4 * rnd.nextDouble() - 2;
            }
            double[] a = new double[5], b = new double[5];
            sde.divergence(0.3, x, 5, a);
            numeric.divergence(0.3, x, 5, b);
            for (int s = 0; s < 5; s++) {
                assertEquals(b[s], a[s], 1e-7, sde.toString());
            }
        }
        DoubleWellSde dw = new DoubleWellSde(3, 0.4, 1.0);
        double[] f = new double[3];
        dw.drift(0, new double[] {0.5, -1, 2}, 1, f);
        assertEquals(0.5 - 0.125 - 0.4 * -1, f[0], 1e-15);
        assertEquals(-1 + 1 - 0.4 * 2.5, f[1], 1e-15);
        assertEquals(2 - 8 - 0.4 * -1, f[2], 1e-15);
    }

    /** Van Loan's covariance against an RK4 integration of S' = −AS − SAᵀ + Q. */
    @Test
    void matrixOuEvolveMatchesLyapunovOde() {
        double[] a = {1.0, 0.6, -0.4, 1.5};
        double[] q = {0.8, 1.7};
        MatrixOuSde sde = new MatrixOuSde(a, q);
        double[] m0 = {1.0, -0.5};
        double[] s0 = {0.5, 0.1, 0.1, 0.3};
        GaussianMixture pt = sde.evolve(GaussianMixture.gaussian(m0, s0), 0.8);
        // RK4 on (m, S)
        double[] y = {m0[0], m0[1], s0[0], s0[1], s0[2], s0[3]};
        int steps = 4000;
        double h = 0.8 / steps;
        for (int k = 0; k < steps; k++) {
            double[] k1 = rhs(y, a, q), k2 = rhs(axpy(y, k1, h / 2), a, q), k3 = rhs(axpy(y, k2, h / 2), a, q),
                    k4 = rhs(axpy(y, k3, h), a, q);
            for (int i = 0; i < 6; i++) {
                y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }
        double[] m = pt.mean(0), s = pt.covariance(0);
        assertEquals(y[0], m[0], 1e-12);
        assertEquals(y[1], m[1], 1e-12);
        for (int i = 0; i < 4; i++) {
            assertEquals(y[2 + i], s[i], 1e-12);
        }
    }

    private static double[] axpy(double[] y, double[] k, double h) {
        double[] r = y.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] += h * k[i];
        }
        return r;
    }

    private static double[] rhs(double[] y, double[] a, double[] q) {
        double[] r = new double[6];
        r[0] = -(a[0] * y[0] + a[1] * y[1]);
        r[1] = -(a[2] * y[0] + a[3] * y[1]);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double v = 0;
                for (int k = 0; k < 2; k++) {
                    v -= a[i * 2 + k] * y[2 + k * 2 + j] + y[2 + i * 2 + k] * a[j * 2 + k];
                }
                if (i == j) {
                    v += q[i];
                }
                r[2 + i * 2 + j] = v;
            }
        }
        return r;
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new VpSde(0));
        assertThrows(IllegalArgumentException.class, () -> new VpSde(2, -0.1, 20, 1));
        assertThrows(IllegalArgumentException.class, () -> new VpSde(2, 0.1, 20, 0));
        assertThrows(IllegalArgumentException.class, () -> new VeSde(2, 1, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new OuSde(2, 1, -2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiagonalOuSde(new double[] {1, 1}, new double[] {1, -1}));
        assertTrue(e.getMessage().contains("g2[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MatrixOuSde(new double[3], new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new DoubleWellSde(2, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new VpSde(2).transitionScale(0, 0.5, 0.2));
        assertThrows(IndexOutOfBoundsException.class, () -> new VpSde(2).diffusion2(2, 0.5));
    }

    /** Callback drifts of the wrong shape, NaN values or a negative diffusion are refused by name. */
    @Test
    void callbackSdeValidatesOutputs() {
        CallbackSde wrongShape = CallbackSde.isotropic(2, (t, x, n) -> new double[n], null, t -> 1.0, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wrongShape.drift(0, new double[4], 2, new double[4]));
        assertTrue(e.getMessage().contains("drift") && e.getMessage().contains("length 2"), e.getMessage());
        CallbackSde nan = CallbackSde.isotropic(1, (t, x, n) -> new double[] {Double.NaN}, null, t -> 1.0, null);
        e = assertThrows(IllegalArgumentException.class, () -> nan.drift(0, new double[1], 1, new double[1]));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        CallbackSde neg = CallbackSde.isotropic(1, (t, x, n) -> x.clone(), null, t -> 1 - 2 * t, null);
        e = assertThrows(IllegalArgumentException.class, () -> neg.diffusion2(0, 0.9));
        assertTrue(e.getMessage().contains("diffusion"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CallbackSde.diagonal(2, (t, x, n) -> x.clone(), null, new double[] {1, -1}));
        // the numeric divergence of f = −x³ (per axis) is −3 Σ x²
        CallbackSde cubic = CallbackSde.diagonal(2, (t, x, n) -> {
            double[] o = new double[2 * n];
            for (int j = 0; j < 2 * n; j++) {
                o[j] = -x[j] * x[j] * x[j];
            }
            return o;
        }, null, new double[] {1, 2});
        double[] div = new double[1];
        cubic.divergence(0, new double[] {0.5, -1.5}, 1, div);
        assertEquals(-3 * (0.25 + 2.25), div[0], 1e-8);
    }
}
