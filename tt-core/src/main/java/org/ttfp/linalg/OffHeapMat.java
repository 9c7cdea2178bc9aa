package org.ttfp.linalg;

import java.util.Objects;
import org.bytedeco.javacpp.DoublePointer;

/**
 * A {@link Mat} in native (off-heap) memory, the storage of {@link OpenBlasBackend}.
 *
 * <p>The storage is one JavaCPP {@link DoublePointer} allocation; every view made from a matrix
 * references the same allocation object, so the memory stays alive while any view is reachable
 * and is freed by JavaCPP's deallocator once none is. Pointers handed to native code
 * ({@link #ptr()}) also reference the allocation, so it cannot be freed during a native call.
 * Allocations must not be made inside a JavaCPP {@code PointerScope}, which would free them when
 * the scope closes.
 */
public final class OffHeapMat extends Mat {
    private final Backend owner;
    private final DoublePointer storage;

    OffHeapMat(Backend owner, DoublePointer storage, long offset, int rows, int cols, int ld) {
        super(rows, cols, offset, ld);
        this.owner = Objects.requireNonNull(owner, "owner");
        this.storage = Objects.requireNonNull(storage, "storage");
        checkView(offset, rows, cols, ld);
    }

    @Override
    public Backend backend() { return owner; }

    @Override
    public long capacity() { return storage.capacity(); }

    @Override
    public Mat view(long off, int r, int c, int newLd) {
        checkView(off, r, c, newLd);
        return new OffHeapMat(owner, storage, off, r, c, newLd);
    }

    /** A native pointer to element (0, 0); it keeps the allocation reachable while it is. */
    DoublePointer ptr() { return ptr(0); }

    /** A native pointer to the element {@code rel} doubles after (0, 0). */
    DoublePointer ptr(long rel) {
        if (storage.isNull()) {
            throw new IllegalStateException("matrix " + rows + " x " + cols + " was released (Backend.release) and is used again");
        }
        long at = offset + rel;
        if (at < 0 || at > storage.capacity()) {
            throw new IndexOutOfBoundsException("pointer at " + at + " outside storage of " + storage.capacity() + " doubles");
        }
        return new Ref(storage, at);
    }

    /** Frees the allocation now; every later use of this matrix or a view of it throws. */
    void free() {
        if (!storage.isNull()) {
            storage.deallocate();
        }
    }

    /** Offset of element (i, j) in the storage. */
    long at(int i, int j) { return offset + i + (long) j * ld; }

    /** True when both matrices use the same allocation and their spans of memory intersect. */
    boolean overlaps(OffHeapMat o) {
        if (storage != o.storage || size() == 0 || o.size() == 0) {
            return false;
        }
        long end = at(rows - 1, cols - 1), oEnd = o.at(o.rows - 1, o.cols - 1);
        return offset <= oEnd && o.offset <= end;
    }

    /**
     * Checks that {@code m} is a matrix of {@code owner} and returns it as an {@code OffHeapMat}.
     *
     * @param arg the argument's name, used in the message
     * @throws IllegalArgumentException if {@code m} belongs to another backend
     */
    static OffHeapMat of(Mat m, String arg, Backend owner) {
        Objects.requireNonNull(m, arg);
        if (!(m instanceof OffHeapMat om) || om.owner != owner) {
            throw new IllegalArgumentException(arg + " belongs to backend '" + m.backend().name()
                    + "', expected a matrix of backend '" + owner.name() + "'");
        }
        return om;
    }

    /**
     * A non-owning pointer into an allocation that holds a strong reference to it: while native
     * code runs with this pointer as argument, the allocation cannot be collected.
     */
    private static final class Ref extends DoublePointer {
        @SuppressWarnings("unused") // held for reachability only
        private final DoublePointer owner;

        Ref(DoublePointer owner, long at) {
            this.owner = owner;
            this.address = owner.address() + at * Double.BYTES;
            this.position = 0;
            this.limit = owner.capacity() - at;
            this.capacity = this.limit;
        }
    }
}
