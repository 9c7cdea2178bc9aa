package org.ttfp.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;

/**
 * The points file of {@code ttfp encode --points} and the encoder's CSV.
 *
 * <p><b>Input</b>: one point per row, d comma-separated numbers; an optional first row of column
 * names (any row whose first field is not a number); blank lines are skipped. Rows are numbered
 * as lines of the file (1-based) in every message.
 *
 * <p><b>Output</b>: a header {@code x_1..x_d,e_1..e_d,J_1_1..J_d_d} (J row-major, J_i_j = ∂e_i/∂x_j,
 * left out when there are no Jacobians) and one row per point in input order, every value with 17
 * significant digits (round trip exact).
 */
final class PointsCsv {
    private PointsCsv() {}

    /**
     * Reads the points (row-major N x d) and checks each row: d columns, finite values, inside the box.
     *
     * @throws IllegalArgumentException naming the file, the row (line number) and what is wrong
     */
    static double[] read(Path file, ChebyshevBox box) {
        int d = box.dim();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--points " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("--points " + file + ": cannot read (" + e.getMessage() + ")");
        }
        double[] out = new double[lines.size() * d];
        int n = 0;
        boolean first = true;
        for (int li = 0; li < lines.size(); li++) {
            String line = lines.get(li).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (first && !isNumber(f[0].strip())) {
                first = false;
                continue; // header
            }
            first = false;
            String where = "--points " + file + ", row " + (li + 1);
            if (f.length != d) {
                throw new IllegalArgumentException(where + ": " + f.length + " columns, expected d = " + d);
            }
            for (int k = 0; k < d; k++) {
                String s = f[k].strip();
                double v;
                try {
                    v = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ", column " + (k + 1) + ": '" + s + "' is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(where + ", column " + (k + 1) + ": " + s
                            + ", expected a finite value");
                }
                ChebyshevGrid g = box.axis(k);
                if (v < g.a() || v > g.b()) {
                    throw new IllegalArgumentException(where + ", column " + (k + 1) + ": " + s
                            + " is outside the box [" + g.a() + ", " + g.b() + "] of axis " + (k + 1));
                }
                out[n * d + k] = v;
            }
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("--points " + file + ": no points (expected one row of d = " + d
                    + " numbers per point)");
        }
        return java.util.Arrays.copyOf(out, n * d);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("-inf");
        }
    }

    /** The encoder CSV (see the class comment); {@code jacobians} may be null. */
    static String write(double[] x, double[] e, double[] jacobians, int d) {
        StringBuilder sb = new StringBuilder();
        for (int k = 1; k <= d; k++) {
            sb.append(k == 1 ? "" : ",").append("x_").append(k);
        }
        for (int k = 1; k <= d; k++) {
            sb.append(",e_").append(k);
        }
        if (jacobians != null) {
            for (int i = 1; i <= d; i++) {
                for (int j = 1; j <= d; j++) {
                    sb.append(",J_").append(i).append('_').append(j);
                }
            }
        }
        sb.append('\n');
        int n = x.length / d;
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < d; k++) {
                sb.append(k == 0 ? "" : ",").append(num(x[s * d + k]));
            }
            for (int k = 0; k < d; k++) {
                sb.append(',').append(num(e[s * d + k]));
            }
            if (jacobians != null) {
                for (int q = 0; q < d * d; q++) {
                    sb.append(',').append(num(jacobians[s * d * d + q]));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** 17 significant digits. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.16e", v);
    }

}
