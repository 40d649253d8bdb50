package mechos.kernel.internal.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import mechos.kernel.api.AgentGrant;

/**
 * Coverage-guided fuzzing of the grant file parser (outside input: a file anyone with disk access can write).
 * Properties: only {@link GrantException} escapes; an accepted file never holds a limit that is not a finite
 * positive number (or "none"), a blank agent or a blank capability; what was accepted re-renders and re-parses to
 * the same grants.
 */
class GrantFileFuzzTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @FuzzTest(maxDuration = "10s")
    void grantFile(byte[] data) throws Exception {
        Map<String, AgentGrant> grants;
        try {
            grants = GrantFile.parse(data, "fuzz", NOW);
        } catch (GrantException e) {
            assertFalse(String.valueOf(e.getMessage()).isBlank(), "a refusal must say why");
            return;
        }
        for (AgentGrant g : grants.values()) {
            assertFalse(g.agentId().isBlank());
            assertTrue(g.maxLinear() > 0 && !Double.isNaN(g.maxLinear()), "maxLinear " + g.maxLinear());
            assertTrue(g.maxAngular() > 0 && !Double.isNaN(g.maxAngular()), "maxAngular " + g.maxAngular());
            g.capabilities().forEach(c -> assertFalse(c.isBlank(), "blank capability"));
            // an empty bundles list is allowed on purpose: it binds no bundle, so nobody can act as that agent
            // (BundleBoundKernelTest); the fuzzer's first campaign flagged it against an over-strict property
            g.bundles().forEach(b -> assertFalse(b.isBlank(), "blank bundle name"));
        }
        Map<String, AgentGrant> again = GrantFile.parse(GrantFile.render(new ArrayList<>(grants.values()), NOW, null),
                "re-rendered", NOW);
        assertEquals(grants.keySet(), again.keySet());
        grants.forEach((agent, g) -> {
            AgentGrant h = again.get(agent);
            assertEquals(g.capabilities(), h.capabilities());
            assertEquals(g.maxLinear(), h.maxLinear());
            assertEquals(g.maxAngular(), h.maxAngular());
            assertEquals(g.bundles(), h.bundles());
        });
    }
}
