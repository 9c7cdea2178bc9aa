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
import org.ttfp.ot.verify.VerificationRunner.Outcome;

/** The files of a verification run: result.json, report.md and PNG figures. */
public final class VerifyReport {
    private VerifyReport() {}

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

    /** The results table (Markdown). */
    public static String table(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | d | SDE | t0 | rank | paper metric (identity kept) | deviation from OT | "
                + "solver error | integrator error | tail | Jacobian asymmetry (floor) | verdict |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            sb.append("| ").append(r.name()).append(" | ").append(r.dim()).append(" | ").append(r.sde()).append(" | ")
                    .append(r.startTime()).append(" | ").append(r.maxRankUsed()).append(" | ").append(paper(r.paper()))
                    .append(" | ").append(r.deviation().pm()).append(" | ").append(r.solverError().pm()).append(" | ")
                    .append(r.integratorError().pm()).append(" | ").append(r.tail().pm()).append(" | ")
                    .append(r.brenierAsymmetry().pm()).append(" (").append(sci(r.brenierFloor().mean())).append(") | ")
                    .append(r.verdict()).append(" |\n");
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
        sb.append("Values are mean ± standard error over the samples (Jacobians: over the Jacobian points).\n\n");
        sb.append("- **paper metric**: |C_OT − C_id| / C_id between the samples and their images (exact assignment, "
                + "certified by its dual), and the fraction of samples the optimal assignment keeps paired: the "
                + "paper's test (paper-protocol.md §1). It cannot measure how far E is from OT.\n");
        sb.append("- **deviation from OT**: ‖E(x) − T(x)‖ / ‖T(x) − x‖ against the reference map named below.\n");
        sb.append("- **solver error**: the same quantity between the TT encoder and the exact-score encoder "
                + "(or, without an exact score, a solve on a coarser grid).\n");
        sb.append("- **integrator error**: the encoder at tolerance tol against 10·tol (an upper bound).\n");
        sb.append("- **tail**: for maps to the T → ∞ law, the flow's remaining displacement after T, |v(T)|/(2λ).\n");
        sb.append("- **Jacobian asymmetry**: ‖J − Jᵀ‖ / ‖J‖ of E by central differences (zero for every OT map, "
                + "Brenier); the floor is its change under the integrator and solver variations above.\n\n");
        sb.append("## Details\n\n");
        for (ScenarioResult r : results) {
            sb.append("### ").append(r.name()).append("\n\n");
            sb.append("- family ").append(r.family()).append(", ").append(r.parameter()).append(", T = ").append(r.horizon())
                    .append(", grid n = ").append(r.gridSize()).append(", steps ").append(r.steps()).append(", samples ")
                    .append(r.samples()).append('\n');
            sb.append("- reference: ").append(r.reference().isEmpty() ? "none" : r.reference()).append('\n');
            sb.append("- draws of p_t0 redrawn (box margin, density floor): ")
                    .append(String.format(Locale.ROOT, "%.2f %%", 100 * r.excludedFraction())).append('\n');
            sb.append("- solver error estimated ").append(r.solverErrorMethod()).append('\n');
            sb.append("- exact-score encoder against the reference: ").append(r.deviationExactScore().pm()).append('\n');
            sb.append("- paper metric with the exact score: ").append(paper(r.paperExactScore())).append('\n');
            sb.append("- smallest eigenvalue of sym(J): ").append(r.brenierMinEigenvalue().pm()).append('\n');
            sb.append("- max relative mass drift ").append(sci(r.massDrift())).append(", solve ")
                    .append(String.format(Locale.ROOT, "%.1f s", r.solveSeconds())).append(", encode ")
                    .append(String.format(Locale.ROOT, "%.1f s", r.encodeSeconds())).append('\n');
            sb.append("- verdict: ").append(r.verdict()).append("\n\n");
        }
        if (!figures.isEmpty()) {
            sb.append("## Figures\n\n");
            for (String f : figures) {
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
                String f = "marginals-" + r.name() + ".png";
                marginalFigure(out, f, r.name(), o.solution());
                files.add(f);
                marginals++;
            }
            if (r.dim() == 2 && o.reference() != null) {
                String f = "map-" + r.name() + ".png";
                mapFigure(out, f, o);
                files.add(f);
            }
        }
        if (outcomes.size() >= 2) {
            String f = "deviation.png";
            deviationFigure(out, f, outcomes);
            files.add(f);
        }
        return files;
    }

    /** The 1-D marginal of axis 0 at up to six snapshot times. */
    public static void marginalFigure(RunOutput out, String file, String name, Solution sol) {
        double[] x = sol.box().axis(0).nodes();
        int s = sol.snapshotCount();
        List<Charts.Series> series = new ArrayList<>();
        int shown = Math.min(6, s);
        for (int q = 0; q < shown; q++) {
            int j = shown == 1 ? 0 : (int) Math.round(q * (s - 1) / (double) (shown - 1));
            series.add(new Charts.Series(String.format(Locale.ROOT, "t = %.3g", sol.time(j)), x, sol.marginal1d(j, 0)));
        }
        Charts.lines(out.file(file), name + ": marginal of x1 over time", "x1", "p(x1, t)", series, Charts.Scale.LINEAR,
                false);
    }

    /** For d = 2: the images E(x) beside T(x) for up to 400 samples. */
    static void mapFigure(RunOutput out, String file, Outcome o) {
        int n = Math.min(400, o.start().length / 2);
        double[][] e = new double[2][n], t = new double[2][n], x = new double[2][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                x[k][i] = o.start()[2 * i + k];
                e[k][i] = o.encoded()[2 * i + k];
                t[k][i] = o.reference()[2 * i + k];
            }
        }
        Map<String, double[][]> clouds = new LinkedHashMap<>();
        clouds.put("samples x", x);
        clouds.put("OT map T(x)", t);
        clouds.put("encoder E(x)", e);
        Charts.scatter(out.file(file), o.result().name() + ": encoder vs OT map", "x1", "x2", clouds);
    }

    /** Deviation (or Jacobian asymmetry) against the swept parameter, one line per family/t0. */
    static void deviationFigure(RunOutput out, String file, List<Outcome> outcomes) {
        Map<String, TreeMap<Double, Double>> lines = new TreeMap<>();
        String xLabel = "d";
        for (Outcome o : outcomes) {
            ScenarioResult r = o.result();
            double xv = r.dim();
            String key;
            if ("convex-potential".equals(r.family())) {
                xLabel = "epsilon (d for other families)";
                xv = parseParam(r.parameter(), "eps", r.dim());
                key = "asymmetry, t0=" + r.startTime();
                addPoint(lines, key, xv, r.brenierAsymmetry().mean());
                if (r.deviation().count() > 0) {
                    addPoint(lines, "deviation from grad u, t0=" + r.startTime(), xv, r.deviation().mean());
                }
                continue;
            }
            key = r.family() + " " + r.sde() + " t0=" + r.startTime();
            addPoint(lines, key + " deviation", xv, r.deviation().mean());
            addPoint(lines, key + " asymmetry", xv, r.brenierAsymmetry().mean());
        }
        List<Charts.Series> series = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Double, Double>> e : lines.entrySet()) {
            double[] xs = e.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] ys = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
            series.add(new Charts.Series(e.getKey(), xs, ys));
        }
        Charts.lines(out.file(file), "distance of the encoder from OT", xLabel, "relative deviation / asymmetry", series,
                Charts.Scale.LOG_Y, true);
    }

    private static void addPoint(Map<String, TreeMap<Double, Double>> lines, String key, double x, double y) {
        if (Double.isFinite(y)) {
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
