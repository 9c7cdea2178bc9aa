package org.ttfp.fp;

import java.util.Arrays;

/**
 * The step ends t_0 = 0 &lt; t_1 &lt; … &lt; t_K = T of a solve and which of them are stored as
 * snapshots. Immutable, and stored without per-step objects: K uniform steps t = j·T/K (j = 0..K)
 * merged with the extra snapshot times that are not within 1e−9·T/K of a uniform point, so its
 * size is O(number of snapshot times), whatever K is. {@link #time(int)} costs O(log extras).
 *
 * <p>Snapshots: either every {@code every}-th step end (and T), or the step ends nearest to the
 * given snapshot times; t = 0 is always one.
 */
public final class TimeGrid {

    private final double finalTime;
    private final int uniformSteps;
    /** Extra (inserted) times, ascending, none on a uniform point. */
    private final double[] extra;
    /** For each extra time, the number of uniform points j·T/K below it. */
    private final int[] extraAfter;
    /** Snapshot step indices ascending (snapshot-time form), or null (every-k form). */
    private final int[] snapshotSteps;
    private final int every;

    private TimeGrid(double finalTime, int uniformSteps, double[] extra, int[] snapshotSteps, int every) {
        this.finalTime = finalTime;
        this.uniformSteps = uniformSteps;
        this.extra = extra;
        this.snapshotSteps = snapshotSteps;
        this.every = every;
        double h = finalTime / uniformSteps;
        this.extraAfter = new int[extra.length];
        for (int e = 0; e < extra.length; e++) {
            extraAfter[e] = (int) Math.min(uniformSteps, Math.floor(extra[e] / h) + 1);
        }
    }

    /** K uniform steps with a snapshot every {@code every}-th step end (and at T). */
    static TimeGrid uniform(double finalTime, int steps, int every) {
        return new TimeGrid(finalTime, steps, new double[0], null, every);
    }

    /**
     * K uniform steps merged with the snapshot times (each in [0, T], validated by the caller);
     * the snapshots are the step ends nearest to them.
     */
    static TimeGrid withSnapshots(double finalTime, int steps, double[] snapshotTimes) {
        double h = finalTime / steps;
        double merge = 1e-9 * h;
        double[] sorted = snapshotTimes.clone();
        Arrays.sort(sorted);
        double[] extra = new double[sorted.length];
        int m = 0;
        for (double s : sorted) {
            double j = Math.rint(s / h);
            boolean onUniform = Math.abs(s - Math.min(finalTime, j * h)) <= merge
                    || (j >= steps && Math.abs(finalTime - s) <= merge);
            boolean onExtra = m > 0 && s - extra[m - 1] <= merge;
            if (!onUniform && !onExtra) {
                extra[m++] = s;
            }
        }
        TimeGrid shape = new TimeGrid(finalTime, steps, Arrays.copyOf(extra, m), null, 1);
        int[] snaps = new int[sorted.length + 1];
        snaps[0] = 0;
        for (int q = 0; q < sorted.length; q++) {
            snaps[q + 1] = shape.nearest(sorted[q]);
        }
        int[] unique = Arrays.stream(snaps).sorted().distinct().toArray();
        return new TimeGrid(finalTime, steps, shape.extra, unique, 1);
    }

    /** The number of steps K (uniform steps plus inserted snapshot times). */
    public int steps() {
        return uniformSteps + extra.length;
    }

    /** T = t_K. */
    public double finalTime() {
        return finalTime;
    }

    /** t_k for k in 0..K. */
    public double time(int k) {
        if (k < 0 || k > steps()) {
            throw new IndexOutOfBoundsException("step end " + k + " outside 0.." + steps());
        }
        // the number of extra times among the first k + 1 grid points: largest e with e + extraAfter[e] <= k
        int lo = 0, hi = extra.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (mid + extraAfter[mid] <= k) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo > 0 && (lo - 1) + extraAfter[lo - 1] == k) {
            return extra[lo - 1];
        }
        int j = k - lo;
        return j == uniformSteps ? finalTime : j * (finalTime / uniformSteps);
    }

    /** Whether step end k is stored in the solution. */
    public boolean isSnapshot(int k) {
        if (snapshotSteps != null) {
            return Arrays.binarySearch(snapshotSteps, k) >= 0;
        }
        return k % every == 0 || k == steps();
    }

    /** The number of snapshots (t = 0 included). */
    public long snapshotCount() {
        if (snapshotSteps != null) {
            return snapshotSteps.length;
        }
        long k = steps();
        return k / every + 1 + (k % every == 0 ? 0 : 1);
    }

    /** The largest step t_k − t_{k−1} (at most T/K_uniform). */
    public double maxStep() {
        return finalTime / uniformSteps;
    }

    /** All step ends (allocates K + 1 doubles: for small grids and tests). */
    public double[] times() {
        double[] t = new double[steps() + 1];
        for (int k = 0; k < t.length; k++) {
            t[k] = time(k);
        }
        return t;
    }

    /** The step end nearest to s. */
    private int nearest(double s) {
        int lo = 0, hi = steps();
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) <= s) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.abs(time(hi) - s) < Math.abs(time(lo) - s) ? hi : lo;
    }

    @Override
    public String toString() {
        return "TimeGrid[T=" + finalTime + ", steps=" + steps() + ", snapshots=" + snapshotCount() + "]";
    }
}
