package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ttfp.linalg.Backends;
import org.ttfp.fp.density.LavenantSantambrogioPotential;

/** End-to-end verification runs on small cases with known answers. */
class VerificationRunnerTest {

    static VerificationRunner.Settings settings(int samples, int jacobianPoints) {
        return new VerificationRunner.Settings(samples, jacobianPoints, 1e-4, 1e-8, 0.75, 1e-3, 7, Backends.defaultBackend());
    }

    @Test
    void gaussianEncoderEqualsTheClosedFormOtMap() {
        Scenario sc = Presets.gaussian(2, Presets.sde("vp", 2), 56, 20, 100, 0.0, 3);
        ScenarioResult r = VerificationRunner.run(sc, settings(200, 6), VerificationRunner.Progress.NONE, () -> false).result();
        // the TT encoder against the closed-form OT map: below 1e-4 at every sample
        assertTrue(r.deviation().max() < 1e-4, "max deviation " + r.deviation().max());
        assertTrue(r.deviation().mean() < 1e-5, "mean deviation " + r.deviation().mean());
        // the exact-score encoder is the OT map to integrator accuracy
        assertTrue(r.deviationExactScore().max() < 1e-6, "exact-score deviation " + r.deviationExactScore().max());
        assertEquals(1.0, r.paper().identityFraction());
        assertEquals(0.0, r.paper().relativeGap(), 1e-12);
        assertTrue(r.paper().dualityGap() < 1e-9);
        assertTrue(r.brenierAsymmetry().mean() < 1e-5, "asymmetry " + r.brenierAsymmetry().mean());
        assertTrue(r.brenierMinEigenvalue().mean() > 0);
        assertTrue(r.verdict().startsWith("E = OT within numerical error"), r.verdict());
    }

    @Test
    void gaussianFromALaterStartTimeAndOtherSdes() {
        for (String sde : new String[] {"subvp", "ou"}) {
            Scenario sc = Presets.gaussian(2, Presets.sde(sde, 2), 56, 20, 100, 0.3, 5);
            ScenarioResult r = VerificationRunner.run(sc, settings(100, 0), VerificationRunner.Progress.NONE, () -> false)
                    .result();
            assertTrue(r.deviation().max() < 1e-4, sde + ": max deviation " + r.deviation().max());
            assertEquals(0, r.brenierAsymmetry().count());
        }
    }

    @Test
    void lavenantSantambrogioDensityDeviatesFromItsBrenierMapBeyondTheNumericalErrors() {
        Scenario sc = Presets.convexPotential("ls", "eps=0.2", new LavenantSantambrogioPotential(0.2), 0.0, 6.0, 128, 30,
                400);
        ScenarioResult r = VerificationRunner.run(sc, settings(150, 6), VerificationRunner.Progress.NONE, () -> false).result();
        assertTrue(r.solverErrorMethod().startsWith("refinement"), r.solverErrorMethod());
        double errors = r.solverError().mean() + r.integratorError().mean() + r.tail().mean();
        assertTrue(Double.isFinite(errors) && errors > 0, "errors " + errors);
        // the deviation is measured and far above what the numerics can produce
        assertTrue(r.deviation().mean() > 10 * errors, "deviation " + r.deviation().mean() + " vs errors " + errors);
        assertTrue(r.brenierAsymmetry().mean() > 10 * r.brenierFloor().mean(),
                "asymmetry " + r.brenierAsymmetry().mean() + " floor " + r.brenierFloor().mean());
        // ... while the paper's discrete test cannot see it
        assertEquals(1.0, r.paper().identityFraction());
        assertTrue(r.verdict().startsWith("E != OT, resolved"), r.verdict());
    }

    @Test
    void coupledQuarticDensityInFiveDimensionsIsMeasuredWithItsRefinementError() {
        Scenario sc = Presets.convexPotential("cq5", "a=0.02 eps=0.1",
                new org.ttfp.fp.density.CoupledQuarticPotential(5, 0.02, 0.1), 0.0, 6.0, 56, 20, 200);
        ScenarioResult r = VerificationRunner.run(sc, settings(60, 3), VerificationRunner.Progress.NONE, () -> false).result();
        assertEquals(5, r.dim());
        assertTrue(r.solverErrorMethod().startsWith("refinement: n=42, 100 steps"), r.solverErrorMethod());
        double errors = r.solverError().mean() + r.integratorError().mean() + r.tail().mean();
        assertTrue(errors > 0 && errors < 5e-3, "errors " + errors);
        assertTrue(r.deviation().mean() > 3 * errors, "deviation " + r.deviation().mean() + " vs errors " + errors);
        assertEquals(3, r.brenierAsymmetry().count());
    }

    @Test
    void verdictWeighsDeviationAgainstTheErrorsAndIgnoresSampleEstimates() {
        Stat small = new Stat(1e-6, 1e-7, 1e-6, 2e-6, 10);
        Stat big = new Stat(1e-2, 1e-3, 1e-2, 2e-2, 10);
        assertTrue(VerificationRunner.verdict(big, small, small, Stat.NONE, Stat.NONE, Stat.NONE, true)
                .startsWith("E != OT, resolved"));
        assertTrue(VerificationRunner.verdict(small, small, small, Stat.NONE, Stat.NONE, Stat.NONE, true)
                .startsWith("E = OT within numerical error"));
        assertTrue(VerificationRunner.verdict(new Stat(1e-5, 0, 0, 0, 10), small, small, Stat.NONE, Stat.NONE, Stat.NONE,
                true).contains("not resolved"));
        // a deviation from a sample estimate (no exact map) does not decide; Brenier's test does
        String v = VerificationRunner.verdict(big, small, small, Stat.NONE, big, small, false);
        assertTrue(v.startsWith("Jacobian asymmetric"), v);
    }

    @Test
    void cancellationStopsTheRun() {
        Scenario sc = Presets.gaussian(2, Presets.sde("vp", 2), 40, 20, 20, 0.0, 3);
        assertThrows(VerificationRunner.CancelledException.class,
                () -> VerificationRunner.run(sc, settings(50, 0), VerificationRunner.Progress.NONE, () -> true));
    }

    @Test
    void badSettingsAreRefused() {
        assertMessage(() -> settings(1, 0), "samples");
        assertMessage(() -> new VerificationRunner.Settings(10, -1, 1e-4, 1e-8, 0.75, 1e-3, 1, Backends.defaultBackend()),
                "jacobianPoints");
        assertMessage(() -> new VerificationRunner.Settings(10, 1, 1e-4, 0, 0.75, 1e-3, 1, Backends.defaultBackend()),
                "integratorTolerance");
        assertMessage(() -> new VerificationRunner.Settings(10, 1, 1e-4, 1e-8, 1.5, 1e-3, 1, Backends.defaultBackend()),
                "refineFactor");
        assertMessage(() -> new VerificationRunner.Settings(10, 1, 1e-4, 1e-8, 0.5, 1.0, 1, Backends.defaultBackend()),
                "densityFloor");
        assertMessage(() -> Presets.build("nope", new Presets.Options(null, null, 0, 0, 0, null, null, 1, 1)), "unknown preset");
        assertMessage(() -> Presets.build("gaussian", new Presets.Options(new int[] {0}, null, 0, 0, 0, null, null, 1, 1)),
                "dimensions");
        assertMessage(() -> Presets.sde("heat", 2), "unknown SDE");
        assertMessage(() -> Presets.counterexample(1.5, 0, 32, 10, 10), "epsilon");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should mention '" + part + "'");
    }
}
