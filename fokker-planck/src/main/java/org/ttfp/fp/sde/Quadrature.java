package org.ttfp.fp.sde;

import java.util.function.DoubleUnaryOperator;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

/** The fixed Gauss–Legendre rule of the SDE defaults, from Hipparchus (not API). */
final class Quadrature {

    /** The 8-point rule on [−1, 1] (Hipparchus caches the nodes and weights). */
    private static final GaussIntegrator RULE_8 = new GaussIntegratorFactory().legendre(8);

    private Quadrature() {}

    /** ∫_s^t f by the 8-point Gauss–Legendre rule mapped to [s, t] (0 when s = t). */
    static double gaussLegendre8(DoubleUnaryOperator f, double s, double t) {
        double c = 0.5 * (t + s), h = 0.5 * (t - s), sum = 0;
        if (h == 0) {
            return 0;
        }
        for (int k = 0; k < RULE_8.getNumberOfPoints(); k++) {
            sum += RULE_8.getWeight(k) * f.applyAsDouble(c + h * RULE_8.getPoint(k));
        }
        return h * sum;
    }
}
