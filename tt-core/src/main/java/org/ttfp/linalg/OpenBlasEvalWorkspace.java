package org.ttfp.linalg;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;

import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.DoublePointer;

/**
 * The native blocks of one worker of {@link OpenBlasBackend#evaluate} ({@link HostEvaluation}):
 * V and W are off-heap buffers, and each group product W(group) = V(group) G_k[:, i, :] is one
 * single-threaded {@code cblas_dgemm} on the core slice in place.
 */
final class OpenBlasEvalWorkspace implements HostEvaluation.Workspace {
    private final OffHeapMat[] cores;
    private final int[] r;
    private final DoublePointer[] slice;    // per-worker pointers into the cores (positions mutated)
    private final DoublePointer vBuf, wBuf; // V and W, chunk x rmax column-major
    private final DoubleBuffer v, w;        // the same memory, for element access from Java
    private int len;

    OpenBlasEvalWorkspace(OffHeapMat[] cores, int[] r, int rmax, int chunk) {
        this.cores = cores;
        this.r = r;
        slice = new DoublePointer[cores.length];
        for (int k = 0; k < cores.length; k++) {
            slice[k] = cores[k].ptr();
        }
        vBuf = new DoublePointer((long) rmax * chunk);
        wBuf = new DoublePointer((long) rmax * chunk);
        v = vBuf.asBuffer();
        w = wBuf.asBuffer();
    }

    @Override
    public void start(int length) {
        len = length;
        for (int s = 0; s < length; s++) {
            w.put(s, 1.0);
        }
    }

    @Override
    public void gather(int[] src, int length, int r0) {
        for (int a = 0; a < r0; a++) {
            int col = a * length;
            for (int t = 0; t < length; t++) {
                v.put(col + t, w.get(col + src[t]));
            }
        }
    }

    @Override
    public void product(int k, int i, int from, int m, int length) {
        int r0 = r[k], r1 = r[k + 1];
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, m, r1, r0, 1.0,
                vBuf.position(from), length, slice[k].position((long) r0 * i), cores[k].ld(),
                0.0, wBuf.position(from), length);
    }

    @Override
    public double value(int row) { return w.get(row); }

    @Override
    public void close() {
        vBuf.close();
        wBuf.close();
    }
}
