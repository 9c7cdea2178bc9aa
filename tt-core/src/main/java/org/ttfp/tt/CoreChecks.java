package org.ttfp.tt;

import java.util.Arrays;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;

/**
 * Checks of the {@link TensorTrain} factories: a backend given, ranks that chain, cores whose sizes
 * fit one heap array and one matrix, and cores with finite values (one {@link Backend#maxAbs} pass,
 * and a transfer only to name the first bad entry). Messages name the core, its shape and the
 * position (a, i, b) of the entry.
 */
final class CoreChecks {
    private CoreChecks() {}

    /** Refuses a core with a NaN or infinite entry, naming the core and the entry's position (a, i, b). */
    static void requireFiniteCore(Backend be, Mat c, int k, int r0, int nk) {
        double max = be.maxAbs(c);
        if (Double.isFinite(max)) {
            return;
        }
        String where = "max |entry| = " + max;
        if (c.size() <= Integer.MAX_VALUE - 8) {
            double[] v = be.toArray(c);
            int rows = c.rows();
            for (int t = 0; t < v.length; t++) {
                if (!Double.isFinite(v[t])) {
                    int row = t % rows, b = t / rows;
                    where = "G(a, i, b) at (a, i, b) = (" + row % r0 + ", " + row / r0 + ", " + b + ") is " + v[t]
                            + " (row " + row + ", column " + b + " of the " + rows + " x " + c.cols() + " matrix)";
                    break;
                }
            }
        }
        throw new IllegalArgumentException("core " + k + " (r = " + r0 + ", n = " + nk + ", r' = " + c.cols()
                + ") has a non-finite entry: " + where + "; expected finite values");
    }

    static Backend requireBackend(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null (Backends.defaultBackend() gives the configured one)");
        }
        return backend;
    }

    /** Entries of core k, r0 n r1, checked to fit in one heap array and one matrix. */
    static int coreLength(int k, int r0, int nk, int r1) {
        long len = (long) r0 * nk * r1;
        if (len > Integer.MAX_VALUE - 8 || (long) r0 * nk > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("core " + k + " of shape " + r0 + " x " + nk + " x " + r1 + " has " + len
                    + " entries, more than one heap array holds (" + (Integer.MAX_VALUE - 8) + "); lower the ranks");
        }
        return (int) len;
    }

    static int[] checkRanks(int[] ranks, int d) {
        if (ranks == null || ranks.length != d + 1) {
            throw new IllegalArgumentException("ranks must have d+1 = " + (d + 1) + " entries, got "
                    + (ranks == null ? "null" : Arrays.toString(ranks)));
        }
        if (ranks[0] != 1 || ranks[d] != 1) {
            throw new IllegalArgumentException("ranks must start and end with 1, got " + Arrays.toString(ranks));
        }
        for (int k = 0; k <= d; k++) {
            if (ranks[k] < 1) {
                throw new IllegalArgumentException("ranks[" + k + "] must be >= 1, got " + ranks[k]);
            }
        }
        return ranks.clone();
    }
}
