package org.ttfp.tt;

/** Naive dense references computed straight from host copies of the cores (no backend kernels). */
final class DenseRef {
    private DenseRef() {}

    /** The full tensor (first index fastest) by explicit products of core slices. */
    static double[] full(TensorTrain tt) {
        int d = tt.dim();
        int[] n = tt.modeSizes(), r = tt.ranks();
        double[][] cores = new double[d][];
        for (int k = 0; k < d; k++) {
            cores[k] = tt.coreArray(k);
        }
        long size = 1;
        for (int v : n) {
            size *= v;
        }
        double[] out = new double[(int) size];
        int[] idx = new int[d];
        for (int lin = 0; lin < size; lin++) {
            int rem = lin;
            for (int k = 0; k < d; k++) {
                idx[k] = rem % n[k];
                rem /= n[k];
            }
            double[] v = {1.0};
            for (int k = 0; k < d; k++) {
                double[] w = new double[r[k + 1]];
                for (int b = 0; b < r[k + 1]; b++) {
                    double s = 0;
                    for (int a = 0; a < r[k]; a++) {
                        s += v[a] * cores[k][a + r[k] * (idx[k] + n[k] * b)];
                    }
                    w[b] = s;
                }
                v = w;
            }
            out[lin] = v[0];
        }
        return out;
    }

    static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    static double relErr(double[] x, double[] ref) {
        double num = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - ref[i]) * (x[i] - ref[i]);
        }
        double den = norm(ref);
        return Math.sqrt(num) / (den == 0 ? 1 : den);
    }
}
