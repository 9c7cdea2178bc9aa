package org.ttfp.fp;

import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.tt.TensorTrain;

/** Mass-normalised moments of a TT density on a Chebyshev box (Clenshaw–Curtis contractions). */
final class Moments {
    private Moments() {}

    static double[] mean(ChebyshevBox box, TensorTrain p) {
        int d = box.dim();
        double[][] w = box.quadratureWeights();
        double mass = p.contract(w);
        double[] m = new double[d];
        for (int i = 0; i < d; i++) {
            double[][] wi = w.clone();
            double[] x = box.axis(i).nodes();
            wi[i] = w[i].clone();
            for (int j = 0; j < x.length; j++) {
                wi[i][j] *= x[j];
            }
            m[i] = p.contract(wi) / mass;
        }
        return m;
    }

    static double[] covariance(ChebyshevBox box, TensorTrain p, double[] mean) {
        int d = box.dim();
        double[][] w = box.quadratureWeights();
        double mass = p.contract(w);
        double[][] centred = new double[d][];
        double[][] centred2 = new double[d][];
        for (int i = 0; i < d; i++) {
            double[] x = box.axis(i).nodes();
            centred[i] = w[i].clone();
            centred2[i] = w[i].clone();
            for (int j = 0; j < x.length; j++) {
                double c = x[j] - mean[i];
                centred[i][j] *= c;
                centred2[i][j] *= c * c;
            }
        }
        double[] s = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int k = i; k < d; k++) {
                double[][] wik = w.clone();
                if (i == k) {
                    wik[i] = centred2[i];
                } else {
                    wik[i] = centred[i];
                    wik[k] = centred[k];
                }
                double v = p.contract(wik) / mass;
                s[i * d + k] = v;
                s[k * d + i] = v;
            }
        }
        return s;
    }
}
