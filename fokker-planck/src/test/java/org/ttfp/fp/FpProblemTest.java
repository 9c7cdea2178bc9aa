package org.ttfp.fp;

import org.ttfp.fp.density.DensityFunction;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.sde.CallbackSde;
import org.ttfp.fp.sde.DoubleWellSde;
import org.ttfp.fp.sde.OuSde;
import org.ttfp.fp.sde.Sde;
import org.ttfp.fp.sde.VeSde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.TensorTrain;

/** Validation of problems ("Bad input" of the issue) and the solver's health checks, listener and cancellation. */
class FpProblemTest {

    static final GaussianMixture G2 = GaussianMixture.gaussian(new double[] {0.3, -0.2}, new double[] {0.8, 0.1, 0.1, 0.7});
    static final ChebyshevBox BOX = ChebyshevBox.cube(2, -7, 7, 40);

    static FpProblem.Builder base(Sde sde) {
        return FpProblem.builder(sde, BOX).initial(G2).finalTime(1).steps(4);
    }

    static void refused(Supplier<Object> action, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::get);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "message '" + e.getMessage() + "' lacks '" + w + "'");
        }
    }

    @Test
    void refusesBadArguments() {
        OuSde ou = OuSde.paper(2);
        refused(() -> FpProblem.builder(OuSde.paper(3), BOX).initial(G2).finalTime(1).steps(2).build(), "sde.dim()", "box.dim()");
        refused(() -> FpProblem.builder(ou, ChebyshevBox.cube(2, -7, 7, 2)).initial(G2).finalTime(1).steps(2).build(),
                "n = 2", "n >= 3");
        refused(() -> base(ou).timeStep(0).build(), "timeStep");
        refused(() -> base(ou).timeStep(-0.1).build(), "timeStep");
        refused(() -> base(ou).timeStep(1.5).build(), "timeStep", "larger than finalTime");
        refused(() -> base(ou).steps(0).build(), "steps");
        refused(() -> base(ou).finalTime(Double.NaN).build(), "finalTime");
        refused(() -> FpSolver.Settings.defaults().withMaxRank(0), "maxRank");
        refused(() -> FpSolver.Settings.defaults().withEps(1.5), "eps");
        refused(() -> FpSolver.Settings.defaults().withMassTolerance(-1), "massTolerance");
        refused(() -> FpSolver.Settings.defaults().withMethod(null), "method");
        refused(() -> FpSolver.solve(base(ou).build(), null), "settings");
        refused(() -> base(ou).steps(2_000_000_000).build(), "steps = 2000000000", "MAX_STEPS = 10000000");
        refused(() -> base(ou).timeStep(1e-12).build(), "timeStep", "MAX_STEPS");
        refused(() -> base(ou).snapshotTimes(0.5, 2.0).build(), "snapshotTimes[1]");
        refused(() -> FpProblem.builder(ou, BOX).finalTime(1).steps(2).build(), "initial density");
        refused(() -> base(ou).initial(GaussianMixture.gaussian(new double[] {0}, new double[] {1})).build(), "dimension");
        FpProblem well = base(new DoubleWellSde(2, 0.3, 1)).build();
        refused(() -> FpSolver.solve(well, FpSolver.Settings.defaults().withMethod(FpMethod.EXACT)), "EXACT");
        refused(() -> FpSolver.solve(well, FpSolver.Settings.defaults().withCompareWithExact(true)), "compareWithExact");
        refused(() -> FpProblem.builder(null, BOX).build(), "sde");
        refused(() -> FpProblem.builder(ou, null).build(), "box");
    }

    @Test
    void refusesBadDriftAndDiffusion() {
        CallbackSde.Field ok = (t, x, n) -> {
            double[] f = new double[2 * n];
            for (int j = 0; j < 2 * n; j++) {
                f[j] = -x[j];
            }
            return f;
        };
        CallbackSde wrongShape = CallbackSde.isotropic(2, (t, x, n) -> new double[3 * n], null, t -> 1.0, null);
        refused(() -> base(wrongShape).build(), "drift", "length");
        CallbackSde nan = CallbackSde.isotropic(2, (t, x, n) -> {
            double[] f = ok.apply(t, x, n);
            if (t > 0.4) {
                f[0] = Double.NaN;
            }
            return f;
        }, null, t -> 1.0, null);
        refused(() -> base(nan).build(), "drift", "NaN");
        CallbackSde inf = CallbackSde.isotropic(2, ok, (t, x, n) -> new double[] {Double.POSITIVE_INFINITY}, t -> 1.0, null);
        refused(() -> base(inf).build(), "divergence");
        CallbackSde negative = CallbackSde.isotropic(2, ok, null, t -> 1 - 2 * t, null);
        refused(() -> base(negative).build(), "diffusion", "expected");
        // a drift that is finite at the probe points but not along a characteristic is caught during the solve
        CallbackSde late = CallbackSde.isotropic(2, (t, x, n) -> {
            double[] f = ok.apply(t, x, n);
            for (int j = 0; j < 2 * n; j++) {
                if (Math.abs(x[j]) > 7.01) {
                    f[j] = Double.NaN;
                }
            }
            return f;
        }, null, t -> 1.0, null);
        FpProblem p = FpProblem.builder(late, BOX).initial(G2).finalTime(0.5).steps(2).build();
        refused(() -> FpSolver.solve(p), "drift", "NaN");
    }

    /** A box that cuts off initial mass is refused with the mass lost; so is a callback that does not vanish on it. */
    @Test
    void refusesBoxThatCutsOffMass() {
        ChebyshevBox small = ChebyshevBox.cube(2, -2.5, 2.5, 40);
        FpProblem p = FpProblem.builder(OuSde.paper(2), small).initial(G2).finalTime(1).steps(2).build();
        refused(() -> FpSolver.solve(p), "box cuts off", "of the initial mass", "boxMassTolerance",
                "likely cause: the box is too small");
        // a default box that holds the density, but a rank cap of 1: the message names the rank, not the box
        FpProblem fine = FpProblem.builder(OuSde.paper(2), BOX).initial(G2).finalTime(1).steps(2).build();
        refused(() -> FpSolver.solve(fine, FpSolver.Settings.defaults().withMaxRank(1)), "the box is not the cause",
                "likely cause: the rank cap 1 is too low");
        // a grid too coarse for the density: the message names the grid
        FpProblem coarse = FpProblem.builder(OuSde.paper(2), ChebyshevBox.cube(2, -7, 7, 8)).initial(G2).finalTime(1)
                .steps(2).build();
        refused(() -> FpSolver.solve(coarse), "the box is not the cause", "likely cause: the grid is too coarse");
        DensityFunction flat = (x, n, out) -> {
            for (int s = 0; s < n; s++) {
                out[s] = Math.exp(-0.1 * (x[2 * s] * x[2 * s]) - x[2 * s + 1] * x[2 * s + 1]);
            }
        };
        FpProblem q = FpProblem.builder(OuSde.paper(2), BOX).initial(InitialDensity.of(flat, 2, false)).finalTime(1)
                .steps(2).build();
        refused(() -> FpSolver.solve(q), "axis 0", "boundary");
    }

    /** An unnormalised callback is normalised on the box; grid values are used as given. */
    @Test
    void initialDensityForms() {
        DensityFunction twice = (x, n, out) -> {
            G2.density(x, n, out);
            for (int s = 0; s < n; s++) {
                out[s] *= 2;
            }
        };
        FpProblem p = FpProblem.builder(OuSde.paper(2), BOX).initial(InitialDensity.of(twice, 2, false)).finalTime(0.5)
                .steps(1).build();
        Solution s = FpSolver.solve(p);
        assertEquals(1.0, s.mass(0), 1e-9);
        TensorTrain values = s.snapshot(0);
        FpProblem q = FpProblem.builder(OuSde.paper(2), BOX).initial(InitialDensity.of(values)).finalTime(0.5).steps(1)
                .build();
        Solution sq = FpSolver.solve(q);
        assertEquals(s.finalDensity().subtract(sq.finalDensity()).norm(), 0.0, 1e-12);
        assertEquals(null, sq.initialCross());
        FpProblem wrong = FpProblem.builder(OuSde.paper(2), ChebyshevBox.cube(2, -7, 7, 30))
                .initial(InitialDensity.of(values)).finalTime(0.5).steps(1).build();
        refused(() -> FpSolver.solve(wrong), "mode sizes");
        refused(() -> InitialDensity.of((DensityFunction) null, 2, true), "callback");
        // a callback with a hint mixture (cross warm-started from its separable surrogate) equals the mixture form
        FpProblem h = FpProblem.builder(OuSde.paper(2), BOX).initial(InitialDensity.of(G2::density, 2, true, G2))
                .finalTime(0.5).steps(1).build();
        Solution sh = FpSolver.solve(h);
        FpProblem m = FpProblem.builder(OuSde.paper(2), BOX).initial(G2).finalTime(0.5).steps(1).build();
        Solution sm = FpSolver.solve(m);
        double diff = sh.snapshot(0).subtract(sm.snapshot(0)).norm() / sm.snapshot(0).norm();
        assertTrue(diff < 1e-8, "difference " + diff);
        refused(() -> InitialDensity.of(G2::density, 3, true, G2), "hint");
    }

    /** A density leaving the box makes the mass drift: the solve stops with the diagnostics so far. */
    @Test
    void stopsWhenMassDrifts() {
        FpProblem p = FpProblem.builder(new VeSde(2, 0.01, 10, 1), BOX).initial(G2).finalTime(1).steps(10).build();
        FpSolveException e = assertThrows(FpSolveException.class, () -> FpSolver.solve(p));
        assertTrue(e.getMessage().contains("mass drifted"), e.getMessage());
        assertTrue(e.getMessage().contains("likely cause: the box is too small"), e.getMessage());
        StepDiagnostics last = e.diagnostics().get(e.diagnostics().size() - 1);
        assertTrue(Math.abs(last.massDrift()) > FpSolver.Settings.DEFAULT_MASS_TOLERANCE, last.toString());
        assertNotNull(e.partial());
        assertEquals(e.diagnostics().size() - 1, e.partial().snapshotCount());
    }

    /** A density that is negative beyond round-off stops the solve. */
    @Test
    void stopsWhenDensityIsNegative() {
        double[] x = BOX.axis(0).nodes();
        double[] v = new double[x.length];
        double[] u = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            v[j] = Math.exp(-x[j] * x[j]) - 0.01 * Math.exp(-(x[j] - 3) * (x[j] - 3));
            u[j] = Math.exp(-x[j] * x[j]);
        }
        TensorTrain bad = TensorTrain.rankOne(Backends.defaultBackend(), v, u);
        FpProblem p = FpProblem.builder(OuSde.paper(2), BOX).initial(InitialDensity.of(bad)).finalTime(1).steps(2).build();
        FpSolveException e = assertThrows(FpSolveException.class, () -> FpSolver.solve(p));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        assertTrue(e.diagnostics().get(0).negativity() > 1e-3);
        assertEquals(null, e.partial());
    }

    @Test
    void listenerAndCancellation() {
        List<Integer> seen = new ArrayList<>();
        FpProblem p = FpProblem.builder(new DoubleWellSde(2, 0.3, 1.0), ChebyshevBox.cube(2, -3.5, 3.5, 48))
                .initial(GaussianMixture.gaussian(new double[] {0, 0}, new double[] {0.3, 0, 0, 0.3})).finalTime(0.25)
                .steps(5).build();
        FpSolver.Settings st = FpSolver.Settings.defaults().withCharacteristicSubsteps(2).withBoxMassTolerance(1e-6);
        Solution s = FpSolver.solve(p, st, (dg, density, total) -> {
            assertEquals(5, total);
            seen.add(dg.step());
        }, null);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), seen);
        assertEquals(6, s.snapshotCount());
        int[] polls = {0};
        assertThrows(CancellationException.class, () -> FpSolver.solve(p, st, null, () -> ++polls[0] > 3));
        List<Integer> partial = new ArrayList<>();
        boolean[] stop = {false};
        assertThrows(CancellationException.class, () -> FpSolver.solve(p, st, (dg, density, total) -> {
            partial.add(dg.step());
            stop[0] = dg.step() == 2;
        }, () -> stop[0]));
        assertEquals(List.of(0, 1, 2), partial);
    }

    @Test
    void timeGridMergesSnapshotTimes() {
        FpProblem p = base(OuSde.paper(2)).snapshotTimes(0.3, 0.5).build();
        assertArrayEquals(new double[] {0, 0.25, 0.3, 0.5, 0.75, 1.0}, p.times(), 1e-15);
        assertTrue(p.isSnapshot(0) && p.isSnapshot(2) && p.isSnapshot(3));
        assertTrue(!p.isSnapshot(1) && !p.isSnapshot(4) && !p.isSnapshot(5));
        FpProblem q = base(OuSde.paper(2)).timeStep(0.3).build();
        assertEquals(4, q.steps());
        FpProblem r = base(OuSde.paper(2)).timeStep(0.25).snapshotEvery(3).build();
        assertEquals(4, r.steps());
        assertTrue(r.isSnapshot(0) && r.isSnapshot(3) && r.isSnapshot(4) && !r.isSnapshot(1));
    }

    /** A grid of 10⁷ steps is stored without per-step objects; its times agree with the formula. */
    @Test
    void largeTimeGridHasNoPerStepStorage() {
        FpProblem p = base(OuSde.paper(2)).steps(FpProblem.MAX_STEPS).snapshotTimes(0.30000005, 1.0 / 3).build();
        TimeGrid g = p.timeGrid();
        assertEquals(FpProblem.MAX_STEPS + 2, g.steps());
        assertEquals(3, g.snapshotCount());
        int k = 3_000_001; // the inserted step end, after the uniform ones 0, 1e-7, ..., 0.3
        assertEquals(0.30000005, g.time(k), 0);
        assertEquals(0.3, g.time(k - 1), 1e-15);
        assertEquals(0.3000001, g.time(k + 1), 1e-15);
        assertTrue(g.isSnapshot(0) && g.isSnapshot(k) && !g.isSnapshot(k + 1));
        assertEquals(1.0, g.time(g.steps()), 0);
        double prev = -1;
        for (int j = 0; j <= g.steps(); j += 1 + j / 3) {
            assertTrue(g.time(j) > prev, "step end " + j);
            prev = g.time(j);
        }
        // the snapshots of every step would not fit in the heap: refused before anything is computed
        FpProblem all = base(OuSde.paper(2)).steps(FpProblem.MAX_STEPS).build();
        long heap = Runtime.getRuntime().maxMemory();
        if (heap / 2 < (FpProblem.MAX_STEPS + 1L) * 2 * 40 * 8) {
            refused(() -> FpSolver.solve(all), "snapshots", "steps = 10000000", "heap");
        }
    }
}
