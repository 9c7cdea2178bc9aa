package org.ttfp.cross;

import java.util.Arrays;

/**
 * Packs a multi-index into {@code words()} longs: mode k takes ⌈log₂ n_k⌉ bits at a fixed
 * position, modes never straddle a word. One word suffices when Σ_k ⌈log₂ n_k⌉ ≤ 64
 * (e.g. d = 10, n = 64 takes 60 bits).
 */
final class KeyPacker {
    private final int[] word;
    private final int[] shift;
    private final int words;

    KeyPacker(int[] n) {
        int d = n.length;
        word = new int[d];
        shift = new int[d];
        int w = 0, used = 0;
        for (int k = 0; k < d; k++) {
            int bits = n[k] <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n[k] - 1);
            if (used + bits > 64) {
                w++;
                used = 0;
            }
            word[k] = w;
            shift[k] = used;
            used += bits;
        }
        words = w + 1;
    }

    int words() { return words; }

    /** Adds mode k's index i into a zeroed key. */
    void packMode(int k, int i, long[] key) {
        Arrays.fill(key, 0L);
        key[word[k]] = (long) i << shift[k];
    }

    /** Packs row a of a left set (indices of modes 0..k−1) into key[off..off+words). */
    void packLeft(int[] set, int a, int k, long[] key, int off) {
        for (int j = 0; j < k; j++) {
            key[off + word[j]] |= (long) set[a * k + j] << shift[j];
        }
    }

    /** Packs row b of a right set starting at mode k (indices of modes k..d−1). */
    void packRight(int[] set, int b, int k, long[] key, int off) {
        int w = word.length - k;
        for (int j = 0; j < w; j++) {
            key[off + word[k + j]] |= (long) set[b * w + j] << shift[k + j];
        }
    }
}
