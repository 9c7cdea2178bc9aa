package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ttfp.fp.density.CoupledQuarticPotential;

/**
 * The long-range pairs of the coupled quartic in problem files: {@code pairCoupling} with the
 * seeded pairs ({@code pairSeed}, default 1) or explicit 1-based {@code pairs}; the scenario's
 * reference map is ∇u of exactly that potential; the keys of before keep their meaning (no
 * pairs); every bad value is refused by its path.
 */
class ProblemFilePairsTest {

    static final String BASE = "\"type\":\"convex-potential\",\"family\":\"coupled-quartic\",\"dim\":6,\"a\":0.05,"
            + "\"epsilon\":0.2";

    static Scenario parse(String densityTail) {
        return ProblemFile.parse("{\"density\":{" + BASE + densityTail + "}}", "case");
    }

    /** The reference map ∇u of the scenario at a fixed point, against that of {@code u}. */
    static void assertMapIs(CoupledQuarticPotential u, Scenario sc) {
        double[] x = {0.3, -0.7, 1.1, 0.2, -1.3, 0.9};
        assertArrayEquals(u.gradient(x), sc.reference().apply(x), 0.0, u.toString());
    }

    @Test
    void pairsReachThePotential() {
        assertMapIs(new CoupledQuarticPotential(6, 0.05, 0.2), parse(""));
        assertMapIs(new CoupledQuarticPotential(6, 0.05, 0.2, 0.3, CoupledQuarticPotential.longRangePairs(6, 1)),
                parse(",\"pairCoupling\":0.3"));
        assertMapIs(new CoupledQuarticPotential(6, 0.05, 0.2, 0.3, CoupledQuarticPotential.longRangePairs(6, 7)),
                parse(",\"pairCoupling\":0.3,\"pairSeed\":7"));
        assertMapIs(new CoupledQuarticPotential(6, 0.05, 0.2, -0.25, new int[][] {{0, 3}, {1, 5}}),
                parse(",\"pairCoupling\":-0.25,\"pairs\":[[1,4],[6,2]]"));
        // the pairs change the map (the seeded pairs of d = 6 are not empty)
        double[] x = {0.3, -0.7, 1.1, 0.2, -1.3, 0.9};
        double[] plain = parse("").reference().apply(x), paired = parse(",\"pairCoupling\":0.3").reference().apply(x);
        assertTrue(!java.util.Arrays.equals(plain, paired));
    }

    @Test
    void badPairsAreRefusedByTheirPath() {
        String[][] cases = {
            {",\"pairSeed\":1", "field 'density.pairSeed' without 'density.pairCoupling'"},
            {",\"pairs\":[[1,4]]", "field 'density.pairs' without 'density.pairCoupling'"},
            {",\"pairCoupling\":\"0.1\"", "field 'density.pairCoupling': expected a finite number"},
            {",\"pairCoupling\":0.1,\"pairSeed\":1,\"pairs\":[[1,4]]", "both given"},
            {",\"pairCoupling\":0.1,\"pairSeed\":-1", "field 'density.pairSeed' = -1"},
            {",\"pairCoupling\":0.1,\"pairSeed\":1.5", "field 'density.pairSeed': expected an integer"},
            {",\"pairCoupling\":0.1,\"pairs\":{\"a\":1}", "field 'density.pairs': expected an array"},
            {",\"pairCoupling\":0.1,\"pairs\":[[1,4,5]]", "field 'density.pairs[0]': expected two coordinates"},
            {",\"pairCoupling\":0.1,\"pairs\":[[1,4],[0,3]]", "field 'density.pairs[1][0]' = 0: expected an integer from 1 to 6"},
            {",\"pairCoupling\":0.1,\"pairs\":[[1,7]]", "field 'density.pairs[0][1]' = 7"},
            {",\"pairCoupling\":0.1,\"pairs\":[[2,3]]", "field 'density.pairs[0]' = [2,3]: expected |i - j| >= 2"},
            {",\"pairCoupling\":0.1,\"pairs\":[[1,4],[4,1]]", "repeated"},
            {",\"pairCoupling\":0.9,\"pairs\":[[1,4],[1,6],[3,6]]", "non-convex"},
            {",\"pairCoupling\":0.1,\"pairSeeds\":1", "unknown field 'density.pairSeeds'"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), "for " + c[0] + ": message '" + e.getMessage()
                    + "' should contain '" + c[1] + "'");
        }
    }
}
