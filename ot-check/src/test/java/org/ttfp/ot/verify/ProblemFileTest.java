package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ttfp.fp.density.LavenantSantambrogioPotential;

/** Problem files: the three density kinds, and a clear message naming the field for each mistake. */
class ProblemFileTest {

    static Scenario parse(String json) {
        return ProblemFile.parse(json, "case");
    }

    @Test
    void readsTheThreeDensityKinds() {
        Scenario mix = parse("{\"name\":\"m\",\"sde\":\"ve\",\"density\":{\"type\":\"mixture\",\"weights\":[0.25,0.75],"
                + "\"means\":[[0,0],[1,1]],\"covariances\":[[[1,0],[0,1]],[[0.5,0.1],[0.1,0.5]]]},\"grid\":{\"n\":40},"
                + "\"steps\":50,\"rankCap\":12}");
        assertEquals("m", mix.name());
        assertEquals("ve", mix.sdeName());
        assertEquals(2, mix.dim());
        assertEquals(40, mix.box().axis(0).size());
        assertEquals(50, mix.steps());
        assertEquals(12, mix.maxRank());
        assertNotNull(mix.exactScore());
        Scenario g = parse("{\"density\":{\"type\":\"gaussian\",\"mean\":[0,1,2],\"covariance\":[[1,0,0],[0,1,0],[0,0,2]]},"
                + "\"grid\":{\"n\":32,\"halfWidth\":9},\"startTime\":0.2}");
        assertEquals("case", g.name());
        assertEquals(3, g.dim());
        assertEquals(-9.0, g.box().axis(2).a());
        assertEquals(0.2, g.startTime());
        assertNotNull(g.reference());
        Scenario cp = parse("{\"density\":{\"type\":\"convex-potential\",\"family\":\"coupled-quartic\",\"dim\":3,"
                + "\"a\":0.05,\"epsilon\":0.2}}");
        assertEquals(3, cp.dim());
        assertEquals("ou", cp.sdeName());
        assertNull(cp.exactScore());
        assertTrue(cp.reference().limit());
        assertEquals(1.0, cp.reference().scale());
        assertEquals(Presets.CONVEX_POTENTIAL_HALF_WIDTH, cp.box().axis(0).b());
        // convex potentials under the other SDEs: VP and sub-VP compare E with grad u, VE compares E/sigma(T)
        String ls = "\"density\":{\"type\":\"convex-potential\",\"family\":\"lavenant-santambrogio\",\"epsilon\":0.1}";
        for (String sde : new String[] {"vp", "subvp"}) {
            Scenario v = parse("{\"sde\":\"" + sde + "\"," + ls + "}");
            assertEquals(sde, v.sdeName());
            assertEquals(1.0, v.horizon());
            assertEquals(1.0, v.reference().scale());
        }
        Scenario ve = parse("{\"sde\":\"ve\"," + ls + "}");
        double sigmaT = Math.sqrt(0.01 * 0.01 * Math.expm1(2 * Math.log(2.0 / 0.01)));
        assertEquals(sigmaT, ve.reference().scale(), 1e-15);
        assertEquals(Math.ceil(2 * 7 * Math.sqrt(1 + sigmaT * sigmaT)) / 2, ve.box().axis(0).b());
        double[] x = {0.3, -0.2};
        assertArrayEquals(new LavenantSantambrogioPotential(0.1).gradient(x), ve.reference().apply(x), 0.0);
    }

    @Test
    void namesTheFieldOfEachMistake() {
        assertField("{\"density\":{\"type\":\"mixture\",\"weights\":[0.5,0.6],\"means\":[[0],[1]],"
                + "\"covariances\":[[[1]],[[1]]]}}", "weights");
        assertField("{\"density\":{\"type\":\"gaussian\",\"mean\":[0,0],\"covariance\":[[1,2],[2,1]]}}", "density");
        assertField("{\"density\":{\"type\":\"gaussian\",\"mean\":[0,0],\"covariance\":[[1,0]]}}", "density.covariance");
        assertField("{\"density\":{\"type\":\"gaussian\",\"mean\":[0,\"a\"],\"covariance\":[[1,0],[0,1]]}}",
                "density.mean[1]");
        assertField("{\"density\":{\"type\":\"blob\"}}", "density.type");
        assertField("{\"density\":{\"type\":\"convex-potential\",\"family\":\"lavenant-santambrogio\",\"epsilon\":1.5}}",
                "density");
        assertField("{\"density\":{\"type\":\"convex-potential\",\"family\":\"x\"}}", "density.family");
        assertField("{\"sde\":\"heat\",\"density\":{\"type\":\"gaussian\",\"mean\":[0],\"covariance\":[[1]]}}", "sde");
        assertField("{\"grid\":{\"n\":2},\"density\":{\"type\":\"gaussian\",\"mean\":[0],\"covariance\":[[1]]}}", "grid.n");
        assertField("{\"steps\":0,\"density\":{\"type\":\"gaussian\",\"mean\":[0],\"covariance\":[[1]]}}", "steps");
        assertField("{\"startTime\":2,\"density\":{\"type\":\"gaussian\",\"mean\":[0],\"covariance\":[[1]]}}", "startTime");
        assertField("{\"colour\":1,\"density\":{\"type\":\"gaussian\",\"mean\":[0],\"covariance\":[[1]]}}", "colour");
        assertField("{}", "density");
        assertField("[1,2]", "JSON object");
    }

