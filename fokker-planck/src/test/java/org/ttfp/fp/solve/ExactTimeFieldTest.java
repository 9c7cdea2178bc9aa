package org.ttfp.fp.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.sde.DiagonalOuSde;
import org.ttfp.fp.sde.OuSde;
import org.ttfp.fp.sde.SeparableLinearSde;
import org.ttfp.fp.sde.SubVpSde;
import org.ttfp.fp.sde.VpSde;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.TensorTrain;

/**
 * ExactTimeField against the closed-form density, gradient and Hessian of an evolved Gaussian
 * mixture (μ ↦ α ⊙ μ, S ↦ diag(α) S diag(α) + diag(v) per component) at random times between the
 * snapshots and random points where p_t ≥ 1e−3 of its peak; VP, OU (paper form), sub-VP and a
 * diagonal OU with different rates per axis; both CPU backends.
 */
class ExactTimeFieldTest {

    static final GaussianMixture P0 = GaussianMixture.of(new double[] {0.6, 0.4},
            new double[][] {{0.9, -0.5}, {-0.8, 0.6}},
            new double[][] {{0.5, 0.15, 0.15, 0.4}, {0.45, -0.1, -0.1, 0.6}});

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String be : new String[] {"openblas", "ejml"}) {
            for (int snaps : new int[] {6, 200}) {
                out.add(Arguments.of(be, "vp", new VpSde(2), 1.0, snaps));
                out.add(Arguments.of(be, "ou", OuSde.paper(2), 2.0, snaps));
                out.add(Arguments.of(be, "subvp", new SubVpSde(2), 1.0, snaps));
                out.add(Arguments.of(be, "ou-diagonal", new DiagonalOuSde(new double[] {0.5, 2.0},
                        new double[] {1.0, 3.0}), 1.5, snaps));
            }
        }
        return out.stream();
    }

    /** p, ∇p, ∇²p of the mixture evolved from 0 to t by the separable transition. */
    static double[][] exact(SeparableLinearSde sde, double t, double[] x) {
        double p = 0;
        double[] g = new double[2], h = new double[4];
        for (int c = 0; c < P0.components(); c++) {
            double[] mu = P0.mean(c), s = P0.covariance(c);
            double[] a = {sde.transitionScale(0, 0, t), sde.transitionScale(1, 0, t)};
            double[] v = {sde.transitionVariance(0, 0, t), sde.transitionVariance(1, 0, t)};
            double s00 = a[0] * a[0] * s[0] + v[0], s01 = a[0] * a[1] * s[1], s11 = a[1] * a[1] * s[3] + v[1];
            double det = s00 * s11 - s01 * s01;
            double i00 = s11 / det, i01 = -s01 / det, i11 = s00 / det;
            double d0 = x[0] - a[0] * mu[0], d1 = x[1] - a[1] * mu[1];
            double u0 = i00 * d0 + i01 * d1, u1 = i01 * d0 + i11 * d1;
            double n = P0.weight(c) * Math.exp(-0.5 * (d0 * u0 + d1 * u1)) / (2 * Math.PI * Math.sqrt(det));
            p += n;
            g[0] -= n * u0;
            g[1] -= n * u1;
            h[0] += n * (u0 * u0 - i00);
            h[1] += n * (u0 * u1 - i01);
            h[2] += n * (u1 * u0 - i01);
            h[3] += n * (u1 * u1 - i11);
        }
        return new double[][] {{p}, g, h};
    }

    /** The exact grid values of the evolved mixture at each time, as TTs (TT-SVD to 1e−15). */
    static TensorTrain[] snapshots(Backend be, ChebyshevBox box, SeparableLinearSde sde, double[] times) {
        int n0 = box.axis(0).size(), n1 = box.axis(1).size();
        double[] x0 = box.axis(0).nodes(), x1 = box.axis(1).nodes();
        TensorTrain[] out = new TensorTrain[times.length];
        for (int j = 0; j < times.length; j++) {
            double[] full = new double[n0 * n1];
            for (int b = 0; b < n1; b++) {
                for (int a = 0; a < n0; a++) {
                    full[a + n0 * b] = exact(sde, times[j], new double[] {x0[a], x1[b]})[0][0];
                }
            }
            out[j] = TensorTrain.fromFull(be, full, box.modeSizes(), 1e-15);
        }
        return out;
    }

    @ParameterizedTest(name = "{1} on {0}, {4} intervals")
    @MethodSource("cases")
    void matchesEvolvedMixtureBetweenSnapshots(String backendName, String name, SeparableLinearSde sde, double horizon,
            int intervals) {
        Backend be = Backends.byName(backendName);
        ChebyshevBox box = ChebyshevBox.cube(2, -7, 7, 96);
        double[] times = new double[intervals + 1];
        for (int j = 0; j < times.length; j++) {
            times[j] = horizon * j / intervals;
        }
        ExactTimeField f = new ExactTimeField(sde, box, times, snapshots(be, box, sde, times));
        SplittableRandom rnd = new SplittableRandom(11);
        int tested = 0;
        double worstP = 0, worstG = 0, worstH = 0;
        for (int trial = 0; trial < 12; trial++) {
            // times between snapshots, including very close to 0 and to a snapshot
            double t = trial == 0 ? 1e-9 : trial == 1 ? times[2] + 1e-7 : trial < 4 ? times[trial - 1] : rnd.nextDouble() * horizon;
            double peak = 0;
            int count = 40;
            double[] x = new double[count * 2];
            double[][][] ex = new double[count][][];
            for (int s = 0; s < count; s++) {
                x[2 * s] = -3.5 + 7 * rnd.nextDouble();
                x[2 * s + 1] = -3.5 + 7 * rnd.nextDouble();
                ex[s] = exact(sde, t, new double[] {x[2 * s], x[2 * s + 1]});
                peak = Math.max(peak, ex[s][0][0]);
            }
            double[] p = new double[count], g = new double[2 * count], h = new double[4 * count];
            f.evaluate(t, x, count, p, g, h);
            double[] sc = new double[2 * count], jac = new double[4 * count];
            f.scoreAndJacobian(t, x, count, sc, jac);
            for (int s = 0; s < count; s++) {
                double pe = ex[s][0][0];
                if (pe < 1e-3 * peak) {
                    continue;
                }
                tested++;
                        worstP = Math.max(worstP, Math.abs(p[s] - pe) / pe);
                double gs = Math.hypot(ex[s][1][0], ex[s][1][1]) + pe;
                double hs = pe + Math.abs(ex[s][2][0]) + Math.abs(ex[s][2][3]) + Math.abs(ex[s][2][1]);
                for (int i = 0; i < 2; i++) {
                    worstG = Math.max(worstG, Math.abs(g[2 * s + i] - ex[s][1][i]) / gs);
                    // score against ∇p/p of the reference, relative to (|score| + 1)
                    double se = ex[s][1][i] / pe;
                    assertEquals(se, sc[2 * s + i], 1e-9 * (1 + Math.abs(se)), name + " score t=" + t);
                }
                for (int q = 0; q < 4; q++) {
                    worstH = Math.max(worstH, Math.abs(h[4 * s + q] - ex[s][2][q]) / hs);
                    double je = ex[s][2][q] / pe - ex[s][1][q / 2] * ex[s][1][q % 2] / (pe * pe);
                    assertEquals(je, jac[4 * s + q], 1e-8 * (1 + Math.abs(je)), name + " log-Hessian t=" + t);
                }
            }
        }
        assertTrue(tested > 200, "points tested: " + tested);
        // dense snapshots take the heat-eigenbasis route (1e-10); sparse ones the quadrature matrix,
        // whose rounding floor (about 1e-12 of the peak) shows at p = 1e-3 of the peak as 1e-9
        double tol = intervals >= 100 ? 1e-10 : 1e-9;
        assertTrue(worstP < tol, name + ": density relative error " + worstP);
        assertTrue(worstG < tol, name + ": gradient relative error " + worstG);
        assertTrue(worstH < 10 * tol, name + ": Hessian relative error " + worstH);
        assertTrue(f.propagations() >= 7, "propagations " + f.propagations());
    }

    /** A solved VP problem evaluates exactly in time through Solution (scores between steps). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backendNames")
    void solutionIsExactInTime(String backendName) {
        VpSde sde = new VpSde(2);
        ChebyshevBox box = ChebyshevBox.cube(2, -7, 7, 96);
        org.ttfp.fp.Solution sol = org.ttfp.fp.FpSolver.solve(org.ttfp.fp.FpProblem.builder(sde, box).initial(P0)
                .finalTime(1.0).steps(40).build(), org.ttfp.fp.FpSolver.Settings.defaults().withEps(1e-13)
                .withBackend(Backends.byName(backendName)));
        assertTrue(sol.exactInTime());
        SplittableRandom rnd = new SplittableRandom(5);
        double worst = 0;
        for (int trial = 0; trial < 8; trial++) {
            double t = (trial + rnd.nextDouble()) / 8;
            double[] x = new double[2];
            double pe;
            do {
                x[0] = -3 + 6 * rnd.nextDouble();
                x[1] = -3 + 6 * rnd.nextDouble();
                pe = exact(sde, t, x)[0][0];
            } while (pe < 1e-2 * exact(sde, t, new double[] {0, 0})[0][0]);
            double[] sc = new double[2], jac = new double[4], ex = exact(sde, t, x)[1];
            sol.scoreAndJacobian(t, x, 1, sc, jac);
            double[] sc2 = new double[2];
            sol.score(t, x, 1, sc2);
            for (int i = 0; i < 2; i++) {
                worst = Math.max(worst, Math.abs(sc[i] - ex[i] / pe) / (1 + Math.abs(ex[i] / pe)));
                assertEquals(sc[i], sc2[i], 1e-13 * (1 + Math.abs(sc[i])));
            }
        }
        assertTrue(worst < 1e-8, "score error " + worst);
    }

    static Stream<String> backendNames() {
        return Stream.of("openblas", "ejml");
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void rejectsBadInput(String backendName, String name, SeparableLinearSde sde, double horizon, int intervals) {
        if (!name.equals("vp") || intervals != 6) {
            return;
        }
        ChebyshevBox box = ChebyshevBox.cube(2, -7, 7, 24);
        double[] times = {0, 0.5, 1.0};
        TensorTrain[] snaps = snapshots(Backends.byName(backendName), box, sde, times);
        ExactTimeField f = new ExactTimeField(sde, box, times, snaps);
        double[] out = new double[2];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.score(1.5, new double[] {0, 0}, 1, out));
        assertTrue(e.getMessage().contains("outside the solved interval"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.score(0.5, new double[] {0, 8}, 1, out));
        assertTrue(e.getMessage().contains("axis 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.score(Double.NaN, new double[] {0, 0}, 1, out));
        assertTrue(e.getMessage().contains("t = NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ExactTimeField(sde, box, new double[] {0, 0.5, 0.5}, snaps));
        assertTrue(e.getMessage().contains("times[2]"), e.getMessage());
    }
}
