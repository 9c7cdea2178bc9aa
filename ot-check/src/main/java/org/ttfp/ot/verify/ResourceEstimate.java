package org.ttfp.ot.verify;

import java.util.Locale;

/**
 * Memory and work of a run, estimated from its sizes before anything is allocated, so that a run
 * too large for the machine is refused at once with the size that is at fault, instead of failing
 * after minutes with an OutOfMemoryError or an integer overflow.
 *
 * <p>The model (d axes, n nodes per axis, rank cap r, r_eff = min(r, n^⌊d/2⌋), K steps, N samples,
 * M Jacobian points; 8 bytes per double):
 * <ul>
 *   <li>TT snapshots: (K + 1)·d·n·r_eff² doubles (every step end is a snapshot), and 6 working copies;</li>
 *   <li>dense per-axis operators (propagators, quadrature weights): 4·d·n² doubles; n² must fit in a Java
 *       array (n ≤ 46340);</li>
 *   <li>the time grid: about 100 bytes per step;</li>
 *   <li>samples and their images: 40·N·d doubles; the exact assignment of the paper's metric: 2·N² doubles;</li>
 *   <li>the Jacobian stencils: 8·M·2d·d doubles;</li>
 *   <li>work: K·d·(n²·r_eff² + n·r_eff³) flops for the solve.</li>
 * </ul>
 * The limit is the JVM's maximum heap ({@link Runtime#maxMemory()}); the work limit is
 * {@value #MAX_FLOPS} flops (about a day at 10 GFLOP/s).
 */
public record ResourceEstimate(double bytes, double flops, String dominant) {

    /** Work above this is refused (about a day at 10 GFLOP/s). */
    public static final double MAX_FLOPS = 1e15;
    /** The largest n for which an n × n matrix fits in one Java array. */
    public static final int MAX_NODES = 46340;

    /** The estimate of a Fokker–Planck solve. */
    public static ResourceEstimate solve(int d, int n, int rankCap, int steps) {
        double reff = Math.min(rankCap, Math.pow(n, Math.max(1, d / 2)));
        double snapshots = (steps + 1.0 + 6) * d * n * reff * reff * 8;
        double dense = 4.0 * d * n * (double) n * 8;
        double grid = 100.0 * steps;
        double flops = steps * (double) d * (n * (double) n * reff * reff + n * reff * reff * reff);
        String dominant = snapshots >= dense && snapshots >= grid
                ? String.format(Locale.ROOT, "%d snapshots of d=%d TT cores with n=%d and rank up to %.0f", steps + 1, d, n,
                        reff)
                : dense >= grid ? String.format(Locale.ROOT, "dense %d x %d operators on %d axes", n, n, d)
                : String.format(Locale.ROOT, "a time grid of %d steps", steps);
        return new ResourceEstimate(snapshots + dense + grid, flops, dominant);
    }

    /** The estimate of a verification run of the scenario with N samples and M Jacobian points. */
    public static ResourceEstimate verify(Scenario sc, int samples, int jacobianPoints) {
        int d = sc.dim(), n = 0;
        for (int k = 0; k < d; k++) {
            n = Math.max(n, sc.box().axis(k).size());
        }
        ResourceEstimate s = solve(d, n, sc.maxRank(), sc.steps());
        double pts = 40.0 * samples * d * 8;
        double assignment = 2.0 * samples * (double) samples * 8;
        double jac = 8.0 * Math.min(jacobianPoints, samples) * 2.0 * d * d * 8;
        double total = s.bytes() + pts + assignment + jac;
        String dominant = s.bytes() >= pts + assignment + jac ? s.dominant()
                : assignment >= pts ? String.format(Locale.ROOT, "the %d x %d cost matrix of the exact assignment", samples,
                        samples) : String.format(Locale.ROOT, "%d samples in d=%d", samples, d);
        return new ResourceEstimate(total, s.flops(), dominant);
    }

    /**
     * Why the run cannot be done within the limits, or null when it can.
     *
     * @param heapBytes the memory limit (normally {@link Runtime#maxMemory()})
     */
    public String refusal(long heapBytes) {
        if (bytes > heapBytes) {
            return String.format(Locale.ROOT, "needs about %s of memory (mostly %s), above the limit of %s "
                    + "(the JVM's maximum heap; raise it with TTFP_JAVA_OPTS=-Xmx... or lower the sizes)",
                    size(bytes), dominant, size(heapBytes));
        }
        if (flops > MAX_FLOPS) {
            return String.format(Locale.ROOT, "needs about %.1e flops (days of computing), above the limit of %.0e",
                    flops, MAX_FLOPS);
        }
        return null;
    }

    /** Bytes in words (MB, GB, ...). */
    static String size(double bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int u = 0;
        while (bytes >= 1000 && u < units.length - 1) {
            bytes /= 1000;
            u++;
        }
        return bytes >= 1e3 ? String.format(Locale.ROOT, "%.1e %s", bytes, units[u])
                : String.format(Locale.ROOT, "%.3g %s", bytes, units[u]);
    }
}
