package org.ttfp.ot.verify;

import org.ttfp.ot.verify.MapMetrics.PaperMetric;

/**
 * Every figure of one verified scenario, in named parts. Relative errors are per sample
 * ‖a(x) − b(x)‖ / D(x), all over the same displacement D(x) = ‖T(x) − x‖ of the reference OT map
 * (or, without an exact map, of the reference encoder), summarised as {@link Stat}s; a part that
 * does not apply holds {@link Stat#NONE} or NaN. This is also the {@code results[i]} object of
 * {@code result.json} (see {@link org.ttfp.ot.report.VerifyReport} for the file's layout).
 *
 * @param scenario  what was solved
 * @param solve     how the Fokker–Planck solve went
 * @param sampling  the samples of p_{t0}
 * @param paper     the paper's metric
 * @param deviation the deviation from the reference OT map
 * @param errors    the error budget that bounds what the deviation can resolve
 * @param brenier   Brenier's test of E's Jacobian
 * @param timings   wall times
 * @param verdict   the two typed verdicts
 */
public record ScenarioResult(ScenarioInfo scenario, SolveFigures solve, SamplingFigures sampling, PaperFigures paper,
        DeviationFigures deviation, ErrorBudget errors, BrenierFigures brenier, Timings timings, Verdict verdict) {

    /**
     * What the scenario is.
     *
     * @param name      scenario name
     * @param family    density family
     * @param parameter swept parameter in words
     * @param sde       SDE name
     * @param dim       d
     * @param horizon   T
     * @param startTime t0
     */
    public record ScenarioInfo(String name, String family, String parameter, String sde, int dim, double horizon,
            double startTime) {}

    /**
     * The Fokker–Planck solve.
     *
     * @param gridSize    Chebyshev nodes per axis (of axis 0)
     * @param steps       time steps
     * @param maxRankUsed the largest TT rank the solution reached
     * @param rankCap     the TT rank cap
     * @param massDrift   largest relative mass drift over the solve
     */
    public record SolveFigures(int gridSize, int steps, int maxRankUsed, int rankCap, double massDrift) {}

    /**
     * The samples.
     *
     * @param samples          N
     * @param excludedFraction fraction of the draws of p_{t0} redrawn (outside the inner box or below the density floor)
     */
    public record SamplingFigures(int samples, double excludedFraction) {}

    /**
     * The paper's metric |C_OT − C_id| / C_id.
     *
     * @param tt         for the TT encoder
     * @param exactScore for the exact-score encoder (null when no exact score)
     */
    public record PaperFigures(PaperMetric tt, PaperMetric exactScore) {}

    /**
     * The deviation ‖E(x) − T(x)‖ / ‖T(x) − x‖ from a reference OT map T.
     *
     * @param reference  what T is ("" when there is none)
     * @param exactMap   whether T is exact (closed form); a sample estimate does not decide the verdict
     * @param tt         the TT encoder against T
     * @param exactScore the exact-score encoder against T
     */
    public record DeviationFigures(String reference, boolean exactMap, Stat tt, Stat exactScore) {}

    /**
     * The numerical errors of the TT encoder, each relative to the same displacement as the deviation.
     *
     * @param solver             the TT encoder against the exact-score encoder, or against a coarser solve
     * @param solverMethod       how {@code solver} was estimated
     * @param integrator         the encoder at tolerance tol against 10·tol (an upper bound)
     * @param tail               remaining displacement after T (maps to the T → ∞ law only)
     * @param timeInterpolation  error of the score's interpolation between snapshot times (NONE when
     *                           not estimated, or when the density is exact in time)
     */
    public record ErrorBudget(Stat solver, String solverMethod, Stat integrator, Stat tail, Stat timeInterpolation) {
        /** The sum of the mean terms that were measured: what the deviation is compared with. */
        public double total() {
            return solver.meanOrZero() + integrator.meanOrZero() + tail.meanOrZero() + timeInterpolation.meanOrZero();
        }
    }

    /**
     * Brenier's test at the Jacobian points.
     *
     * @param asymmetry     ‖J − Jᵀ‖_F / ‖J‖_F of the TT encoder
     * @param floor         its numerical floor (changes under the integrator tolerance, the solver
     *                      reference and, for finite differences, the step)
     * @param minEigenvalue smallest eigenvalue of the symmetric part of J
     */
    public record BrenierFigures(Stat asymmetry, Stat floor, Stat minEigenvalue) {}

    /**
     * Wall times.
     *
     * @param solveSeconds  the Fokker–Planck solve(s), the coarse one of the refinement estimate included
     * @param encodeSeconds all encodings and measures
     */
    public record Timings(double solveSeconds, double encodeSeconds) {}

    /** The scenario's name. */
    public String name() {
        return scenario.name();
    }

    /** The dimension d. */
    public int dim() {
        return scenario.dim();
    }
}
