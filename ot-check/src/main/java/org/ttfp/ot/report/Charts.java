package org.ttfp.ot.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG figures of a run (XChart, headless). */
public final class Charts {
    private Charts() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** One series: x and y of equal length. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values, y has " + y.length);
            }
        }
    }

    /** Axis scaling of a chart. */
    public enum Scale { LINEAR, LOG_Y, LOG_XY }

    /**
     * Writes a line chart (markers shown when {@code markers}) to {@code file} (PNG, 800 x 500).
     * Non-finite points are dropped; on a log axis, non-positive ones too.
     */
    public static void lines(Path file, String title, String xLabel, String yLabel, Iterable<Series> series, Scale scale,
            boolean markers) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setYAxisLogarithmic(scale != Scale.LINEAR);
        chart.getStyler().setXAxisLogarithmic(scale == Scale.LOG_XY);
        int added = 0;
        for (Series s : series) {
            double[][] xy = clean(s.x(), s.y(), scale != Scale.LINEAR, scale == Scale.LOG_XY);
            if (xy[0].length == 0) {
                continue;
            }
            XYSeries xs = chart.addSeries(s.name(), xy[0], xy[1]);
            xs.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            added++;
        }
        if (added == 0) {
            chart.addSeries("(no finite data)", new double[] {0}, new double[] {scale == Scale.LINEAR ? 0 : 1});
        }
        save(chart, file);
    }

    /** Writes a scatter chart of point clouds (e.g. the encoder's images beside the OT map's). */
    public static void scatter(Path file, String title, String xLabel, String yLabel, Map<String, double[][]> clouds) {
        XYChart chart = new XYChartBuilder().width(700).height(700).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        for (Map.Entry<String, double[][]> e : new LinkedHashMap<>(clouds).entrySet()) {
            double[][] xy = clean(e.getValue()[0], e.getValue()[1], false, false);
            if (xy[0].length > 0) {
                chart.addSeries(e.getKey(), xy[0], xy[1]);
            }
        }
        save(chart, file);
    }

    private static double[][] clean(double[] x, double[] y, boolean logY, boolean logX) {
        int n = 0;
        double[] cx = new double[x.length], cy = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            boolean ok = Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logY || y[i] > 0) && (!logX || x[i] > 0);
            if (ok) {
                cx[n] = x[i];
                cy[n] = y[i];
                n++;
            }
        }
        return new double[][] {java.util.Arrays.copyOf(cx, n), java.util.Arrays.copyOf(cy, n)};
    }

    private static void save(XYChart chart, Path file) {
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write figure " + file + ": " + e.getMessage(), e);
        }
    }
}
