package org.ttfp.linalg;

import java.lang.ref.Cleaner;
import jcuda.Pointer;

/**
 * A {@link Mat} in GPU device memory, owned by the {@link CublasBackend}.
 *
 * <p>The memory is one block from {@code cudaMalloc} (never managed memory), held by a
 * {@link Storage} that every view of the block shares: a view keeps its parent's memory alive.
 * When the last matrix on a block becomes unreachable, a {@link Cleaner} hands the block back to
 * the backend's caching allocator (which reuses it in stream order or frees it). Element (i, j)
 * lives at device address {@code base + 8 (offset + i + j ld)}.
 */
public final class DeviceMat extends Mat {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CublasBackend owner;
    private final Storage storage;

    DeviceMat(CublasBackend owner, Storage storage, long offset, int rows, int cols, int ld) {
        super(rows, cols, offset, ld);
        this.owner = owner;
        this.storage = storage;
    }

    @Override
    public Backend backend() { return owner; }

    @Override
    public long capacity() { return storage.capacity; }

    @Override
    public Mat view(long off, int r, int c, int newLd) {
        checkView(off, r, c, newLd);
        return new DeviceMat(owner, storage, off, r, c, newLd);
    }

    /** Device address of element (0, 0). */
    long address() { return storage.address + Double.BYTES * offset; }

    /** Device address of element (i, j) (no bounds check). */
    long address(long i, long j) { return storage.address + Double.BYTES * (offset + i + j * ld); }

    /** A JCuda pointer to element (0, 0). */
    Pointer pointer() { return new DevicePointer(address()); }

    /** The shared block (for reachability fences). */
    Storage storage() { return storage; }

    /**
     * One device block. Registered with the {@link Cleaner}: the release action holds only the
     * address, never this object.
     */
    static final class Storage {
        final long address;
        final long capacity;

        /**
         * @param address  device address of the block (0 for an empty block)
         * @param capacity size in doubles
         * @param release  run once when the block becomes unreachable (null for an empty block)
         */
        Storage(long address, long capacity, Runnable release) {
            this.address = address;
            this.capacity = capacity;
            if (release != null) {
                CLEANER.register(this, release);
            }
        }
    }

    /** A JCuda pointer made from, or read back as, a raw device address. */
    static final class DevicePointer extends Pointer {
        /** A null pointer for {@code cudaMalloc} to fill in. */
        DevicePointer() { super(); }

        /** A pointer to the given device address. */
        DevicePointer(long address) { super(address); }

        /** The device address this pointer holds. */
        long address() { return getNativePointer() + getByteOffset(); }
    }
}
