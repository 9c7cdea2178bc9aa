package org.ttfp.fp.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cross.CrossOptions;
import org.ttfp.fp.Problems;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;

/**
 * The initial TT-cross of densities that live on a small part of the box (the coupled quartic
 * potential in d = 5 on [−6, 6]^5, n = 48, which underflows to 0 on most of the grid): from the
 * potential's Gaussian hint it finds the mass (1 up to the box's cut, closed form), and a callback
 * that no fibre meets is refused with the evidence, never returned as a mass-0 TT.
 */
class InitialCrossSupportTest {

    static Stream<String> backends() {
        return Stream.of("openblas", "ejml");
    }

    /** The options of the solver's initial cross (SolveRun): eps 1e-10, 60 sweeps, rank increment 4. */
    static CrossOptions options(int maxRank) {
        return CrossOptions.defaults().withEps(1e-10).withMaxSweeps(60).withSeed(1).withMaxRank(maxRank)
                .withRankIncrement(4);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void coupledQuarticInFiveDimensionsIsFoundOnTheBox(String name) {
        Backend be = Backends.byName(name);
        ChebyshevBox box = ChebyshevBox.cube(5, -6, 6, 48);
        CoupledQuarticPotential u = new CoupledQuarticPotential(5, 0.05, 0.2);
        InitialDensity.Built b = Problems.convexPotential(u).build(box, be, options(20));
        // μ0 is a probability density on R^5 with negligible mass outside [−6, 6]^5 (|x_i| = 6 maps to
        // |(∇u)_i| ≥ 6 + 43.2 − 2.4 standard deviations): ∫_box p = 1 up to the TT's error
        double mass = box.integrate(b.values());
        assertEquals(1.0, mass, 1e-3, "mass " + mass + ", " + b.cross());
        assertTrue(b.values().maxRank() > 1, b.cross().toString());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void densityThatNoFibreMeetsIsRefusedWithTheEvidence(String name) {
        Backend be = Backends.byName(name);
        ChebyshevBox box = ChebyshevBox.cube(5, -6, 6, 48);
        // nonzero at one grid point only (node 17 on every axis), as a density underflowing to 0
        // everywhere but in a spot no fibre meets
        double c = box.axis(0).nodes()[17];
        DensityFunction spot = (x, count, out) -> {
            for (int s = 0; s < count; s++) {
                boolean at = true;
                for (int i = 0; i < 5; i++) {
                    at &= Math.abs(x[s * 5 + i] - c) < 1e-12;
                }
                out[s] = at ? 1 : 0;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InitialDensity.of(spot, 5, false).build(box, be, options(20).withMaxSweeps(4)));
        String m = e.getMessage();
        assertTrue(m.contains("found no mass") && m.contains("over 4 sweeps") && m.contains("mass found 0")
                && m.contains("rank 1") && m.contains("hint"), m);
    }
}
