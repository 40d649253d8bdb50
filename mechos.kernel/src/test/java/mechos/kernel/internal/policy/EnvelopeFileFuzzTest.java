package mechos.kernel.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the safety envelope file parser. Properties: only IllegalArgumentException escapes;
 * an accepted envelope bounds every parameter the development envelope bounds with finite {@code min <= max},
 * keeps the structural rules, names an operator, and writes back to an equal envelope.
 */
class EnvelopeFileFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void envelopeFile(byte[] data) {
        SafetyEnvelope e;
        try {
            e = EnvelopeFile.parse(data, "fuzz");
        } catch (IllegalArgumentException refused) {
            assertFalse(String.valueOf(refused.getMessage()).isBlank(), "a refusal must say why");
            return;
        }
        SafetyEnvelope dev = SafetyEnvelope.builtIn();
        for (String pid : dev.pids()) {
            for (String key : dev.ranges(pid).keySet()) {
                SafetyEnvelope.Range r = e.range(pid, key);
                assertTrue(r != null && Double.isFinite(r.min()) && Double.isFinite(r.max()) && r.min() <= r.max(),
                        pid + " " + key + " " + r);
                assertFalse(r.contains(Double.NaN));
            }
        }
        assertTrue(e.requiredRules().containsAll(EnvelopeFile.STRUCTURAL_RULES));
        assertFalse(e.allowedOperators().isEmpty());
        SafetyEnvelope again = EnvelopeFile.parse(EnvelopeFile.write(e, "again"), "again");
        for (String pid : dev.pids()) {
            assertEquals(e.ranges(pid), again.ranges(pid));
        }
        assertEquals(e.requiredRules(), again.requiredRules());
    }
}
