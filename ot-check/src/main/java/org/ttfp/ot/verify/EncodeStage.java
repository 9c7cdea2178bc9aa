package org.ttfp.ot.verify;

import org.ttfp.fp.Solution;
import org.ttfp.fp.density.ScoreField;
import org.ttfp.fp.density.ScoreJacobianField;
import org.ttfp.ot.PointSets;
import org.ttfp.ot.ProbabilityFlowEncoder;
import org.ttfp.ot.ScoreJacobians;
import org.ttfp.tt.Cancellation;

/**
 * Stage 3 of a verification run: the probability-flow encoder E from t0 to T of the samples,
 * driven by the TT score, and the encodings the error budget needs — the same encoder at 10× the
 * integrator tolerance, the reference encoder (exact score, or the score of a coarser solve) and,
 * at the first M samples, the Jacobians of Brenier's test.
 *
 * <p>The Jacobians come from the encoder's variational equation, integrated for the first M
 * samples in the same pass as the images ({@link ProbabilityFlowEncoder#encodeWithJacobian}): J
 * with the TT score at tol, at 10·tol and with the reference score; {@code truncationCheck = null}
 * (no difference step, so no step term in the floor). Likewise {@link Encodings#timeInterpolation} carries the per-sample distance
 * between E with the score interpolated in time and E with it evaluated at the exact times, when
 * an encoder estimates it (null: not estimated, or exact in time).
 */
final class EncodeStage {
    private EncodeStage() {}

    /**
     * The scores that drive the encoders.
     *
     * @param tt        the TT solution's score
     * @param reference the exact score, or a coarser solve's
     * @param method    how the reference gives the solver error, in words
     * @param exact     whether {@code reference} is the exact score
     */
    record Scores(ScoreField tt, ScoreField reference, String method, boolean exact) {}

    /**
     * Jacobians at M points, each M row-major d x d matrices with J_ij = ∂E_i/∂x_j at [m·d² + i·d + j].
     *
     * @param count           M
     * @param tt              of the TT encoder
     * @param ttLoose         of the TT encoder at 10× the tolerance
     * @param reference       of the reference encoder
     * @param truncationCheck of the TT encoder with the doubled difference step (null for an exact
     *                        derivative, e.g. the variational equation)
     */
    record Jacobians(int count, double[] tt, double[] ttLoose, double[] reference, double[] truncationCheck) {}

    /**
     * The encodings of the N samples (row-major N x d each).
     *
     * @param tt                E with the TT score at tolerance tol
     * @param ttLoose           the same at 10·tol
     * @param reference         E with the reference score
     * @param timeInterpolation per-sample ‖E_interpolated − E_exact-in-time‖ (null: not estimated)
     * @param jacobians         Brenier's Jacobians (null when M = 0)
     */
    record Encodings(double[] tt, double[] ttLoose, double[] reference, double[] timeInterpolation, Jacobians jacobians) {}

    /**
     * Encodes; see the class comment.
     *
     * @param jacobianPoints M, at most N (0: no Jacobians)
     * @throws java.util.concurrent.CancellationException when {@code cancel} is raised (polled at
     *         every score evaluation)
     */
    static Encodings run(Scenario sc, Scores scores, double[] x, double tol, int jacobianPoints,
            VerificationRunner.Progress progress, Cancellation cancel) {
        int d = sc.dim(), n = x.length / d;
        int m = Math.min(jacobianPoints, n);
        String withJ = m > 0 ? " (Jacobians of the first " + m + " for Brenier's test)" : "";
        progress.stage(sc.name(), "encoding " + n + " samples with the TT score" + withJ);
        Encoder tt = new Encoder(sc, scores.tt(), tol, cancel);
        Encoder ttLoose = new Encoder(sc, scores.tt(), 10 * tol, cancel);
        Encoder ref = new Encoder(sc, scores.reference(), tol, cancel);
        ProbabilityFlowEncoder.Result rTt = tt.encode(x, m);
        ProbabilityFlowEncoder.Result rLoose = ttLoose.encode(x, m);
        progress.stage(sc.name(), "encoding with the reference score (" + scores.method() + ")" + withJ);
        ProbabilityFlowEncoder.Result rRef = ref.encode(x, m);
        double[] eTt = rTt.points(), eLoose = rLoose.points(), eRef = rRef.points();
        Jacobians jac = m > 0 ? new Jacobians(m, rTt.jacobians(), rLoose.jacobians(), rRef.jacobians(), null) : null;
        return new Encodings(eTt, eLoose, eRef, timeInterpolation(sc, scores.tt(), x, eTt, tol, progress, cancel), jac);
    }

    /**
     * Per sample ‖E − E_{S/2}‖, E_{S/2} the encoder on every second snapshot
     * ({@link Solution#everySecondSnapshot}): the time-interpolation term of the error budget for a
     * solution interpolated in time (about 15 times its error for cubic interpolation); null when
     * the score is exact in time or not a solution.
     */
    static double[] timeInterpolation(Scenario sc, ScoreField score, double[] x, double[] eTt, double tol,
            VerificationRunner.Progress progress, Cancellation cancel) {
        if (!(score instanceof Solution sol) || sol.exactInTime() || sol.snapshotCount() < 3) {
            return null;
        }
        progress.stage(sc.name(), "encoding on every second snapshot (time-interpolation estimate)");
        double[] eHalf = new Encoder(sc, sol.everySecondSnapshot(), tol, cancel).encode(x);
        int d = sc.dim(), n = x.length / d;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.sqrt(PointSets.squaredDistance(eTt, i, eHalf, i, d));
        }
        return out;
    }

    /** E from t0 to T of a scenario with one score and tolerance; polls the cancellation at each score evaluation. */
    record Encoder(Scenario sc, ScoreField score, double tol, Cancellation cancel) {
        double[] encode(double[] x) {
            return encoder().encode(x, sc.startTime(), sc.horizon()).points();
        }

        /** E of all points, with the Jacobians of the first m by the variational equation (none for m = 0). */
        ProbabilityFlowEncoder.Result encode(double[] x, int m) {
            ProbabilityFlowEncoder enc = encoder();
            return m > 0 ? enc.encodeWithJacobian(x, sc.startTime(), sc.horizon(), m)
                    : enc.encode(x, sc.startTime(), sc.horizon());
        }

        ProbabilityFlowEncoder encoder() {
            ScoreJacobianField field = ScoreJacobians.of(score);
            ScoreJacobianField checked = new ScoreJacobianField() {
                @Override
                public int dim() {
                    return score.dim();
                }

                @Override
                public void score(double t, double[] pts, int count, double[] out) {
                    cancel.check("while encoding " + sc.name() + " (t = " + t + ")");
                    score.score(t, pts, count, out);
                }

                @Override
                public void scoreAndJacobian(double t, double[] pts, int count, double[] out, double[] jac) {
                    cancel.check("while encoding " + sc.name() + " (t = " + t + ")");
                    field.scoreAndJacobian(t, pts, count, out, jac);
                }
            };
            return new ProbabilityFlowEncoder(sc.sde(), checked, ProbabilityFlowEncoder.Settings.of(tol, tol));
        }
    }
}
