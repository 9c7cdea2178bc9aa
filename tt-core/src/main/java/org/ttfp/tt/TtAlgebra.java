package org.ttfp.tt;

import java.util.Arrays;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;

/** Sums, scaling, Hadamard products and mode products of tensor trains. */
final class TtAlgebra {
    private TtAlgebra() {}

    /** Requires equal mode sizes and the same backend. */
    static void checkCompatible(TensorTrain a, TensorTrain b, String op) {
        if (b == null) {
            throw new IllegalArgumentException(op + ": other tensor must not be null");
        }
        if (!Arrays.equals(a.nInternal(), b.nInternal())) {
            throw new IllegalArgumentException(op + ": mode sizes differ, " + Arrays.toString(a.nInternal()) + " vs "
                    + Arrays.toString(b.nInternal()));
        }
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException(op + ": tensors live on backends '" + a.backend().name() + "' and '"
                    + b.backend().name() + "'; move one with toBackend()");
        }
    }

    /** a + beta·b with block cores: [A B] first, diag(A, B) in between, [A; B] last. */
    static TensorTrain add(TensorTrain a, TensorTrain b, double beta) {
        checkCompatible(a, b, beta == 1.0 ? "add" : "subtract");
        Backend be = a.backend();
        int[] n = a.nInternal();
        int d = n.length;
        int[] ra = a.rInternal(), rb = b.rInternal();
        Mat[] ca = a.coresInternal(), cb = b.coresInternal();
        int[] r = new int[d + 1];
        Mat[] c = new Mat[d];
        r[0] = 1;
        r[d] = 1;
        if (d == 1) {
            c[0] = be.copy(ca[0]);
            be.axpy(beta, cb[0], c[0]);
            return new TensorTrain(be, n.clone(), r, c);
        }
        for (int k = 0; k < d; k++) {
            int a0 = ra[k], a1 = ra[k + 1], b0 = rb[k], b1 = rb[k + 1];
            int r0 = k == 0 ? 1 : a0 + b0;
            int r1 = k == d - 1 ? 1 : a1 + b1;
            Mat m = be.zeros(r0 * n[k], r1);
            Mat unf = m.reshape(r0, n[k] * r1);
            Mat blockB;
            if (k == 0) {
                be.copyInto(ca[k], m.columns(0, a1));
                blockB = m.columns(a1, a1 + b1);
            } else if (k == d - 1) {
                be.copyInto(ca[k].reshape(a0, n[k]), unf.rowRange(0, a0));
                blockB = unf.rowRange(a0, a0 + b0);
            } else {
                be.copyInto(ca[k].reshape(a0, n[k] * a1), unf.rowRange(0, a0).columns(0, n[k] * a1));
                blockB = unf.rowRange(a0, a0 + b0).columns(n[k] * a1, n[k] * (a1 + b1));
            }
            be.copyInto(cb[k].reshape(blockB.rows(), blockB.cols()), blockB);
            if (k == 0 && beta != 1.0) {
                be.scale(beta, blockB);
            }
            c[k] = m;
            r[k + 1] = r1;
        }
        return new TensorTrain(be, n.clone(), r, c);
    }

    static TensorTrain scale(TensorTrain a, double alpha) {
        Checks.finite("alpha", alpha);
        Backend be = a.backend();
        Mat[] c = a.coresInternal().clone();
        c[0] = be.copy(c[0]);
        be.scale(alpha, c[0]);
        return new TensorTrain(be, a.nInternal().clone(), a.rInternal().clone(), c);
    }

    static TensorTrain hadamard(TensorTrain a, TensorTrain b) {
        checkCompatible(a, b, "hadamard");
        Backend be = a.backend();
        int[] n = a.nInternal();
        int d = n.length;
        int[] ra = a.rInternal(), rb = b.rInternal();
        int[] r = new int[d + 1];
        Mat[] c = new Mat[d];
        for (int k = 0; k <= d; k++) {
            r[k] = Math.multiplyExact(ra[k], rb[k]);
        }
        for (int k = 0; k < d; k++) {
            c[k] = be.hadamardCore(a.coresInternal()[k], ra[k], ra[k + 1], b.coresInternal()[k], rb[k], rb[k + 1], n[k]);
        }
        return new TensorTrain(be, n.clone(), r, c);
    }

    static TensorTrain applyAlongMode(TensorTrain a, int k, double[] matrix, int rows) {
        a.checkMode(k);
        Checks.atLeast("rows", rows, 1);
        Checks.length("matrix", matrix, (long) rows * a.modeSize(k));
        Checks.allFinite("matrix", matrix);
        return applyAlongMode(a, k, a.backend().fromArray(matrix, rows, a.modeSize(k)));
    }

    static TensorTrain applyAlongMode(TensorTrain a, int k, Mat m) {
        a.checkMode(k);
        Backend be = a.backend();
        if (m.backend() != be) {
            throw new IllegalArgumentException("matrix belongs to backend '" + m.backend().name() + "', tensor to '"
                    + be.name() + "'");
        }
        int[] n = a.nInternal().clone();
        int[] r = a.rInternal();
        if (m.cols() != n[k] || m.rows() < 1) {
            throw new IllegalArgumentException("matrix for mode " + k + " must be n' x " + n[k] + " with n' >= 1, got "
                    + m.rows() + " x " + m.cols());
        }
        Mat[] c = a.coresInternal().clone();
        c[k] = be.modeProduct(c[k], r[k], n[k], r[k + 1], m);
        n[k] = m.rows();
        return new TensorTrain(be, n, r.clone(), c);
    }
}
