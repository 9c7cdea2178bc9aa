package org.ttfp.linalg;

import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;
import static jcuda.runtime.cudaMemcpyKind.cudaMemcpyHostToDevice;

import java.lang.ref.Reference;
import java.util.Arrays;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.runtime.JCuda;
import org.ttfp.linalg.DeviceMat.DevicePointer;

/**
 * The batched TT-shaped kernels of {@link CublasBackend}: {@code contractMiddle} and
 * {@code modeProduct} as one {@code cublasDgemmStridedBatched} each; {@code evaluate},
 * {@code hadamardCore} and {@code gatherRows} as one {@code cublasDgemmBatched} each over device
 * arrays of pointers. Arguments arrive checked ({@link AbstractBackend}), every dimension &gt; 0.
 */
final class CublasTtKernels {
    /** Largest batch passed to one batched cuBLAS call (grid-dimension limit of older cuBLAS). */
    static final int MAX_BATCH = 65_535;

    private final CublasBackend be;

    CublasTtKernels(CublasBackend be) {
        this.be = be;
    }

    /** For each b, M[:, b] = G[:, :, b] w (r0 x n times n x 1). */
    DeviceMat contractMiddle(DeviceMat g, int r0, int n, int r1, DeviceMat dw) {
        DeviceMat out = be.allocate(r0, r1);
        try {
            stridedBatched(CUBLAS_OP_N, CUBLAS_OP_N, r0, 1, n, g, r0, g.ld(), dw, dw.ld(), 0, out, r0, r0, r1);
        } finally {
            Reference.reachabilityFence(g);
            Reference.reachabilityFence(dw);
        }
        return out;
    }

    /** For each b, G'[:, :, b] = G[:, :, b] Mᵀ (r0 x n times n x n'). */
    DeviceMat modeProduct(DeviceMat g, int r0, int n, int r1, DeviceMat dm) {
        int np = dm.rows();
        DeviceMat out = be.allocate(r0 * np, r1);
        try {
            stridedBatched(CUBLAS_OP_N, CUBLAS_OP_T, r0, np, n, g, r0, g.ld(), dm, dm.ld(), 0, out, r0, (long) r0 * np, r1);
        } finally {
            Reference.reachabilityFence(g);
            Reference.reachabilityFence(dm);
        }
        return out;
    }

    /** Row t of the result (1 x c, ld = count) = 1.0 (1 x 1) · row idx[t] of A (1 x c): k = 1 products. */
    DeviceMat gatherRows(DeviceMat m, int[] idx) {
        int count = idx.length, c = m.cols();
        checkBatch("gatherRows", count);
        DeviceMat out = be.allocate(count, c);
        DeviceMat one = be.one();
        long[] ptrs = new long[3 * count];
        long oneAddr = one.address();
        for (int t = 0; t < count; t++) {
            ptrs[t] = oneAddr;
            ptrs[count + t] = m.address(idx[t], 0);
            ptrs[2 * count + t] = out.address(t, 0);
        }
        try {
            gemmBatched(CUBLAS_OP_N, CUBLAS_OP_N, 1, c, 1, ptrs, 1, m.ld(), out.ld(), count);
        } finally {
            Reference.reachabilityFence(m);
            Reference.reachabilityFence(one);
        }
        return out;
    }

    /**
     * V (r_k x N) starts as ones(1, N); for every core one {@code cublasDgemmBatched} computes
     * V'[:, s] = G_k[:, i_k(s), :]ᵀ V[:, s]; only the N final values come back.
     */
    void evaluate(DeviceMat[] g, int[] n, int[] r, int[] idx, int count, double[] out) {
        int d = g.length;
        checkBatch("evaluate", count);
        double[] ones = new double[count];
        Arrays.fill(ones, 1.0);
        DeviceMat v = be.fromArray(ones, 1, count);
        long[] ptrs = new long[3 * count];
        try {
            for (int k = 0; k < d; k++) {
                int r0 = r[k], r1 = r[k + 1];
                DeviceMat w = be.allocate(r1, count);
                long gBase = g[k].address(), vBase = v.address(), wBase = w.address();
                for (int s = 0; s < count; s++) {
                    ptrs[s] = gBase + (long) Double.BYTES * r0 * idx[s * d + k];
                    ptrs[count + s] = vBase + (long) Double.BYTES * r0 * s;
                    ptrs[2 * count + s] = wBase + (long) Double.BYTES * r1 * s;
                }
                // slice G_k[:, i, :] is r0 x r1 with leading dimension ld(G_k); V'[:, s] = sliceᵀ V[:, s]
                gemmBatched(CUBLAS_OP_T, CUBLAS_OP_N, r1, 1, r0, ptrs, g[k].ld(), r0, r1, count);
                Reference.reachabilityFence(v);
                v = w;
            }
            System.arraycopy(be.toArray(v), 0, out, 0, count);
        } finally {
            Reference.reachabilityFence(g);
            Reference.reachabilityFence(v);
        }
    }