    /** Strict reading: unknown keys at every level, wrong types, trailing text and duplicate keys, each by its path. */
    @Test
    void refusesWhatTheJavadocSaysIsChecked() {
        String g = "\"density\":{\"type\":\"gaussian\",\"mean\":[0],\"covariance\":[[1]]}";
        String[][] cases = {
            {"{\"density\":{\"type\":\"gaussian\",\"mean\":[0],\"covariance\":[[1]],\"colour\":1}}",
                "unknown field 'density.colour'"},
            {"{" + g + ",\"grid\":{\"n\":32,\"halfwidth\":8}}", "unknown field 'grid.halfwidth'"},
            {"{\"density\":{\"type\":\"convex-potential\",\"family\":\"lavenant-santambrogio\",\"epsilon\":0.1,"
                + "\"dim\":2}}", "unknown field 'density.dim'"},
            {"{" + g + ",\"grid\":64}", "field 'grid': expected an object"},
            {"{" + g + "} trailing", "line 1"},
            {"{" + g + "}{}", "not valid JSON"},
            {"{" + g + ",\"steps\":30,\"steps\":1}", "Duplicate field 'steps'"},
            {"{\"density\":{\"type\":\"gaussian\",\"type\":\"mixture\",\"mean\":[0],\"covariance\":[[1]]}}",
                "Duplicate field 'type'"},
            {"{" + g + ",\"steps\":1.5}", "field 'steps': expected an integer"},
            {"{" + g + ",\"steps\":\"30\"}", "field 'steps': expected an integer"},
            {"{" + g + ",\"grid\":{\"n\":2000000000}}", "field 'grid.n' = 2000000000"},
            {"{" + g + ",\"grid\":{\"n\":40000}}", "field 'grid.n' = 40000"},
            {"{" + g + ",\"rankCap\":0}", "field 'rankCap' = 0"},
            {"{" + g + ",\"grid\":{\"halfWidth\":-1}}", "field 'grid.halfWidth'"},
            {"{\"density\":[1]}", "field 'density': expected an object"},
            {"{\"density\":{\"type\":\"convex-potential\",\"family\":\"lavenant-santambrogio\",\"epsilon\":\"x\"}}",
                "density.epsilon"},
            {"{\"sde\":\"vp\",\"startTime\":1,\"density\":{\"type\":\"convex-potential\","
                + "\"family\":\"lavenant-santambrogio\",\"epsilon\":0.1}}", "field 'startTime' = 1.0: expected < T = 1 (vp)"},
            {"{\"sde\":\"heat\",\"density\":{\"type\":\"convex-potential\",\"family\":\"lavenant-santambrogio\","
                + "\"epsilon\":0.1}}", "field 'sde'"},
            {"{\"name\":\"a b\"," + g + "}", "field 'name'"},
            {"{" + g + ",\"startTime\":-1}", "field 'startTime'"},
            {"", "empty"},
            {"{\"density\":{\"type\":\"convex-potential\",\"family\":\"coupled-quartic\",\"dim\":3,\"epsilon\":0.1}}",
                "missing field 'density.a'"},
            {"{\"density\":{\"type\":\"gaussian\",\"mean\":[0]}}", "missing field 'density.covariance'"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), "for " + c[0] + ": message '" + e.getMessage() + "' should contain '"
                    + c[1] + "'");
        }
    }

    /** A file that names only its density gets the grid, rank cap and steps of the corresponding preset. */
    @Test
    void aFileNamingOnlyItsDensityGetsThePresetDefaults() {
        Scenario g = parse("{\"density\":{\"type\":\"gaussian\",\"mean\":[0,0],\"covariance\":[[1,0.2],[0.2,1]]}}");
        Scenario pg = Presets.build("gaussian", new Presets.Options(new int[] {2}, null, 0, 0, 0, null, null, 1, 1)).get(0);
        assertEquals(pg.box().axis(0).size(), g.box().axis(0).size());
        assertEquals(pg.steps(), g.steps());
        assertEquals(pg.maxRank(), g.maxRank());
        Scenario m = parse("{\"density\":{\"type\":\"mixture\",\"weights\":[0.5,0.5],\"means\":[[0],[1]],"
                + "\"covariances\":[[[1]],[[0.5]]]}}");
        Scenario pm = Presets.build("mixture", new Presets.Options(new int[] {2}, null, 0, 0, 0, null, null, 1, 1)).get(0);
        assertEquals(pm.box().axis(0).size(), m.box().axis(0).size());
        assertEquals(pm.steps(), m.steps());
        assertEquals(pm.maxRank(), m.maxRank());
        Scenario c = parse("{\"density\":{\"type\":\"convex-potential\",\"family\":\"lavenant-santambrogio\","
                + "\"epsilon\":0.25}}");
        Scenario pc = Presets.build("counterexample", new Presets.Options(null, null, 0, 0, 0, new double[] {0.25},
                new double[] {0}, 1, 1)).get(0);
        assertEquals(pc.box().axis(0).size(), c.box().axis(0).size());
        assertEquals(pc.box().axis(0).a(), c.box().axis(0).a());
        assertEquals(pc.steps(), c.steps());
        assertEquals(pc.maxRank(), c.maxRank());
        assertEquals(pc.tolerance(), c.tolerance());
    }

    static void assertField(String json, String field) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(field), "message '" + e.getMessage() + "' should name '" + field + "'");
    }
}
