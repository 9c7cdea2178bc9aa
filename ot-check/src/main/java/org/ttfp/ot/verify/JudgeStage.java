package org.ttfp.ot.verify;

/**
 * Stage 5 of a verification run: the two typed verdicts from the measured figures. The deviation
 * from an exact OT map is compared with the error budget (the sum of its mean terms: solver,
 * integrator, tail, time interpolation), and Brenier's asymmetry with its floor; see {@link Verdict}
 * for the thresholds and what each outcome means.
 */
final class JudgeStage {
    private JudgeStage() {}

    static Verdict run(MeasureStage.Measures m) {
        return new Verdict(Verdict.judgeDeviation(m.deviation().tt(), m.errors().total(), m.deviation().exactMap()),
                Verdict.judgeGradientMap(m.brenier().asymmetry(), m.brenier().floor()));
    }
}
