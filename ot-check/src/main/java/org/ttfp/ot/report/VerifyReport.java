package org.ttfp.ot.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ttfp.fp.Solution;
import org.ttfp.ot.verify.MapMetrics.PaperMetric;
import org.ttfp.ot.verify.ScenarioResult;
import org.ttfp.ot.verify.Stat;
import org.ttfp.ot.verify.VerificationRunner.Outcome;

/**
 * The files of a verification run: result.json, report.md and PNG figures.
 *
 * <p>Layout of {@code result.json} (schema 2):
 * <pre>
 * { "tool": "ttfp verify", "schema": 2, "versions": {...}, "config": {options as given, "seconds"},
 *   "results": [ {                                   one {@link ScenarioResult} per scenario
 *       "scenario":  {name, family, parameter, sde, dim, horizon, startTime},
 *       "solve":     {gridSize, steps, maxRankUsed, rankCap, massDrift},
 *       "sampling":  {samples, excludedFraction},
 *       "paper":     {tt: PaperMetric, exactScore: PaperMetric or null},
 *       "deviation": {reference, exactMap, tt: Stat, exactScore: Stat},
 *       "errors":    {solver: Stat, solverMethod, integrator: Stat, tail: Stat, timeInterpolation: Stat},
 *       "brenier":   {asymmetry: Stat, floor: Stat, minEigenvalue: Stat},
 *       "timings":   {solveSeconds, encodeSeconds},
 *       "verdict":   {deviation: {outcome, deviation, errors},       outcome: EQUAL_WITHIN_ERROR,
 *                                                   DIFFERENT_RESOLVED, NOT_RESOLVED, UNDEFINED, NO_EXACT_MAP
 *                     gradientMap: {outcome, asymmetry, floor} } } ], outcome: SYMMETRIC_WITHIN_FLOOR,
 *                                                                      NOT_A_GRADIENT_MAP, NOT_TESTED
 *   "figures": [file names] }
 * Stat:        {mean, stdErr, median, max, count, undefined, topShare} (see {@link org.ttfp.ot.verify.Stat})
 * PaperMetric: {costIdentity, costOptimal, relativeGap, identityFraction, dualityGap}
 * </pre>
 * Non-finite numbers are written as the strings "NaN" / "Infinity"; relative figures are over the
 * displacement ‖T(x) − x‖ of the reference map (see {@link ScenarioResult}).
 */
public final class VerifyReport {
    private VerifyReport() {}

    /** The version of the layout of result.json (see the class comment). */
    public static final int SCHEMA = 2;

    /** Most marginal figures per run. */
    static final int MAX_MARGINAL_FIGURES = 4;

    /**
     * Writes everything into {@code out} (not yet committed).
     *
     * @param config   the run's configuration (options, preset), written verbatim into the JSON
     * @param outcomes the finished scenarios
     * @return the Markdown table (also inside report.md)
     */
    public static String write(RunOutput out, Map<String, Object> config, List<Outcome> outcomes) {
        List<ScenarioResult> results = new ArrayList<>();
        for (Outcome o : outcomes) {
            results.add(o.result());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tool", "ttfp verify");
        json.put("schema", SCHEMA);
        json.put("versions", versions());
        json.put("config", config);
        json.put("results", results);
        List<String> figures = figures(out, outcomes);
        json.put("figures", figures);
        out.writeJson("result.json", json);
        String table = table(results);
        out.writeText("report.md", markdown(config, table, results, figures));
        return table;
    }

    /** Versions of the tool and its runtime. */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        Package p = VerifyReport.class.getPackage();
        v.put("ttfp", p.getImplementationVersion() != null ? p.getImplementationVersion() : "development");
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        v.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        return v;
    }

    static String sci(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : "n/a";
    }

    static String paper(PaperMetric p) {
        if (p == null) {
            return "n/a";
        }
        return sci(p.relativeGap()) + " (id " + String.format(Locale.ROOT, "%.3f", p.identityFraction()) + ")";
    }

