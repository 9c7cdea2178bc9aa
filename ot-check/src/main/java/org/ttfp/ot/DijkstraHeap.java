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
    private final int[] heapPos;
    private int heapSize;

    DijkstraHeap(int n) {
        dist = new double[n];
        pred = new int[n];
        state = new byte[n];
        seen = new int[n];
        heap = new int[n];
        heapPos = new int[n];
    }

    boolean isEmpty() {
        return heapSize == 0;
    }

    /** The smallest queued distance (the heap not empty). */
    double minDist() {
        return dist[heap[0]];
    }

    /** Offers distance d for column j reached from row {@code from} (a column not DONE). */
    void relax(int j, double d, int from) {
        if (state[j] == UNSEEN) {
            state[j] = QUEUED;
            seen[seenCount++] = j;
            dist[j] = d;
            pred[j] = from;
            place(heapSize, j);
            siftUp(heapSize++);
        } else if (d < dist[j]) {
            dist[j] = d;
            pred[j] = from;
            siftUp(heapPos[j]);
        }
    }

    /** Removes the queued column of smallest distance and marks it DONE. */
    int pop() {
        int top = heap[0];
        int last = heap[--heapSize];
        if (heapSize > 0) {
            place(0, last);
            siftDown(0);
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

    /** Puts column j at heap position p. */
    private void place(int p, int j) {
        heap[p] = j;
        heapPos[j] = p;
    }

    private void siftUp(int p) {
        int j = heap[p];
        double dj = dist[j];
        while (p > 0) {
            int parent = (p - 1) >> 1;
            int q = heap[parent];
            if (dist[q] <= dj) {
                break;
            }
            place(p, q);
            p = parent;
        }
        place(p, j);
    }

    private void siftDown(int p) {
        int j = heap[p];
        double dj = dist[j];
        while (true) {
            int l = 2 * p + 1;
            if (l >= heapSize) {
                break;
            }
            int r = l + 1;
            int small = r < heapSize && dist[heap[r]] < dist[heap[l]] ? r : l;
            int q = heap[small];
            if (dist[q] >= dj) {
                break;
            }
            place(p, q);
            p = small;
        }
        place(p, j);
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
