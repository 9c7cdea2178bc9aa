package org.ttfp.ot;

import java.util.stream.IntStream;

/**
 * The LP-duality check of an assignment ({@link LinearAssignment.Result#certify}): one pass over
 * all n² costs, row by row through {@link AssignmentCosts.Oracle#row}, computing
 * max_ij (u_i + v_j − c_ij) (parallel over blocks of rows; a maximum does not depend on the order)
 * and the primal and dual sums Σ_i c_{iπ(i)} and Σ_i u_i + Σ_j v_j (compensated, sequential, so the
 * result is deterministic). Cost n² cost evaluations (3d n² flops for point sets); memory O(n) per
 * thread.
 */
final class DualCertificate {

    private DualCertificate() {
    }

    /** The certificate of (π, u, v) for the oracle's costs; {@code scale} as in {@link LinearAssignment.Certificate}. */
    static LinearAssignment.Certificate check(AssignmentCosts.Oracle c, int[] pi, double[] u, double[] v,
            double scale) {
        int n = c.n;
        if (u.length != n || v.length != n) {
            throw new IllegalArgumentException("u has length " + u.length + " and v " + v.length
                    + ": expected the order n = " + n);
        }
        int blocks = Math.max(1, Math.min(n / 64, 4 * Runtime.getRuntime().availableProcessors()));
        double maxViolation = IntStream.range(0, blocks).parallel().mapToDouble(t -> {
            double[] buf = new double[n];
            double worst = Double.NEGATIVE_INFINITY;
            for (int i = (int) ((long) n * t / blocks); i < (int) ((long) n * (t + 1) / blocks); i++) {
                c.row(i, 0, n, buf);
                double ui = u[i];
                for (int j = 0; j < n; j++) {
                    worst = Math.max(worst, ui + v[j] - buf[j]);
                }
            }
            return worst;
        }).max().orElse(Double.NEGATIVE_INFINITY);
        PointSets.Sum primal = new PointSets.Sum(), dual = new PointSets.Sum();
        for (int i = 0; i < n; i++) {
            primal.add(c.at(i, pi[i]));
            dual.add(u[i]);
            dual.add(v[i]);
        }
        return new LinearAssignment.Certificate(n, primal.value(), dual.value(), maxViolation, scale);
    }
}
