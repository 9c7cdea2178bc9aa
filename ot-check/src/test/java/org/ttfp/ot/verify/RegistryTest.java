package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one registry type: lookup, validation and help text come from the same entries. */
class RegistryTest {

    @Test
    void lookupIsByTrimmedCaseInsensitiveNameAndUnknownNamesListTheValidOnes() {
        Registry<String> r = new Registry<String>("thing").register("alpha", "the first", Set.of("--b", "--a"), "A")
                .register("beta-2", "the second", Set.of(), "B");
        assertEquals(List.of("alpha", "beta-2"), r.names());
        assertEquals("A", r.get(" Alpha ").factory());
        assertEquals(List.of("--a", "--b"), List.copyOf(r.get("alpha").options()), "options kept sorted");
        assertTrue(r.get("alpha").uses("--a") && !r.get("beta-2").uses("--a"));
        assertEquals(Set.of("--a", "--b"), r.allOptions());
        assertEquals(List.of("alpha: the first (options: --a --b)", "beta-2: the second"), r.describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get("gamma"));
        assertEquals("unknown thing 'gamma': expected one of [alpha, beta-2]", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> r.get(null)).getMessage().contains("missing"));
    }

    @Test
    void registrationIsValidated() {
        Registry<String> r = new Registry<String>("thing").register("alpha", "the first", Set.of(), "A");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> r.register("alpha", "again", Set.of(), "B"))
                .getMessage().contains("registered twice"));
        assertThrows(IllegalArgumentException.class, () -> r.register("Has Space", "x", Set.of(), "B"));
        assertThrows(IllegalArgumentException.class, () -> r.register("ok", " ", Set.of(), "B"));
        assertThrows(IllegalArgumentException.class, () -> r.register("ok", "x", Set.of(), null));
        assertFalse(r.names().contains("ok"));
    }

    /** Every preset of verify builds its scenarios at the defaults; every option a preset reads is one of the CLI's. */
    @Test
    void everyPresetBuildsAndItsOptionsAreKnown() {
        Set<String> cli = Set.of("--dims", "--sde", "--t0", "--epsilon", "--count", "--steps", "--grid", "--rank-cap");
        for (Registry.Entry<Presets.Factory> e : Presets.REGISTRY.entries()) {
            assertTrue(cli.containsAll(e.options()), e.name() + " reads " + e.options());
            List<Scenario> s = e.factory().build(new Presets.Options(null, null, 0, 0, 0, null, null, 1, 1));
            assertFalse(s.isEmpty(), e.name());
        }
        assertEquals(List.of("default", "gaussian", "mixture", "counterexample", "paper"), Presets.NAMES);
        assertEquals(List.of("vp", "ou", "ve", "subvp"), Presets.SDES);
        assertEquals(5.0, Presets.sde("OU", 2).horizon());
    }
}
