package org.ttfp.linalg;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import jcuda.CudaException;
import jcuda.runtime.JCuda;
import org.ttfp.linalg.DeviceMat.DevicePointer;

/**
 * Caching device allocator. Blocks are rounded up to size classes (at most 25 % larger) and kept
 * on per-class free lists up to a cache limit. A block released while kernels that read it are
 * still queued can be reused safely because every kernel, memset and copy of this backend is
 * issued on the legacy default stream, so later writers run after earlier readers.
 */
final class DevicePool {
    private static final Logger LOG = Logger.getLogger(DevicePool.class.getName());

    static {
        TtfpLogging.install();
    }

    private final ConcurrentHashMap<Long, ConcurrentLinkedDeque<Long>> free = new ConcurrentHashMap<>();
    private final AtomicLong cached = new AtomicLong();
    private final long cacheLimit;
    private volatile boolean closed;

    DevicePool(long cacheLimit) {
        this.cacheLimit = cacheLimit;
    }

    /** Bytes actually allocated for a request: multiples of max(512, 2^⌊log2 bytes⌋ / 4). */
    static long sizeClass(long bytes) {
        if (bytes <= 512) {
            return 512;
        }
        long step = Math.max(512, Long.highestOneBit(bytes) >> 2);
        return (bytes + step - 1) / step * step;
    }

    long allocate(long cls) {
        ConcurrentLinkedDeque<Long> q = free.get(cls);
        Long addr = q == null ? null : q.pollFirst();
        if (addr != null) {
            cached.addAndGet(-cls);
            return addr;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                DevicePointer p = new DevicePointer();
                JCuda.cudaMalloc(p, cls);
                return p.address();
            } catch (CudaException e) {
                if (!String.valueOf(e.getMessage()).contains("cudaErrorMemoryAllocation")) {
                    throw e;
                }
                clearLastError();
                if (attempt == 4) {
                    throw new OutOfMemoryError("cudaMalloc of " + cls + " bytes failed: device memory exhausted "
                            + "(after releasing " + "cached blocks and collecting unreachable matrices)");
                }
                trim();
                System.gc();
                try {
                    Thread.sleep(10L << attempt); // let the Cleaner return the blocks of collected matrices
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                trim();
            }
        }
    }

    void release(long addr, long cls) {
        if (!closed && cached.get() + cls <= cacheLimit) {
            free.computeIfAbsent(cls, k -> new ConcurrentLinkedDeque<>()).addFirst(addr);
            cached.addAndGet(cls);
        } else {
            freeBlock(addr);
        }
    }

    /** Frees every cached block. */
    void trim() {
        for (var e : free.entrySet()) {
            Long addr;
            while ((addr = e.getValue().pollFirst()) != null) {
                cached.addAndGet(-e.getKey());
                freeBlock(addr);
            }
        }
    }

    void close() {
        closed = true;
        trim();
    }

    private static void freeBlock(long addr) {
        try {
            JCuda.cudaFree(new DevicePointer(addr)); // synchronizes with queued work on the device
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "cudaFree failed: " + t, t);
        }
    }

    private static void clearLastError() {
        try {
            JCuda.cudaGetLastError();
        } catch (CudaException ignored) {
            // the error just cleared is the allocation failure being handled
        }
    }

    /** Cleaner action of one block: back to the pool (or freed); holds no reference to the matrix. */
    record Release(DevicePool pool, long address, long sizeClass) implements Runnable {
        @Override
        public void run() {
            pool.release(address, sizeClass);
        }
    }
}
