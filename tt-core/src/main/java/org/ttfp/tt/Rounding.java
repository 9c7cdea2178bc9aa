package org.ttfp.tt;

/**
 * How {@link TensorTrain#round(double, int, Rounding)} finds the bases it truncates in.
 *
 * <p>Both methods return a TT with ‖A − round(A)‖_F ≤ eps ‖A‖_F (unless maxRank caps a rank):
 * {@link #RANDOMIZED} checks its own accuracy a posteriori and falls back to the deterministic
 * sweep when the check fails, so it never returns a less accurate result, only (with high
 * probability) a faster one.
 */
public enum Rounding {
    /**
     * Left-orthogonalization then a right-to-left sweep of truncated SVDs (Oseledets 2011, Alg. 2),
     * each factorization done by GEMMs on Gram matrices with an explicit residual check and the
     * Householder QR / full SVD as fallback (see {@code TtRounding}). Reproducible, the default.
     */
    DETERMINISTIC,
    /**
     * Randomize-then-orthogonalize: the left bases are the ranges of the unfoldings sketched with a
     * random TT (independent unit-variance entries) of rank about half the input's (or maxRank plus an oversampling of 10), computed in
     * one left-to-right sweep; an independent random sketch estimates the discarded part, and the
     * small result is truncated deterministically (see {@code RandomizedRounding}). Cheaper when
     * the input's ranks are well above the output's (sums of several TTs); the sketches use a fixed
     * seed, so the result is reproducible as well.
     */
    RANDOMIZED
}
