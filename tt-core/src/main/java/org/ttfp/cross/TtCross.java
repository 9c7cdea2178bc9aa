package org.ttfp.cross;

import java.util.Arrays;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.SVD;
import org.ttfp.tt.TensorTrain;

/**
 * Rank-adaptive TT-cross: a tensor train built from a black-box tensor by evaluating it only on a
 * few fibres (Oseledets, Tyrtyshnikov 2010; one-site maxvol cross with rank adaptivity by
 * truncated SVD of every fibre matrix plus a random rank "kick", in the spirit of teneva's
 * {@code cross} and of AMEn-type enrichment).
 *
 * <p><b>Interpolation sets.</b> Core k (0-based) has a left set I_k of r_k multi-indices of modes
 * 0..k−1 and a right set J_{k+1} of r_{k+1} multi-indices of modes k+1..d−1. Its fibre tensor is
 * <pre>
 *   Z_k(α, i, β) = f(I_k[α], i, J_{k+1}[β]),   α &lt; r_k, i &lt; n_k, β &lt; r_{k+1},
 * </pre>
 * evaluated in one {@link BatchFunction} call, only at multi-indices not evaluated before: a cache
 * keyed by the bit-packed multi-index serves repeats and counts the hits.
 *
 * <p><b>A sweep left to right</b> updates cores 0..d−1 in turn. For k &lt; d−1 the fibre matrix
 * M = Z_k as (r_k n_k) x r_{k+1} is factored by a thin SVD M = U S Vᵀ; its numerical rank ρ is
 * the smallest rank whose discarded singular values have norm ≤ {@value #RANK_TOL_FACTOR}·eps/√(d−1)·‖M‖_F
 * (the margin keeps the interpolation error, which amplifies truncation errors, below eps). Square
 * maxvol on U_ρ picks ρ rows, started from the rows of the previous set of this interface (so that
 * converged sets stay put and their fibres come from the cache); then up to
 * {@link CrossOptions#rankIncrement()} more rows P are added: rows of the previous set first,
 * else random rows (a quarter uniform, the rest with probability proportional to the row's norm in the
 * fibre matrix, so that localized functions are explored where they live). The extra rows let the ranks grow: the next fibre matrices have more rows or
 * columns, so their numerical rank can exceed ρ. (Rows chosen by leverage instead of at random
 * stall on symmetric functions, whose mirror-image rows add nothing.) The core and the new set are
 * <pre>
 *   G_k = U_ρ pinv(U_ρ[P, :])   ((r_k n_k) x |P|),   I_{k+1} = (I_k x n_k)[P],
 * </pre>
 * and the last core is G_{d−1} = Z_{d−1}. The TT G_0 ⋯ G_{d−1} interpolates f through the chosen
 * sets and is exact when f is a TT of ranks ≤ ρ. A right-to-left sweep is the mirror image on the
 * transposed unfoldings (n_k r_{k+1}) x r_k and updates the right sets; sweeps alternate in
 * direction. Ranks are capped at {@link CrossOptions#maxRank()} and at min(Π_{j≤k} n_j, Π_{j&gt;k} n_j).
 *
 * <p><b>Stopping.</b> After each sweep the relative change ‖Y_s − Y_{s−1}‖_F / max(‖Y_s‖, ‖Y_{s−1}‖)
 * (TT subtraction and QR-based norm, accurate for changes near machine precision) is compared with
 * eps; when it falls below while a fibre matrix limited by {@link CrossOptions#maxRank()} had full
 * numerical rank in that sweep (the cap saturated, so nothing shows that a larger rank is not
 * needed), the reason is {@link StopReason#RANK_CAP} (settled at the cap, not converged), unless a
 * validation ({@link CrossOptions#validationSize()}) measures an error of at most
 * {@value #VALIDATION_SLACK}·eps. A sweep whose fibres are all zero gives no change to converge
 * on (0/0): the run sweeps on, from new random rows, and stops with {@link StopReason#ALL_ZERO}
 * if every sweep up to {@link CrossOptions#maxSweeps()} saw only zeros. The run
 * also stops at {@link CrossOptions#maxSweeps()} or before a batch that would exceed
 * {@link CrossOptions#maxEvaluations()}; the result is then the approximation of the last complete
 * sweep (the starting guess of a warm start, or the zero tensor, if no sweep completed). Before
 * every batch of evaluations the run polls {@link CrossOptions#cancellation()} and, when raised,
 * throws {@link java.util.concurrent.CancellationException} naming the sweep and core. The final approximation is rounded to eps
 * ({@link TensorTrain#round(double)}). Like every cross method this samples f: a feature that no
 * fibre ever meets (a narrow isolated peak) can be missed; {@link CrossOptions#validationSize()}
 * measures the error on random points.
 *
 * <p><b>Cost</b> per sweep, with r the rank and n the mode size: at most Σ_k r_k n_k r_{k+1} ≈ d n r²
 * function evaluations (far fewer once the sets settle), d thin SVDs and QRs of (r n) x r matrices
 * (O(d n r³) flops), maxvol O(d n r²), and the change, about 4 d n (2r)³ flops. Dense work runs on
 * the backend of the tensors; maxvol bookkeeping is on the heap. On W3 (d = 10, n = 64,
 * 1/(1+|x|²), eps 1e−8) it needs about 0.35 M evaluations and 9–10 sweeps.
 */
