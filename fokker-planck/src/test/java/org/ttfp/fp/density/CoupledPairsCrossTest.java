package org.ttfp.fp.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cross.StopReason;
import org.ttfp.fp.Problems;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.TensorTrain;

/**
 * The initial TT-cross of the coupled quartic density in d = 5 with its long-range pair
 * (x_3, x_5) (the sweep's {@code pairSeed} 1, κ = 0.1), on the sweep's box [−6, 6]^5, n = 56, with the
 * solver's cross options: it converges (not ALL_ZERO, the bug of an all-zero first sweep), finds
 * mass 1 up to the box's cut, matches the closed-form density at random grid points, and the pair
 * raises the ranks of the bonds it crosses (x_3..x_5: bonds 3 and 4) above those of the
 * neighbour-only density.
 */
class CoupledPairsCrossTest {

    /** Rank cap of the test (the sweep's 20 is reached by the neighbour-only density already). */
    static final int CAP = Integer.getInteger("ttfp.pairsCrossCap", 48);

    static Stream<String> backends() {
        return Stream.of("openblas", "ejml");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void crossWithALongRangePairConvergesToTheDensity(String name) {
        Backend be = Backends.byName(name);
        ChebyshevBox box = ChebyshevBox.cube(5, -6, 6, 56);
        CoupledQuarticPotential plain = new CoupledQuarticPotential(5, 0.05, 0.2);
        CoupledQuarticPotential paired = new CoupledQuarticPotential(5, 0.05, 0.2, 0.1,
                CoupledQuarticPotential.longRangePairs(5, 1));
        InitialDensity.Built p = Problems.convexPotential(plain).build(box, be, InitialCrossSupportTest.options(CAP));
        InitialDensity.Built b = Problems.convexPotential(paired).build(box, be, InitialCrossSupportTest.options(CAP));
        System.out.printf("CoupledPairsCrossTest[%s]: ranks without pairs %s, with %s: %s%n", name,
                java.util.Arrays.toString(p.values().ranks()), java.util.Arrays.toString(b.values().ranks()), b.cross());
        assertEquals(StopReason.CONVERGED, b.cross().stopReason(), b.cross().toString());
        assertEquals(1.0, box.integrate(b.values()), 1e-3, b.cross().toString());
        // TT against the closed form at random grid points where the density is not negligible
        TensorTrain tt = b.values();
        SplittableRandom rng = new SplittableRandom(5);
        double peak = paired.density(new double[5])[0];
        int checked = 0;
        double worst = 0;
        for (int trial = 0; trial < 4000 && checked < 200; trial++) {
            int[] idx = new int[5];
            for (int k = 0; k < 5; k++) {
                idx[k] = 14 + rng.nextInt(28);
            }
            double exact = paired.density(box.point(idx))[0];
            if (exact < 1e-4 * peak) {
                continue;
            }
            checked++;
            worst = Math.max(worst, Math.abs(tt.get(idx) - exact) / peak);
        }
        assertTrue(checked >= 50, "only " + checked + " points above 1e-4 of the peak");
        assertTrue(worst < 1e-6, "TT vs closed form: " + worst + " of the peak");
        int[] rp = p.values().ranks(), rb = b.values().ranks();
        assertTrue(rb[3] > rp[3] && rb[4] >= rp[4], "the pair (x_3, x_5) must raise the ranks of bonds 3 and 4: "
                + java.util.Arrays.toString(rb) + " vs " + java.util.Arrays.toString(rp));
    }
}
