package org.ttfp.fp.solve;

import java.util.Locale;
import java.util.function.UnaryOperator;
import org.ttfp.cross.CrossInfo;
import org.ttfp.cross.StopReason;
import org.ttfp.tt.TensorTrain;

/**
 * Fourth order in time from Strang splitting by Richardson extrapolation, with positive steps
 * only, and an error estimate that can drive adaptive steps.
 *
 * <p><b>Scheme.</b> With S_h the Strang step ({@link StrangSplitPropagator}), one step of size h is
 * <pre>
 *   a = S_h p,   b = S_{h/2} S_{h/2} p,   p ← (4 b − a) / 3.
 * </pre>
 * Strang splitting is symmetric, so its local error is an odd series C₃h³ + C₅h⁵ + …; b has the
 * local error C₃h³/4 + O(h⁵), and the combination cancels the h³ term: local error O(h⁵), global
 * O(h⁴). Every sub-step is a forward Strang step (a diffusion substep never runs backward, unlike
 * compositions of order &gt; 2 with real coefficients). The combination is not positivity
 * preserving: where a and b are tiny and differ, (4b − a)/3 can dip below zero by about ‖b − a‖/3
 * (the solver's negativity check measures it).
 *
 * <p><b>Error estimate.</b> e = ‖b − a‖ / (3‖b‖) estimates the local error of b (the second-order
 * result), an upper estimate of the extrapolated one; it is reported per step and summed into
 * the solution's estimate. <b>Adaptive steps</b> (a tolerance τ): a step is accepted when e ≤ τ,
 * else retried with h·max(0.2, 0.9 (τ/e)^{1/3}); after an accepted step the next step is
 * h·min(2, max(0.2, 0.9 (τ/e)^{1/3})) (e scales like h³), cut to end exactly at the requested
 * time; the first trial step is (t − s)·min(1, τ^{1/3}), and a trial whose characteristics leave the
 * drift's finite range (the callback reports NaN) is retried with a quarter of the step. Without a
 * tolerance each requested interval is one extrapolated step. {@code maxSubsteps} caps the accepted
 * sub-steps of the whole solve.
 *
 * <p><b>Cost</b>: three Strang steps (three TT-crosses) per accepted step, plus the rejected ones.
 * Intermediate results are rounded by {@code round} (the solver's eps and rank cap).
 */
public final class RichardsonPropagator implements Propagator {

    private final Propagator strang;
    private final UnaryOperator<TensorTrain> round;
    private final double tolerance;
    private final int maxSubsteps;
    private double nextStep = Double.NaN;
    private int substepsSoFar;

    /**
     * @param strang      the second-order symmetric propagator S_h
     * @param round       rounding of intermediate TTs
     * @param tolerance   the local error tolerance τ &gt; 0 per step (relative), or NaN for fixed steps
     * @param maxSubsteps the most accepted sub-steps of the whole solve, ≥ 1
     * @throws IllegalArgumentException on a bad argument
     */
    public RichardsonPropagator(Propagator strang, UnaryOperator<TensorTrain> round, double tolerance, int maxSubsteps) {
        if (strang == null || round == null) {
            throw new IllegalArgumentException("strang propagator and rounding must not be null");
        }
        if (!Double.isNaN(tolerance) && !(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("timeTolerance = " + tolerance + ": expected a value in (0, 1) or NaN (fixed steps)");
        }
        if (maxSubsteps < 1) {
            throw new IllegalArgumentException("maxSubsteps = " + maxSubsteps + ": expected >= 1");
        }
        this.strang = strang;
        this.round = round;
        this.tolerance = tolerance;
        this.maxSubsteps = maxSubsteps;
    }

    @Override
    public Advance advance(TensorTrain p, double s, double t, int step) {
        boolean adaptive = !Double.isNaN(tolerance);
        double span = t - s;
        double h = !adaptive ? span : nextStep > 0 ? Math.min(nextStep, span) : span * Math.min(1, Math.cbrt(tolerance));
        double estimate = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        Cross cross = new Cross();
        int accepted = 0;
        double now = s;
        while (now < t) {
            if (t - (now + h) < 1e-9 * span) {
                h = t - now;
            }
            double mid = now + 0.5 * h, end = now + h;
            Advance a, b1, b2;
            try {
                a = strang.advance(p, now, end, step);
                b1 = strang.advance(p, now, mid, step);
                b2 = strang.advance(round.apply(b1.density()), mid, end, step);
            } catch (IllegalArgumentException e) {
                // a step so large that the characteristics left the drift's finite range: retry smaller
                if (!adaptive || h < 1e-6 * span) {
                    throw e;
                }
                h *= 0.25;
                continue;
            }
            cross.add(a.cross()).add(b1.cross()).add(b2.cross());
            TensorTrain ra = round.apply(a.density()), rb = round.apply(b2.density());
            double nb = rb.norm();
            double e = nb > 0 ? rb.subtract(ra).norm() / (3 * nb) : 0;
            double factor = 0.9 * Math.cbrt(tolerance / Math.max(e, 1e-300));
            if (adaptive && e > tolerance && h > 1e-12 * span) {
                h *= Math.max(0.2, Math.min(0.9, factor));
                continue;
            }
            p = round.apply(rb.scale(4.0 / 3).subtract(ra.scale(1.0 / 3)));
            min = Math.min(min, Math.min(a.minValue(), Math.min(b1.minValue(), b2.minValue())));
            max = Math.max(max, Math.max(a.maxValue(), Math.max(b1.maxValue(), b2.maxValue())));
            estimate += e;
            accepted++;
            if (++substepsSoFar > maxSubsteps) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "adaptive time stepping needs more than "
                        + "maxSubsteps = %d steps for timeTolerance = %.2e (at t = %.6g the step is h = %.3e with "
                        + "estimate %.2e): loosen the tolerance or raise the cap", maxSubsteps, tolerance, end, h, e));
            }
            now = end;
            if (adaptive) {
                nextStep = h * Math.max(0.2, Math.min(2.0, factor));
                h = Math.min(nextStep, t - now);
            }
        }
        return new Advance(p, cross.info(), min, max, estimate, accepted);
    }

    @Override
    public String name() {
        return "Richardson-extrapolated Strang split";
    }

    /** The crosses of one step, summed. */
    private static final class Cross {
        long evaluations;
        long hits;
        int sweeps;
        double change;
        int rank;
        boolean converged = true;
        double validation;
        double seconds;
        boolean any;

        Cross add(CrossInfo c) {
            if (c != null) {
                any = true;
                evaluations += c.evaluations();
                hits += c.cacheHits();
                sweeps = Math.max(sweeps, c.sweeps());
                change = Math.max(change, c.lastChange());
                rank = Math.max(rank, c.maxRank());
                converged &= c.converged();
                validation = Math.max(validation, c.validationError());
                seconds += c.seconds();
            }
            return this;
        }

        CrossInfo info() {
            return any ? new CrossInfo(evaluations, hits, sweeps, change, rank,
                    converged ? StopReason.CONVERGED : StopReason.MAX_SWEEPS, validation, seconds) : null;
        }
    }
}
