package org.ttfp.ot.verify;

import java.util.Arrays;
import org.ttfp.fp.density.ScoreField;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.ot.verify.ScenarioResult.BrenierFigures;
import org.ttfp.ot.verify.ScenarioResult.DeviationFigures;
import org.ttfp.ot.verify.ScenarioResult.ErrorBudget;
import org.ttfp.ot.verify.ScenarioResult.PaperFigures;

/**
 * Stage 4 of a verification run: the figures, from the encodings of {@link EncodeStage}.
 * <ul>
 *   <li>the paper's metric |C_OT − C_id| / C_id on the pairs (x_i, E(x_i)) (exact assignment);</li>
 *   <li>when the reference map has a scale c ≠ 1 (VE), every encoder image is divided by c first;</li>
 *   <li>the displacement D(x) = ‖T(x) − x‖ of the reference OT map T (without an exact T: of the
 *       reference encoder), over which every relative figure below is taken, so that the deviation
 *       and the error terms are on one scale; where D = 0 they are undefined (NaN, counted in
 *       {@link Stat#undefined()});</li>
 *   <li>the deviation ‖E(x) − T(x)‖ / D(x);</li>
 *   <li>the error budget: solver error ‖E − E_ref‖ / D, integrator error ‖E_tol − E_10tol‖ / D,
 *       the tail of the flow after T for maps to the T → ∞ law (|v(T)| / (2λ) / D with
 *       λ = −d log α/dt at T; the velocity decays like exp(−2λ(t − T)); for a reference compared
 *       with E/c, c = {@link Scenario.ReferenceMap#scale()} = σ(T) of VE, the displacement the
 *       rescaled flow y = x/σ still makes as σ → ∞, 2 |x_T + σ(T)² ∇log p_T(x_T)| / σ(T) / D), and
 *       the time-interpolation error when the encoder estimates it;</li>
 *   <li>Brenier's test: ‖J − Jᵀ‖_F / ‖J‖_F and its floor |a − a_10tol| + |a − a_ref| (+ |a − a_2h|
 *       for finite differences), per Jacobian point.</li>
 * </ul>
 */
final class MeasureStage {
    private MeasureStage() {}

    /**
     * The measured figures.
     *
     * @param paper     the paper's metric
     * @param deviation the deviation from the reference
     * @param errors    the error budget
     * @param brenier   Brenier's test
     * @param otImages  T(x) of the reference map in the encoder's coordinates, c·T(x) with c =
     *                  {@link Scenario.ReferenceMap#scale()} (null when there is none)
     */
    record Measures(PaperFigures paper, DeviationFigures deviation, ErrorBudget errors, BrenierFigures brenier,
            double[] otImages) {}

