package org.ttfp.ot.report;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The encoder map in d = 2 as displacement arrows: x → E(x) (the encoder, blue) and x → T(x) (the
 * OT map, black), over a colour map of the relative miss |E(x) − T(x)| / |T(x) − x| at the samples
 * (a disc per sample, log colour scale with a colour bar), so that a miss of a few per cent shows
 * as a colour and as two arrows that part. PNG (1100 × 900) and SVG from the same drawing code.
 */
public final class MapFigure {
    private MapFigure() {}

    static final int W = 1100, H = 900, LEFT = 90, RIGHT = 190, TOP = 60, BOTTOM = 80;

    /**
     * Writes {@code folder/base}.png and .svg.
     *
     * @param x   samples, N x 2 row-major
     * @param e   E(x)
     * @param t   T(x)
     * @param max at most this many arrows (the first samples)
     * @return the file names
     */
    public static List<String> write(Path folder, String base, String title, double[] x, double[] e, double[] t, int max) {
        int n = Math.min(max, x.length / 2);
        try {
            BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            draw(g, title, x, e, t, n);
            g.dispose();
            ImageIO.write(img, "png", folder.resolve(base + ".png").toFile());
            VectorGraphics2D v = new VectorGraphics2D();
            draw(v, title, x, e, t, n);
            Document doc = new SVGProcessor().getDocument(v.getCommands(), new PageSize(0, 0, W, H));
            try (OutputStream os = Files.newOutputStream(folder.resolve(base + ".svg"))) {
                doc.writeTo(os);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the map figure " + base + ": " + ex.getMessage(), ex);
        }
        return List.of(base + ".png", base + ".svg");
    }

    private static void draw(Graphics2D g, String title, double[] x, double[] e, double[] t, int n) {
        double lo0 = Double.POSITIVE_INFINITY, hi0 = Double.NEGATIVE_INFINITY, lo1 = lo0, hi1 = hi0;
        double[] miss = new double[n];
        double mMin = Double.POSITIVE_INFINITY, mMax = 0;
        for (int i = 0; i < n; i++) {
            for (double[] p : new double[][] {x, e, t}) {
                lo0 = Math.min(lo0, p[2 * i]);
                hi0 = Math.max(hi0, p[2 * i]);
                lo1 = Math.min(lo1, p[2 * i + 1]);
                hi1 = Math.max(hi1, p[2 * i + 1]);
            }
            double d = Math.hypot(t[2 * i] - x[2 * i], t[2 * i + 1] - x[2 * i + 1]);
            miss[i] = d > 0 ? Math.hypot(e[2 * i] - t[2 * i], e[2 * i + 1] - t[2 * i + 1]) / d : Double.NaN;
            if (miss[i] > 0) {
                mMin = Math.min(mMin, miss[i]);
                mMax = Math.max(mMax, miss[i]);
            }
        }
        if (!(mMax > 0)) {
            mMin = 1e-3;
            mMax = 1;
        }
        if (mMax / mMin < 10) {
            mMin = mMax / 10;
        }
        // one scale for both axes, so that arrows keep their lengths and angles
        double span = Math.max(hi0 - lo0, hi1 - lo1) * 1.05;
        double c0 = 0.5 * (lo0 + hi0), c1 = 0.5 * (lo1 + hi1);
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM, side = Math.min(pw, ph);
        double scale = side / span;
        double ox = LEFT + pw / 2.0 - c0 * scale, oy = TOP + ph / 2.0 + c1 * scale;
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        g.drawString(title, LEFT, 38);
        int px0 = (int) (LEFT + pw / 2.0 - side / 2.0), py0 = (int) (TOP + ph / 2.0 - side / 2.0);
        g.setColor(new Color(120, 120, 120));
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(px0, py0, side, side);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        double step = niceStep(span / 6);
        for (double v = Math.ceil((c0 - span / 2) / step) * step; v <= c0 + span / 2; v += step) {
            int sx = (int) Math.round(ox + v * scale);
            g.drawLine(sx, py0 + side, sx, py0 + side + 6);
            g.drawString(fmt(v), sx - 12, py0 + side + 24);
        }
        for (double v = Math.ceil((c1 - span / 2) / step) * step; v <= c1 + span / 2; v += step) {
            int sy = (int) Math.round(oy - v * scale);
            g.drawLine(px0 - 6, sy, px0, sy);
            g.drawString(fmt(v), px0 - 48, sy + 5);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
        g.setColor(Color.BLACK);
        g.drawString("x1", px0 + side / 2 - 8, py0 + side + 52);
        g.drawString("x2", px0 - 75, py0 + side / 2);
        double r = 5;
        for (int i = 0; i < n; i++) {
            double sx = ox + x[2 * i] * scale, sy = oy - x[2 * i + 1] * scale;
            g.setColor(colour(miss[i], mMin, mMax));
            g.fill(new Ellipse2D.Double(sx - r, sy - r, 2 * r, 2 * r));
        }
        for (int i = 0; i < n; i++) {
            double sx = ox + x[2 * i] * scale, sy = oy - x[2 * i + 1] * scale;
            arrow(g, sx, sy, ox + t[2 * i] * scale, oy - t[2 * i + 1] * scale, Color.BLACK);
            arrow(g, sx, sy, ox + e[2 * i] * scale, oy - e[2 * i + 1] * scale, new Color(20, 90, 220));
        }
        // legend
        int lx = px0 + side + 25;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        arrow(g, lx, py0 + 20, lx + 40, py0 + 20, Color.BLACK);
        g.setColor(Color.BLACK);
        g.drawString("x → T(x)", lx + 48, py0 + 25);
        arrow(g, lx, py0 + 48, lx + 40, py0 + 48, new Color(20, 90, 220));
        g.setColor(Color.BLACK);
        g.drawString("x → E(x)", lx + 48, py0 + 53);
        // colour bar
        int by = py0 + 100, bh = side - 140, bw = 24;
        for (int k = 0; k < bh; k++) {
            double v = mMax * Math.pow(mMin / mMax, k / (double) (bh - 1));
            g.setColor(colour(v, mMin, mMax));
            g.fillRect(lx, by + k, bw, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(lx, by, bw, bh);
        for (int q = 0; q <= 4; q++) {
            double v = mMax * Math.pow(mMin / mMax, q / 4.0);
            g.drawString(String.format(Locale.ROOT, "%.1e", v), lx + bw + 6, by + (int) (q / 4.0 * (bh - 1)) + 5);
        }
        g.drawString("|E − T| / |T − x|", lx - 10, by + bh + 28);
    }

    private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1, Color c) {
        g.setColor(c);
        g.setStroke(new BasicStroke(1.3f));
        g.draw(new Line2D.Double(x0, y0, x1, y1));
        double len = Math.hypot(x1 - x0, y1 - y0);
        if (len < 2) {
            return;
        }
        double ux = (x1 - x0) / len, uy = (y1 - y0) / len, head = Math.min(8, 0.4 * len);
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x1, y1);
        p.lineTo(x1 - head * ux + 0.45 * head * uy, y1 - head * uy - 0.45 * head * ux);
        p.lineTo(x1 - head * ux - 0.45 * head * uy, y1 - head * uy + 0.45 * head * ux);
        p.closePath();
        g.fill(p);
    }

    /** A perceptually ordered colour (dark purple → yellow, viridis-like) of v on a log scale. */
    static Color colour(double v, double lo, double hi) {
        if (!(v > 0)) {
            return new Color(200, 200, 200);
        }
        double s = Math.max(0, Math.min(1, Math.log(v / lo) / Math.log(hi / lo)));
        float[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double p = s * (stops.length - 1);
        int k = Math.min(stops.length - 2, (int) p);
        double f = p - k;
        return new Color((int) (stops[k][0] + f * (stops[k + 1][0] - stops[k][0])),
                (int) (stops[k][1] + f * (stops[k + 1][1] - stops[k][1])),
                (int) (stops[k][2] + f * (stops[k + 1][2] - stops[k][2])));
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
    }

    private static String fmt(double v) {
        return Math.abs(v) < 1e-12 ? "0" : java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(3))
                .stripTrailingZeros().toPlainString();
    }
}
