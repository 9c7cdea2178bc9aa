package org.ttfp.ot.verify;

import java.util.SplittableRandom;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.InitialDensity;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.TensorTrain;

/** The initial densities of the paper's experiment that are not mixtures (paper-protocol.md §1). */
public final class PaperDensities {
    private PaperDensities() {}

    /**
     * The paper's d = 7 density on the grid of [−8, 8]^d with n nodes per axis: a rank-2 TT with
     * independent U[0, 1] core entries (seeded) times the standard Gaussian, as grid values
     * (unnormalised; the solver normalises on the box). Non-negative by construction.
     */
    public static InitialDensity rank2TtTimesGaussian(int d, int n, long seed) {
        if (d < 2) {
            throw new IllegalArgumentException("d = " + d + ": expected d >= 2 for a rank-2 TT");
        }
        Backend be = Backends.defaultBackend();
        ChebyshevBox box = ChebyshevBox.cube(d, -8, 8, n);
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] modes = box.modeSizes();
        int[] ranks = new int[d + 1];
        java.util.Arrays.fill(ranks, 2);
        ranks[0] = 1;
        ranks[d] = 1;
        double[][] cores = new double[d][];
        double[][] gauss = new double[d][];
        for (int k = 0; k < d; k++) {
            cores[k] = new double[ranks[k] * modes[k] * ranks[k + 1]];
            for (int t = 0; t < cores[k].length; t++) {
                cores[k][t] = rnd.nextDouble();
            }
            double[] x = box.axis(k).nodes();
            gauss[k] = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                gauss[k][i] = Math.exp(-0.5 * x[i] * x[i]) / Math.sqrt(2 * Math.PI);
            }
        }
        TensorTrain tt = TensorTrain.ofCores(be, cores, modes, ranks);
        return InitialDensity.of(tt.hadamard(TensorTrain.rankOne(be, gauss)));
    }
}
