package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

/**
 * Base of the linear Gaussian SDEs whose coefficients follow a schedule over [0, T] (VP, VE): it
 * holds the horizon T &gt; 0 of the schedule.
 */
public abstract class ScheduledSde extends AbstractSde implements SeparableLinearGaussianSde {
    /** The horizon T &gt; 0. */
    protected final double horizon;

    /**
     * @param d       dimension ≥ 1
     * @param horizon T &gt; 0
     * @throws IllegalArgumentException naming the bad argument
     */
    protected ScheduledSde(int d, double horizon) {
        super(d);
        this.horizon = FpChecks.positive("horizon", horizon);
    }

    /** The horizon T of the schedule. */
    public final double horizon() {
        return horizon;
    }
}
