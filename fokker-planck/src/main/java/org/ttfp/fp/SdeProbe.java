package org.ttfp.fp;

import java.util.SplittableRandom;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.fp.sde.Sde;

/** The checks {@link FpProblem.Builder#build()} runs on the SDE's callbacks before a solve. */
final class SdeProbe {

    private SdeProbe() {}

    /**
     * g_i(t)² finite and ≥ 0 at every step end and midpoint of the grid; drift and divergence finite
     * at the box's corners (of the first 10 axes), its centre and 64 random grid points, at
     * t = 0, T/2 and T.
     *
     * @throws IllegalArgumentException naming the callback, the time and the point
     */
    static void check(Sde sde, ChebyshevBox box, TimeGrid grid, long seed) {
        int d = box.dim();
        int steps = grid.steps();
        double prev = grid.time(0);
        for (int j = 0; j <= steps; j++) {
            double tj = grid.time(j);
            diffusion(sde, d, tj);
            if (j > 0) {
                diffusion(sde, d, 0.5 * (prev + tj));
            }
            prev = tj;
        }
        int corners = Math.min(1 << Math.min(d, 10), 1024);
        int random = 64;
        int count = corners + 1 + random;
        double[] x = new double[count * d];
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int c = 0; c < corners; c++) {
            for (int i = 0; i < d; i++) {
                ChebyshevGrid g = box.axis(i);
                x[c * d + i] = (i < 10 && ((c >> i) & 1) == 1) ? g.b() : g.a();
            }
        }
        for (int i = 0; i < d; i++) {
            x[corners * d + i] = 0.5 * (box.axis(i).a() + box.axis(i).b());
        }
        for (int s = corners + 1; s < count; s++) {
            for (int i = 0; i < d; i++) {
                ChebyshevGrid g = box.axis(i);
                x[s * d + i] = g.node(rnd.nextInt(g.size()));
            }
        }
        double[] f = new double[count * d];
        double[] div = new double[count];
        double finalTime = grid.finalTime();
        for (double t : new double[] {0, 0.5 * finalTime, finalTime}) {
            sde.drift(t, x, count, f);
            CheckedSde.requireFinite("sde drift", f, count, d, t, x, d);
            sde.divergence(t, x, count, div);
            CheckedSde.requireFinite("sde divergence", div, count, 1, t, x, d);
        }
    }

    private static void diffusion(Sde sde, int d, double t) {
        for (int i = 0; i < d; i++) {
            double g = sde.diffusion2(i, t);
            if (!(g >= 0) || Double.isInfinite(g)) {
                throw new IllegalArgumentException("sde diffusion g²(axis " + i + ", t = " + t + ") = " + g
                        + ": expected a finite value >= 0");
            }
        }
    }
}
