package mechos.kernel.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The envelope file format is strict: nothing in it can leave a safety parameter unbounded. */
class EnvelopeFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SafetyEnvelope dev = SafetyEnvelope.builtIn();

    private ObjectNode template() throws Exception {
        return (ObjectNode) JSON.readTree(EnvelopeFile.write(dev, "t"));
    }

    private String refusal(ObjectNode root) throws Exception {
        byte[] data = JSON.writeValueAsBytes(root);
        return assertThrows(IllegalArgumentException.class, () -> EnvelopeFile.parse(data, "f")).getMessage();
    }

    @Test
    void theExportedTemplateReadsBackAsTheSameBounds() {
        SafetyEnvelope e = EnvelopeFile.parse(EnvelopeFile.write(dev, "t"), "f");
        for (String pid : dev.pids()) {
            assertEquals(dev.ranges(pid), e.ranges(pid), pid);
        }
        assertEquals(dev.requiredRules(), e.requiredRules());
        assertEquals(dev.allowedOperators(), e.allowedOperators());
        assertEquals(dev.watchedSensorKinds(), e.watchedSensorKinds());
        assertTrue(e.origin().contains("\"t\""), e.origin());
    }

    @Test
    void everyBoundMustBePresentAndKnown() throws Exception {
        ObjectNode root = template();
        ((ObjectNode) root.get("bounds").get(SafetyEnvelope.SPEED)).remove("max_angular");
        assertTrue(refusal(root).contains("no bound for mechos.kernel.rule.speed max_angular"));

        root = template();
        ((ObjectNode) root.get("bounds").get(SafetyEnvelope.SPEED)).putArray("max_linaer").add(0).add(9);
        assertTrue(refusal(root).contains("unknown field [max_linaer]"));

        root = template();
        ((ObjectNode) root.get("bounds")).putObject("mechos.kernel.rule.spede");
        assertTrue(refusal(root).contains("unknown field [mechos.kernel.rule.spede]"));

        root = template();
        ((ObjectNode) root.get("bounds")).remove(SafetyEnvelope.FINITE);
        assertTrue(refusal(root).contains("no object for mechos.kernel.rule.finite"));

        root = template();
        root.put("maxLinear", 9);
        assertTrue(refusal(root).contains("unknown field [maxLinear]"));
    }

    @Test
    void boundsAreFiniteOrderedPairs() throws Exception {
        ObjectNode root = template();
        ArrayNode a = ((ObjectNode) root.get("bounds").get(SafetyEnvelope.KERNEL)).putArray("tick_hz");
        a.add(100).add(20);
        assertTrue(refusal(root).contains("finite min <= max"));

        root = template();
        ((ObjectNode) root.get("bounds").get(SafetyEnvelope.KERNEL)).putArray("tick_hz").add(20);
        assertTrue(refusal(root).contains("must be [min, max]"));

        root = template();
        ((ObjectNode) root.get("bounds").get(SafetyEnvelope.KERNEL)).put("tick_hz", "fast");
        assertTrue(refusal(root).contains("must be [min, max]"));

        byte[] huge = new String(EnvelopeFile.write(dev, "t"), StandardCharsets.UTF_8)
                .replaceFirst("\"max_linear\" : \\[ 0, 1 \\]", "\"max_linear\" : [ 0, 1e400 ]")
                .getBytes(StandardCharsets.UTF_8);
        String m = assertThrows(IllegalArgumentException.class, () -> EnvelopeFile.parse(huge, "f")).getMessage();
        assertTrue(m.contains("finite"), m);
    }

    @Test
    void structuralRulesOperatorsAndFormatCannotBeDropped() throws Exception {
        ObjectNode root = template();
        root.putArray("required_rules").add("finite").add("clearance");
        assertTrue(refusal(root).contains("missing [interlock, speed]"));

        root = template();
        root.putArray("operator_agents");
        assertTrue(refusal(root).contains("at least one agent"));

        root = template();
        root.putArray("operator_agents").add("operator").add("operator");
        assertTrue(refusal(root).contains("twice"));

        root = template();
        root.put("version", 2);
        assertTrue(refusal(root).contains("'version' must be 1"));

        root = template();
        root.put("format", "grants");
        assertTrue(refusal(root).contains("'format'"));

        String m = assertThrows(IllegalArgumentException.class,
                () -> EnvelopeFile.parse("{".getBytes(StandardCharsets.UTF_8), "f")).getMessage();
        assertTrue(m.startsWith("not valid JSON"), m);
    }
}
