package org.ttfp.ot.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.fp.Solution;

/**
 * The 1-D marginal of x1 at log-spaced times, drawn on a fine grid (400 points) through the
 * Chebyshev interpolant of the marginal's node values, p(x) = Σ_k c_k T_k((x − m)/h) (Clenshaw), so
 * that the curves are the solver's functions and not polylines through the nodes.
 */
public final class MarginalFigure {
    private MarginalFigure() {}

    /** Points of the fine grid. */
    static final int FINE = 400;

    /**
     * The snapshot indices nearest to {@code count} log-spaced times from the first positive
     * snapshot time to the last (t = 0 first when it is a snapshot), without repeats.
     */
    public static int[] logSpacedSnapshots(Solution sol, int count) {
        int s = sol.snapshotCount();
        TreeSet<Integer> picked = new TreeSet<>();
        picked.add(0);
        double first = Double.NaN;
        for (int j = 0; j < s; j++) {
            if (sol.time(j) > 0) {
                first = sol.time(j);
                break;
            }
        }
        double last = sol.time(s - 1);
        if (Double.isFinite(first) && last > first) {
            for (int q = 0; q < count - 1; q++) {
                double t = first * Math.pow(last / first, q / (double) Math.max(1, count - 2));
                picked.add(nearest(sol, t));
            }
        }
        picked.add(s - 1);
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The snapshot whose time is nearest to t on a log scale. */
    static int nearest(Solution sol, double t) {
        int best = 0;
        double dist = Double.POSITIVE_INFINITY;
        for (int j = 0; j < sol.snapshotCount(); j++) {
            double tj = sol.time(j);
            double d = tj > 0 ? Math.abs(Math.log(tj / t)) : Double.POSITIVE_INFINITY;
            if (d < dist) {
                dist = d;
                best = j;
            }
        }
        return best;
    }

    /** Σ_k c_k T_k(u) by Clenshaw's recurrence, u in [−1, 1]. */
    static double clenshaw(double[] c, double u) {
        double b1 = 0, b2 = 0;
        for (int k = c.length - 1; k >= 1; k--) {
            double b0 = 2 * u * b1 - b2 + c[k];
            b2 = b1;
            b1 = b0;
        }
        return u * b1 - b2 + c[0];
    }

    /** Writes {@code file} (PNG) and the same name with .svg; returns both names. */
    public static List<String> write(Path file, String name, Solution sol) {
        ChebyshevGrid g = sol.box().axis(0);
        double a = g.a(), b = g.b(), m = 0.5 * (a + b), h = 0.5 * (b - a);
        XYChart chart = SweepFigures.chart(name + ": marginal of x1 at log-spaced times", "x1", "p(x1, t)");
        for (int j : logSpacedSnapshots(sol, 7)) {
            double[] c = g.coefficients(sol.marginal1d(j, 0));
            double[] x = new double[FINE], y = new double[FINE];
            for (int i = 0; i < FINE; i++) {
                x[i] = a + (b - a) * i / (FINE - 1.0);
                y[i] = clenshaw(c, Math.max(-1, Math.min(1, (x[i] - m) / h)));
            }
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "t = %.3g", sol.time(j)), x, y);
            s.setMarker(SeriesMarkers.NONE);
        }
        String base = file.getFileName().toString().replaceFirst("\\.png$", "");
        return SweepFigures.save(file.getParent(), chart, base);
    }
}
