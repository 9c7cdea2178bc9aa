package org.ttfp.tt;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.ParallelGemm;
import org.ttfp.linalg.QR;
import org.ttfp.linalg.SVD;

/**
 * TT-SVD (Oseledets 2011, Alg. 1): sequential truncated SVDs of the unfoldings of a full tensor,
 * swept from the last mode to the first so that every unfolding of the first-index-fastest array
 * is a tall matrix and a free reshape (measured on W1, 8^7: see benchmarks/README.md).
 *
 * <p>On the CPU backends a tall unfolding W (m x c, m ≥ 2·{@link #blockRows}) is not passed to
 * one SVD: its right singular vectors V and values Σ come from the SVD of the stacked R factors
 * of QRs of cache-sized row blocks ({@link #stackedR}, the blocks in parallel), and the
 * carried factor U_t Σ_t = W V_t is one GEMM ({@link ParallelGemm}); neither U nor the Q of the
 * big unfolding is formed. Σ and V are those of W up to O(u‖W‖), as with an SVD of W (Householder
 * QR is backward stable), so the ranks and the error bound are the plain path's. Smaller
 * unfoldings take one SVD. Cost per tall step: 2mc² (block QRs) + 2mc² (their Q) + 2mct (GEMM)
 * flops, all on cache-resident blocks or in GEMM, against dgesdd's QR, Q and U = Q U_R of the
 * whole out-of-cache matrix (W1: 0.55–0.6 of the time of the plain path, same run).
 */
final class TtSvd {
    private TtSvd() {}

    /**
     * Whether the backend is one of the two CPU ones, which take the blocked path (a device
     * backend keeps one SVD per unfolding: its QR calls would run one after the other).
     */
    static boolean cpu(Backend be) {
        return "openblas".equals(be.name()) || "ejml".equals(be.name());
    }

    /** Rows per block of the blocked QR: about 1 MiB of the unfolding, at least 2 c rows. */
    static int blockRows(int cols) {
        return Math.max(2 * cols, (1 << 17) / cols);
    }

    /**
     * The triangular factors R_b of the QRs of the row blocks W_b (b rows each, the last one
     * longer), stacked into a (p c) x c matrix S with SᵀS = WᵀW in exact arithmetic: S has the
     * singular values and right singular vectors of W (Householder QR is backward stable, so they
     * are those of W + E with ‖E‖ = O(u‖W‖), as for an SVD of W itself). Each block fits the
     * cache, which is why this beats one QR of the whole out-of-cache unfolding; on the two CPU
     * backends the blocks are factored in parallel (their calls then run on one OpenBLAS thread
     * each, see {@link ParallelGemm}). Cost: 2 m c² flops plus forming the blocks' Q.
     */
    static Mat stackedR(Backend be, Mat w, int b) {
        int m = w.rows(), c = w.cols();
        int p = m / b;
        double[] stack = new double[p * c * c];
        IntStream blocks = IntStream.range(0, p);
        if (ParallelGemm.parallelism() >= 2 && cpu(be)) {
            blocks = blocks.parallel();
        }
        blocks.forEach(q -> {
            QR f = be.qr(w.rowRange(q * b, q == p - 1 ? m : (q + 1) * b));
            double[] rq = be.toArray(f.r());
            be.release(f.q());
            be.release(f.r());
            for (int j = 0; j < c; j++) {
                System.arraycopy(rq, j * c, stack, j * p * c + q * c, c);
            }
        });
        return be.fromArray(stack, p * c, c);
    }

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
            double[] s;
            Mat vt;
            if (rows >= 2L * blockRows(cols) && cpu(be)) {
                // tall: V and Σ from the R of a blocked QR, U Σ = W V as one GEMM (no U, no Q)
                SVD sr = be.svd(stackedR(be, w, blockRows(cols)));
                be.release(sr.u());
                s = sr.s();
                vt = sr.vt();
                int t = TtRounding.truncationRank(s, delta, maxRank);
                Mat vtt = vt.rowRange(0, t);
                Mat next = ParallelGemm.mul(be, w, false, vtt, true);
                be.release(c);
                cores[k] = be.copy(vtt).reshape(t * n[k], r[k + 1]);
                be.release(vt);
                c = next;
                r[k] = t;
            } else {
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
        }
        cores[0] = c.reshape(n[0], r[1]);
        return new TensorTrain(be, n, r, cores);
    }
}
