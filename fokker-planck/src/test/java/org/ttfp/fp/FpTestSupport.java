package org.ttfp.fp;

import org.ttfp.fp.density.GaussianMixture;

import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.tt.TensorTrain;

/** Shared helpers of the fokker-planck tests: dense references on small grids. */
final class FpTestSupport {
    private FpTestSupport() {}

    /** All grid points of a small box, row-major (first axis fastest, as TensorTrain.full()). */
    static double[] gridPoints(ChebyshevBox box) {
        int d = box.dim();
        int[] n = box.modeSizes();
        int total = 1;
        for (int v : n) {
            total *= v;
        }
        double[] x = new double[total * d];
        for (int lin = 0; lin < total; lin++) {
            int rem = lin;
            for (int k = 0; k < d; k++) {
                x[lin * d + k] = box.axis(k).node(rem % n[k]);
                rem /= n[k];
            }
        }
        return x;
    }

    /** Tensor-product Clenshaw–Curtis weights of every grid point (first axis fastest). */
    static double[] gridWeights(ChebyshevBox box) {
        int d = box.dim();
        int[] n = box.modeSizes();
        double[][] w = box.quadratureWeights();
        int total = 1;
        for (int v : n) {
            total *= v;
        }
        double[] out = new double[total];
        for (int lin = 0; lin < total; lin++) {
            int rem = lin;
            double ww = 1;
            for (int k = 0; k < d; k++) {
                ww *= w[k][rem % n[k]];
                rem /= n[k];
            }
            out[lin] = ww;
        }
        return out;
    }

    /** Discrete relative L2 error (Clenshaw–Curtis weights) of grid values against reference values. */
    static double relativeL2(double[] values, double[] reference, double[] weights) {
        double num = 0, den = 0;
        for (int j = 0; j < values.length; j++) {
            double e = values[j] - reference[j];
            num += weights[j] * e * e;
            den += weights[j] * reference[j] * reference[j];
        }
        return Math.sqrt(num / den);
    }

    /** Relative L2 error of a TT density on the full grid against a mixture. */
    static double relativeL2(ChebyshevBox box, TensorTrain p, GaussianMixture exact) {
        double[] x = gridPoints(box);
        double[] ref = new double[x.length / box.dim()];
        exact.density(x, ref.length, ref);
        return relativeL2(p.full(), ref, gridWeights(box));
    }

    /** Row-major d x d covariance with the given standard deviations and correlation rho between all pairs. */
    static double[] covariance(double[] sd, double rho) {
        int d = sd.length;
        double[] s = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s[i * d + j] = (i == j ? 1 : rho) * sd[i] * sd[j];
            }
        }
        return s;
    }
}
