package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttfp.fp.Solution;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.ot.ProbabilityFlowEncoder;
import org.ttfp.tt.Cancellation;

/**
 * The TT encoder of the counterexample preset (Lavenant–Santambrogio, OU form, T = 5) against the
 * independent quadrature reference {@link LsQuadratureReference}: the reference itself is checked
 * (ε = 0 is N(0, I) at all t; grid convergence), then the TT encoder at the preset defaults must
 * meet the accuracy targets relative to the displacement |E(x) − x| (1e−7 for ε ≤ 0.1, 1e−6 up to
 * ε = 0.25), and the refinement estimate the verdict uses (n·3/4 nodes, half the steps) plus the
 * integrator term must bound the true error within the verdict's factor 3. Integrator tolerance
 * 1e−10 (at the CLI's 1e−8 the integrator dominates: 3e−7 at ε = 0.1). With {@code -Dttfp.accuracyTable=true} (through {@code ttfp.test.jvm}) the full
 * table over ε and t0 is printed instead of the two test cases (measured: docs/counterexample-accuracy.md).
 */
class CounterexampleAccuracyTest {

    static final double REFERENCE_TOL = 1e-13;

    @Test
    void referenceIsExactForGaussian() {
        LsQuadratureReference ref = new LsQuadratureReference(0.0, 0.04);
        for (double t : new double[] {0, 1e-8, 1e-4, 0.01, 0.3, 2}) {
            for (double[] y : new double[][] {{0.3, -0.7}, {1.9, 0.4}, {-2.5, 2.0}}) {
                double[] v = ref.densityAndGradient(t, y[0], y[1]);
                double p = Math.exp(-0.5 * (y[0] * y[0] + y[1] * y[1])) / (2 * Math.PI);
                assertEquals(p, v[0], 1e-13 * p, "p at t " + t);
                assertEquals(-y[0], v[1] / v[0], 1e-12, "score_1 at t " + t);
                assertEquals(-y[1], v[2] / v[0], 1e-12, "score_2 at t " + t);
            }
        }
    }

    @Test
    void referenceConvergesInTheGrid() {
        LsQuadratureReference a = new LsQuadratureReference(0.25, 0.04);
        LsQuadratureReference b = new LsQuadratureReference(0.25, 0.03);
        for (double t : new double[] {1e-3, 0.02, 0.1, 0.7, 3}) {
            for (double[] y : new double[][] {{0.3, -0.7}, {1.1, 0.4}, {-0.9, 2.0}}) {
                double[] va = a.densityAndGradient(t, y[0], y[1]), vb = b.densityAndGradient(t, y[0], y[1]);
                assertEquals(vb[0], va[0], 1e-13 * vb[0], "p at t " + t);
                for (int i = 1; i <= 2; i++) {
                    assertEquals(vb[i] / vb[0], va[i] / va[0], 1e-12 * (1 + Math.abs(vb[i] / vb[0])), "score at t " + t);
                }
            }
        }
    }

    /** One row of the accuracy table. */
    record Row(double eps, double t0, double trueError, double estimate, double integrator, double seconds) {}

    /** The integrator tolerance of the TT encoder (absolute and relative). */
    static final double TOL = Double.parseDouble(System.getProperty("ttfp.accuracyTol", "1e-10"));

    static Row measure(double eps, double t0, int points, Backend be) {
        Presets.Defaults def = Presets.Defaults.CONVEX_POTENTIAL;
        return measure(Presets.counterexample(eps, t0, def.grid(), def.rank(), def.steps()), eps, t0, points, be);
    }

