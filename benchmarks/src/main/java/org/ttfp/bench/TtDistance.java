package org.ttfp.bench;

import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.QR;
import org.ttfp.tt.TensorTrain;

/**
 * The Frobenius distance between two tensor trains, ‖A − s·B‖_F, computed without forming A − s·B.
 *
 * <p>A − s·B is the TT with block cores [A_1, −s B_1], diag(A_k, B_k), [A_d; B_d]. A left-to-right
 * QR sweep over those cores keeps only the triangular factor R_k (ρ_k x (ra_k + rb_k)) between
 * steps: M_k = [R_{k−1}^a A_k | R_{k−1}^b B_k] reshaped to (ρ_{k−1} n_k) x (ra_k + rb_k), then
 * M_k = Q R_k. The last step gives ‖A − sB‖ = ‖R_{d−1}^a A_d + R_{d−1}^b B_d‖_F. Memory is one
 * block core at a time (the sum itself would take as much as A and B together), there is no Gram
 * matrix (no cancellation, the result is accurate to about 1e−15 ‖A‖), and each R is rescaled by a
 * power of two so that nothing overflows for any d. Cost: about 4 d n (ra + rb)³ flops.
 */
public final class TtDistance {
    private TtDistance() {}

    /**
     * log ‖A − s·B‖_F (−∞ when the difference is exactly zero).
     *
     * @throws IllegalArgumentException if the tensors differ in mode sizes or backend, or s is not finite
     */
    public static double logDistance(TensorTrain a, TensorTrain b, double s) {
        if (!Double.isFinite(s)) {
            throw new IllegalArgumentException("s must be finite, got " + s);
        }
        int d = a.dim();
        if (!java.util.Arrays.equals(a.modeSizes(), b.modeSizes())) {
            throw new IllegalArgumentException("mode sizes differ: " + java.util.Arrays.toString(a.modeSizes()) + " vs "
                    + java.util.Arrays.toString(b.modeSizes()));
        }
        Backend be = a.backend();
        if (b.backend() != be) {
            throw new IllegalArgumentException("b is on backend '" + b.backend().name() + "', a on '" + be.name() + "'");
        }
        Mat carry = be.fromArray(new double[] {1.0, -s}, 1, 2); // [R^a | R^b], rho x (ra_k + rb_k)
        double logScale = 0;
        for (int k = 0; k < d; k++) {
            int n = a.modeSize(k);
            int ra0 = a.rank(k), ra1 = a.rank(k + 1), rb0 = b.rank(k), rb1 = b.rank(k + 1);
            int rho = carry.rows();
            Mat ca = carry.columns(0, ra0);
            Mat cb = carry.columns(ra0, ra0 + rb0);
            Mat ak = a.core(k).reshape(ra0, n * ra1);
            Mat bk = b.core(k).reshape(rb0, n * rb1);
            if (k == d - 1) {
                Mat last = be.zeros(rho, n);
                be.gemm(false, false, 1.0, ca, ak, 0.0, last);
                be.gemm(false, false, 1.0, cb, bk, 1.0, last);
                double nrm = be.normF(last);
                return nrm == 0 ? Double.NEGATIVE_INFINITY : logScale + Math.log(nrm);
            }
            Mat m = be.zeros(rho, n * (ra1 + rb1));
            be.gemm(false, false, 1.0, ca, ak, 0.0, m.columns(0, n * ra1));
            be.gemm(false, false, 1.0, cb, bk, 0.0, m.columns(n * ra1, n * (ra1 + rb1)));
            QR qr = be.qr(m.reshape(rho * n, ra1 + rb1));
            carry = qr.r();
            double big = be.maxAbs(carry);
            if (Double.isNaN(big)) {
                throw new ArithmeticException("NaN in the distance sweep at core " + k);
            }
            if (big == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            int e = Math.getExponent(big);
            be.scale(Math.scalb(1.0, -e), carry);
            logScale += e * Math.log(2);
        }
        throw new AssertionError("unreachable: the loop returns at the last core");
    }

    /**
     * The relative distance ‖A − s·B‖_F / ‖s·B‖_F.
     *
     * @throws IllegalArgumentException if s·B is zero (the ratio is undefined)
     */
    public static double relative(TensorTrain a, TensorTrain b, double s) {
        double num = logDistance(a, b, s);
        double den = b.logNorm() + Math.log(Math.abs(s));
        if (den == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("s·B is zero: the relative distance is undefined");
        }
        return Math.exp(num - den);
    }
}