    /** For every (i, b, b'), the ra x sa block C[(:, :), i, b + rb b'] = A[:, i, b] B[:, i, b']ᵀ. */
    DeviceMat hadamardCore(DeviceMat da, int ra, int rb, DeviceMat db, int sa, int sb, int n) {
        long count = (long) n * rb * sb;
        checkBatch("hadamardCore (n*rb*sb products)", count);
        DeviceMat out = be.allocate(ra * sa * n, rb * sb);
        int cnt = (int) count, r0 = ra * sa;
        long[] ptrs = new long[3 * cnt];
        int t = 0;
        for (int bb = 0; bb < sb; bb++) {
            for (int ba = 0; ba < rb; ba++) {
                int col = ba + rb * bb;
                for (int i = 0; i < n; i++, t++) {
                    ptrs[t] = da.address((long) ra * i, ba);
                    ptrs[cnt + t] = db.address((long) sa * i, bb);
                    ptrs[2 * cnt + t] = out.address((long) r0 * i, col);
                }
            }
        }
        try {
            gemmBatched(CUBLAS_OP_N, CUBLAS_OP_T, ra, sa, 1, ptrs, ra, sa, ra, cnt);
        } finally {
            Reference.reachabilityFence(da);
            Reference.reachabilityFence(db);
            Reference.reachabilityFence(out);
        }
        return out;
    }

    /** The three pointer arrays of a batch of {@code count} products must fit in one Java array. */
    private static void checkBatch(String op, long count) {
        if (3 * count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(op + ": count = " + count + " is too large for one batch (at most "
                    + (Integer.MAX_VALUE - 8) / 3 + ")");
        }
    }

    /**
     * C_t = op(A_t) op(B_t) for t &lt; count with alpha = 1, beta = 0; {@code ptrs} holds the device
     * addresses [A_0..A_{count-1}, B_0.., C_0..]. The caller keeps the matrices reachable.
     */
    private void gemmBatched(int opA, int opB, int m, int n, int k, long[] ptrs, int lda, int ldb, int ldc, int count) {
        DeviceMat buf = be.allocate(3 * count, 1); // pointers are 8 bytes, like doubles
        try {
            JCuda.cudaMemcpy(buf.pointer(), Pointer.to(ptrs), (long) Long.BYTES * 3 * count, cudaMemcpyHostToDevice);
            Pointer alpha = CublasBackend.scalar(1.0), beta = CublasBackend.scalar(0.0);
            long base = buf.address();
            for (int s = 0; s < count; s += MAX_BATCH) {
                int len = Math.min(MAX_BATCH, count - s);
                JCublas2.cublasDgemmBatched(be.handle(), opA, opB, m, n, k, alpha,
                        new DevicePointer(base + (long) Long.BYTES * s), lda,
                        new DevicePointer(base + (long) Long.BYTES * (count + s)), ldb, beta,
                        new DevicePointer(base + (long) Long.BYTES * (2L * count + s)), ldc, len);
            }
        } finally {
            Reference.reachabilityFence(buf);
        }
    }

    /** {@code cublasDgemmStridedBatched} with alpha = 1, beta = 0, split into batches of at most MAX_BATCH. */
    private void stridedBatched(int opA, int opB, int m, int n, int k, DeviceMat a, int lda, long strideA, DeviceMat b, int ldb,
            long strideB, DeviceMat c, int ldc, long strideC, int batch) {
        Pointer alpha = CublasBackend.scalar(1.0), beta = CublasBackend.scalar(0.0);
        for (int s = 0; s < batch; s += MAX_BATCH) {
            int len = Math.min(MAX_BATCH, batch - s);
            JCublas2.cublasDgemmStridedBatched(be.handle(), opA, opB, m, n, k, alpha,
                    new DevicePointer(a.address() + (long) Double.BYTES * strideA * s), lda, strideA,
                    new DevicePointer(b.address() + (long) Double.BYTES * strideB * s), ldb, strideB, beta,
                    new DevicePointer(c.address() + (long) Double.BYTES * strideC * s), ldc, strideC, len);
        }
    }
}