    static Row measure(Scenario sc, double eps, double t0, int points, Backend be) {
        long start = System.nanoTime();
        Solution sol = SolveStage.run(sc, sc.box(), sc.steps(), 7, be, VerificationRunner.Progress.NONE,
                Cancellation.NONE).solution();
        Solution coarse = SolveStage.run(sc, SolveStage.coarsen(sc.box(), 0.75), Math.max(1, sc.steps() / 2), 7, be,
                VerificationRunner.Progress.NONE, Cancellation.NONE).solution();
        // samples of p_t0: x0 ~ μ0, then the OU transition to t0
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = sc.sampler().sample(rng, points);
        double a = sc.sde().alpha(t0), s = Math.sqrt(sc.sde().sigma2(t0));
        for (int j = 0; j < x.length; j++) {
            x[j] = a * x[j] + s * rng.nextGaussian();
        }
        double tol = TOL;
        double[] eTt = encode(sc, sol, x, tol);
        double[] eLoose = encode(sc, sol, x, 10 * tol);
        double[] eCoarse = encode(sc, coarse, x, tol);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] eRef = new LsQuadratureReference(eps, 0.04).encode(x, t0, sc.horizon(), REFERENCE_TOL);
        double err = 0, est = 0, integ = 0;
        for (int i = 0; i < points; i++) {
            double disp = Math.hypot(eRef[2 * i] - x[2 * i], eRef[2 * i + 1] - x[2 * i + 1]);
            err = Math.max(err, Math.hypot(eTt[2 * i] - eRef[2 * i], eTt[2 * i + 1] - eRef[2 * i + 1]) / disp);
            est = Math.max(est, Math.hypot(eTt[2 * i] - eCoarse[2 * i], eTt[2 * i + 1] - eCoarse[2 * i + 1]) / disp);
            integ = Math.max(integ, Math.hypot(eTt[2 * i] - eLoose[2 * i], eTt[2 * i + 1] - eLoose[2 * i + 1]) / disp);
        }
        return new Row(eps, t0, err, est, integ, seconds);
    }

    static double[] encode(Scenario sc, Solution sol, double[] x, double tol) {
        return new ProbabilityFlowEncoder(sc.sde(), sol, ProbabilityFlowEncoder.Settings.of(tol, tol))
                .encode(x, sc.startTime(), sc.horizon()).points();
    }

    @Test
    void ttEncoderMeetsTheTargetsAndTheEstimateBoundsTheError() {
        Backend be = Backends.byName("openblas");
        String cfgs = System.getProperty("ttfp.accuracyConfigs");
        if (cfgs != null) {
            // eps:t0:half:n:steps,... (for choosing the defaults)
            for (String cfg : cfgs.split(",")) {
                String[] c = cfg.split(":");
                double eps = Double.parseDouble(c[0]), t0 = Double.parseDouble(c[1]);
                Scenario sc = Presets.convexPotential("cfg", cfg, new org.ttfp.fp.density.LavenantSantambrogioPotential(eps),
                        t0, Double.parseDouble(c[2]), Integer.parseInt(c[3]), 30, Integer.parseInt(c[4]));
                Row r = measure(sc, eps, t0, 4, be);
                System.out.println(String.format(Locale.ROOT, "cfg %s: true %.2e estimate %.2e integrator %.2e (%.1f s)",
                        cfg, r.trueError(), r.estimate(), r.integrator(), r.seconds()));
            }
            return;
        }
        if (Boolean.getBoolean("ttfp.accuracyTable")) {
            System.out.println("| eps | t0 | true error | refinement estimate | integrator (tol vs 10 tol) "
                    + "| true / (estimate + integrator) | TT seconds |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (double eps : new double[] {0.05, 0.1, 0.2, 0.25}) {
                for (double t0 : new double[] {0, 0.5, 1}) {
                    Row r = measure(eps, t0, 6, be);
                    System.out.println(String.format(Locale.ROOT, "| %.2f | %.2f | %.2e | %.2e | %.2e | %.2f | %.1f |",
                            r.eps(), r.t0(), r.trueError(), r.estimate(), r.integrator(),
                            r.trueError() / (r.estimate() + r.integrator()), r.seconds()));
                }
            }
            return;
        }
        for (double[] c : new double[][] {{0.1, 0.0}, {0.25, 0.25}}) {
            Row r = measure(c[0], c[1], 2, be);
            double target = c[0] <= 0.1 ? 1e-7 : 1e-6;
            assertTrue(r.trueError() <= target, "eps " + c[0] + " t0 " + c[1] + ": true error " + r.trueError()
                    + " above the target " + target);
            // the verdict counts a deviation up to 3 x the error sum as unresolved, so the sum must
            // bound the true error within that factor (measured: within 1x at 2e-8 and above, 1.5x at
            // 5e-9, where the TT rounding eps = 1e-10 common to both solves is not seen by refinement)
            assertTrue(r.trueError() <= 3 * (r.estimate() + r.integrator()), "eps " + c[0] + " t0 " + c[1]
                    + ": the estimate " + r.estimate() + " + " + r.integrator() + " does not bound the true error "
                    + r.trueError());
        }
    }
}
