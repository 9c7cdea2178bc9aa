package org.ttfp.tt;

import java.util.Arrays;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.SVD;

/** TT-SVD (Oseledets 2011, Alg. 1): sequential truncated SVDs of the unfoldings of a full tensor. */
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
        int[] r = new int[d + 1];
        r[0] = 1;
        Mat[] cores = new Mat[d];
        Mat c = be.fromArray(full, n[0], (int) (size / n[0]));
        long rest = size;
        for (int k = 0; k < d - 1; k++) {
            int rows = r[k] * n[k];
            rest = rest / n[k];
            SVD sv = be.svd(c.reshape(rows, (int) rest));
            int t = TtRounding.truncationRank(sv.s(), delta, maxRank);
            cores[k] = be.copy(sv.u().columns(0, t));
            c = be.copy(sv.vt().rowRange(0, t));
            be.scaleRows(c, Arrays.copyOf(sv.s(), t));
            r[k + 1] = t;
        }
        r[d] = 1;
        cores[d - 1] = c.reshape(r[d - 1] * n[d - 1], 1);
        return new TensorTrain(be, n, r, cores);
    }
}
