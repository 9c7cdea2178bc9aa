package org.ttfp.fp;

/** Argument checks shared by the fokker-planck packages (not API: their signatures may change); messages name the argument, the value and what was expected. */
public final class FpChecks {
    private FpChecks() {}

    public static int dim(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("d (dimension) = " + d + ": expected d >= 1");
        }
        return d;
    }

    public static double finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " = " + v + ": expected a finite value");
        }
        return v;
    }

    public static double positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " = " + v + ": expected a finite value > 0");
        }
        return v;
    }

    public static double nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " = " + v + ": expected a finite value >= 0");
        }
        return v;
    }

    public static double[] finiteArray(String name, double[] v, int length) {
        if (v == null || v.length != length) {
            throw new IllegalArgumentException(name + " has length " + (v == null ? "null" : Integer.toString(v.length))
                    + ": expected " + length);
        }
        for (int i = 0; i < length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + v[i] + ": expected a finite value");
            }
        }
        return v.clone();
    }

    public static void axis(int axis, int d) {
        if (axis < 0 || axis >= d) {
            throw new IndexOutOfBoundsException("axis " + axis + " outside 0.." + (d - 1));
        }
    }

    /** Requires 0 ≤ s ≤ t, both finite (a forward transition). */
    public static void forward(double s, double t) {
        if (!Double.isFinite(s) || !Double.isFinite(t) || !(s <= t)) {
            throw new IllegalArgumentException("transition times s = " + s + ", t = " + t + ": expected finite s <= t");
        }
    }

    /** Requires a batch x of count points in dimension d and an output of at least outLength. */
    public static void batch(double[] x, int count, int d, double[] out, int outLength) {
        batch(x, count, d, out, outLength, "out");
    }

    /** As {@link #batch(double[], int, int, double[], int)}, the output named {@code outName} in messages. */
    public static void batch(double[] x, int count, int d, double[] out, int outLength, String outName) {
        if (count < 0) {
            throw new IllegalArgumentException("count = " + count + ": expected >= 0");
        }
        if (x == null || x.length < (long) count * d) {
            throw new IllegalArgumentException("x has length " + (x == null ? "null" : Integer.toString(x.length))
                    + ": expected at least count*d = " + (long) count * d);
        }
        if (out == null || out.length < outLength) {
            throw new IllegalArgumentException(outName + " has length "
                    + (out == null ? "null" : Integer.toString(out.length)) + ": expected at least " + outLength);
        }
    }

    /** Checks a row-major N x d batch of finite points (N ≥ 0) and returns N; messages name {@code name}. */
    public static int points(double[] x, int d, int minPoints, String name) {
        if (x == null) {
            throw new IllegalArgumentException(name + " is null: expected a row-major N x " + d + " array");
        }
        if (x.length % d != 0) {
            throw new IllegalArgumentException(name + " has length " + x.length + ", not a multiple of d = " + d
                    + ": expected a row-major N x d array");
        }
        if (x.length / d < minPoints) {
            throw new IllegalArgumentException(name + " has " + x.length / d + " points: expected at least " + minPoints);
        }
        for (int j = 0; j < x.length; j++) {
            if (!Double.isFinite(x[j])) {
                throw new IllegalArgumentException(name + "[" + j + "] (point " + (j / d) + ", axis " + (j % d) + ") = "
                        + x[j] + ": expected a finite coordinate");
            }
        }
        return x.length / d;
    }
}
