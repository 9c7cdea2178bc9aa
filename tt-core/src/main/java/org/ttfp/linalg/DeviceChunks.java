package org.ttfp.linalg;

import java.util.function.DoubleBinaryOperator;
import jcuda.Pointer;
import org.ttfp.linalg.DeviceMat.DevicePointer;

/**
 * Level-1 cuBLAS calls over long vectors: cuBLAS lengths are {@code int}, so {@link CublasBackend}
 * runs a call over a contiguous matrix of any size in pieces of at most {@link #VEC_CHUNK}
 * elements, addressing piece starts with {@link #at}.
 */
final class DeviceChunks {
    private DeviceChunks() {}

    /** Largest vector handed to one level-1 call (cuBLAS lengths are {@code int}). */
    static final int VEC_CHUNK = 1 << 30;

    /** A call on the piece [offset, offset + length); its int result (a cuBLAS status) is not read. */
    @FunctionalInterface
    interface Chunk {
        int run(long offset, int length);
    }

    /** A call on the piece [offset, offset + length) that yields a number. */
    @FunctionalInterface
    interface ChunkValue {
        double of(long offset, int length);
    }

    /** Runs f over [0, total) in pieces of at most VEC_CHUNK elements. */
    static void forChunks(long total, Chunk f) {
        for (long off = 0; off < total; off += VEC_CHUNK) {
            f.run(off, (int) Math.min(VEC_CHUNK, total - off));
        }
    }

    /**
     * Folds f's value on each piece of [0, total) (as {@link #forChunks}) into an accumulator that
     * starts at 0: acc := combine(acc, f(piece)).
     */
    static double foldChunks(long total, ChunkValue f, DoubleBinaryOperator combine) {
        double acc = 0;
        for (long off = 0; off < total; off += VEC_CHUNK) {
            acc = combine.applyAsDouble(acc, f.of(off, (int) Math.min(VEC_CHUNK, total - off)));
        }
        return acc;
    }

    /** Pointer to element number {@code off} of a contiguous matrix. */
    static Pointer at(DeviceMat m, long off) {
        return new DevicePointer(m.address() + Double.BYTES * off);
    }
}
