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
     * out += W G (column-major): W is bs x n, G is n x cols, out bs x cols. Register-blocked over
     * four columns and four inner indices, so that each pass over the points loads four weight
     * columns and updates four output columns (16 multiply-adds per point for 12 memory accesses);
     * the loops over the points are contiguous and vectorize.
     */
    static void gemm(double[] w, int bs, int n, double[] g, int cols, double[] out) {
        int n4 = n & ~3;
        int c = 0;
        for (; c + 3 < cols; c += 4) {
            int o0 = bs * c, o1 = o0 + bs, o2 = o1 + bs, o3 = o2 + bs;
            int g0 = n * c, g1 = g0 + n, g2 = g1 + n, g3 = g2 + n;
            for (int i = 0; i < n4; i += 4) {
                double a00 = g[g0 + i], a01 = g[g0 + i + 1], a02 = g[g0 + i + 2], a03 = g[g0 + i + 3];
                double a10 = g[g1 + i], a11 = g[g1 + i + 1], a12 = g[g1 + i + 2], a13 = g[g1 + i + 3];
                double a20 = g[g2 + i], a21 = g[g2 + i + 1], a22 = g[g2 + i + 2], a23 = g[g2 + i + 3];
                double a30 = g[g3 + i], a31 = g[g3 + i + 1], a32 = g[g3 + i + 2], a33 = g[g3 + i + 3];
                int w0 = bs * i, w1 = w0 + bs, w2 = w1 + bs, w3 = w2 + bs;
                for (int s = 0; s < bs; s++) {
                    double x0 = w[w0 + s], x1 = w[w1 + s], x2 = w[w2 + s], x3 = w[w3 + s];
                    out[o0 + s] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
                    out[o1 + s] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
                    out[o2 + s] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3;
                    out[o3 + s] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
                }
            }
            for (int i = n4; i < n; i++) {
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
            for (int i = 0; i < n4; i += 4) {
                double a0 = g[gc + i], a1 = g[gc + i + 1], a2 = g[gc + i + 2], a3 = g[gc + i + 3];
                int w0 = bs * i, w1 = w0 + bs, w2 = w1 + bs, w3 = w2 + bs;
                for (int s = 0; s < bs; s++) {
                    out[oc + s] += a0 * w[w0 + s] + a1 * w[w1 + s] + a2 * w[w2 + s] + a3 * w[w3 + s];
                }
            }
            for (int i = n4; i < n; i++) {
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
        return rowReduce(v, p, bs, 0, bs, r0, r1);
    }

    /**
     * As {@link #rowReduce(double[], double[], int, int, int)} on the rows s0..s0+cs−1 of p, whose
     * leading dimension is ldp (element (s, c) at s0 + s + ldp·c); v and out are cs x r0, cs x r1.
     */
    static double[] rowReduce(double[] v, double[] p, int ldp, int s0, int cs, int r0, int r1) {
        double[] out = new double[cs * r1];
        for (int b = 0; b < r1; b++) {
            int ob = cs * b;
            int a = 0;
            for (; a + 3 < r0; a += 4) { // four terms per pass over the points: one load and store of out per four products
                int v0 = cs * a, v1 = v0 + cs, v2 = v1 + cs, v3 = v2 + cs;
                int p0 = s0 + ldp * (a + r0 * b), p1 = p0 + ldp, p2 = p1 + ldp, p3 = p2 + ldp;
                for (int s = 0; s < cs; s++) {
                    out[ob + s] += v[v0 + s] * p[p0 + s] + v[v1 + s] * p[p1 + s] + v[v2 + s] * p[p2 + s]
                            + v[v3 + s] * p[p3 + s];
                }
            }
            for (; a < r0; a++) {
                int vo = cs * a, po = s0 + ldp * (a + r0 * b);
                for (int s = 0; s < cs; s++) {
                    out[ob + s] += v[vo + s] * p[po + s];
                }
            }
        }
        return out;
    }

    /** out[s, a] = Σ_b p[s, a + r0 b] u[s, b] on rows s0..s0+cs−1 of p (leading dimension ldp); u is cs x r1, out cs x r0. */
    static double[] rowReduceRight(double[] p, int ldp, int s0, double[] u, int cs, int r0, int r1) {
        double[] out = new double[cs * r0];
        int b = 0;
        for (; b + 3 < r1; b += 4) { // four terms per pass over the points
            int u0 = cs * b, u1 = u0 + cs, u2 = u1 + cs, u3 = u2 + cs;
            for (int a = 0; a < r0; a++) {
                int oa = cs * a, p0 = s0 + ldp * (a + r0 * b), p1 = p0 + ldp * r0, p2 = p1 + ldp * r0, p3 = p2 + ldp * r0;
                for (int s = 0; s < cs; s++) {
                    out[oa + s] += p[p0 + s] * u[u0 + s] + p[p1 + s] * u[u1 + s] + p[p2 + s] * u[u2 + s]
                            + p[p3 + s] * u[u3 + s];
                }
            }
        }
        for (; b < r1; b++) {
            int uo = cs * b;
            for (int a = 0; a < r0; a++) {
                int oa = cs * a, po = s0 + ldp * (a + r0 * b);
                for (int s = 0; s < cs; s++) {
                    out[oa + s] += p[po + s] * u[uo + s];
                }
            }
        }
        return out;
    }

    /** Rows s0..s0+cs−1 of a column-major matrix with leading dimension ld and {@code cols} columns, as cs x cols. */
    static double[] slice(double[] p, int ld, int s0, int cs, int cols) {
        if (s0 == 0 && cs == ld) {
            return p;
        }
        double[] out = new double[cs * cols];
        for (int c = 0; c < cols; c++) {
            System.arraycopy(p, s0 + ld * c, out, cs * c, cs);
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
