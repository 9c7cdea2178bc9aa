package org.ttfp.cross;

import java.util.Arrays;

/**
 * The interpolation sets a {@link TtCross} run ended with: for every interface k = 1..d−1 the left
 * set I_k (r_k multi-indices of modes 0..k−1) and the right set J_k (multi-indices of modes
 * k..d−1), both nested (each row of I_{k+1} extends a row of I_k by one index, each row of J_k a
 * row of J_{k+1}). Immutable (deep copies in and out).
 *
 * <p>A run of a nearby function (the next time step of an evolution) can start from them with
 * {@link TtCross#approximate(org.ttfp.tt.TensorTrain, CrossIndexSets, BatchFunction, CrossOptions)}: the first
 * sweep then evaluates the fibres through these sets directly, with no maxvol pass over a guess and
 * no random margin rows, and the maxvol steps start from the same rows, so sets that still fit stay
 * put and the second sweep is served mostly from the evaluation cache.
 */
public final class CrossIndexSets {
    private final int[] n;
    private final int[][] left;
    private final int[][] right;
    private final int[] leftCount;
    private final int[] rightCount;

    CrossIndexSets(int[] n, int[][] left, int[] leftCount, int[][] right, int[] rightCount) {
        this.n = n.clone();
        this.left = deepCopy(left);
        this.right = deepCopy(right);
        this.leftCount = leftCount.clone();
        this.rightCount = rightCount.clone();
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int k = 0; k < a.length; k++) {
            c[k] = a[k] == null ? null : a[k].clone();
        }
        return c;
    }

    /** The mode sizes n_0..n_{d−1} of the run. */
    public int[] modeSizes() {
        return n.clone();
    }

    /** The sizes |J_k| of the right sets, k = 0..d (|J_0| and |J_d| are 1). */
    public int[] rightSizes() {
        return rightCount.clone();
    }

    /** The sizes |I_k| of the left sets, k = 0..d (|I_0| and |I_d| are 1). */
    public int[] leftSizes() {
        return leftCount.clone();
    }

    /** Copies the sets into a run with the same mode sizes (checked by the caller). */
    void copyInto(int[][] l, int[] lc, int[][] r, int[] rc) {
        for (int k = 1; k < n.length; k++) {
            l[k] = left[k] == null ? null : left[k].clone();
            lc[k] = left[k] == null ? 0 : leftCount[k];
            r[k] = right[k].clone();
            rc[k] = rightCount[k];
        }
    }

    /** True when every interface has a right set (a run that completed at least one pass). */
    boolean hasRightSets() {
        for (int k = 1; k < n.length; k++) {
            if (right[k] == null || rightCount[k] < 1) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "CrossIndexSets[modeSizes=" + Arrays.toString(n) + ", right sizes=" + Arrays.toString(rightCount) + "]";
    }
}
