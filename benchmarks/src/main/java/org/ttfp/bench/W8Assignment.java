package org.ttfp.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ttfp.ot.LinearAssignment;
import org.ttfp.ot.PointSets;

/**
 * W8: exact assignment (discrete OT with squared Euclidean cost) between two sets of N points,
 * certified by its dual (issue 12).
 *
 * <p><b>Inputs</b> (not timed, seed {@link #SEED}), by {@code points}:
 * <ul>
 *   <li>{@code uniform-d2}, {@code uniform-d7}: x and y independent, uniform on [0, 1]^d (d = 7 is
 *       the hard case: long augmenting paths);</li>
 *   <li>{@code near-d2}, {@code near-d7}: x uniform on [0, 1]^d, y = x + {@value #NOISE}·ξ with ξ
 *       standard normal (the paper's case: samples and their images, near the identity
 *       pairing).</li>
 * </ul>
 *
 * <p><b>Timed part</b> ({@link #solveAndCertify}): {@link LinearAssignment#solve(double[], double[],
 * int)} (automatic choice of the dense or sparse solver) and the dual certificate
 * {@link LinearAssignment.Result#certify(double[], double[], int)} (one more pass over the N²
 * costs).
 *
 * <p><b>Figure</b>: the mean cost, the certificate's relative gap and largest dual violation, the
 * solver used; checks that the certificate holds and that the optimum is no worse than the identity
 * pairing and a random pairing. Rate: points per second.
 */
public final class W8Assignment {
    /** Seed of the point sets. */
    public static final long SEED = 80_08L;
    /** Standard deviation of the noise of the near-identity pairs. */
    public static final double NOISE = 0.01;

    private W8Assignment() {}

    /** The dimension of a {@code points} name ("uniform-d7" → 7). */
    public static int dimension(String points) {
        int at = points == null ? -1 : points.lastIndexOf("-d");
        if (at < 0 || !(points.startsWith("uniform-") || points.startsWith("near-"))) {
            throw new IllegalArgumentException("points = '" + points + "': expected uniform-dD or near-dD, e.g. uniform-d2");
        }
        try {
            int d = Integer.parseInt(points.substring(at + 2));
            Workloads.checkSize("d of points", d, 1);
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("points = '" + points + "': expected uniform-dD or near-dD with an integer D", e);
        }
    }

    /** The two point sets {x, y} (row-major n x d each) of a {@code points} kind. */
    public static double[][] inputs(String points, int n) {
        int d = dimension(points);
        Workloads.checkSize("n", n, 2);
        SplittableRandom rng = new SplittableRandom(SEED);
        double[] x = new double[n * d], y = new double[n * d];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextDouble();
        }
        boolean near = points.startsWith("near-");
        for (int k = 0; k < y.length; k++) {
            y[k] = near ? x[k] + NOISE * rng.nextGaussian() : rng.nextDouble();
        }
        return new double[][] {x, y};
    }

    /** The solved and certified assignment. */
    public record Solved(LinearAssignment.Result result, LinearAssignment.Certificate certificate) {}

    /** The timed part: solve, then check the dual certificate. */
    public static Solved solveAndCertify(double[] x, double[] y, int d) {
        LinearAssignment.Result r = LinearAssignment.solve(x, y, d);
        return new Solved(r, r.certify(x, y, d));
    }

    /** The figure of a solved instance (see the class comment). */
    public static Figure figure(double[] x, double[] y, int d, Solved s) {
        LinearAssignment.Result r = s.result();
        LinearAssignment.Certificate c = s.certificate();
        int n = r.size();
        double identity = PointSets.meanSquaredDistance(x, y, d);
        int[] random = new int[n];
        for (int i = 0; i < n; i++) {
            random[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = random[i];
            random[i] = random[j];
            random[j] = t;
        }
        double randomCost = PointSets.meanPairingCost(x, y, d, random);
        double tol = 1e-12 * Math.max(identity, c.costScale());
        boolean beats = r.meanCost() <= identity + tol && r.meanCost() <= randomCost + tol;
        return Figure.of(String.format(Locale.ROOT, "N=%d, d=%d, %s: mean cost %.6g (identity %.6g), rel. gap %.1e, "
                        + "max violation %.1e, %d pricing rounds", n, d, r.method(), r.meanCost(), identity,
                        c.relativeGap(), c.maxViolation(), r.pricingRounds()))
                .withRate(n, "points/s")
                .withValue("meanCost", r.meanCost())
                .withValue("relativeGap", c.relativeGap())
                .withValue("maxViolation", c.maxViolation())
                .withCheck("certificate", c.holds(), String.format(Locale.ROOT,
                        "dual feasible to %.1e and gap %.1e within 1e-10 of the cost scale", c.maxViolation(), c.gap()))
                .withCheck("optimum", beats, String.format(Locale.ROOT,
                        "mean cost %.6g <= identity pairing %.6g and a random pairing %.6g", r.meanCost(), identity, randomCost));
    }

    /** The whole workload once: inputs, the timed solve and certificate, the figure. */
    public static Workloads.Result run(String points, int n) {
        double[][] in = inputs(points, n);
        int d = dimension(points);
        long t0 = System.nanoTime();
        Solved s = solveAndCertify(in[0], in[1], d);
        double sec = (System.nanoTime() - t0) * 1e-9;
        return new Workloads.Result("W8", sec, figure(in[0], in[1], d, s));
    }
}
