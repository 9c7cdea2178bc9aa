package org.ttfp.fp.solve;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauss–Legendre rules on [−1, 1]: m nodes and weights, exact for polynomials of degree ≤ 2m − 1.
 * Nodes by Newton's method on the three-term recurrence of P_m from the initial guess
 * cos(π(i − ¼)/(m + ½)), weights 2/((1 − x²) P_m'(x)²); accurate to a few ulps for m up to
 * several hundred. Cost O(m²) per rule, cached.
 */
final class GaussLegendre {

    private static final ConcurrentHashMap<Integer, double[][]> CACHE = new ConcurrentHashMap<>();

    private GaussLegendre() {}

    /** {nodes, weights} of the m-point rule, nodes increasing (shared arrays: do not modify). */
    static double[][] rule(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("m = " + m + ": expected a number of Gauss–Legendre points >= 1");
        }
        return CACHE.computeIfAbsent(m, GaussLegendre::compute);
    }

    private static double[][] compute(int m) {
        double[] x = new double[m];
        double[] w = new double[m];
        for (int i = 0; i < (m + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (m + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1, p1 = z;
                for (int k = 2; k <= m; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                // P_m = p1, P_{m-1} = p0
                dp = m * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            double p0 = 1, p1 = z;
            for (int k = 2; k <= m; k++) {
                double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            dp = m * (z * p1 - p0) / (z * z - 1);
            x[i] = -z;
            x[m - 1 - i] = z;
            double wi = 2 / ((1 - z * z) * dp * dp);
            w[i] = wi;
            w[m - 1 - i] = wi;
        }
        if (m % 2 == 1) {
            x[m / 2] = 0;
        }
        return new double[][] {x, w};
    }
}
