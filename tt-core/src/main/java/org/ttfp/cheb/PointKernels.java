package org.ttfp.cheb;

/**
 * The small batched kernels of point evaluation ({@link TtInterpolant}, {@link TtSampler}): a
 * blocked heap GEMM and per-point contractions vectorized over a block of B points. Every array is
 * column-major with the point index fastest (element (s, c) at s + B·c), so the loops over points
 * are contiguous.
 */
final class PointKernels {
    private PointKernels() {}

    /**
     * out = W G (column-major): W is bs x n, G is n x cols, out bs x cols (zeroed by the caller).
     * Four columns per pass so that each loaded weight column is used four times.
     */
    static void gemm(double[] w, int bs, int n, double[] g, int cols, double[] out) {
        int c = 0;
        for (; c + 3 < cols; c += 4) {
            int o0 = bs * c, o1 = o0 + bs, o2 = o1 + bs, o3 = o2 + bs;
            int g0 = n * c, g1 = g0 + n, g2 = g1 + n, g3 = g2 + n;
            for (int i = 0; i < n; i++) {
                double a0 = g[g0 + i], a1 = g[g1 + i], a2 = g[g2 + i], a3 = g[g3 + i];
                int wi = bs * i;
                for (int s = 0; s < bs; s++) {
                    double ws = w[wi + s];
                    out[o0 + s] += a0 * ws;
                    out[o1 + s] += a1 * ws;
                    out[o2 + s] += a2 * ws;
                    out[o3 + s] += a3 * ws;
                }
            }
        }
        for (; c < cols; c++) {
            int oc = bs * c, gc = n * c;
            for (int i = 0; i < n; i++) {
                double a = g[gc + i];
                int wi = bs * i;
                for (int s = 0; s < bs; s++) {
                    out[oc + s] += a * w[wi + s];
                }
            }
        }
    }

    /** out[s, b] = Σ_a v[s, a] p[s, a + r0 b]: v is B x r0, p is B x (r0 r1), out B x r1 (column-major). */
    static double[] rowReduce(double[] v, double[] p, int bs, int r0, int r1) {
        double[] out = new double[bs * r1];
        for (int b = 0; b < r1; b++) {
            int ob = bs * b;
            for (int a = 0; a < r0; a++) {
                int vo = bs * a, po = bs * (a + r0 * b);
                for (int s = 0; s < bs; s++) {
                    out[ob + s] += v[vo + s] * p[po + s];
                }
            }
        }
        return out;
    }

    /** out[s, a] = Σ_b p[s, a + r0 b] u[s, b]: p is B x (r0 r1), u is B x r1, out B x r0 (column-major). */
    static double[] rowReduceRight(double[] p, double[] u, int bs, int r0, int r1) {
        double[] out = new double[bs * r0];
        for (int b = 0; b < r1; b++) {
            int uo = bs * b;
            for (int a = 0; a < r0; a++) {
                int oa = bs * a, po = bs * (a + r0 * b);
                for (int s = 0; s < bs; s++) {
                    out[oa + s] += p[po + s] * u[uo + s];
                }
            }
        }
        return out;
    }

    /** out[off + stride·s] = Σ_b t[s, b] u[s, b] (u null = ones, then r1 = 1). */
    static void rowDot(double[] t, double[] u, int bs, int r1, double[] out, int off, int stride) {
        for (int s = 0; s < bs; s++) {
            double acc = 0;
            if (u == null) {
                acc = t[s];
            } else {
                for (int b = 0; b < r1; b++) {
                    acc += t[s + bs * b] * u[s + bs * b];
                }
            }
            out[off + stride * s] = acc;
        }
    }

    /** The core (r0 x n x r1, column-major a + r0 (i + n b)) permuted to n x (r0 r1): (i, a + r0 b). */
    static double[] permuted(double[] src, int r0, int nk, int r1) {
        double[] p = new double[src.length];
        for (int b = 0; b < r1; b++) {
            for (int i = 0; i < nk; i++) {
                int s = r0 * (i + nk * b), t = i + nk * r0 * b;
                for (int a = 0; a < r0; a++) {
                    p[t + nk * a] = src[s + a];
                }
            }
        }
        return p;
    }
}