    /** The results table (Markdown): one row per scenario, the two verdicts in their own columns. */
    public static String table(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | d | SDE | t0 | rank | paper metric (identity kept) | deviation from OT | "
                + "solver error | integrator error | tail | Jacobian asymmetry (floor) | E vs OT | gradient map |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            ScenarioResult.ScenarioInfo s = r.scenario();
            sb.append("| ").append(s.name()).append(" | ").append(s.dim()).append(" | ").append(s.sde()).append(" | ")
                    .append(s.startTime()).append(" | ").append(r.solve().maxRankUsed()).append(" | ")
                    .append(paper(r.paper().tt())).append(" | ").append(r.deviation().tt().brief()).append(" | ")
                    .append(r.errors().solver().brief()).append(" | ").append(r.errors().integrator().brief()).append(" | ")
                    .append(r.errors().tail().brief()).append(" | ").append(r.brenier().asymmetry().pm()).append(" (")
                    .append(sci(r.brenier().floor().mean())).append(") | ")
                    .append(r.verdict().deviation().outcome().label()).append(" | ")
                    .append(r.verdict().gradientMap().outcome().label()).append(" |\n");
        }
        return sb.toString();
    }

    private static String markdown(Map<String, Object> config, String table, List<ScenarioResult> results,
            List<String> figures) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ttfp verification report\n\n");
        sb.append("Does the DDPM encoder E (the probability-flow ODE driven by the score of the solved density) coincide "
                + "with the optimal-transport map? Configuration:\n\n");
        for (Map.Entry<String, Object> e : config.entrySet()) {
            sb.append("- ").append(e.getKey()).append(": ").append(String.valueOf(e.getValue())).append('\n');
        }
        sb.append("\n## Results\n\n").append(table).append('\n');
        sb.append("Values are mean ± standard error over the samples (Jacobians: over the Jacobian points); the "
                + "details give the median and maximum, and say when a mean is dominated by a few points. Every "
                + "relative figure is over the displacement ‖T(x) − x‖ of the reference map; it is undefined where "
                + "that is zero.\n\n");
        sb.append("- **paper metric**: |C_OT − C_id| / C_id between the samples and their images (exact assignment, "
                + "certified by its dual), and the fraction of samples the optimal assignment keeps paired: the "
                + "paper's test. It cannot measure how far E is from OT.\n");
        sb.append("- **deviation from OT**: ‖E(x) − T(x)‖ / ‖T(x) − x‖ against the reference map named below.\n");
        sb.append("- **solver error**: the same quantity between the TT encoder and the exact-score encoder "
                + "(or, without an exact score, a solve on a coarser grid).\n");
        sb.append("- **integrator error**: the encoder at tolerance tol against 10·tol (an upper bound).\n");
        sb.append("- **tail**: for maps to the T → ∞ law, the flow's remaining displacement after T, |v(T)|/(2λ).\n");
        sb.append("- **Jacobian asymmetry**: ‖J − Jᵀ‖ / ‖J‖ of the Jacobian of E, integrated with the flow by the "
                + "variational equation (zero for every OT map, Brenier); the floor is its change under the integrator and solver variations above.\n");
        sb.append("- **E vs OT** (deviation verdict): \"E = OT within numerical error\" when the deviation from an "
                + "exact OT map is at most 3 × the error budget and that budget is at most 1e-2; \"E != OT, resolved\" "
                + "above 10 ×; otherwise not resolved.\n");
        sb.append("- **gradient map** (Brenier verdict): asymmetric beyond 10 × its floor means E is no gradient map, "
                + "hence no OT map. The two verdicts answer different questions and are read separately.\n\n");
        sb.append("## Details\n\n");
        for (ScenarioResult r : results) {
            ScenarioResult.ScenarioInfo s = r.scenario();
            ScenarioResult.ErrorBudget e = r.errors();
            sb.append("### ").append(s.name()).append("\n\n");
            sb.append("- family ").append(s.family()).append(", ").append(s.parameter()).append(", T = ").append(s.horizon())
                    .append(", grid n = ").append(r.solve().gridSize()).append(", steps ").append(r.solve().steps())
                    .append(", rank cap ").append(r.solve().rankCap()).append(", samples ")
                    .append(r.sampling().samples()).append('\n');
            sb.append("- reference: ").append(r.deviation().reference().isEmpty() ? "none" : r.deviation().reference())
                    .append('\n');
            sb.append("- draws of p_t0 redrawn (box margin, density floor): ")
                    .append(String.format(Locale.ROOT, "%.2f %%", 100 * r.sampling().excludedFraction())).append('\n');
            sb.append("- deviation from OT: ").append(r.deviation().tt().robust()).append('\n');
            sb.append("- solver error (").append(e.solverMethod()).append("): ").append(e.solver().robust()).append('\n');
            sb.append("- integrator error: ").append(e.integrator().robust()).append('\n');
            sb.append("- tail: ").append(e.tail().robust()).append('\n');
            sb.append("- time interpolation: ").append(e.timeInterpolation().defined() ? e.timeInterpolation().robust()
                    : "not estimated").append('\n');
            sb.append("- exact-score encoder against the reference: ").append(r.deviation().exactScore().robust())
                    .append('\n');
            sb.append("- paper metric with the exact score: ").append(paper(r.paper().exactScore())).append('\n');
            sb.append("- Jacobian asymmetry: ").append(r.brenier().asymmetry().robust()).append(", floor ")
                    .append(r.brenier().floor().robust()).append('\n');
            sb.append("- smallest eigenvalue of sym(J): ").append(r.brenier().minEigenvalue().robust()).append('\n');
            sb.append("- max relative mass drift ").append(sci(r.solve().massDrift())).append(", solve ")
                    .append(String.format(Locale.ROOT, "%.1f s", r.timings().solveSeconds())).append(", encode ")
                    .append(String.format(Locale.ROOT, "%.1f s", r.timings().encodeSeconds())).append('\n');
            sb.append("- **E vs OT**: ").append(r.verdict().deviation().text()).append(" — ")
                    .append(r.verdict().deviation().outcome().meaning()).append('\n');
            sb.append("- **gradient map**: ").append(r.verdict().gradientMap().text()).append(" — ")
                    .append(r.verdict().gradientMap().outcome().meaning()).append("\n\n");
        }
        sb.append(figuresSection(figures));
        return sb.toString();
    }

    /**
     * The "## Figures" section of a Markdown report: one image line per PNG of {@code figures}
     * (file names relative to the report; other files are skipped); empty when there are none.
     */
    public static String figuresSection(List<String> figures) {
        if (figures.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("## Figures\n\n");
        for (String f : figures) {
            if (f.endsWith(".png")) {
                sb.append("![").append(f).append("](").append(f).append(")\n\n");
            }
        }
        return sb.toString();
    }

    private static List<String> figures(RunOutput out, List<Outcome> outcomes) {
        List<String> files = new ArrayList<>();
        int marginals = 0;
        for (Outcome o : outcomes) {
            ScenarioResult r = o.result();
            if (marginals < MAX_MARGINAL_FIGURES) {
                files.addAll(marginalFigure(out, "marginals-" + r.name() + ".png", r.name(), o.solution()));
                marginals++;
            }
            if (r.dim() == 2 && o.reference() != null) {
                files.addAll(MapFigure.write(out.file("map.png").getParent(), "map-" + r.name(),
                        r.name() + ": x → E(x) and x → T(x)", o.start(), o.encoded(), o.reference(), 400));
            }
        }
        files.addAll(deviationFigures(out, outcomes));
        return files;
    }

    /**
     * The 1-D marginal of axis 0 on a fine grid at log-spaced snapshot times ({@link MarginalFigure}).
     *
     * @return the names of the PNG and SVG files
     */
    public static List<String> marginalFigure(RunOutput out, String file, String name, Solution sol) {
        return MarginalFigure.write(out.file(file), name, sol);
    }

    /**
     * Deviation from OT and Jacobian asymmetry with standard-error bars, one figure per swept
     * quantity so that each axis carries one quantity: against ε (log-log) for convex-potential
     * densities, one series per t0, and against d for the other families, one series per family,
     * SDE and t0. A figure is drawn only where some series has two or more points.
     */
    static List<String> deviationFigures(RunOutput out, List<Outcome> outcomes) {
        Map<String, TreeMap<Double, Stat>> byEps = new TreeMap<>(), byDim = new TreeMap<>();
        for (Outcome o : outcomes) {
            ScenarioResult r = o.result();
            ScenarioResult.ScenarioInfo s = r.scenario();
            if ("convex-potential".equals(s.family())) {
                double eps = parseParam(s.parameter(), "eps", Double.NaN);
                if (Double.isFinite(eps) && eps > 0) {
                    addPoint(byEps, "deviation from ∇u, t0 = " + s.startTime(), eps, r.deviation().tt());
                    addPoint(byEps, "Jacobian asymmetry, t0 = " + s.startTime(), eps, r.brenier().asymmetry());
                }
            } else {
                String key = s.family() + " " + s.sde() + ", t0 = " + s.startTime();
                addPoint(byDim, "deviation, " + key, s.dim(), r.deviation().tt());
                addPoint(byDim, "asymmetry, " + key, s.dim(), r.brenier().asymmetry());
            }
        }
        List<String> files = new ArrayList<>();
        if (byEps.values().stream().anyMatch(m -> m.size() >= 2)) {
            files.addAll(save(out, "deviation-vs-epsilon", "distance of the encoder from OT against ε",
                    "ε (departure from convexity)", byEps, true));
        }
        if (byDim.values().stream().anyMatch(m -> m.size() >= 2)) {
            files.addAll(save(out, "deviation-vs-d", "distance of the encoder from OT against the dimension",
                    "dimension d", byDim, false));
        }
        return files;
    }

    private static List<String> save(RunOutput out, String base, String title, String xLabel,
            Map<String, TreeMap<Double, Stat>> series, boolean logX) {
        org.knowm.xchart.XYChart chart = SweepFigures.chart(title, xLabel, "relative deviation / asymmetry");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmic(logX);
        for (Map.Entry<String, TreeMap<Double, Stat>> e : series.entrySet()) {
            int n = e.getValue().size();
            double[] xs = new double[n], ys = new double[n], err = new double[n];
            int i = 0;
            for (Map.Entry<Double, Stat> p : e.getValue().entrySet()) {
                xs[i] = p.getKey();
                ys[i] = p.getValue().mean();
                double se = p.getValue().stdErr();
                err[i++] = Double.isFinite(se) ? Math.min(se, 0.9 * ys[i - 1]) : 0;
            }
            String name = e.getKey();
            if (logX && n >= 2) {
                name += String.format(Locale.ROOT, " (slope %.2f)", SweepFigures.slope(xs, ys));
            }
            chart.addSeries(name, xs, ys, err);
        }
        SweepFigures.decades(chart, series, logX);
        return SweepFigures.save(out, chart, base);
    }

    private static void addPoint(Map<String, TreeMap<Double, Stat>> lines, String key, double x, Stat y) {
        if (y.defined() && Double.isFinite(y.mean()) && y.mean() > 0) {
            lines.computeIfAbsent(key, k -> new TreeMap<>()).put(x, y);
        }
    }

    private static double parseParam(String parameter, String name, double dflt) {
        for (String part : parameter.split(" ")) {
            if (part.startsWith(name + "=")) {
                try {
                    return Double.parseDouble(part.substring(name.length() + 1));
                } catch (NumberFormatException e) {
                    return dflt;
                }
            }
        }
        return dflt;
    }
}