public final class TtCross {
    /** Rank truncation threshold relative to eps/√(d−1): a safety margin for fibre-based estimates. */
    static final double RANK_TOL_FACTOR = 0.01;
    /** A run that saturated its rank cap counts as converged when its validation error is at most this times eps. */
    static final double VALIDATION_SLACK = 10;
    /** Dominance tolerance of the maxvol steps. */
    static final double MAXVOL_TOL = 0.05;

    private TtCross() {}

    /**
     * Cold start: a TT approximation of the tensor A(i) = f(i) with the given mode sizes, from the
     * interpolation sets of a random TT of rank {@link CrossOptions#initialRank()} (seeded).
     *
     * @param backend   the backend of the result
     * @param modeSizes n_0..n_{d−1}, each ≥ 1
     * @param f         the tensor as a batched black box; exceptions it throws propagate
     * @param options   settings (see {@link CrossOptions})
     * @return the approximation, rounded to eps, and diagnostics
     * @throws IllegalArgumentException   on invalid arguments, or if f returns NaN/Inf (the message
     *                                    names the multi-index)
     * @throws CrossNotConvergedException if the run did not converge (any reason but CONVERGED) and
     *                                    {@link CrossOptions#throwOnNonConvergence()} is set
     * @throws java.util.concurrent.CancellationException if the cancellation was raised
     */
    public static CrossResult approximate(Backend backend, int[] modeSizes, BatchFunction f, CrossOptions options) {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        int[] n = checkModeSizes(modeSizes);
        checkCommon(f, options);
        int d = n.length;
        int[] r = new int[d + 1];
        r[0] = 1;
        r[d] = 1;
        for (int k = 1; k < d; k++) {
            r[k] = (int) Math.min(options.initialRank(), Math.min(prefixProduct(n, k), suffixProduct(n, k)));
        }
        TensorTrain start = TensorTrain.random(backend, n, r, options.seed());
        return new CrossRun(start, f, options, false).run();
    }

    /**
     * Warm start: as {@link #approximate(Backend, int[], BatchFunction, CrossOptions)}, but the first
     * interpolation sets and ranks come from {@code initialGuess} (maxvol on its cores, right to
     * left), and the first sweep's change is measured against it. When the guess is already close to
     * f (e.g. the previous time step of an evolution), one or two sweeps suffice.
     *
     * @param initialGuess a TT with the mode sizes of f; its backend is used
     */
    public static CrossResult approximate(TensorTrain initialGuess, BatchFunction f, CrossOptions options) {
        if (initialGuess == null) {
            throw new IllegalArgumentException("initialGuess must not be null");
        }
        checkCommon(f, options);
        return new CrossRun(initialGuess, f, options, true).run();
    }

