package org.ttfp.fp;

import java.util.stream.IntStream;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.tt.TensorTrain;

/**
 * Fast point values and gradients of the Chebyshev interpolant of a TT of grid values (the hot
 * loop of the convection step and of score queries), on heap copies of the cores.
 *
 * <p>Per point and mode k, with barycentric weights w (n_k, 4 n_k flops) and the left interface
 * v (length r_{k−1}), the next interface is v' = (w ⊗ v) · L_k, where L_k is the left unfolding
 * (r_{k−1} n_k) x r_k of core k in its stored column-major layout: r_k contiguous dot products of
 * length r_{k−1} n_k. Cost 2 Σ_k r_{k−1} n_k r_k flops per point (the same as one GEMM
 * formulation, without forming a Khatri–Rao product). Gradients use the differentiated cores
 * D_k G_k with left and right interfaces, about three times the cost. Points run in parallel
 * chunks. Points must be inside the box (the caller checks or clamps).
 */
public final class PointEvaluator {

    private static final int CHUNK = 64;

    private final int d;
    private final int[] n;
    private final int[] r;
    private final double[][] cores;
    private final double[][] nodes;
    private final double[][] bary;
    private double[][] dcores;
    private final ChebyshevGrid[] grids;

    public PointEvaluator(ChebyshevBox box, TensorTrain tt) {
        this.d = box.dim();
        this.n = tt.modeSizes();
        this.r = tt.ranks();
        this.cores = new double[d][];
        this.nodes = new double[d][];
        this.bary = new double[d][];
        this.grids = new ChebyshevGrid[d];
        for (int k = 0; k < d; k++) {
            cores[k] = tt.coreArray(k);
            grids[k] = box.axis(k);
            nodes[k] = grids[k].nodes();
            int m = n[k];
            bary[k] = new double[m];
            for (int j = 0; j < m; j++) {
                bary[k][j] = ((j & 1) == 0 ? 1.0 : -1.0) * (j == 0 || j == m - 1 ? 0.5 : 1.0);
            }
        }
    }

    /** p(x_s) for count points (row-major count x d). */
    public double[] values(double[] x, int count) {
        double[] out = new double[count];
        run(count, (from, to) -> {
            Work w = new Work();
            for (int s = from; s < to; s++) {
                out[s] = value(x, s, w);
            }
        });
        return out;
    }

    /** p(x_s) into {@code values} and ∇p(x_s) into {@code grad} (row-major count x d). */
    void valuesAndGradients(double[] x, int count, double[] values, double[] grad) {
        ensureDerivativeCores();
        run(count, (from, to) -> {
            Work w = new Work();
            for (int s = from; s < to; s++) {
                values[s] = gradient(x, s, w, grad);
            }
        });
    }

    private interface Range {
        void apply(int from, int to);
    }

    private static void run(int count, Range body) {
        int chunks = (count + CHUNK - 1) / CHUNK;
        if (chunks <= 1) {
            body.apply(0, count);
        } else {
            IntStream.range(0, chunks).parallel().forEach(c -> body.apply(c * CHUNK, Math.min(count, (c + 1) * CHUNK)));
        }
    }

    /** Scratch arrays of one thread. */
    private final class Work {
        final double[][] w = new double[d][];
        final double[][] left = new double[d + 1][];
        final double[][] right = new double[d + 1][];
        final double[] t;
        final double[] g;

        Work() {
            int maxT = 1;
            int maxR = 1;
            for (int v : r) {
                maxR = Math.max(maxR, v);
            }
            g = new double[maxR];
            for (int k = 0; k < d; k++) {
                w[k] = new double[n[k]];
                maxT = Math.max(maxT, r[k] * n[k]);
                maxT = Math.max(maxT, n[k] * r[k + 1]);
            }
            for (int k = 0; k <= d; k++) {
                left[k] = new double[r[k]];
                right[k] = new double[r[k]];
            }
            t = new double[maxT];
        }
    }

    private void weights(int k, double x, double[] w) {
        double[] xs = nodes[k];
        double[] lam = bary[k];
        int m = xs.length;
        double sum = 0;
        for (int j = 0; j < m; j++) {
            double diff = x - xs[j];
            if (diff == 0) {
                java.util.Arrays.fill(w, 0.0);
                w[j] = 1.0;
                return;
            }
            double v = lam[j] / diff;
            w[j] = v;
            sum += v;
        }
        double inv = 1.0 / sum;
        for (int j = 0; j < m; j++) {
            w[j] *= inv;
        }
    }

