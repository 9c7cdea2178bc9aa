package org.ttfp.linalg;

import static jcuda.jcublas.cublasDiagType.CUBLAS_DIAG_NON_UNIT;
import static jcuda.jcublas.cublasFillMode.CUBLAS_FILL_MODE_UPPER;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;
import static jcuda.jcublas.cublasSideMode.CUBLAS_SIDE_RIGHT;

import java.lang.ref.Reference;
import jcuda.jcublas.JCublas2;

/**
 * QR, SVD and solve of {@link CublasBackend}: a tall QR is {@link TallSkinnyQr} with the device
 * operations below ({@code cublasDsyrk} for the Gram matrix, {@code cublasDtrsm} for Q R⁻¹), a wide
 * one goes through the host; the SVD is that QR followed by the SVD of the small triangular
 * factor on the host; solve runs on the host. Arguments arrive checked and finite
 * ({@link AbstractBackend}).
 */
final class CublasFactorizations {
    private final CublasBackend be;
    private final TallSkinnyQr.Ops deviceOps = new DeviceOps();
    private volatile Backend host;

    CublasFactorizations(CublasBackend be) {
        this.be = be;
    }

    /** The CPU backend for the host steps, chosen on first use ({@code cpu}: OpenBLAS, else EJML). */
    Backend host() {
        Backend h = host;
        if (h == null) {
            h = Backends.byName("cpu");
            host = h;
        }
        return h;
    }

    QR qr(DeviceMat m) {
        if (m.rows() >= m.cols()) {
            return TallSkinnyQr.factor(be, m, host(), deviceOps).qr();
        }
        return TallSkinnyQr.householderViaHost(be, m, host());
    }

    TallSkinnyQr.Result qrWithPath(DeviceMat m) {
        return TallSkinnyQr.factor(be, m, host(), deviceOps);
    }

    SVD svd(DeviceMat m) {
        int rows = m.rows(), cols = m.cols();
        Backend h = host();
        if (rows >= cols) {
            // A = Q R, R = Ur S Vt  =>  U = Q Ur
            QR qr = qr(m);
            int k = cols;
            SVD small = h.svd(h.fromArray(be.toArray(qr.r()), k, k));
            DeviceMat u = be.mul(qr.q(), be.fromArray(h.toArray(small.u()), k, k));
            return new SVD(u, small.s(), be.fromArray(h.toArray(small.vt()), k, k));
        }
        // Aᵀ = Q R  =>  A = Rᵀ Qᵀ;  Rᵀ = U S Wᵀ  =>  Vt = Wᵀ Qᵀ
        QR qr = qr(be.transpose(m));
        int k = rows;
        SVD small = h.svd(h.transpose(h.fromArray(be.toArray(qr.r()), k, k)));
        DeviceMat vt = be.mul(be.fromArray(h.toArray(small.vt()), k, k), false, qr.q(), true);
        return new SVD(be.fromArray(h.toArray(small.u()), k, k), small.s(), vt);
    }

    DeviceMat solve(DeviceMat da, DeviceMat db) {
        int n = da.rows();
        Backend h = host();
        Mat x = h.solve(h.fromArray(be.toArray(da), n, n), h.fromArray(be.toArray(db), n, db.cols()));
        return be.fromArray(h.toArray(x), n, db.cols());
    }

    /** Gram matrix by {@code cublasDsyrk}, Q R⁻¹ by {@code cublasDtrsm} (no explicit inverse on the device). */
    private final class DeviceOps implements TallSkinnyQr.Ops {
        @Override
        public double[] gram(Mat q) {
            DeviceMat dq = be.own(q, "q");
            int m = dq.rows(), n = dq.cols();
            DeviceMat g = be.zeros(n, n);
            try {
                JCublas2.cublasDsyrk(be.handle(), CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_T, n, m, CublasBackend.scalar(1.0),
                        dq.pointer(), dq.ld(), CublasBackend.scalar(0.0), g.pointer(), g.ld());
            } finally {
                Reference.reachabilityFence(dq);
            }
            return be.toArray(g);
        }

        @Override
        public Mat timesUpperInverse(Mat q, double[] r, double[] rInv, int n) {
            DeviceMat out = be.copy(q);
            DeviceMat dr = be.fromArray(r, n, n);
            try {
                JCublas2.cublasDtrsm(be.handle(), CUBLAS_SIDE_RIGHT, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, CUBLAS_DIAG_NON_UNIT,
                        out.rows(), n, CublasBackend.scalar(1.0), dr.pointer(), dr.ld(), out.pointer(), out.ld());
            } finally {
                Reference.reachabilityFence(dr);
            }
            return out;
        }
    }
}
