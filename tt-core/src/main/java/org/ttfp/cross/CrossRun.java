package org.ttfp.cross;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.tt.Cancellation;
import org.ttfp.tt.TensorTrain;

/**
 * The state and the sweeps of one {@link TtCross} run: the interpolation sets I_k, J_k, the
 * fibre evaluation through the {@link EvaluationCache}, the alternating sweeps and the stopping
 * rule (see TtCross's class comment for the method). Not thread-safe; one instance per run.
 */
final class CrossRun {
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
    final RowSelection selection;
    final Cancellation cancellation;
    final CrossIndexSets reuse;

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

    CrossRun(TensorTrain start, BatchFunction f, CrossOptions opt, boolean warm) {
        this(start, f, opt, warm, null);
    }

    /** reuse: the sets of an earlier run to start from (null: from the starting TT). */
    CrossRun(TensorTrain start, BatchFunction f, CrossOptions opt, boolean warm, CrossIndexSets reuse) {
        this.be = start.backend();
        this.n = start.modeSizes();
        this.d = n.length;
        this.f = f;
        this.opt = opt;
        this.warm = warm;
        this.start = start;
        this.keys = new KeyPacker(n);
        this.cache = new EvaluationCache(keys.words());
        this.rankTol = d > 1 ? TtCross.RANK_TOL_FACTOR * opt.eps() / Math.sqrt(d - 1) : opt.eps();
        this.selection = new RowSelection(be, rankTol, opt.maxRank(), new SplittableRandom(opt.seed() * 0x9E3779B97F4A7C15L + 1));
        this.cancellation = opt.cancellation();
        this.left = new int[d + 1][];
        this.right = new int[d + 1][];
        this.leftCount = new int[d + 1];
        this.rightCount = new int[d + 1];
        left[0] = new int[0];
        leftCount[0] = 1;
        right[d] = new int[0];
        rightCount[d] = 1;
        this.reuse = reuse;
    }

    CrossResult run() {
        if (reuse != null) {
            reuse.copyInto(left, leftCount, right, rightCount);
        } else {
            initRightSets();
        }
        TensorTrain prev = start;
        double prevLogNorm = start.logNorm();
        TensorTrain done = null;
        Mat[] cores = new Mat[d];
        while (stop == null) {
            selection.resetCapBound();
            boolean leftToRight = sweeps % 2 == 0;
            boolean complete = leftToRight ? sweepLeftToRight(cores) : sweepRightToLeft(cores);
            if (!complete) {
                break;
            }
            TensorTrain y = TensorTrain.ofCores(Arrays.asList(cores.clone()), n);
            double yLogNorm = y.logNorm();
            lastChange = TtCross.relativeChange(y, yLogNorm, prev, prevLogNorm);
            sweeps++;
            done = y;
            if (yLogNorm == Double.NEGATIVE_INFINITY) {
                // every fibre of this sweep was zero: no change to converge on; the random rows
                // of the next sweep may still meet f
                if (sweeps >= opt.maxSweeps() || d == 1) {
                    stop = StopReason.ALL_ZERO;
                }
            } else if (lastChange < opt.eps() || d == 1) {
                stop = selection.capBound() ? StopReason.RANK_CAP : StopReason.CONVERGED;
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
        if (stop == StopReason.RANK_CAP && validation <= TtCross.VALIDATION_SLACK * opt.eps()) {
            stop = StopReason.CONVERGED; // saturated the cap, but measured within eps
        }
        CrossResult out = new CrossResult(result, info(result.maxRank(), validation), sets());
        if (opt.throwOnNonConvergence() && stop != StopReason.CONVERGED) {
            throw new CrossNotConvergedException(out);
        }
        return out;
    }

    /** The current interpolation sets, or null when no right set is known (no pass completed). */
    CrossIndexSets sets() {
        for (int k = 1; k < d; k++) {
            if (right[k] == null) {
                return null;
            }
        }
        return new CrossIndexSets(n, left, leftCount, right, rightCount);
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
            int cap = rankCap(n[k] * cols, TtCross.prefixProduct(n, k));
            int extra = warm ? Math.max(opt.rankIncrement(), rk) : 0;
            RowSelection.Pick sel = selection.select(t, n[k] * cols, cap, extra, null);
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
            int cap = rankCap(rows, TtCross.suffixProduct(n, k + 1));
            RowSelection.Pick sel = selection.select(zm, rows, cap, opt.rankIncrement(), previousLeft(k));
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
            int cap = rankCap(rows, TtCross.prefixProduct(n, k));
            RowSelection.Pick sel = selection.select(zt, rows, cap, opt.rankIncrement(), previousRight(k));
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
     * the misses would exceed the budget. A safe point of cancellation: polls it first.
     *
     * @throws java.util.concurrent.CancellationException if the run is cancelled (naming sweep and core)
     */
    double[] fibre(int k) {
        cancellation.check("in sweep " + (sweeps + 1) + " of TT-cross, before the fibre of core " + k + " of " + d);
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
