package org.ttfp.cross;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.QR;
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
 * eps. The run also stops at {@link CrossOptions#maxSweeps()}, before a batch that would exceed
 * {@link CrossOptions#maxEvaluations()}, or when the cancellation check returns true; the result is
 * then the approximation of the last complete sweep (the starting guess of a warm start, or the
 * zero tensor, if no sweep completed). The final approximation is rounded to eps
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
     * @throws CrossNotConvergedException if the run did not converge and
     *                                    {@link CrossOptions#throwOnNonConvergence()} is set
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
        return new Run(start, f, options, false).run();
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
        return new Run(initialGuess, f, options, true).run();
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

    // ------------------------------------------------------------------ one run

    /** Rows chosen for an interface and the core (rows x |rows|) that interpolates through them. */
    private record Pick(int[] rows, Mat core) {}

    /** The state of one cross run. */
    private static final class Run {
        final Backend be;
        final int[] n;
        final int d;
        final BatchFunction f;
        final CrossOptions opt;
        final boolean warm;
        final TensorTrain start;
        final KeyPacker keys;
        final EvaluationCache cache;
        final long t0 = System.nanoTime();
        final double rankTol;
        final SplittableRandom rnd;

        /** left[k]: r_k rows of k indices (modes 0..k−1), row-major; right[k]: r_k rows of d−k indices. */
        final int[][] left;
        final int[][] right;
        final int[] leftCount;
        final int[] rightCount;

        long evaluations;
        long hits;
        int sweeps;
        double lastChange = Double.NaN;
        StopReason stop;

        Run(TensorTrain start, BatchFunction f, CrossOptions opt, boolean warm) {
            this.be = start.backend();
            this.n = start.modeSizes();
            this.d = n.length;
            this.f = f;
            this.opt = opt;
            this.warm = warm;
            this.start = start;
            this.keys = new KeyPacker(n);
            this.cache = new EvaluationCache(keys.words());
            this.rnd = new SplittableRandom(opt.seed() * 0x9E3779B97F4A7C15L + 1);
            this.rankTol = d > 1 ? RANK_TOL_FACTOR * opt.eps() / Math.sqrt(d - 1) : opt.eps();
            this.left = new int[d + 1][];
            this.right = new int[d + 1][];
            this.leftCount = new int[d + 1];
            this.rightCount = new int[d + 1];
            left[0] = new int[0];
            leftCount[0] = 1;
            right[d] = new int[0];
            rightCount[d] = 1;
        }

        CrossResult run() {
            initRightSets();
            TensorTrain prev = start;
            double prevLogNorm = start.logNorm();
            TensorTrain done = null;
            Mat[] cores = new Mat[d];
            while (stop == null) {
                boolean leftToRight = sweeps % 2 == 0;
                boolean complete = leftToRight ? sweepLeftToRight(cores) : sweepRightToLeft(cores);
                if (!complete) {
                    break;
                }
                TensorTrain y = TensorTrain.ofCores(Arrays.asList(cores.clone()), n);
                double yLogNorm = y.logNorm();
                lastChange = relativeChange(y, yLogNorm, prev, prevLogNorm);
                sweeps++;
                done = y;
                if (lastChange < opt.eps() || d == 1) {
                    stop = StopReason.CONVERGED;
                } else if (sweeps >= opt.maxSweeps()) {
                    stop = StopReason.MAX_SWEEPS;
                }
                if (opt.progress() != null) {
                    opt.progress().accept(info(y.maxRank(), Double.NaN));
                }
                prev = y;
                prevLogNorm = yLogNorm;
            }
            TensorTrain result;
            if (done != null) {
                result = done.round(opt.eps());
            } else {
                result = warm ? start : TensorTrain.constant(be, n, 0.0);
            }
            double validation = opt.validationSize() > 0 ? validate(result) : Double.NaN;
            CrossResult out = new CrossResult(result, info(result.maxRank(), validation));
            if (opt.throwOnNonConvergence() && stop != StopReason.CONVERGED) {
                throw new CrossNotConvergedException(out);
            }
            return out;
        }

        CrossInfo info(int maxRank, double validation) {
            return new CrossInfo(evaluations, hits, sweeps, lastChange, maxRank, stop, validation,
                    (System.nanoTime() - t0) * 1e-9);
        }

        // -------------------------------------------------------------- interpolation sets

        /**
         * Right sets from the starting TT by a right-to-left pass of maxvol on its cores (no function
         * calls). A warm start adds max({@link CrossOptions#rankIncrement()}, r_k) random rows per set at
         * once: a cross needs more rank than an SVD-rounded guess for the same accuracy (about 1.5×
         * on W3-like functions), and with this margin the first sweep is already accurate, so a guess
         * within eps of f converges in one sweep and a guess near f in two. (Half the margin saves
         * about 15 % of the evaluations but often needs a third sweep.)
         */
        void initRightSets() {
            int[] r0 = start.ranks();
            Mat carry = null; // r_k(start) x rightCount[k+1]: maps the new right basis into the start's core
            for (int k = d - 1; k >= 1; k--) {
                Mat g = start.core(k);
                int cols = r0[k + 1];
                if (carry != null) {
                    g = be.mul(g, carry);
                    cols = carry.cols();
                }
                int rk = r0[k];
                Mat t = be.transpose(g.reshape(rk, n[k] * cols)); // (n_k cols) x r_k
                int cap = rankCap(n[k] * cols, prefixProduct(n, k));
                int extra = warm ? Math.max(opt.rankIncrement(), rk) : 0;
                Pick sel = selectRows(t, n[k] * cols, cap, extra, null);
                int[] rows = sel.rows();
                right[k] = rightRows(k, rows);
                rightCount[k] = rows.length;
                carry = be.transpose(be.gatherRows(t, rows)); // r_k x |rows|
            }
        }

        int rankCap(int rowsAvailable, long otherSide) {
            long cap = Math.min(Math.min(opt.maxRank(), rowsAvailable), otherSide);
            return (int) Math.max(1, cap);
        }

        /**
         * The rows of the current left set I_{k+1} (from an earlier sweep) that are still candidates
         * (I_k x n_k), as candidate rows p = α + r_k i; null when there is no earlier set.
         */
        int[] previousLeft(int k) {
            if (left[k + 1] == null) {
                return null;
            }
            int rk = leftCount[k];
            HashMap<List<Integer>, Integer> pos = new HashMap<>();
            for (int a = 0; a < rk; a++) {
                pos.put(row(left[k], a, k), a);
            }
            int[] prev = left[k + 1];
            int w = k + 1, cnt = leftCount[k + 1], m = 0;
            int[] out = new int[cnt];
            for (int j = 0; j < cnt; j++) {
                Integer a = pos.get(row(prev, j, w).subList(0, k));
                if (a != null) {
                    out[m++] = a + rk * prev[j * w + k];
                }
            }
            return Arrays.copyOf(out, m);
        }

        /** As {@link #previousLeft}, for the right set J_k among (n_k x J_{k+1}): rows p = i + n_k β. */
        int[] previousRight(int k) {
            if (right[k] == null) {
                return null;
            }
            int w1 = d - k - 1, rk1 = rightCount[k + 1];
            HashMap<List<Integer>, Integer> pos = new HashMap<>();
            for (int b = 0; b < rk1; b++) {
                pos.put(row(right[k + 1], b, w1), b);
            }
            int[] prev = right[k];
            int w = d - k, cnt = rightCount[k], m = 0;
            int[] out = new int[cnt];
            for (int j = 0; j < cnt; j++) {
                Integer b = pos.get(row(prev, j, w).subList(1, w));
                if (b != null) {
                    out[m++] = prev[j * w] + n[k] * b;
                }
            }
            return Arrays.copyOf(out, m);
        }

        private static List<Integer> row(int[] set, int j, int w) {
            Integer[] r = new Integer[w];
            for (int t = 0; t < w; t++) {
                r[t] = set[j * w + t];
            }
            return Arrays.asList(r);
        }

        /** New left set I_{k+1} from rows p = α + r_k i of (I_k x n_k). */
        int[] leftRows(int k, int[] rows) {
            int rk = leftCount[k];
            int w = k + 1;
            int[] out = new int[rows.length * w];
            for (int j = 0; j < rows.length; j++) {
                int alpha = rows[j] % rk, i = rows[j] / rk;
                System.arraycopy(left[k], alpha * k, out, j * w, k);
                out[j * w + k] = i;
            }
            return out;
        }

        /** New right set J_k from rows p = i + n_k β of (n_k x J_{k+1}). */
        int[] rightRows(int k, int[] rows) {
            int w = d - k, w1 = d - k - 1;
            int[] out = new int[rows.length * w];
            for (int j = 0; j < rows.length; j++) {
                int i = rows[j] % n[k], beta = rows[j] / n[k];
                out[j * w] = i;
                System.arraycopy(right[k + 1], beta * w1, out, j * w + 1, w1);
            }
            return out;
        }

        /**
         * The rows and interpolation core of a tall fibre matrix m (rows x cols): its thin SVD
         * m = U S Vᵀ, numerical rank ρ ≤ cap at {@link #rankTol}, square maxvol on U_ρ (started from
         * the preferred rows), then rows up to K = min(ρ + extra, cap, rows): first preferred rows
         * left over, then random rows (exploration: they let the rank grow where the current sets
         * miss directions; rows chosen by leverage would not, e.g. the mirror images of a symmetric
         * function). The core is U_ρ pinv(U_ρ[P, :]) (rows x K), by QR on the backend.
         *
         * @param preferred rows of the previous set of this interface, in this matrix's numbering
         */
        Pick selectRows(Mat m, int rows, int cap, int extra, int[] preferred) {
            SVD sv = be.svd(m);
            double[] s = sv.s();
            int rho = Math.min(numericalRank(s, rankTol), cap);
            int k = Math.max(rho, Math.min(rho + extra, Math.min(cap, rows)));
            Mat u;
            if (s.length == 0 || s[0] == 0) { // a zero fibre matrix: no direction is known
                rho = 1;
                double[] e0 = new double[rows];
                e0[0] = 1;
                u = be.fromArray(e0, rows, 1);
            } else {
                u = be.copy(sv.u().columns(0, rho));
            }
            int[] sq = Maxvol.select(be.toArray(u), rows, rho, MAXVOL_TOL, Maxvol.defaultMaxSwaps(rho), preferred).rows();
            int[] chosen = Arrays.copyOf(sq, k);
            boolean[] taken = new boolean[rows];
            for (int j = 0; j < rho; j++) {
                taken[sq[j]] = true;
            }
            int c = rho;
            for (int j = 0; preferred != null && j < preferred.length && c < k; j++) {
                if (!taken[preferred[j]]) {
                    taken[preferred[j]] = true;
                    chosen[c++] = preferred[j];
                }
            }
            if (c < k) {
                // Exploration rows: a quarter uniform, the rest drawn with probability ∝ the row's norm in
                // the fibre matrix, so that for localized functions (densities in high d) the new
                // rows land where the function lives instead of where it is ~0.
                double[] cum = rowNormCumulative(be.toArray(m), rows, m.cols());
                int guard = 0;
                while (c < k) {
                    boolean weighted = cum[rows - 1] > 0 && rnd.nextDouble() < WEIGHTED_FRACTION && guard < 64 * rows;
                    int p = weighted ? draw(cum, rnd.nextDouble() * cum[rows - 1]) : rnd.nextInt(rows);
                    guard++;
                    if (!taken[p]) {
                        taken[p] = true;
                        chosen[c++] = p;
                    }
                }
            }
            QR qr = be.qr(be.gatherRows(u, chosen)); // U_ρ[P] = Q R (K x ρ, ρ x ρ)
            double[] pinv = upperSolve(be.toArray(qr.r()), rho, be.toArray(be.transpose(qr.q())), k);
            return new Pick(chosen, be.mul(u, be.fromArray(pinv, rho, k))); // U_ρ R^{-1} Qᵀ
        }

        /** Fraction of the exploration rows drawn by row norm (the rest uniformly). */
        static final double WEIGHTED_FRACTION = 0.75;

        /** Cumulative sums of the row norms of a column-major rows x cols matrix. */
        static double[] rowNormCumulative(double[] a, int rows, int cols) {
            double[] sq = new double[rows];
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < rows; i++) {
                    double v = a[i + j * rows];
                    sq[i] += v * v;
                }
            }
            double[] cum = new double[rows];
            double acc = 0;
            for (int i = 0; i < rows; i++) {
                acc += Math.sqrt(sq[i]);
                cum[i] = acc;
            }
            return cum;
        }

        /** The first index whose cumulative weight exceeds u (binary search). */
        static int draw(double[] cum, double u) {
            int lo = 0, hi = cum.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cum[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        /**
         * R^{-1} B for an upper triangular ρ x ρ matrix R and a ρ x k matrix B (column-major, B
         * overwritten and returned). Back substitution, ρ² k flops; R comes from maxvol rows of an
         * orthonormal basis, so it is well conditioned.
         */
        static double[] upperSolve(double[] r, int rho, double[] b, int k) {
            for (int c = 0; c < k; c++) {
                int off = c * rho;
                for (int i = rho - 1; i >= 0; i--) {
                    double v = b[off + i];
                    for (int j = i + 1; j < rho; j++) {
                        v -= r[i + j * rho] * b[off + j];
                    }
                    double diag = r[i + i * rho];
                    if (diag == 0) {
                        throw new ArithmeticException("singular interpolation submatrix (zero pivot " + i + " of " + rho + ")");
                    }
                    b[off + i] = v / diag;
                }
            }
            return b;
        }

        // -------------------------------------------------------------- sweeps

        boolean sweepLeftToRight(Mat[] cores) {
            for (int k = 0; k < d; k++) {
                int rk = leftCount[k], rk1 = rightCount[k + 1], rows = rk * n[k];
                double[] z = fibre(k);
                if (z == null) {
                    return false;
                }
                if (k == d - 1) {
                    cores[k] = be.fromArray(z, rows, rk1);
                    break;
                }
                Mat zm = be.fromArray(z, rows, rk1);
                int cap = rankCap(rows, suffixProduct(n, k + 1));
                Pick sel = selectRows(zm, rows, cap, opt.rankIncrement(), previousLeft(k));
                int kk = sel.rows().length;
                cores[k] = sel.core();
                left[k + 1] = leftRows(k, sel.rows());
                leftCount[k + 1] = kk;
            }
            return true;
        }

        boolean sweepRightToLeft(Mat[] cores) {
            for (int k = d - 1; k >= 0; k--) {
                int rk = leftCount[k], rk1 = rightCount[k + 1], rows = n[k] * rk1;
                double[] z = fibre(k);
                if (z == null) {
                    return false;
                }
                if (k == 0) {
                    cores[k] = be.fromArray(z, n[k], rk1);
                    break;
                }
                Mat zt = be.transpose(be.fromArray(z, rk, rows)); // (n_k r_{k+1}) x r_k
                int cap = rankCap(rows, prefixProduct(n, k));
                Pick sel = selectRows(zt, rows, cap, opt.rankIncrement(), previousRight(k));
                int kk = sel.rows().length;
                Mat g = be.transpose(sel.core()); // kk x (n_k r_{k+1})
                cores[k] = g.reshape(kk * n[k], rk1);
                right[k] = rightRows(k, sel.rows());
                rightCount[k] = kk;
            }
            return true;
        }

        // -------------------------------------------------------------- evaluation

        /**
         * Z_k(α, i, β) = f(I_k[α], i, J_{k+1}[β]) at α + r_k (i + n_k β), through the cache; null if
         * the run must stop (cancelled, or the misses would exceed the budget).
         */
        double[] fibre(int k) {
            if (opt.cancel() != null && opt.cancel().getAsBoolean()) {
                stop = StopReason.CANCELLED;
                return null;
            }
            int rk = leftCount[k], nk = n[k], rk1 = rightCount[k + 1];
            int w = keys.words();
            long[] lk = new long[rk * w];
            for (int a = 0; a < rk; a++) {
                keys.packLeft(left[k], a, k, lk, a * w);
            }
            long[] rkey = new long[rk1 * w];
            for (int b = 0; b < rk1; b++) {
                keys.packRight(right[k + 1], b, k + 1, rkey, b * w);
            }
            int size = rk * nk * rk1;
            double[] z = new double[size];
            int[] missPos = new int[size];
            long[] missKeys = new long[size * w];
            long[] key = new long[w];
            long[] mk = new long[w];
            int misses = 0;
            for (int b = 0; b < rk1; b++) {
                for (int i = 0; i < nk; i++) {
                    keys.packMode(k, i, mk);
                    for (int a = 0; a < rk; a++) {
                        for (int t = 0; t < w; t++) {
                            key[t] = lk[a * w + t] | mk[t] | rkey[b * w + t];
                        }
                        int pos = a + rk * (i + nk * b);
                        int slot = cache.find(key, 0);
                        if (slot >= 0) {
                            z[pos] = cache.value(slot);
                        } else {
                            missPos[misses] = pos;
                            System.arraycopy(key, 0, missKeys, misses * w, w);
                            misses++;
                        }
                    }
                }
            }
            hits += size - misses;
            if (misses == 0) {
                return z;
            }
            if (evaluations + misses > opt.maxEvaluations()) {
                hits -= size - misses; // this fibre is not used
                stop = StopReason.MAX_EVALUATIONS;
                return null;
            }
            int[] idx = new int[misses * d];
            for (int m = 0; m < misses; m++) {
                int pos = missPos[m];
                int a = pos % rk, rest = pos / rk, i = rest % nk, b = rest / nk;
                int o = m * d;
                System.arraycopy(left[k], a * k, idx, o, k);
                idx[o + k] = i;
                System.arraycopy(right[k + 1], b * (d - k - 1), idx, o + k + 1, d - k - 1);
            }
            double[] vals = new double[misses];
            Arrays.fill(vals, Double.NaN);
            f.evaluate(idx, misses, vals);
            for (int m = 0; m < misses; m++) {
                double v = vals[m];
                if (!Double.isFinite(v)) {
                    throw nonFinite(v, idx, m, misses);
                }
                z[missPos[m]] = v;
                cache.put(missKeys, m * w, v);
            }
            evaluations += misses;
            return z;
        }

        IllegalArgumentException nonFinite(double v, int[] idx, int m, int count) {
            return new IllegalArgumentException("f returned " + v + " at multi-index "
                    + Arrays.toString(Arrays.copyOfRange(idx, m * d, m * d + d)) + " (entry " + m + " of a batch of "
                    + count + "); f must write a finite value for every multi-index");
        }

        double validate(TensorTrain y) {
            int count = opt.validationSize();
            SplittableRandom rnd = new SplittableRandom(opt.seed() ^ 0x5DEECE66DL);
            int[] idx = new int[Math.multiplyExact(count, d)];
            for (int t = 0; t < idx.length; t++) {
                idx[t] = rnd.nextInt(n[t % d]);
            }
            double[] fv = new double[count];
            Arrays.fill(fv, Double.NaN);
            f.evaluate(idx, count, fv);
            for (int m = 0; m < count; m++) {
                if (!Double.isFinite(fv[m])) {
                    throw nonFinite(fv[m], idx, m, count);
                }
            }
            double[] yv = y.evaluate(idx, count);
            double num = 0, den = 0;
            for (int m = 0; m < count; m++) {
                double e = fv[m] - yv[m];
                num += e * e;
                den += fv[m] * fv[m];
            }
            return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
        }
    }

    /**
     * The smallest t ≥ 1 such that the singular values s[t..] have norm ≤ tol·‖s‖₂.
     */
    static int numericalRank(double[] s, double tol) {
        double total = 0;
        for (double v : s) {
            total += v * v;
        }
        double bound = tol * tol * total, tail = 0;
        int t = s.length;
        while (t > 1) {
            double next = tail + s[t - 1] * s[t - 1];
            if (next > bound) {
                break;
            }
            tail = next;
            t--;
        }
        return Math.max(1, t);
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

    // ------------------------------------------------------------------ keys and cache

    /**
     * Packs a multi-index into {@code words()} longs: mode k takes ⌈log₂ n_k⌉ bits at a fixed
     * position, modes never straddle a word. One word suffices when Σ_k ⌈log₂ n_k⌉ ≤ 64
     * (e.g. d = 10, n = 64 takes 60 bits).
     */
    static final class KeyPacker {
        private final int[] word;
        private final int[] shift;
        private final int words;

        KeyPacker(int[] n) {
            int d = n.length;
            word = new int[d];
            shift = new int[d];
            int w = 0, used = 0;
            for (int k = 0; k < d; k++) {
                int bits = n[k] <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n[k] - 1);
                if (used + bits > 64) {
                    w++;
                    used = 0;
                }
                word[k] = w;
                shift[k] = used;
                used += bits;
            }
            words = w + 1;
        }

        int words() { return words; }

        /** Adds mode k's index i into a zeroed key. */
        void packMode(int k, int i, long[] key) {
            Arrays.fill(key, 0L);
            key[word[k]] = (long) i << shift[k];
        }

        /** Packs row a of a left set (indices of modes 0..k−1) into key[off..off+words). */
        void packLeft(int[] set, int a, int k, long[] key, int off) {
            for (int j = 0; j < k; j++) {
                key[off + word[j]] |= (long) set[a * k + j] << shift[j];
            }
        }

        /** Packs row b of a right set starting at mode k (indices of modes k..d−1). */
        void packRight(int[] set, int b, int k, long[] key, int off) {
            int w = word.length - k;
            for (int j = 0; j < w; j++) {
                key[off + word[k + j]] |= (long) set[b * w + j] << shift[k + j];
            }
        }
    }

    /** Open-addressing hash map from packed multi-indices (w longs each) to function values. */
    static final class EvaluationCache {
        private final int w;
        private long[] keys;
        private double[] values;
        private boolean[] used;
        private int size;
        private int mask;

        EvaluationCache(int words) {
            this.w = words;
            allocate(1 << 12);
        }

        private void allocate(int capacity) {
            keys = new long[capacity * w];
            values = new double[capacity];
            used = new boolean[capacity];
            mask = capacity - 1;
            size = 0;
        }

        int size() { return size; }

        /** splitmix64's finalizer over the key words: every key bit affects the low bits. */
        private int hash(long[] key, int off) {
            long h = 0;
            for (int t = 0; t < w; t++) {
                long z = h + key[off + t] + 0x9E3779B97F4A7C15L;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                h = z ^ (z >>> 31);
            }
            return (int) (h ^ (h >>> 32));
        }

        private boolean same(long[] key, int off, int slot) {
            for (int t = 0; t < w; t++) {
                if (keys[slot * w + t] != key[off + t]) {
                    return false;
                }
            }
            return true;
        }

        /** The slot holding key, or −1. */
        int find(long[] key, int off) {
            int slot = hash(key, off) & mask;
            while (used[slot]) {
                if (same(key, off, slot)) {
                    return slot;
                }
                slot = (slot + 1) & mask;
            }
            return -1;
        }

        double value(int slot) { return values[slot]; }

        /** Stores the value of a key not yet present. */
        void put(long[] key, int off, double value) {
            if (2 * (size + 1) > used.length) {
                rehash();
            }
            int slot = hash(key, off) & mask;
            while (used[slot]) {
                if (same(key, off, slot)) {
                    values[slot] = value;
                    return;
                }
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            System.arraycopy(key, off, keys, slot * w, w);
            values[slot] = value;
            size++;
        }

        private void rehash() {
            long[] oldKeys = keys;
            double[] oldValues = values;
            boolean[] oldUsed = used;
            allocate(oldUsed.length * 2);
            for (int s = 0; s < oldUsed.length; s++) {
                if (oldUsed[s]) {
                    put(oldKeys, s * w, oldValues[s]);
                }
            }
        }
    }
}
