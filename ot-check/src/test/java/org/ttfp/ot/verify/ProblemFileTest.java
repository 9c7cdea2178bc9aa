package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Problem files: the three density kinds, and a clear message naming the field for each mistake. */
class ProblemFileTest {

    static Scenario parse(String json) throws Exception {
        return ProblemFile.parse(new ObjectMapper().readTree(json), "case");
    }

    @Test
    void readsTheThreeDensityKinds() throws Exception {
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

    static void assertField(String json, String field) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(field), "message '" + e.getMessage() + "' should name '" + field + "'");
    }
}
