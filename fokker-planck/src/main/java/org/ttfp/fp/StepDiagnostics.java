package org.ttfp.fp;

import java.util.Locale;

/**
 * What one time step of {@link FpSolver} did and how healthy its result is.
 *
 * @param step             1-based step number (0 describes the initial density)
 * @param time             the time t_k reached by the step
 * @param stepSize         t_k − t_{k−1} (0 for step 0)
 * @param maxRank          the largest TT rank of the density after rounding
 * @param mass             ∫_box p(x, t_k) dx (Clenshaw–Curtis, exact for the interpolant)
 * @param massDrift        mass / mass(t_0) − 1
 * @param minValue         the smallest density value seen: over {@code FpSolver.Settings.negativitySamples()}
 *                         random grid points and every value the step's TT-cross evaluated (an
 *                         estimate, not a bound)
 * @param negativity       max(0, −minValue) / scale, scale = a lower estimate of max p (the
 *                         largest sampled value, the value at the grid point nearest the mean and
 *                         ∫p²/∫p); round-off level in a healthy solve
 * @param crossEvaluations function evaluations of the step's TT-cross (0 on the exact path)
 * @param crossSweeps      sweeps of that cross (0 on the exact path)
 * @param crossConverged   whether that cross met its tolerance (true on the exact path)
 * @param seconds          wall-clock time of the step, diagnostics included
 * @param exactDifference  ‖p_split − p_exact‖ / ‖p_exact‖ in the discrete L2 norm (Clenshaw–Curtis
 *                         weights) between the split solution and the exact separable propagator
 *                         run alongside; NaN when not computed
 * @param errorEstimate    estimate of the local time-discretisation error of the step, relative to
 *                         ‖p‖: 0 on the exact path, the Richardson estimate ‖p_{h/2} − p_h‖ / (3‖p‖)
 *                         summed over its sub-steps on the extrapolated path, NaN when not estimated
 *                         (plain Strang); their sum is {@link Solution#timeErrorEstimate()}
 * @param substeps         accepted internal sub-steps of the step (1 unless adaptive)
 */
public record StepDiagnostics(int step, double time, double stepSize, int maxRank, double mass, double massDrift,
        double minValue, double negativity, long crossEvaluations, int crossSweeps, boolean crossConverged,
        double seconds, double exactDifference, double errorEstimate, int substeps) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "step %d t=%.6g h=%.3g rank=%d mass=%.12g drift=%.2e min=%.2e neg=%.2e evals=%d sweeps=%d%s %.3fs%s",
                step, time, stepSize, maxRank, mass, massDrift, minValue, negativity, crossEvaluations, crossSweeps,
                crossConverged ? "" : " (cross not converged)", seconds,
                Double.isNaN(exactDifference) ? "" : String.format(Locale.ROOT, " split-vs-exact=%.3e", exactDifference))
                + (Double.isNaN(errorEstimate) ? "" : String.format(Locale.ROOT, " est=%.2e", errorEstimate))
                + (substeps > 1 ? " substeps=" + substeps : "");
    }
}
