package org.ttfp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link SVD#truncationRank}: the discarded tail Σ_{i≥t} s_i² against hand-computed sums (no backend). */
class SvdTruncationTest {

    @Test
    void smallestRankWhoseTailFits() {
        double[] s = {3, 2, 1}; // tails: t=3 → 0, t=2 → 1, t=1 → 5
        assertEquals(3, SVD.truncationRank(s, 0.5, 10));
        assertEquals(2, SVD.truncationRank(s, 1.0, 10));
        assertEquals(2, SVD.truncationRank(s, 4.9, 10));
        assertEquals(1, SVD.truncationRank(s, 5.0, 10));
        assertEquals(1, SVD.truncationRank(s, 1e300, 10));
    }

    @Test
    void cappedAtMaxRankAndNeverBelowOne() {
        assertEquals(2, SVD.truncationRank(new double[] {3, 2, 1}, 0, 2));
        assertEquals(1, SVD.truncationRank(new double[0], 0, 5));
    }

    @Test
    void refusesBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SVD.truncationRank(null, 1, 1));
        assertTrue(e.getMessage().contains("s = null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SVD.truncationRank(new double[] {1}, 1, 0));
        assertTrue(e.getMessage().contains("maxRank = 0"), e.getMessage());
    }
}
