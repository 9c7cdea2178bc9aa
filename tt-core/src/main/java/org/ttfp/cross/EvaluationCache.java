package org.ttfp.cross;

/** Open-addressing hash map from packed multi-indices (w longs each) to function values. */
final class EvaluationCache {
    private final int w;
    private long[] keys;
    private double[] values;
    private boolean[] used;
    private int size;
    private int mask;

    EvaluationCache(int words) {
        this.w = words;
        allocate(1 << 12);
    }

    private void allocate(int capacity) {
        keys = new long[capacity * w];
        values = new double[capacity];
        used = new boolean[capacity];
        mask = capacity - 1;
        size = 0;
    }

    int size() { return size; }

    /** splitmix64's finalizer over the key words: every key bit affects the low bits. */
    private int hash(long[] key, int off) {
        long h = 0;
        for (int t = 0; t < w; t++) {
            long z = h + key[off + t] + 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            h = z ^ (z >>> 31);
        }
        return (int) (h ^ (h >>> 32));
    }

    private boolean same(long[] key, int off, int slot) {
        for (int t = 0; t < w; t++) {
            if (keys[slot * w + t] != key[off + t]) {
                return false;
            }
        }
        return true;
    }

    /** The slot holding key, or −1. */
    int find(long[] key, int off) {
        int slot = hash(key, off) & mask;
        while (used[slot]) {
            if (same(key, off, slot)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    double value(int slot) { return values[slot]; }

    /** Stores the value of a key not yet present. */
    void put(long[] key, int off, double value) {
        if (2 * (size + 1) > used.length) {
            rehash();
        }
        int slot = hash(key, off) & mask;
        while (used[slot]) {
            if (same(key, off, slot)) {
                values[slot] = value;
                return;
            }
            slot = (slot + 1) & mask;
        }
        used[slot] = true;
        System.arraycopy(key, off, keys, slot * w, w);
        values[slot] = value;
        size++;
    }

    private void rehash() {
        long[] oldKeys = keys;
        double[] oldValues = values;
        boolean[] oldUsed = used;
        allocate(oldUsed.length * 2);
        for (int s = 0; s < oldUsed.length; s++) {
            if (oldUsed[s]) {
                put(oldKeys, s * w, oldValues[s]);
            }
        }
    }
}
