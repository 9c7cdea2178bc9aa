package org.ttfp.linalg;

/** A {@link Mat} backed by a Java heap array (the EJML backend's storage). */
public final class HeapMat extends Mat {
    private final Backend owner;
    final double[] data;

    HeapMat(Backend owner, double[] data, long offset, int rows, int cols, int ld) {
        super(rows, cols, offset, ld);
        this.owner = owner;
        this.data = data;
    }

    @Override
    public Backend backend() { return owner; }

    @Override
    public long capacity() { return data.length; }

    @Override
    public Mat view(long off, int r, int c, int newLd) {
        checkView(off, r, c, newLd);
        return new HeapMat(owner, data, off, r, c, newLd);
    }

    /** Index of element (i, j) in {@link #data}. */
    int at(int i, int j) { return (int) (offset + i + (long) j * ld); }
}