    static Measures run(Scenario sc, EncodeStage.Scores scores, double[] x, EncodeStage.Encodings raw,
            VerificationRunner.Progress progress) {
        int d = sc.dim(), n = x.length / d;
        double c = sc.reference() == null ? 1.0 : sc.reference().scale();
        EncodeStage.Encodings e = c == 1.0 ? raw : new EncodeStage.Encodings(divide(raw.tt(), c),
                divide(raw.ttLoose(), c), divide(raw.reference(), c), divide(raw.timeInterpolation(), c), raw.jacobians());
        progress.stage(sc.name(), "optimal assignment of " + n + " pairs");
        PaperFigures paper = new PaperFigures(MapMetrics.paperMetric(x, e.tt(), d),
                scores.exact() ? MapMetrics.paperMetric(x, e.reference(), d) : null);

        Scenario.ReferenceMap refMap = sc.reference();
        double[] tx = refMap != null ? refMap.apply(x) : null;
        boolean exactMap = refMap != null && refMap.exact();
        double[] disp = MapMetrics.displacement(x, exactMap ? tx : e.reference(), d);

        Stat deviation = Stat.NONE, deviationExact = Stat.NONE, tail = Stat.NONE;
        if (tx != null) {
            double[] dispT = exactMap ? disp : MapMetrics.displacement(x, tx, d);
            deviation = Stat.of(MapMetrics.relativeDifference(e.tt(), tx, dispT, d));
            if (scores.exact()) {
                deviationExact = Stat.of(MapMetrics.relativeDifference(e.reference(), tx, dispT, d));
            }
            if (refMap.limit()) {
                tail = c == 1.0 ? tail(sc, scores.tt(), raw.tt(), disp) : rescaledTail(sc, scores.tt(), raw.tt(), c, disp);
            }
        }
        Stat solver = Stat.of(MapMetrics.relativeDifference(e.tt(), e.reference(), disp, d));
        Stat integrator = Stat.of(MapMetrics.relativeDifference(e.tt(), e.ttLoose(), disp, d));
        Stat timeInterp = Stat.NONE;
        if (e.timeInterpolation() != null) {
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = e.timeInterpolation()[i] / disp[i];
            }
            timeInterp = Stat.of(r);
        }
        ErrorBudget budget = new ErrorBudget(solver, scores.method(), integrator, tail, timeInterp);
        return new Measures(paper, new DeviationFigures(refMap == null ? "" : refMap.description(), exactMap, deviation,
                deviationExact), budget, brenier(e.jacobians(), d), c == 1.0 || tx == null ? tx : divide(tx, 1 / c));
    }

    /** v / c elementwise (null stays null). */
    private static double[] divide(double[] v, double c) {
        if (v == null) {
            return null;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / c;
        }
        return out;
    }

    /**
     * The tail of a variance-exploding flow compared as E/σ(T): in y = x/σ the probability-flow
     * velocity is dy/dσ = −(x + σ² ∇log p_σ(x)) / σ², which for large σ decays like 1/σ² (p_σ ≈
     * N(m, σ² I + C) gives x + σ²∇log p ≈ m + C y/σ), so the displacement left after σ(T) is about
     * |x_T + σ(T)² ∇log p_T(x_T)| / σ(T). At small σ(T) that first-order figure can fall short (for
     * a Gaussian μ0 at σ(T) = 2 it gave 0.71 of the exact remainder, VeTailTest), so the tail is
     * twice it: 2 |x_T + σ(T)² ∇log p_T(x_T)| / σ(T) / D per sample, conservative by up to 2.
     */
    static Stat rescaledTail(Scenario sc, ScoreField score, double[] xT, double sigmaT, double[] disp) {
        int d = sc.dim(), n = xT.length / d;
        double[] s = new double[n * d], out = new double[n];
        score.score(sc.horizon(), xT, n, s);
        for (int p = 0; p < n; p++) {
            double v2 = 0;
            for (int k = 0; k < d; k++) {
                double v = xT[p * d + k] + sigmaT * sigmaT * s[p * d + k];
                v2 += v * v;
            }
            out[p] = 2 * Math.sqrt(v2) / sigmaT / disp[p];
        }
        return Stat.of(out);
    }

    /** Brenier's test and its floor from the Jacobians (all NONE when there are none). */
    static BrenierFigures brenier(EncodeStage.Jacobians j, int d) {
        if (j == null) {
            return new BrenierFigures(Stat.NONE, Stat.NONE, Stat.NONE);
        }
        double[][] b = MapMetrics.brenier(j.tt(), d);
        double[] loose = MapMetrics.brenier(j.ttLoose(), d)[0];
        double[] ref = MapMetrics.brenier(j.reference(), d)[0];
        double[] trunc = j.truncationCheck() == null ? null : MapMetrics.brenier(j.truncationCheck(), d)[0];
        double[] floor = new double[j.count()];
        for (int p = 0; p < floor.length; p++) {
            floor[p] = Math.abs(b[0][p] - loose[p]) + Math.abs(b[0][p] - ref[p])
                    + (trunc == null ? 0 : Math.abs(b[0][p] - trunc[p]));
        }
        return new BrenierFigures(Stat.of(b[0]), Stat.of(floor), Stat.of(b[1]));
    }

    /**
     * The flow's remaining displacement after T over D: |v(T)| / (2λ) / D with the velocity
     * v(T) = f(x_T, T) − ½ g² ∇log p_T(x_T) and λ = −d log α/dt at T (NaN per sample when λ ≤ 0).
     */
    static Stat tail(Scenario sc, ScoreField score, double[] xT, double[] disp) {
        int d = sc.dim(), n = xT.length / d;
        LinearGaussianSde sde = sc.sde();
        double t = sc.horizon(), h = 1e-6 * Math.max(1, t);
        double lambda = -(Math.log(sde.alpha(t + h)) - Math.log(sde.alpha(t - h))) / (2 * h);
        double[] out = new double[n];
        if (!(lambda > 0)) {
            Arrays.fill(out, Double.NaN);
            return Stat.of(out);
        }
        double[] f = new double[n * d], sc2 = new double[n * d];
        sde.drift(t, xT, n, f);
        score.score(t, xT, n, sc2);
        for (int p = 0; p < n; p++) {
            double v2 = 0;
            for (int k = 0; k < d; k++) {
                double v = f[p * d + k] - 0.5 * sde.diffusion2(k, t) * sc2[p * d + k];
                v2 += v * v;
            }
            out[p] = Math.sqrt(v2) / (2 * lambda) / disp[p];
        }
        return Stat.of(out);
    }
}
