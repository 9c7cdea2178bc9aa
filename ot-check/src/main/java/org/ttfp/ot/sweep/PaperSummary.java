package org.ttfp.ot.sweep;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.ttfp.ot.verify.ScenarioResult;
import org.ttfp.ot.verify.Verdict;

/**
 * The paper's summary table of a sweep of the {@code paper} preset, one row per dimension d: the
 * number of densities; how many keep the identity pairing (the optimal assignment of the samples
 * to their images is the identity, identityFraction = 1: the paper's test); the mean of the paper's
 * metric |C_OT − C_id| / C_id; and what the paper does not report: the median and the maximum over
 * the densities of the Jacobian asymmetry divided by its floor (Brenier's test), and how many are
 * "not a gradient map".
 */
final class PaperSummary {
    private PaperSummary() {}

    /** Whether a result is of the paper preset (its scenarios are named paper-dD-seedS). */
    static boolean isPaper(CaseResult r) {
        return r.result() != null && r.result().scenario() != null && r.result().scenario().name().startsWith("paper-d");
    }

    /** The Markdown table over the paper-preset results among {@code finished}, or "" when there are none. */
    static String table(List<CaseResult> finished) {
        TreeMap<Integer, List<ScenarioResult>> byDim = new TreeMap<>();
        for (CaseResult r : finished) {
            if (isPaper(r)) {
                byDim.computeIfAbsent(r.result().scenario().dim(), k -> new java.util.ArrayList<>()).add(r.result());
            }
        }
        if (byDim.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("## Paper summary\n\n| d | densities | identity pairing kept | mean paper "
                + "metric | median asymmetry/floor | max asymmetry/floor | not a gradient map |\n|---|---|---|---|---|---|---|\n");
        for (var e : byDim.entrySet()) {
            List<ScenarioResult> rs = e.getValue();
            int kept = 0, notGradient = 0, metrics = 0;
            double metricSum = 0;
            double[] ratio = new double[rs.size()];
            int nr = 0;
            for (ScenarioResult r : rs) {
                if (r.paper() != null && r.paper().tt() != null) {
                    kept += r.paper().tt().identityFraction() == 1.0 ? 1 : 0;
                    if (Double.isFinite(r.paper().tt().relativeGap())) {
                        metricSum += r.paper().tt().relativeGap();
                        metrics++;
                    }
                }
                Verdict.GradientMapVerdict g = r.verdict() == null ? null : r.verdict().gradientMap();
                if (g != null) {
                    notGradient += g.outcome() == Verdict.GradientMap.NOT_A_GRADIENT_MAP ? 1 : 0;
                    double q = g.asymmetry() / g.floor();
                    if (Double.isFinite(q)) {
                        ratio[nr++] = q;
                    }
                }
            }
            double[] q = Arrays.copyOf(ratio, nr);
            Arrays.sort(q);
            double median = nr == 0 ? Double.NaN : nr % 2 == 1 ? q[nr / 2] : (q[nr / 2 - 1] + q[nr / 2]) / 2;
            double max = nr == 0 ? Double.NaN : q[nr - 1];
            sb.append(String.format(Locale.ROOT, "| %d | %d | %d | %.3g | %.3g | %.3g | %d |%n", e.getKey(), rs.size(), kept,
                    metrics == 0 ? Double.NaN : metricSum / metrics, median, max, notGradient));
        }
        return sb.append('\n').toString();
    }
}
