package org.ttfp.linalg;

/**
 * A dense real matrix in column-major order whose storage is owned by a {@link Backend}
 * (a heap array for EJML, off-heap memory for OpenBLAS, device memory for cuBLAS).
 *
 * <p>Element (i, j) lives at {@code offset + i + j * ld} of the backing storage. A matrix made by
 * a backend ({@link Backend#zeros}, {@link Backend#fromArray}, results of kernels) is contiguous
 * ({@code ld == rows}); views made by {@link #columns}, {@link #reshape} and
 * {@link #strided} share storage with their parent. Data moves to the Java heap only when a caller
 * asks for it ({@link #toArray()}).
 *
 * <p>Matrices handed out by the TT classes are treated as immutable: kernels write only into
 * matrices their caller has just allocated.
 */
public abstract class Mat {
    protected final int rows;
    protected final int cols;
    protected final long offset;
    protected final int ld;

    protected Mat(int rows, int cols, long offset, int ld) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + " x " + cols);
        }
        if (ld < Math.max(1, rows)) {
            throw new IllegalArgumentException("leading dimension ld=" + ld + " must be >= max(1, rows=" + rows + ")");
        }
        this.rows = rows;
        this.cols = cols;
        this.offset = offset;
        this.ld = ld;
    }

    /** Number of rows. */
    public final int rows() { return rows; }

    /** Number of columns. */
    public final int cols() { return cols; }

    /** Number of elements, rows * cols. */
    public final long size() { return (long) rows * cols; }

    /** Offset of element (0, 0) in the backing storage, in doubles. */
    public final long offset() { return offset; }

    /** Leading dimension: distance in doubles between consecutive columns. */
    public final int ld() { return ld; }

    /** True when the columns follow each other without gaps ({@code ld == rows}). */
    public final boolean isContiguous() { return ld == rows || cols <= 1 || rows == 0; }

    /** The backend that owns the storage. */
    public abstract Backend backend();

    /**
     * A view of the same storage with element (i, j) at {@code offset + i + j * ld}, bounds checked
     * against the backing storage.
     */
    public abstract Mat view(long offset, int rows, int cols, int ld);

    /** Capacity of the backing storage in doubles. */
    public abstract long capacity();

    /** Copies the matrix to a new heap array in column-major order (length rows*cols). */
    public final double[] toArray() { return backend().toArray(this); }

    /** Element (i, j); a host transfer per call: for tests and small matrices only. */
    public final double get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("element (" + i + ", " + j + ") outside " + rows + " x " + cols);
        }
        return backend().get(this, i, j);
    }

    /**
     * Reinterprets a contiguous matrix as {@code newRows x newCols} (column-major reshape, free).
     *
     * @throws IllegalArgumentException if the sizes differ or the matrix is not contiguous
     */
    public final Mat reshape(int newRows, int newCols) {
        if ((long) newRows * newCols != size()) {
            throw new IllegalArgumentException("cannot reshape " + rows + " x " + cols + " to " + newRows + " x " + newCols
                    + ": sizes differ");
        }
        if (!isContiguous()) {
            throw new IllegalArgumentException("cannot reshape a non-contiguous view (ld=" + ld + ", rows=" + rows + ")");
        }
        return view(offset, newRows, newCols, Math.max(1, newRows));
    }

    /** Columns {@code [from, to)} as a view (free). */
    public final Mat columns(int from, int to) {
        if (from < 0 || to > cols || from > to) {
            throw new IndexOutOfBoundsException("column range [" + from + ", " + to + ") outside 0.." + cols);
        }
        return view(offset + (long) from * ld, rows, to - from, ld);
    }

    /** Rows {@code [from, to)} as a view (free, ld unchanged). */
    public final Mat rowRange(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("row range [" + from + ", " + to + ") outside 0.." + rows);
        }
        return view(offset + from, to - from, cols, ld);
    }

    /** A general strided view relative to this matrix's first element (free). */
    public final Mat strided(long relOffset, int r, int c, int newLd) {
        return view(offset + relOffset, r, c, newLd);
    }

    protected final void checkView(long off, int r, int c, int newLd) {
        if (off < 0 || (r > 0 && c > 0 && off + (long) (c - 1) * newLd + r > capacity())) {
            throw new IndexOutOfBoundsException("view offset=" + off + " " + r + " x " + c + " ld=" + newLd
                    + " exceeds storage of " + capacity() + " doubles");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + rows + " x " + cols + (isContiguous() ? "" : ", ld=" + ld) + "]";
    }
}
