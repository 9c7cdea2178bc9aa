package org.ttfp.tt;

/**
 * A real number held as sign · exp(logAbs), so that products of many TT cores (d = 100 and more)
 * neither overflow nor underflow. Zero is sign 0 with logAbs = −∞.
 *
 * @param sign   −1, 0 or +1
 * @param logAbs natural logarithm of the absolute value
 */
public record LogScalar(int sign, double logAbs) {

    /** The number zero. */
    public static final LogScalar ZERO = new LogScalar(0, Double.NEGATIVE_INFINITY);

    /** The scalar of value {@code v · exp(logScale)}. */
    public static LogScalar of(double v, double logScale) {
        if (Double.isNaN(v) || Double.isNaN(logScale)) {
            throw new ArithmeticException("NaN in a TT contraction (mantissa " + v + ", log-scale " + logScale + ")");
        }
        if (v == 0) {
            return ZERO;
        }
        return new LogScalar(v > 0 ? 1 : -1, Math.log(Math.abs(v)) + logScale);
    }

    /** log10 of the absolute value. */
    public double log10Abs() { return logAbs / Math.log(10); }

    /**
     * The value as a double.
     *
     * @throws ArithmeticException if it overflows (|x| &gt; Double.MAX_VALUE); underflow returns
     *                             a denormal or 0, which is the nearest double
     */
    public double value() {
        if (sign == 0) {
            return 0.0;
        }
        double v = Math.exp(logAbs);
        if (Double.isInfinite(v)) {
            throw new ArithmeticException("value exp(" + logAbs + ") overflows a double; use the LogScalar itself");
        }
        return sign * v;
    }
}
