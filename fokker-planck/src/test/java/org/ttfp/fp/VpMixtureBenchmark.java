package org.ttfp.fp;

import org.ttfp.fp.density.GaussianMixture;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ttfp.cheb.ChebyshevBox;

/**
 * A benchmark, not a test (surefire does not run it): the DDPM VP-SDE from a seeded random
 * 3-component anisotropic Gaussian mixture ({@link Problems#randomMixture}) in dimension d, solved on
 * the exact separable path to T = 1, with wall time, max TT rank and the errors of p_t and of the
 * score against the exact mixture at t = 0.1, 0.5, 1 (relative L2 over 2000 points drawn from
 * the exact p_t).
 *
 * <p>Run: {@code java -cp ... org.ttfp.fp.VpMixtureBenchmark [n] [eps] d1 d2 ...}, e.g.
 * {@code 64 1e-10 3 10 30}.
 */
public final class VpMixtureBenchmark {

    private VpMixtureBenchmark() {}

    /** Arguments: n, eps, then the dimensions. */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 80;
        double eps = args.length > 1 ? Double.parseDouble(args[1]) : 1e-10;
        int[] dims = args.length > 2 ? new int[args.length - 2] : new int[] {3, 10};
        for (int j = 2; j < args.length; j++) {
            dims[j - 2] = Integer.parseInt(args[j]);
        }
        for (int d : dims) {
            run(d, n, eps);
        }
    }

    static void run(int d, int n, double eps) {
        Problems.Preset p = Problems.vp(d, n, 2023);
        ChebyshevBox box = p.box();
        long t0 = System.nanoTime();
        Solution sol = FpSolver.solve(p.builder().steps(10).snapshotTimes(0.1, 0.5, 1.0).build(),
                p.settings().withEps(eps).withMaxRank(200));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        int maxRank = 0;
        for (int j = 0; j < sol.snapshotCount(); j++) {
            maxRank = Math.max(maxRank, sol.snapshot(j).maxRank());
        }
        System.out.printf(Locale.ROOT, "d=%d n=%d box=[%.1f, %.1f] eps=%.0e: solve %.2f s (initial cross %.2f s, %d evaluations), "
                + "max rank %d%n", d, n, box.axis(0).a(), box.axis(0).b(), eps, seconds, sol.initialCross().seconds(),
                sol.initialCross().evaluations(), maxRank);
        for (double t : new double[] {0.1, 0.5, 1.0}) {
            GaussianMixture exact = p.exact(t);
            int count = 2000;
            double[] x = exact.sample(new SplittableRandom(17), count);
            int in = 0;
            for (int s = 0; s < count; s++) {
                boolean inside = true;
                for (int i = 0; i < d; i++) {
                    inside &= Math.abs(x[s * d + i]) <= box.axis(i).b();
                }
                if (inside) {
                    System.arraycopy(x, s * d, x, in * d, d);
                    in++;
                }
            }
            double[] pv = new double[in], pe = new double[in], sv = new double[in * d], se = new double[in * d];
            long t1 = System.nanoTime();
            sol.density(t, x, in, pv);
            sol.score(t, x, in, sv);
            double qs = (System.nanoTime() - t1) * 1e-9;
            exact.density(x, in, pe);
            exact.score(x, in, se);
            System.out.printf(Locale.ROOT, "  t=%.1f rank %d: density error %.2e, score error %.2e (%d points, %.2f s)%n", t,
                    sol.snapshot(sol.snapshotAt(t)).maxRank(), rel(pv, pe), rel(sv, se), in, qs);
        }
    }

    private static double rel(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int j = 0; j < a.length; j++) {
            num += (a[j] - b[j]) * (a[j] - b[j]);
            den += b[j] * b[j];
        }
        return Math.sqrt(num / den);
    }
}
