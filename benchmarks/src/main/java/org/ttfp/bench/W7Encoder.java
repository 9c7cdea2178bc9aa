package org.ttfp.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ttfp.fp.FpMethod;
import org.ttfp.fp.FpProblem;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.Solution;
import org.ttfp.linalg.Backend;
import org.ttfp.ot.ProbabilityFlowEncoder;

/**
 * W7: the encoder of 10^4 samples through the probability-flow ODE using the solved density, d = 3,
 * 10 and 30 (docs/workloads.md). Figure: samples per second, and the error against the encoder driven by
 * the exact score.
 *
 * <p><b>Set-up</b> (not timed): the W6 problem ({@link W6FpSolve}: VP-SDE, the suite's mixture,
 * 64 nodes on [−8, 8]^d) solved on the exact path with {@value #STEPS} steps and a snapshot after
 * every step (for this linear SDE the Solution evaluates p_t exactly in time, propagating the nearest
 * earlier snapshot);
 * 10^4 samples of p0 drawn with seed {@link #SEED}.
 *
 * <p><b>Timed part</b> ({@link #encode}): {@link ProbabilityFlowEncoder#encode} from t0 = 0 to
 * T = 1 with the score ∇log p_t of the {@link Solution} (spectral derivative of the TT), Dormand–
 * Prince 8(5,3) with absolute and relative tolerance {@value #TOLERANCE}, the whole batch as one
 * ODE system, in the encoder's default time variable ({@code TimeVariable.AUTO}: physical time for
 * VP). The figure reports the accepted steps and the batched score evaluations.
 *
 * <p><b>Error</b>: the same samples through the same integrator with the exact score of the
 * evolved mixture ({@link GaussianMixture#scoreField}); reported as RMS_s |x_s − x*_s| /
 * RMS_s |x*_s| (x* the exact-score images). It measures the solved density's score error carried
 * through the flow plus the integrator's tolerance.
 */
public final class W7Encoder {
    /** Number of samples of the reference workload. */
    public static final int SAMPLES = 10_000;
    /** Steps of the density solve (snapshots after each). */
    public static final int STEPS = 100;
    /** Absolute and relative tolerance of the ODE integrator. */
    public static final double TOLERANCE = 1e-8;
    /** Seed of the samples. */
    public static final long SEED = 70_07L;

    private W7Encoder() {}

    /** The solved density of the W6 problem in d dimensions on the exact path with a snapshot per step. */
    public static Solution density(Backend backend, int d, int nodes, int steps) {
        FpProblem pr = W6FpSolve.problem(backend, d, nodes, steps, FpMethod.EXACT, true);
        return W6FpSolve.solve(pr, W6FpSolve.settings(backend, FpMethod.EXACT));
    }

    /** {@code count} samples of p0 (row-major count x d) from {@link #SEED}. */
    public static double[] samples(int d, int count) {
        Workloads.checkSize("count", count, 1);
        return W6FpSolve.mixture(d).sample(new SplittableRandom(SEED), count);
    }

    /** The integrator settings: Dormand–Prince 8(5,3) with tolerances {@value #TOLERANCE}. */
    public static ProbabilityFlowEncoder.Settings settings() {
        return ProbabilityFlowEncoder.Settings.of(TOLERANCE, TOLERANCE);
    }

    /** The timed part: encode x from 0 to T with the solved density's score. */
    public static ProbabilityFlowEncoder.Result encode(Solution density, double[] x) {
        ProbabilityFlowEncoder enc = new ProbabilityFlowEncoder(W6FpSolve.sde(density.dim()), density, settings());
        return enc.encode(x, 0, W6FpSolve.T);
    }

    /** The reference: the same encoder with the exact score of the evolved mixture. */
    public static ProbabilityFlowEncoder.Result encodeExact(int d, double[] x) {
        GaussianMixture p0 = W6FpSolve.mixture(d);
        ProbabilityFlowEncoder enc = new ProbabilityFlowEncoder(W6FpSolve.sde(d), p0.scoreField(W6FpSolve.sde(d)), settings());
        return enc.encode(x, 0, W6FpSolve.T);
    }

    /** The figure: samples per call (for samples/s), the error against {@link #encodeExact} (checked ≤ 1e−3). */
    public static Figure figure(int d, double[] x, ProbabilityFlowEncoder.Result got) {
        ProbabilityFlowEncoder.Result ref = encodeExact(d, x);
        int n = got.count();
        double err = Workloads.relativeDistance(got.points(), ref.points());
        return Figure.of(String.format(Locale.ROOT,
                        "%d samples, d=%d: rel. error %.2e vs exact score, %d steps, %d score calls (exact: %d)",
                        n, d, err, got.steps(), got.scoreEvaluations(), ref.scoreEvaluations()))
                .withRate(n, "samples/s")
                .withValue("relError", err)
                .withValue("scoreEvaluations", got.scoreEvaluations())
                .withValue("steps", got.steps())
                .withCheck("accuracy", err <= 1e-3, String.format(Locale.ROOT,
                        "RMS |x − x*| / RMS |x*| = %.2e <= 1e-3 against the exact-score encoder", err));
    }

    /** The whole workload once (density solved with {@code nodes} and {@code steps}, then {@code count} samples encoded). */
    public static Workloads.Result run(Backend backend, int d, int nodes, int steps, int count) {
        Solution sol = density(backend, d, nodes, steps);
        double[] x = samples(d, count);
        long t0 = System.nanoTime();
        ProbabilityFlowEncoder.Result r = encode(sol, x);
        double sec = (System.nanoTime() - t0) * 1e-9;
        return new Workloads.Result("W7", sec, figure(d, x, r));
    }
}