    /** v' = (w ⊗ v) L for core c of mode k; writes r_{k+1} values into out. */
    private void stepLeft(double[] c, int k, double[] w, double[] v, double[] t, double[] out) {
        int r0 = r[k], m = n[k], r1 = r[k + 1];
        int len = r0 * m;
        for (int i = 0; i < m; i++) {
            double wi = w[i];
            int o = r0 * i;
            for (int a = 0; a < r0; a++) {
                t[o + a] = wi * v[a];
            }
        }
        int len4 = len & ~3;
        for (int b = 0; b < r1; b++) {
            int off = len * b;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int j = 0; j < len4; j += 4) {
                a0 += t[j] * c[off + j];
                a1 += t[j + 1] * c[off + j + 1];
                a2 += t[j + 2] * c[off + j + 2];
                a3 += t[j + 3] * c[off + j + 3];
            }
            for (int j = len4; j < len; j++) {
                a0 += t[j] * c[off + j];
            }
            out[b] = (a0 + a1) + (a2 + a3);
        }
    }

    /** u' = L_right (w ⊗ u): u'(a) = Σ_{i,b} c(a, i, b) w_i u_b (r_k values from r_{k+1}). */
    private void stepRight(double[] c, int k, double[] w, double[] u, double[] out) {
        int r0 = r[k], m = n[k], r1 = r[k + 1];
        java.util.Arrays.fill(out, 0, r0, 0.0);
        for (int b = 0; b < r1; b++) {
            double ub = u[b];
            for (int i = 0; i < m; i++) {
                double f = w[i] * ub;
                if (f == 0) {
                    continue;
                }
                int off = r0 * (i + m * b);
                for (int a = 0; a < r0; a++) {
                    out[a] += f * c[off + a];
                }
            }
        }
    }

    private double value(double[] x, int s, Work wk) {
        wk.left[0][0] = 1.0;
        for (int k = 0; k < d; k++) {
            weights(k, x[s * d + k], wk.w[k]);
            stepLeft(cores[k], k, wk.w[k], wk.left[k], wk.t, wk.left[k + 1]);
        }
        return wk.left[d][0];
    }

    private double gradient(double[] x, int s, Work wk, double[] grad) {
        wk.left[0][0] = 1.0;
        for (int k = 0; k < d; k++) {
            weights(k, x[s * d + k], wk.w[k]);
            stepLeft(cores[k], k, wk.w[k], wk.left[k], wk.t, wk.left[k + 1]);
        }
        wk.right[d][0] = 1.0;
        for (int k = d - 1; k >= 0; k--) {
            // ∂_k p = left[k] · (Σ_i w_i DG_k[:, i, :]) · right[k+1]
            stepLeft(dcores[k], k, wk.w[k], wk.left[k], wk.t, wk.g);
            double acc = 0;
            for (int b = 0; b < r[k + 1]; b++) {
                acc += wk.g[b] * wk.right[k + 1][b];
            }
            grad[s * d + k] = acc;
            if (k > 0) {
                stepRight(cores[k], k, wk.w[k], wk.right[k + 1], wk.right[k]);
            }
        }
        return wk.left[d][0];
    }

    private synchronized void ensureDerivativeCores() {
        if (dcores != null) {
            return;
        }
        double[][] dc = new double[d][];
        for (int k = 0; k < d; k++) {
            int r0 = r[k], m = n[k], r1 = r[k + 1];
            double[] dm = grids[k].differentiationMatrix();
            double[] c = cores[k];
            double[] out = new double[c.length];
            for (int b = 0; b < r1; b++) {
                for (int i = 0; i < m; i++) {
                    int dst = r0 * (i + m * b);
                    for (int j = 0; j < m; j++) {
                        double dij = dm[i + m * j];
                        if (dij == 0) {
                            continue;
                        }
                        int src = r0 * (j + m * b);
                        for (int a = 0; a < r0; a++) {
                            out[dst + a] += dij * c[src + a];
                        }
                    }
                }
            }
            dc[k] = out;
        }
        dcores = dc;
    }
}
