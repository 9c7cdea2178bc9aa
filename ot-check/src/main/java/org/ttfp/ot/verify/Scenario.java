package org.ttfp.ot.verify;

import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.density.ScoreField;

/**
 * One verification case: an initial density p0, a forward SDE and the grid its Fokker–Planck
 * equation is solved on, with whatever exact references are known.
 *
 * @param name        short identifier (used in file names)
 * @param family      "gaussian", "mixture", "convex-potential", "quartic-mixture", ...
 * @param parameter   the swept parameter in words (e.g. "eps=0.3 t0=0.5"), or ""
 * @param sde         the forward SDE (its transition is X_t = α(t) X_0 + σ(t) ε)
 * @param sdeName     "vp", "ou", "ve", "subvp"
 * @param horizon     T, where the encoder ends
 * @param startTime   t0 ≥ 0, where the encoder starts (samples of p_{t0})
 * @param box         the Chebyshev grid of the solve
 * @param steps       time steps of the solve
 * @param maxRank     TT rank cap
 * @param tolerance   TT tolerance ε
 * @param initial     p0 for the solver
 * @param sampler     exact samples of p0
 * @param exactScore  the exact score of p_t for all t, or null
 * @param reference   the exact OT map from p_{t0} to compare the encoder with, or null
 * @param boxMassTolerance the mass of p0 the box may cut off (see FpSolver.Settings#withBoxMassTolerance)
 */
public record Scenario(String name, String family, String parameter, LinearGaussianSde sde, String sdeName, double horizon,
        double startTime, ChebyshevBox box, int steps, int maxRank, double tolerance, InitialDensity initial,
        Sampler sampler, ScoreField exactScore, ReferenceMap reference, double boxMassTolerance) {

    /** Exact samples of p0, row-major count x d. */
    @FunctionalInterface
    public interface Sampler {
        double[] sample(RandomGenerator rng, int count);
    }

    /**
     * A known optimal-transport map. {@code limit} says it maps to the T → ∞ law (N(0, I) for VP/OU),
     * so that the encoder at finite T differs from it by the tail of the flow.
     */
    public interface ReferenceMap {
        /** What the map is, in words. */
        String description();

        /** Whether it is the map to the T → ∞ limit law rather than to p_T. */
        boolean limit();

        /**
         * Whether the map is exact (closed form). A sample estimate (discrete OT between finite
         * samples) carries a sampling error of order N^(−1/d) that the verdict cannot bound, so its
         * deviation is reported but does not decide the verdict.
         */
        default boolean exact() {
            return true;
        }

        /**
         * The factor c the encoder's image is divided by before it is compared with this map: 1 for
         * the SDEs whose laws tend to N(0, I) (VP, sub-VP, OU), σ(T) for VE, whose terminal law is
         * μ0 blurred by N(0, σ(T)² I), so that E/σ(T) → the map to N(0, I) as σ(T) → ∞.
         */
        default double scale() {
            return 1.0;
        }

        /** The images of a batch (row-major count x d). */
        double[] apply(double[] x);

        /**
         * A reference map from its parts.
         *
         * @param description what the map is, in words
         * @param limit       whether it maps to the T → ∞ limit law rather than to p_T
         * @param exact       whether it is a closed form (else a sample estimate)
         * @param map         the images of a batch (row-major count x d)
         */
        static ReferenceMap of(String description, boolean limit, boolean exact, UnaryOperator<double[]> map) {
            return of(description, limit, exact, 1.0, map);
        }

        /**
         * As {@link #of(String, boolean, boolean, UnaryOperator)} with the factor c of {@link #scale()}.
         *
         * @param scale c &gt; 0, finite
         */
        static ReferenceMap of(String description, boolean limit, boolean exact, double scale,
                UnaryOperator<double[]> map) {
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("ReferenceMap.of: scale = " + scale + ": expected a finite value > 0");
            }
            if (description == null || map == null) {
                throw new IllegalArgumentException("ReferenceMap.of: description and map must be non-null, got "
                        + (description == null ? "description = null " : "") + (map == null ? "map = null" : "").trim());
            }
            return new ReferenceMap() {
                @Override
                public String description() {
                    return description;
                }

                @Override
                public boolean limit() {
                    return limit;
                }

                @Override
                public boolean exact() {
                    return exact;
                }

                @Override
                public double scale() {
                    return scale;
                }

                @Override
                public double[] apply(double[] x) {
                    return map.apply(x);
                }
            };
        }
    }

    /** Validates the parts that the constructor of each piece does not. */
    public Scenario {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("scenario name must be non-empty");
        }
        if (sde.dim() != box.dim()) {
            throw new IllegalArgumentException("scenario " + name + ": sde has dimension " + sde.dim() + ", box " + box.dim());
        }
        if (!(horizon > 0) || !Double.isFinite(horizon)) {
            throw new IllegalArgumentException("scenario " + name + ": horizon T = " + horizon + ", expected a finite T > 0");
        }
        if (!(startTime >= 0) || !(startTime < horizon)) {
            throw new IllegalArgumentException("scenario " + name + ": start time t0 = " + startTime
                    + ", expected 0 <= t0 < T = " + horizon);
        }
        if (exactScore != null && exactScore.dim() != sde.dim()) {
            throw new IllegalArgumentException("scenario " + name + ": exact score has dimension " + exactScore.dim());
        }
    }

    /** The dimension d. */
    public int dim() {
        return sde.dim();
    }
}
