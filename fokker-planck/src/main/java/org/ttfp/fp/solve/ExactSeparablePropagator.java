package org.ttfp.fp.solve;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.fp.sde.SeparableLinearSde;
import org.ttfp.tt.TensorTrain;

/**
 * The exact propagator of a separable linear SDE (VP, VE, sub-VP, OU with a diagonal matrix):
 * each axis has the Gaussian transition X_i(t) = a_i X_i(s) + √v_i ε, so a step applies the exact
 * transition matrix {@link ModePropagators#gaussianTransition} along every mode: no
 * time-discretisation error, any step size (stiff β schedules included), ranks unchanged. The only
 * errors are the grid's interpolation error and the box truncation. Cost per step: d mode products,
 * Σ_k 2 r_{k−1} n_k² r_k flops, plus the transition matrices (cached by (axis grid, a, v)).
 */
public final class ExactSeparablePropagator implements Propagator {

    private final SeparableLinearSde sde;
    private final ChebyshevGrid[] grids;
    private final Map<List<Object>, double[]> cache = new ConcurrentHashMap<>();

    /**
     * @param sde the separable SDE
     * @param box the box, of the SDE's dimension
     * @throws IllegalArgumentException if an argument is null or the dimensions differ
     */
    public ExactSeparablePropagator(SeparableLinearSde sde, ChebyshevBox box) {
        this.sde = sde;
        this.grids = StrangSplitPropagator.grids(sde, box);
    }

    @Override
    public Advance advance(TensorTrain p, double s, double t, int step) {
        for (int i = 0; i < grids.length; i++) {
            double a = sde.transitionScale(i, s, t);
            double v = sde.transitionVariance(i, s, t);
            if (!(a > 0) || !Double.isFinite(a) || !(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("sde transition on axis " + i + " over [" + s + ", " + t
                        + "] has scale " + a + " and variance " + v + ": expected a finite scale > 0 and variance >= 0");
            }
            if (a == 1 && v == 0) {
                continue;
            }
            ChebyshevGrid g = grids[i];
            if (cache.size() > 64) {
                cache.clear();
            }
            double[] m = cache.computeIfAbsent(List.of(g, a, v), key -> ModePropagators.gaussianTransition(g, a, v));
            p = p.applyAlongMode(i, m, g.size());
        }
        return Advance.exact(p);
    }

    @Override
    public String name() {
        return "exact separable";
    }
}
