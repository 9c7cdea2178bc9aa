package org.ttfp.cheb;

import java.util.Arrays;

/**
 * Small kernels on batches of points that every evaluator of a TT on a {@link ChebyshevBox} shares:
 * clamping a batch into the box and the log-density derivatives (score and its Jacobian) from p,
 * ∇p and ∇²p. Points are row-major, x[s·d + k] = coordinate k of point s (count x d).
 */
public final class PointBatches {
    private PointBatches() {
    }

    /**
     * The first {@code count} points of x (row-major), copied, checked finite and inside the box up
     * to {@link ChebyshevGrid#DOMAIN_TOLERANCE}·(b_k − a_k), and clamped into it (for callers that
     * evaluate several fields at the same points).
     *
     * @throws IllegalArgumentException if x is null or shorter than count·d, or a coordinate is not
     *                                  finite or outside the box (naming the point, axis and value)
     */
    public static double[] clamped(ChebyshevBox box, double[] x, int count) {
        int d = box.dim();
        if (count < 0 || x == null || x.length < (long) count * d) {
            throw new IllegalArgumentException("x must hold count*d = " + count + "*" + d + " coordinates, got "
                    + (x == null ? "null" : x.length));
        }
        double[] z = Arrays.copyOf(x, count * d);
        for (int k = 0; k < d; k++) {
            ChebyshevGrid g = box.axis(k);
            double a = g.a(), b = g.b(), tol = ChebyshevGrid.DOMAIN_TOLERANCE * (b - a);
            for (int s = 0; s < count; s++) {
                double v = z[s * d + k];
                if (!(v >= a - tol && v <= b + tol)) {
                    throw new IllegalArgumentException("x[" + (s * d + k) + "] (point " + s + ", axis " + k + ") = " + v
                            + " is outside the box [" + a + ", " + b + "]");
                }
                z[s * d + k] = Math.min(b, Math.max(a, v));
            }
        }
        return z;
    }

    /**
     * The log-density derivatives from p, ∇p and (optionally) ∇²p at count points, e.g. after a
     * linear combination of several interpolants' outputs: score_i = g_i/p and
     * J_ij = H_ij/p − g_i g_j/p²; NaN where p ≤ 0 or p is NaN. The outputs may be the input arrays
     * (in place). {@code hess} and {@code jacobian} may both be null.
     *
     * @throws IllegalArgumentException on a wrong length or a null required array
     */
    public static void logDerivatives(int count, int d, double[] p, double[] grad, double[] hess,
                                      double[] score, double[] jacobian) {
        if (count < 0 || d < 1) {
            throw new IllegalArgumentException("count must be >= 0 and d >= 1, got count = " + count + ", d = " + d);
        }
        if (p == null || grad == null || score == null) {
            throw new IllegalArgumentException("p, grad and score must not be null");
        }
        if ((hess == null) != (jacobian == null)) {
            throw new IllegalArgumentException("hess and jacobian must both be given or both be null");
        }
        checkOut("p", p, count);
        checkOut("grad", grad, (long) count * d);
        checkOut("score", score, (long) count * d);
        checkOut("hess", hess, (long) count * d * d);
        checkOut("jacobian", jacobian, (long) count * d * d);
        for (int s = 0; s < count; s++) {
            double inv = p[s] > 0 ? 1.0 / p[s] : Double.NaN;
            int g0 = s * d;
            for (int i = 0; i < d; i++) {
                score[g0 + i] = grad[g0 + i] * inv;
            }
            if (hess != null) {
                int h0 = s * d * d;
                for (int i = 0; i < d; i++) {
                    double si = score[g0 + i];
                    for (int j = 0; j < d; j++) {
                        jacobian[h0 + i * d + j] = hess[h0 + i * d + j] * inv - si * score[g0 + j];
                    }
                }
            }
        }
    }

    static void checkOut(String name, double[] out, long need) {
        if (out != null && out.length < need) {
            throw new IllegalArgumentException(name + " must have at least " + need + " entries, got " + out.length);
        }
    }
}
