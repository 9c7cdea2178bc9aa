package org.ttfp.tt;

/**
 * Argument checks shared by the public entry points of ttfp. Each throws
 * {@link IllegalArgumentException} with a message that names the argument, the value and what was
 * expected.
 */
public final class Checks {
    private Checks() {}

    /** Requires a finite value &gt; 0 (a tolerance, a step, a length). */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** Requires a finite value &ge; 0. */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** Requires a finite value. */
    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
        return value;
    }

    /** Requires an integer &ge; min. */
    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    /** Requires every entry of the array to be finite. */
    public static double[] allFinite(String name, double[] values) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + values[i]);
            }
        }
        return values;
    }

    /** Requires an array of the given length. */
    public static void length(String name, double[] values, long expected) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (values.length != expected) {
            throw new IllegalArgumentException(name + " has length " + values.length + ", expected " + expected);
        }
    }

    /** Requires mode sizes: at least one mode, each &ge; 1. Returns a defensive copy. */
    public static int[] modeSizes(String name, int[] n) {
        if (n == null || n.length == 0) {
            throw new IllegalArgumentException(name + " must list at least one mode size, got "
                    + (n == null ? "null" : "[]"));
        }
        for (int k = 0; k < n.length; k++) {
            if (n[k] < 1) {
                throw new IllegalArgumentException(name + "[" + k + "] must be >= 1, got " + n[k]);
            }
        }
        return n.clone();
    }

    /** Product of sizes as a long, or an exception naming {@code what} if it exceeds {@code limit}. */
    public static long product(String what, int[] n, long limit) {
        long p = 1;
        for (int v : n) {
            if (p > limit / Math.max(1, v)) {
                throw new IllegalArgumentException(what + " has more than " + limit + " elements (mode sizes "
                        + java.util.Arrays.toString(n) + ")");
            }
            p *= v;
        }
        return p;
    }
}
