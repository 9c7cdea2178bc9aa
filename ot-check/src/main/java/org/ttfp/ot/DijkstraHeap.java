package org.ttfp.ot;

/**
 * The workspace of one sparse Dijkstra search over the n columns of an assignment problem
 * ({@link SparseAssignment}): tentative distances, predecessor rows, a binary min-heap of the
 * queued columns with their heap positions (decrease-key in O(log n)), and the list of columns
 * touched so that {@link #reset()} costs only what the search touched.
 */
final class DijkstraHeap {
    static final byte UNSEEN = 0;
    static final byte QUEUED = 1;
    static final byte DONE = 2;

    /** Tentative (then final) distance of each touched column. */
    final double[] dist;
    /** Row from which each touched column was reached. */
    final int[] pred;
    /** UNSEEN, QUEUED or DONE per column. */
    final byte[] state;
    /** The touched columns, in order: seen[0..seenCount). */
    final int[] seen;
    int seenCount;

    private final int[] heap;
    /** The distance of the column at each heap position (a copy of dist, read without indirection). */
    private final double[] heapKey;
    private final int[] heapPos;
    private int heapSize;

    DijkstraHeap(int n) {
        dist = new double[n];
        pred = new int[n];
        state = new byte[n];
        seen = new int[n];
        heap = new int[n];
        heapKey = new double[n];
        heapPos = new int[n];
    }

    boolean isEmpty() {
        return heapSize == 0;
    }

    /** The smallest queued distance (the heap not empty). */
    double minDist() {
        return heapKey[0];
    }

    /** Offers distance d for column j reached from row {@code from} (a column not DONE). */
    void relax(int j, double d, int from) {
        if (state[j] == UNSEEN) {
            state[j] = QUEUED;
            seen[seenCount++] = j;
            dist[j] = d;
            pred[j] = from;
            siftUp(heapSize++, j, d);
        } else if (d < dist[j]) {
            dist[j] = d;
            pred[j] = from;
            siftUp(heapPos[j], j, d);
        }
    }

    /** Removes the queued column of smallest distance and marks it DONE. */
    int pop() {
        int top = heap[0];
        int last = heap[--heapSize];
        if (heapSize > 0) {
            siftDown(last, heapKey[heapSize]);
        }
        state[top] = DONE;
        return top;
    }

    /** Marks every touched column UNSEEN again and empties the heap. */
    void reset() {
        for (int s = 0; s < seenCount; s++) {
            state[seen[s]] = UNSEEN;
        }
        seenCount = 0;
        heapSize = 0;
    }

    /** Puts column j with key dj at heap position p. */
    private void place(int p, int j, double dj) {
        heap[p] = j;
        heapKey[p] = dj;
        heapPos[j] = p;
    }

    /** Moves column j with key dj from the (vacant) heap position p up to its place. */
    private void siftUp(int p, int j, double dj) {
        while (p > 0) {
            int parent = (p - 1) >> 1;
            double kq = heapKey[parent];
            if (kq <= dj) {
                break;
            }
            place(p, heap[parent], kq);
            p = parent;
        }
        place(p, j, dj);
    }

    /** Puts column j with key dj at the (vacant) root and moves it down to its place. */
    private void siftDown(int j, double dj) {
        int p = 0;
        while (true) {
            int l = 2 * p + 1;
            if (l >= heapSize) {
                break;
            }
            int r = l + 1;
            int small = r < heapSize && heapKey[r] < heapKey[l] ? r : l;
            double ks = heapKey[small];
            if (ks >= dj) {
                break;
            }
            place(p, heap[small], ks);
            p = small;
        }
        place(p, j, dj);
    }

    /**
     * Offers (index, value) to a max-heap of the k smallest values stored at
     * {@code hi/hv[base..base+k)} (ties keep the earlier index); returns the new size. Used to
     * select candidate columns.
     */
    static int offerSmallest(int[] hi, double[] hv, int base, int size, int k, int index, double value) {
        if (size < k) {
            int p = size++;
            while (p > 0) {
                int parent = (p - 1) >> 1;
                if (hv[base + parent] >= value) {
                    break;
                }
                slot(hi, hv, base + p, hi[base + parent], hv[base + parent]);
                p = parent;
            }
            slot(hi, hv, base + p, index, value);
            return size;
        }
        if (!(value < hv[base])) {
            return size;
        }
        int p = 0;
        while (true) {
            int l = 2 * p + 1;
            if (l >= k) {
                break;
            }
            int r = l + 1;
            int big = r < k && hv[base + r] > hv[base + l] ? r : l;
            if (hv[base + big] <= value) {
                break;
            }
            slot(hi, hv, base + p, hi[base + big], hv[base + big]);
            p = big;
        }
        slot(hi, hv, base + p, index, value);
        return size;
    }

    /** Stores (index, value) in slot {@code at} of the heap arrays. */
    private static void slot(int[] hi, double[] hv, int at, int index, double value) {
        hi[at] = index;
        hv[at] = value;
    }

}
