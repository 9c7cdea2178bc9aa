package org.ttfp.cli;

import java.util.Set;
import org.ttfp.fp.Problems;
import org.ttfp.ot.verify.Registry;

/**
 * The built-in Fokker–Planck problems of {@code ttfp solve --problem}: one {@link Registry} whose
 * entries delegate to the factories of {@link Problems} (see there for each problem's SDE, box and
 * initial density). A new problem is one {@code register} line.
 */
public final class SolveProblems {
    private SolveProblems() {}

    /** Builds a problem in dimension d on n Chebyshev nodes per axis from a seed. */
    @FunctionalInterface
    public interface Factory {
        /** The problem (d ≥ 1 and n ≥ 3 are checked before the call). */
        Problems.Preset build(int d, int n, long seed);
    }

    /** The problems, in the order of the help text. */
    public static final Registry<Factory> REGISTRY = new Registry<Factory>("problem")
            .register("vp", "DDPM VP-SDE (beta 0.1 -> 20, T = 1) from a random Gaussian mixture; exact reference",
                    Set.of(), Problems::vp)
            .register("vp-paper", "the paper's OU form, T = 5, box [-8, 8]^d, random quartic mixture", Set.of(),
                    Problems::vpPaper)
            .register("ve", "VE-SDE (sigma 0.01 -> 2, T = 1) from a random mixture; exact reference", Set.of(), Problems::ve)
            .register("subvp", "sub-VP SDE from a random mixture; exact reference", Set.of(), Problems::subVp)
            .register("ou", "isotropic OU dX = -X dt + sqrt(2) dW, T = 1, random mixture; exact reference", Set.of(),
                    Problems::ou)
            .register("ou-diagonal", "OU with rates 0.5 ... 2 and g^2 = 1, random mixture; exact reference", Set.of(),
                    Problems::ouDiagonal)
            .register("ou-matrix", "OU with a coupled matrix (split path), random mixture; exact reference", Set.of(),
                    Problems::ouMatrix)
            .register("double-well", "coupled double well, g^2 = 1, T = 1, box [-3.5, 3.5]^d (split path; n >= 64)",
                    Set.of(), Problems::doubleWell)
            .register("rotating-well", "rotating double well -(I + A) grad V, exact steady state, T = 10 (split path)",
                    Set.of(), Problems::rotatingWell);

    /**
     * The problem of that name.
     *
     * @throws IllegalArgumentException for an unknown name (listing the names), d &lt; 1 or n &lt; 3
     */
    public static Problems.Preset build(String name, int d, int n, long seed) {
        Registry.Entry<Factory> e = REGISTRY.get(name);
        if (d < 1) {
            throw new IllegalArgumentException("--dim = " + d + ": expected a dimension >= 1");
        }
        if (n < 3) {
            throw new IllegalArgumentException("--grid = " + n + ": expected at least 3 Chebyshev nodes per axis");
        }
        return e.factory().build(d, n, seed);
    }
}
