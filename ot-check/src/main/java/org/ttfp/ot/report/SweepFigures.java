package org.ttfp.ot.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ttfp.ot.sweep.CaseResult;
import org.ttfp.ot.sweep.Manifest;
import org.ttfp.ot.sweep.SweepRun;
import org.ttfp.ot.verify.Stat;

/**
 * Figures of a merged sweep, for a paper: for every numeric problem axis (ε, t0, d) the TT encoder's
 * deviation from its OT target against that axis, mean ± standard error over the samples as error
 * bars, one series per value of the other axes (SDE, t0, ...). The ε axis is drawn log-log with the
 * least-squares slope of log deviation on log ε in each series' legend. Each figure is written as
 * PNG (1000 × 650, 150 % fonts) and SVG.
 */
public final class SweepFigures {
    private SweepFigures() {}

    /** The numeric axes that get a figure, with their axis label and whether the x axis is logarithmic. */
    private static final Map<String, String> LABELS = Map.of("density.epsilon", "ε (departure from convexity)", "startTime",
            "t0 (encoder start time)", "density.dim", "d (dimension)");

    /**
     * Writes the figures into {@code out} and returns their file names.
     *
     * @param dir      the sweep folder
     * @param manifest its manifest
     * @param finished the finished cases
     */
    public static List<String> write(RunOutput out, Path dir, Manifest manifest, List<CaseResult> finished) {
        List<String> files = new ArrayList<>();
        List<String> all = new ArrayList<>(manifest.axes());
        all.addAll(manifest.zip());
        for (String axis : all) {
            if (!LABELS.containsKey(axis) || finished.isEmpty() || !finished.get(0).values().get(axis).isNumber()) {
                continue;
            }
            boolean logX = axis.equals("density.epsilon");
            String base = "deviation-vs-" + axis.replace("density.", "").replace("startTime", "t0");
            Map<String, TreeMap<Double, Stat>> series = new TreeMap<>();
            for (CaseResult r : finished) {
                StringBuilder key = new StringBuilder();
                for (String other : all) {
                    if (!other.equals(axis) && !other.equals("seed")) {
                        key.append(key.length() == 0 ? "" : ", ").append(other.replace("density.", "")
                                .replace("startTime", "t0")).append('=').append(text(r.values().get(other)));
                    }
                }
                if (!all.contains("sde")) {
                    key.append(key.length() == 0 ? "" : ", ").append(r.result().scenario().sde());
                }
                Stat s = r.result().deviation().tt();
                if (s.defined() && s.mean() > 0) {
                    series.computeIfAbsent(key.toString(), k -> new TreeMap<>()).put(r.values().get(axis).asDouble(), s);
                }
            }
            series.values().removeIf(m -> m.size() < 2); // a line needs two points
            if (series.isEmpty()) {
                continue;
            }
            XYChart chart = chart("Deviation of the encoder from its OT target", LABELS.get(axis),
                    "‖E(x) − T(x)‖ / ‖T(x) − x‖");
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setXAxisLogarithmic(logX);
            for (Map.Entry<String, TreeMap<Double, Stat>> e : series.entrySet()) {
                int n = e.getValue().size();
                double[] x = new double[n], y = new double[n], err = new double[n];
                int i = 0;
                for (Map.Entry<Double, Stat> p : e.getValue().entrySet()) {
                    x[i] = p.getKey();
                    y[i] = p.getValue().mean();
                    // a log axis cannot show a bar below zero: clip the lower end at 1 % of the mean
                    err[i] = Double.isFinite(p.getValue().stdErr()) ? Math.min(p.getValue().stdErr(), 0.99 * y[i]) : 0;
                    i++;
                }
                String name = e.getKey().isEmpty() ? "deviation" : e.getKey();
                if (logX && n >= 2) {
                    name += String.format(Locale.ROOT, " (slope %.2f)", slope(x, y));
                }
                XYSeries s = chart.addSeries(name, x, y, err);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
            decades(chart, series, logX);
            files.addAll(save(out, chart, base));
        }
        int maps = 0;
        for (CaseResult r : finished) {
            if (maps >= MAX_MAPS || r.result().dim() != 2) {
                continue;
            }
            Path pts = Manifest.caseDir(dir, r.index()).resolve("result").resolve(SweepRun.POINTS);
            SweepRun.Points p;
            try {
                p = POINTS.readValue(pts.toFile(), SweepRun.Points.class);
            } catch (IOException e) {
                continue; // a case without its points (an older run) gets no map
            }
            if (p.reference() == null) {
                continue;
            }
            files.addAll(MapFigure.write(out.file("x").getParent(), "map-case" + r.index(), "case " + r.index() + " ("
                    + manifest.get(r.index()).label() + "): encoder vs OT map", p.start(), p.encoded(), p.reference(), 150));
            maps++;
        }
        return files;
    }

    /** Most map figures per merge. */
    static final int MAX_MAPS = 4;

    private static final com.fasterxml.jackson.databind.ObjectMapper POINTS = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * XChart labels a log axis at decades only: widen the y range (and a log x range) to whole
     * decades so that every figure has labelled ticks.
     */
    static void decades(XYChart chart, Map<String, TreeMap<Double, Stat>> series, boolean logX) {
        double lo = Double.POSITIVE_INFINITY, hi = 0, xlo = Double.POSITIVE_INFINITY, xhi = 0;
        for (TreeMap<Double, Stat> m : series.values()) {
            for (Map.Entry<Double, Stat> p : m.entrySet()) {
                double err = Double.isFinite(p.getValue().stdErr()) ? p.getValue().stdErr() : 0;
                lo = Math.min(lo, p.getValue().mean() - Math.min(err, 0.99 * p.getValue().mean()));
                hi = Math.max(hi, p.getValue().mean() + err);
                xlo = Math.min(xlo, p.getKey());
                xhi = Math.max(xhi, p.getKey());
            }
        }
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lo))));
        chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(hi) + 1e-9)));
        if (logX && xlo > 0) {
            chart.getStyler().setXAxisMin(Math.pow(10, Math.floor(Math.log10(xlo))));
            chart.getStyler().setXAxisMax(Math.pow(10, Math.ceil(Math.log10(xhi) + 1e-9)));
        }
    }

    /** Least-squares slope of log y on log x. */
    public static double slope(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(x[i]) / n;
            my += Math.log(y[i]) / n;
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (Math.log(x[i]) - mx) * (Math.log(y[i]) - my);
            sxx += (Math.log(x[i]) - mx) * (Math.log(x[i]) - mx);
        }
        return sxx > 0 ? sxy / sxx : Double.NaN;
    }

    private static String text(JsonNode v) {
        return v == null ? "?" : v.isTextual() ? v.asText() : v.toString();
    }

    /** A chart styled for print: white background, large fonts, legend outside the plot. */
    static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(1000).height(650).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
                .build();
        org.knowm.xchart.style.XYStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(220, 220, 220));
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        return chart;
    }

    /** Writes {@code base}.png and {@code base}.svg; returns their names. */
    static List<String> save(RunOutput out, XYChart chart, String base) {
        return save(out.file(base + ".png").getParent(), chart, base);
    }

    /** Writes {@code folder/base}.png and .svg; returns their names. */
    static List<String> save(Path folder, XYChart chart, String base) {
        try {
            BitmapEncoder.saveBitmap(chart, folder.resolve(base + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, folder.resolve(base + ".svg").toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the figure " + base + ": " + e.getMessage(), e);
        }
        return List.of(base + ".png", base + ".svg");
    }

}
