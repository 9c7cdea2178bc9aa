package org.ttfp.tt;

import java.util.Arrays;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.SVD;

/**
 * TT-SVD (Oseledets 2011, Alg. 1): sequential truncated SVDs of the unfoldings of a full tensor,
 * swept from the last mode to the first so that every unfolding of the first-index-fastest array
 * is a tall matrix and a free reshape (measured on W1, 8^7: see benchmarks/README.md).
 */
final class TtSvd {
    private TtSvd() {}

    static TensorTrain decompose(Backend be, double[] full, int[] modeSizes, double eps, int maxRank) {
        int[] n = Checks.modeSizes("modeSizes", modeSizes);
        Checks.positive("eps", eps);
        Checks.atLeast("maxRank", maxRank, 1);
        long size = Checks.product("the full tensor", n, Integer.MAX_VALUE - 8);
        Checks.length("full", full, size);
        Checks.allFinite("full", full);
        int d = n.length;
        double norm = 0, scale = 0;
        for (double v : full) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (scale == 0) {
            return TtRounding.zero(be, n);
        }
        for (double v : full) {
            double x = v / scale;
            norm += x * x;
        }
        norm = scale * Math.sqrt(norm);
        double delta = eps / Math.sqrt(Math.max(1, d - 1)) * norm;
        // Right to left: with the first index fastest, the unfolding (n_1⋯n_k) x (n_{k+1} r_{k+1}) of
        // the remaining factor is a free reshape and tall for every k but the last few, so each SVD
        // runs on a tall matrix without a transpose, and V_tᵀ is core k+1 as it is stored.
        int[] r = new int[d + 1];
        r[0] = 1;
        r[d] = 1;
        Mat[] cores = new Mat[d];
        Mat c = be.fromArray(full, (int) (size / n[d - 1]), n[d - 1]);
        long rows = size;
        for (int k = d - 1; k >= 1; k--) {
            rows /= n[k];
            int cols = n[k] * r[k + 1];
            Mat w = c.reshape((int) rows, cols);
            SVD sv = be.svd(w);
            be.release(c);
            int t = TtRounding.truncationRank(sv.s(), delta, maxRank);
            cores[k] = be.copy(sv.vt().rowRange(0, t)).reshape(t * n[k], r[k + 1]);
            c = be.copy(sv.u().columns(0, t));
            be.release(sv.u());
            be.release(sv.vt());
            be.scaleColumns(c, Arrays.copyOf(sv.s(), t));
            r[k] = t;
        }
        cores[0] = c.reshape(n[0], r[1]);
        return new TensorTrain(be, n, r, cores);
    }
}
