package org.ttfp.tt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;

/** Inner products, weighted sums, partial contractions and the full tensor. */
final class TtContractions {
    private TtContractions() {}

    private static final double LN2 = Math.log(2);

    /** Scales m in place by a power of two so that its largest entry is in [1, 2); returns the log of the factor removed. */
    private static double renormalize(Backend be, Mat m, String what) {
        double s = be.maxAbs(m);
        if (Double.isNaN(s)) {
            throw new ArithmeticException("NaN while computing " + what);
        }
        if (s == 0 || Double.isInfinite(s)) {
            if (Double.isInfinite(s)) {
                throw new ArithmeticException("overflow while computing " + what + " (Inf in the cores?)");
            }
            return Double.NEGATIVE_INFINITY;
        }
        int e = Math.getExponent(s);
        be.scale(Math.scalb(1.0, -e), m);
        return e * LN2;
    }

    static LogScalar dot(TensorTrain a, TensorTrain b) {
        TtAlgebra.checkCompatible(a, b, "dot");
        Backend be = a.backend();
        int[] n = a.nInternal();
        int[] ra = a.rInternal(), rb = b.rInternal();
        Mat w = be.fromArray(new double[] {1.0}, 1, 1);
        double log = 0;
        for (int k = 0; k < n.length; k++) {
            Mat bk = b.coresInternal()[k].reshape(rb[k], n[k] * rb[k + 1]);
            Mat z = be.mul(w, bk).reshape(ra[k] * n[k], rb[k + 1]);
            w = be.mul(a.coresInternal()[k], true, z, false);
            double l = renormalize(be, w, "an inner product");
            if (l == Double.NEGATIVE_INFINITY) {
                return LogScalar.ZERO;
            }
            log += l;
        }
        return LogScalar.of(be.get(w, 0, 0), log);
    }

    private static Mat[] weightVectors(TensorTrain a, double[][] weights, boolean[] skip) {
        int[] n = a.nInternal();
        if (weights == null || weights.length != n.length) {
            throw new IllegalArgumentException("weights must hold d = " + n.length + " vectors, got "
                    + (weights == null ? "null" : weights.length));
        }
        Mat[] w = new Mat[n.length];
        for (int k = 0; k < n.length; k++) {
            if (skip != null && skip[k]) {
                continue;
            }
            Checks.length("weights[" + k + "]", weights[k], n[k]);
            Checks.allFinite("weights[" + k + "]", weights[k]);
            w[k] = a.backend().fromArray(weights[k], 1, n[k]);
        }
        return w;
    }

    static LogScalar contract(TensorTrain a, double[][] weights) {
        Mat[] w = weightVectors(a, weights, null);
        Backend be = a.backend();
        int[] n = a.nInternal(), r = a.rInternal();
        Mat v = be.fromArray(new double[] {1.0}, 1, 1);
        double log = 0;
        for (int k = 0; k < n.length; k++) {
            // v (1 x r0) · G (r0 x n r1) = 1 x (n r1) ≅ n x r1 ; then w (1 x n) · that.
            Mat t = be.mul(v, a.coresInternal()[k].reshape(r[k], n[k] * r[k + 1])).reshape(n[k], r[k + 1]);
            v = be.mul(w[k], t);
            double l = renormalize(be, v, "a contraction");
            if (l == Double.NEGATIVE_INFINITY) {
                return LogScalar.ZERO;
            }
            log += l;
        }
        return LogScalar.of(be.get(v, 0, 0), log);
    }

    static TensorTrain contractExcept(TensorTrain a, double[][] weights, int[] keep) {
        int d = a.dim();
        if (keep == null || keep.length == 0) {
            throw new IllegalArgumentException("keep must name at least one mode to keep (use contract() for a full contraction)");
        }
        boolean[] kept = new boolean[d];
        for (int q : keep) {
            if (q < 0 || q >= d) {
                throw new IllegalArgumentException("keep holds mode " + q + ", expected 0.." + (d - 1));
            }
            if (kept[q]) {
                throw new IllegalArgumentException("keep names mode " + q + " twice");
            }
            kept[q] = true;
        }
        Mat[] w = weightVectors(a, weights, kept);
        Backend be = a.backend();
        int[] n = a.nInternal(), r = a.rInternal();
        List<Mat> cores = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Mat left = null; // product of contracted cores since the last kept mode (rows = rank before)
        for (int k = 0; k < d; k++) {
            Mat g = a.coresInternal()[k];
            if (kept[k]) {
                if (left != null) {
                    g = be.mul(left, g.reshape(r[k], n[k] * r[k + 1])).reshape(left.rows() * n[k], r[k + 1]);
                    left = null;
                }
                cores.add(g);
                sizes.add(n[k]);
            } else {
                Mat m = be.contractMiddle(g, r[k], n[k], r[k + 1], be.transpose(w[k]));
                left = left == null ? m : be.mul(left, m);
            }
        }
        if (left != null) {
            int last = cores.size() - 1;
            cores.set(last, be.mul(cores.get(last), left));
        }
        int[] ns = sizes.stream().mapToInt(Integer::intValue).toArray();
        return TensorTrain.ofComputedCores(cores, ns);
    }

    static double[] full(TensorTrain a) {
        int[] n = a.nInternal(), r = a.rInternal();
        long size = Checks.product("full(): the tensor", n, 1L << 28);
        Backend be = a.backend();
        Mat f = a.coresInternal()[0];
        int rows = n[0];
        for (int k = 1; k < n.length; k++) {
            f = be.mul(f, a.coresInternal()[k].reshape(r[k], n[k] * r[k + 1])).reshape(rows * n[k], r[k + 1]);
            rows *= n[k];
        }
        double[] out = f.toArray();
        assert out.length == size : Arrays.toString(n);
        return out;
    }
}
