package org.ttfp.ot.verify;

import org.ttfp.ot.verify.MapMetrics.PaperMetric;

/**
 * Every figure of one verified scenario. Relative errors are per sample
 * ‖a(x) − b(x)‖ / ‖b(x) − x‖ summarised as {@link Stat}s; NaN/empty where not applicable.
 *
 * @param name              scenario name
 * @param family            density family
 * @param parameter         swept parameter in words
 * @param sde               SDE name
 * @param dim               d
 * @param horizon           T
 * @param startTime         t0
 * @param gridSize          Chebyshev nodes per axis (of axis 0)
 * @param steps             time steps of the solve
 * @param maxRankUsed       the largest TT rank the solution reached
 * @param massDrift         largest relative mass drift over the solve
 * @param samples           N
 * @param excludedFraction  fraction of the draws of p_{t0} redrawn (outside the inner box or below the density floor)
 * @param solveSeconds      wall time of the FP solve(s)
 * @param encodeSeconds     wall time of all encodings
 * @param paper             the paper's metric for the TT encoder
 * @param paperExactScore   the paper's metric for the exact-score encoder (null when no exact score)
 * @param reference         what the deviation is measured against ("" when nothing)
 * @param deviation         the TT encoder against the reference OT map
 * @param deviationExactScore the exact-score encoder against the reference OT map
 * @param solverError       the TT encoder against the exact-score encoder, or against a coarser solve
 * @param solverErrorMethod how {@code solverError} was estimated
 * @param integratorError   difference of the encoder at tolerance tol and 10·tol (an upper bound)
 * @param tail              remaining displacement after T relative to ‖T(x) − x‖ (limit maps only)
 * @param brenierAsymmetry  ‖J − Jᵀ‖/‖J‖ of the TT encoder's Jacobian at sample points
 * @param brenierFloor      the same quantity's numerical floor (integrator and solver differences)
 * @param brenierMinEigenvalue smallest eigenvalue of the symmetric part of J
 * @param verdict           one line: what the figures say about E = OT
 */
public record ScenarioResult(String name, String family, String parameter, String sde, int dim, double horizon,
        double startTime, int gridSize, int steps, int maxRankUsed, double massDrift, int samples, double excludedFraction,
        double solveSeconds,
        double encodeSeconds, PaperMetric paper, PaperMetric paperExactScore, String reference, Stat deviation,
        Stat deviationExactScore, Stat solverError, String solverErrorMethod, Stat integratorError, Stat tail,
        Stat brenierAsymmetry, Stat brenierFloor, Stat brenierMinEigenvalue, String verdict) {}
