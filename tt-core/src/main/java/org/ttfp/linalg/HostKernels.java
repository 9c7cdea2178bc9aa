package org.ttfp.linalg;

/** Host (heap) implementations of the TT-shaped kernels, used by backends that do not override them. */
final class HostKernels {
    private HostKernels() {}

    static double[] evaluate(Backend be, Mat[] cores, int[] n, int[] r, int[] idx, int count) {
        int d = cores.length;
        double[] out = new double[count];
        if (count == 0) {
            return out;
        }
        // v (count x r[k]) row-major: v[s*rk + a]
        double[] v = new double[count];
        java.util.Arrays.fill(v, 1.0);
        for (int k = 0; k < d; k++) {
            double[] g = be.toArray(cores[k]);
            int r0 = r[k], nk = n[k], r1 = r[k + 1];
            double[] w = new double[count * r1];
            for (int s = 0; s < count; s++) {
                int i = idx[s * d + k];
                int vs = s * r0, ws = s * r1;
                for (int b = 0; b < r1; b++) {
                    int base = r0 * (i + nk * b);
                    double acc = 0;
                    for (int a = 0; a < r0; a++) {
                        acc += v[vs + a] * g[base + a];
                    }
                    w[ws + b] = acc;
                }
            }
            v = w;
        }
        System.arraycopy(v, 0, out, 0, count);
        return out;
    }

    static Mat hadamardCore(Backend be, Mat am, int ra, int rb, Mat bm, int sa, int sb, int n) {
        Backend.checkCore(am, ra, n, rb);
        Backend.checkCore(bm, sa, n, sb);
        double[] a = be.toArray(am);
        double[] b = be.toArray(bm);
        int r0 = ra * sa, r1 = rb * sb;
        double[] c = new double[r0 * n * r1];
        for (int bb = 0; bb < sb; bb++) {
            for (int ba = 0; ba < rb; ba++) {
                int col = ba + rb * bb;
                for (int i = 0; i < n; i++) {
                    int cBase = r0 * (i + n * col);
                    int aBase = ra * (i + n * ba);
                    int bBase = sa * (i + n * bb);
                    for (int ab = 0; ab < sa; ab++) {
                        double bv = b[bBase + ab];
                        int cOff = cBase + ra * ab;
                        for (int aa = 0; aa < ra; aa++) {
                            c[cOff + aa] = a[aBase + aa] * bv;
                        }
                    }
                }
            }
        }
        return be.fromArray(c, r0 * n, r1);
    }
}
