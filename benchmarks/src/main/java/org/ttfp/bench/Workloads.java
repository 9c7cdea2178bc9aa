package org.ttfp.bench;

import java.util.Locale;
import org.ttfp.linalg.Backend;

/**
 * The reference workloads W1–W7 of docs/workloads.md, each run once outside JMH: the entry points shared
 * by the JMH benchmarks (which time only the workload's kernel), the tiny-size tests and the GPU
 * check. Each returns a {@link Result} with the wall time of the kernel and the workload's
 * {@link Figure}. The per-workload classes ({@link W1TtSvd}, {@link W2Rounding}, …) hold the
 * inputs, the timed kernel and the figure separately.
 */
public final class Workloads {
    private Workloads() {}

    /**
     * One run of a workload.
     *
     * @param workload the id, "W1".."W7" or "GEMM"
     * @param seconds  wall time of the timed kernel (single run, no warm-up)
     * @param figure   the figure of that run
     */
    public record Result(String workload, double seconds, Figure figure) {}

    /** W1 at the reference size (d = 7, n = 8). */
    public static Result w1TtSvd(Backend backend) {
        return W1TtSvd.run(backend, W1TtSvd.D, W1TtSvd.N);
    }

    /** W2 at the reference size (d = 50, n = 32) for rank r (20, 50 or 100 in the suite). */
    public static Result w2Rounding(Backend backend, int r) {
        return W2Rounding.run(backend, W2Rounding.D, W2Rounding.N, r);
    }

    /** W3 at the reference size (d = 10, n = 64, 10^4 validation points). */
    public static Result w3Cross(Backend backend) {
        return W3Cross.run(backend, W3Cross.D, W3Cross.N, W3Cross.VALIDATION_POINTS);
    }

    /** W4 at the reference size (d = 10, n = 64, r = 30, 10^5 indices). */
    public static Result w4Evaluate(Backend backend) {
        return W4Evaluate.run(backend, W4Evaluate.D, W4Evaluate.N, W4Evaluate.R, W4Evaluate.COUNT);
    }

    /** W5 at the reference size (d = 50, n = 32, r = 50). */
    public static Result w5Dot(Backend backend) {
        return W5Dot.run(backend, W5Dot.D, W5Dot.N, W5Dot.R);
    }

    /** W6 at the suite's grid and step count for dimension d and a propagator (EXACT or SPLIT). */
    public static Result w6FpSolve(Backend backend, int d, org.ttfp.fp.FpMethod method) {
        return W6FpSolve.run(backend, d, method);
    }

    /** W7 at the reference size (10^4 samples) in dimension d (3, 10 or 30 in the suite). */
    public static Result w7Encoder(Backend backend, int d) {
        return W7Encoder.run(backend, d, W6FpSolve.NODES, W7Encoder.STEPS, W7Encoder.SAMPLES);
    }

    /** The dense GEMM rate: C = A B with n x n matrices (2000 in the suite). */
    public static Result gemm(Backend backend, int n) {
        return GemmRate.run(backend, n);
    }

    // ------------------------------------------------------------------ helpers shared by workloads

    /** @throws IllegalArgumentException unless value ≥ min */
    static void checkSize(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    /** ‖x − y‖_2 / ‖y‖_2, scaled so that no square overflows ({@link #scaledSquares}). */
    static double relativeDistance(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("lengths differ: " + x.length + " vs " + y.length);
        }
        double[] q = scaledSquares(x, y);
        if (q[0] == 0) {
            return 0;
        }
        if (q[1] == 0) {
            throw new IllegalArgumentException("the reference vector is zero: relative distance undefined");
        }
        return Math.sqrt(q[0] / q[1]);
    }

    /**
     * The two sums {Σ ((x_i − y_i)/s)², Σ (y_i/s)²} with s = max_i max(|x_i|, |y_i|), so that no
     * square overflows ({0, 0} when s = 0); √(first/second) = ‖x − y‖_2 / ‖y‖_2. Equal lengths
     * expected. Cost: 2 passes, 5 flops per entry.
     */
    public static double[] scaledSquares(double[] x, double[] y) {
        double scale = 0;
        for (int i = 0; i < y.length; i++) {
            scale = Math.max(scale, Math.max(Math.abs(x[i]), Math.abs(y[i])));
        }
        double num = 0, den = 0;
        if (scale == 0) {
            return new double[] {num, den};
        }
        for (int i = 0; i < y.length; i++) {
            double dx = (x[i] - y[i]) / scale, yy = y[i] / scale;
            num += dx * dx;
            den += yy * yy;
        }
        return new double[] {num, den};
    }

    /** Ranks as text with runs compressed: {1, 32, 100, 100, 100, 32, 1} gives "1-32-100×3-32-1". */
    static String ranksText(int[] r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.length; ) {
            int j = i;
            while (j + 1 < r.length && r[j + 1] == r[i]) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append('-');
            }
            sb.append(r[i]);
            if (j > i) {
                sb.append('×').append(j - i + 1);
            }
            i = j + 1;
        }
        return sb.toString();
    }

    /** A number in the form used in summaries (3 significant digits). */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