    /**
     * Warm start from the interpolation sets of an earlier run ({@link CrossResult#sets()}), e.g. the
     * previous time step of an evolution: the first sweep (left to right) evaluates the fibres
     * through the right sets J_k of {@code sets} directly — no maxvol pass over the guess and no
     * random margin rows, so it costs about Σ_k r_k n_k r_{k+1} evaluations at the earlier ranks —
     * and every maxvol step starts from the earlier rows of its interface, so sets that still fit
     * stay put and the second sweep is served mostly from the evaluation cache. The stopping rule
     * is unchanged (the first sweep's change is measured against {@code initialGuess}, the second
     * against the first), so the accuracy is that of a cold start; only the work differs.
     *
     * @param initialGuess a TT with the mode sizes of f (the first change is measured against it; its
     *                     backend is used)
     * @param sets         the sets of an earlier run with the same mode sizes
     * @throws IllegalArgumentException on a null argument, or sets of other mode sizes or without
     *                                  right sets
     */
    public static CrossResult approximate(TensorTrain initialGuess, CrossIndexSets sets, BatchFunction f,
            CrossOptions options) {
        if (initialGuess == null) {
            throw new IllegalArgumentException("initialGuess must not be null");
        }
        if (sets == null) {
            throw new IllegalArgumentException("sets must not be null: expected the CrossIndexSets of an earlier run");
        }
        if (!Arrays.equals(sets.modeSizes(), initialGuess.modeSizes())) {
            throw new IllegalArgumentException("sets have mode sizes " + Arrays.toString(sets.modeSizes())
                    + " but initialGuess has " + Arrays.toString(initialGuess.modeSizes()) + ": expected equal mode sizes");
        }
        if (!sets.hasRightSets()) {
            throw new IllegalArgumentException(sets + " has an empty right set: expected the sets of a completed run");
        }
        checkCommon(f, options);
        return new CrossRun(initialGuess, f, options, true, sets).run();
    }

    private static void checkCommon(BatchFunction f, CrossOptions options) {
        if (f == null) {
            throw new IllegalArgumentException("f must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
    }

    private static int[] checkModeSizes(int[] modeSizes) {
        if (modeSizes == null || modeSizes.length == 0) {
            throw new IllegalArgumentException("modeSizes must list at least one mode size, got "
                    + (modeSizes == null ? "null" : "[]"));
        }
        for (int k = 0; k < modeSizes.length; k++) {
            if (modeSizes[k] < 1) {
                throw new IllegalArgumentException("modeSizes[" + k + "] must be >= 1, got " + modeSizes[k]);
            }
        }
        return modeSizes.clone();
    }

    /** Π_{j<k} n_j, saturating at Long.MAX_VALUE. */
    static long prefixProduct(int[] n, int k) {
        long p = 1;
        for (int j = 0; j < k; j++) {
            p = saturatingMul(p, n[j]);
        }
        return p;
    }

    /** Π_{j≥k} n_j, saturating at Long.MAX_VALUE. */
    static long suffixProduct(int[] n, int k) {
        long p = 1;
        for (int j = k; j < n.length; j++) {
            p = saturatingMul(p, n[j]);
        }
        return p;
    }

    private static long saturatingMul(long a, int b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /**
     * The smallest t ≥ 1 such that the singular values s[t..] have norm ≤ tol·‖s‖₂.
     */
    static int numericalRank(double[] s, double tol) {
        double total = 0;
        for (double v : s) {
            total += v * v;
        }
        return SVD.truncationRank(s, tol * tol * total, Integer.MAX_VALUE);
    }

    /**
     * ‖y − x‖ / max(‖y‖, ‖x‖) given log ‖y‖ and log ‖x‖, computed in log scale; 0 when both are zero.
     * Cost: one orthogonalization of y − x (ranks add), about 4 d n (r_y + r_x)³ flops.
     */
    static double relativeChange(TensorTrain y, double ly, TensorTrain x, double lx) {
        double lmax = Math.max(ly, lx);
        if (lmax == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        double ld = y.subtract(x).logNorm();
        return ld == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(ld - lmax);
    }
}
