package org.ttfp.linalg;

/**
 * Base of the backends whose matrices live outside the Java heap (off-heap memory, a GPU): a new
 * matrix is allocated uninitialized ({@link #doAllocate}) and then either cleared or filled from a
 * heap array, here in one place; the subclass supplies the allocation and the two bulk writes.
 *
 * @param <M> the matrix type that holds this backend's storage
 */
abstract class StorageBackend<M extends Mat> extends AbstractBackend<M> {

    StorageBackend(Class<M> matType) {
        super(matType);
    }

    /** A new contiguous rows x cols matrix whose contents are undefined (the caller overwrites every element). */
    @Override
    protected abstract M doAllocate(int rows, int cols);

    /** Sets the {@code n} &gt; 0 elements of the freshly allocated contiguous matrix {@code m} to zero. */
    protected abstract void doClear(M m, long n);

    /** Copies {@code data[offset .. offset + n)} into the freshly allocated contiguous matrix {@code m} ({@code n} &gt; 0). */
    protected abstract void doUpload(double[] data, int offset, M m, long n);

    @Override
    protected final M doZeros(int rows, int cols) {
        return allocateAndWrite(rows, cols, null, 0);
    }

    @Override
    protected final M doFromArray(double[] data, int offset, int rows, int cols) {
        return allocateAndWrite(rows, cols, data, offset);
    }

    /** A new matrix, cleared ({@code data} null) or filled from {@code data[offset..]}. */
    private M allocateAndWrite(int rows, int cols, double[] data, int offset) {
        M m = doAllocate(rows, cols);
        long n = m.size();
        if (n > 0) {
            if (data == null) {
                doClear(m, n);
            } else {
                doUpload(data, offset, m, n);
            }
        }
        return m;
    }
}
