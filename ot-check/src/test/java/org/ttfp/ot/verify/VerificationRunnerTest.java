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
        assertTrue(r.deviation().tt().max() < 1e-4, "max deviation " + r.deviation().tt().max());
        assertTrue(r.deviation().tt().mean() < 1e-5, "mean deviation " + r.deviation().tt().mean());
        // the exact-score encoder is the OT map to integrator accuracy
        assertTrue(r.deviation().exactScore().max() < 1e-6, "exact-score deviation " + r.deviation().exactScore().max());
        assertEquals(1.0, r.paper().tt().identityFraction());
        assertEquals(0.0, r.paper().tt().relativeGap(), 1e-12);
        assertTrue(r.paper().tt().dualityGap() < 1e-9);
        assertTrue(r.brenier().asymmetry().mean() < 1e-5, "asymmetry " + r.brenier().asymmetry().mean());
        assertTrue(r.brenier().minEigenvalue().mean() > 0);
        assertEquals(Verdict.Deviation.EQUAL_WITHIN_ERROR, r.verdict().deviation().outcome(), r.verdict().text());
        assertEquals(Verdict.GradientMap.SYMMETRIC_WITHIN_FLOOR, r.verdict().gradientMap().outcome(), r.verdict().text());
    }

    @Test
    void gaussianFromALaterStartTimeAndOtherSdes() {
        for (String sde : new String[] {"subvp", "ou"}) {
            Scenario sc = Presets.gaussian(2, Presets.sde(sde, 2), 56, 20, 100, 0.3, 5);
            ScenarioResult r = VerificationRunner.run(sc, settings(100, 0), VerificationRunner.Progress.NONE, () -> false)
                    .result();
            assertTrue(r.deviation().tt().max() < 1e-4, sde + ": max deviation " + r.deviation().tt().max());
            assertEquals(0, r.brenier().asymmetry().count());
        }
    }

    @Test
    void lavenantSantambrogioDensityDeviatesFromItsBrenierMapBeyondTheNumericalErrors() {
        Scenario sc = Presets.convexPotential("ls", "eps=0.2", new LavenantSantambrogioPotential(0.2), 0.0, 6.0, 128, 30,
                400);
        ScenarioResult r = VerificationRunner.run(sc, settings(150, 6), VerificationRunner.Progress.NONE, () -> false).result();
        assertTrue(r.errors().solverMethod().startsWith("refinement"), r.errors().solverMethod());
        double errors = r.errors().solver().mean() + r.errors().integrator().mean() + r.errors().tail().mean();
        assertTrue(Double.isFinite(errors) && errors > 0, "errors " + errors);
        // the deviation is measured and far above what the numerics can produce
        assertTrue(r.deviation().tt().mean() > 10 * errors, "deviation " + r.deviation().tt().mean() + " vs errors " + errors);
        assertTrue(r.brenier().asymmetry().mean() > 10 * r.brenier().floor().mean(),
                "asymmetry " + r.brenier().asymmetry().mean() + " floor " + r.brenier().floor().mean());
        // ... while the paper's discrete test cannot see it
        assertEquals(1.0, r.paper().tt().identityFraction());
        assertEquals(Verdict.Deviation.DIFFERENT_RESOLVED, r.verdict().deviation().outcome(), r.verdict().text());
        assertEquals(Verdict.GradientMap.NOT_A_GRADIENT_MAP, r.verdict().gradientMap().outcome(), r.verdict().text());
        // the verdict compares the numbers it reports
        assertEquals(r.deviation().tt().mean(), r.verdict().deviation().deviation());
        assertEquals(r.errors().total(), r.verdict().deviation().errors(), 1e-15);
    }

    @Test
    void coupledQuarticDensityInFiveDimensionsIsMeasuredWithItsRefinementError() {
        Scenario sc = Presets.convexPotential("cq5", "a=0.02 eps=0.1",
                new org.ttfp.fp.density.CoupledQuarticPotential(5, 0.02, 0.1), 0.0, 6.0, 56, 20, 200);
        ScenarioResult r = VerificationRunner.run(sc, settings(60, 3), VerificationRunner.Progress.NONE, () -> false).result();
        assertEquals(5, r.dim());
        assertTrue(r.errors().solverMethod().startsWith("refinement: n=42, 100 steps"), r.errors().solverMethod());
        double errors = r.errors().solver().mean() + r.errors().integrator().mean() + r.errors().tail().mean();
        assertTrue(errors > 0 && errors < 5e-3, "errors " + errors);
        assertTrue(r.deviation().tt().mean() > 3 * errors, "deviation " + r.deviation().tt().mean() + " vs errors " + errors);
        assertEquals(3, r.brenier().asymmetry().count());
    }

    @Test
    void verdictWeighsDeviationAgainstTheErrorsAndIgnoresSampleEstimates() {
        Stat small = new Stat(1e-6, 1e-7, 1e-6, 2e-6, 10);
        Stat big = new Stat(1e-2, 1e-3, 1e-2, 2e-2, 10);
        assertEquals(Verdict.Deviation.DIFFERENT_RESOLVED, Verdict.judgeDeviation(big, 2e-6, true).outcome());
        assertEquals(Verdict.Deviation.EQUAL_WITHIN_ERROR, Verdict.judgeDeviation(small, 2e-6, true).outcome());
        Verdict.DeviationVerdict between = Verdict.judgeDeviation(new Stat(1e-5, 0, 0, 0, 10), 2e-6, true);
        assertEquals(Verdict.Deviation.NOT_RESOLVED, between.outcome());
        assertEquals(1e-5, between.deviation());
        assertEquals(2e-6, between.errors());
        // a deviation from a sample estimate (no exact map) does not decide; Brenier's test decides on its own
        assertEquals(Verdict.Deviation.NO_EXACT_MAP, Verdict.judgeDeviation(big, 2e-6, false).outcome());
        assertEquals(Verdict.GradientMap.NOT_A_GRADIENT_MAP, Verdict.judgeGradientMap(big, small).outcome());
        assertEquals(Verdict.GradientMap.SYMMETRIC_WITHIN_FLOOR, Verdict.judgeGradientMap(small, small).outcome());
        assertEquals(Verdict.GradientMap.NOT_TESTED, Verdict.judgeGradientMap(Stat.NONE, Stat.NONE).outcome());
    }

    /** Errors as large as the deviation (e.g. one time step) resolve nothing: never "within numerical error". */
    @Test
    void largeErrorsLeaveTheDeviationUnresolved() {
        Stat dev = new Stat(0.573, 0.01, 0.5, 1.2, 50);
        Verdict.DeviationVerdict v = Verdict.judgeDeviation(dev, 0.573, true);
        assertEquals(Verdict.Deviation.NOT_RESOLVED, v.outcome(), v.text());
        assertTrue(v.text().contains("errors above"), v.text());
        // just inside the resolving limit, a deviation at the error level is equality within error
        assertEquals(Verdict.Deviation.EQUAL_WITHIN_ERROR,
                Verdict.judgeDeviation(new Stat(0.02, 0, 0, 0, 5), Verdict.MAX_RESOLVING_ERROR, true).outcome());
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
