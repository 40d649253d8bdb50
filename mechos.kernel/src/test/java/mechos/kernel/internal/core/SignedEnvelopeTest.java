package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Stop;
import mechos.kernel.api.Violation;
import mechos.kernel.internal.grants.CapabilityManager;
import mechos.kernel.internal.grants.CapabilityManagerAccess;
import mechos.kernel.internal.policy.ConfigAudit;
import mechos.kernel.internal.policy.EnvelopeFile;
import mechos.kernel.internal.policy.EnvelopeService;
import mechos.kernel.internal.policy.SafetyEnvelope;

/**
 * Issue 12, defect 4: "the envelope itself lives in a file signed like the grants (production)". A signed file
 * bounds every safety parameter; one that cannot be trusted (tampered, signed by another key, unsigned, missing)
 * refuses every actuation and says why, while a stop is still accepted.
 */
class SignedEnvelopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    private CapabilityManager grants;
    private TestKernel k;
    private final ConfigAudit audit = new ConfigAudit();

    @BeforeEach
    void grants() {
        grants = CapabilityManagerAccess.devMode(home, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (k != null) {
            k.close();
        }
    }

    /** @return a complete envelope file whose speed cap is {@code [0, maxLinear]} */
    private Path envelopeFile(double maxLinear) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(EnvelopeFile.write(SafetyEnvelope.builtIn(), "test robot"));
        ArrayNode cap = ((ObjectNode) root.get("bounds").get(SafetyEnvelope.SPEED)).putArray("max_linear");
        cap.add(0).add(maxLinear);
        Path file = home.resolve("safety/envelope.json");
        Files.createDirectories(file.getParent());
        Files.write(file, JSON.writeValueAsBytes(root));
        return file;
    }

    private EnvelopeService load(String file) {
        return new EnvelopeService(file, grants::readSigned, home);
    }

    private TestKernel kernel(EnvelopeService envelopes) {
        k = new TestKernel(home, Map.of(), grants, envelopes.envelope(), audit);
        return k;
    }

    @Test
    void aSignedEnvelopeBoundsTheRulesConfiguration() throws Exception {
        Path file = envelopeFile(0.3);
        CapabilityManagerAccess.signWithDevKey(home, file);
        EnvelopeService envelopes = load("safety/envelope.json");
        assertNull(envelopes.envelope().problem(), envelopes.status());
        assertTrue(envelopes.status().contains("test robot"), envelopes.status());
        assertEquals(0.3, envelopes.envelope().range(SafetyEnvelope.SPEED, "max_linear").max());

        kernel(envelopes);
        // the speed rule's default max_linear=0.5 is outside this robot's envelope: refused, safe values in force
        assertTrue(k.kernel.configurationRefusals().stream()
                .anyMatch(l -> l.contains("max_linear=0.5 refused") && l.contains("[0, 0.3]")),
                String.valueOf(k.kernel.configurationRefusals()));
        Decision fast = k.kernel.submit("operator", new Drive(0.4, 0));
        assertFalse(fast.approved(), "0.4 m/s approved under a 0.3 m/s envelope");
        assertTrue(fast.violations().stream().map(Violation::ruleId).noneMatch("envelope.refused"::equals));
    }

    @Test
    void aTamperedEnvelopeRefusesEveryActuationButNotAStop() throws Exception {
        Path file = envelopeFile(0.3);
        CapabilityManagerAccess.signWithDevKey(home, file);
        // loosened after signing
        Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8).replace("0.3", "3.0"));
        EnvelopeService envelopes = load(file.toString());
        assertNotNull(envelopes.envelope().problem());
        assertTrue(envelopes.status().contains("does not verify"), envelopes.status());

        kernel(envelopes);
        Decision d = k.kernel.submit("operator", new Drive(0.05, 0));
        assertFalse(d.approved(), "drove under a tampered envelope");
        assertTrue(d.violations().stream().map(Violation::ruleId).anyMatch("envelope.refused"::equals), d.reason());
        assertTrue(k.kernel.submit("operator", new Stop("test")).approved(), "a stop must always pass");
        assertTrue(k.kernel.configurationRefusals().get(0).startsWith("safety envelope refused"),
                String.valueOf(k.kernel.configurationRefusals()));
    }

    @Test
    void anEnvelopeSignedByAnotherKeyIsRefused() throws Exception {
        Path file = envelopeFile(0.3);
        CapabilityManagerAccess.signWithStrangerKey(file);
        EnvelopeService envelopes = load("safety/envelope.json");
        assertTrue(envelopes.status().startsWith("REFUSED") && envelopes.status().contains("does not verify"),
                envelopes.status());
    }

    @Test
    void anUnsignedOrMissingEnvelopeIsRefused() throws Exception {
        envelopeFile(0.3);
        assertTrue(load("safety/envelope.json").status().contains("is unsigned"));
        assertTrue(load("safety/nothing.json").status().contains("does not exist"));
    }

    @Test
    void aSignedButIncompleteEnvelopeIsRefusedNamingTheMissingBound() throws Exception {
        Path file = envelopeFile(0.3);
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        ((ObjectNode) root.get("bounds").get(SafetyEnvelope.KERNEL)).remove("lease_ms");
        Files.write(file, JSON.writeValueAsBytes(root));
        CapabilityManagerAccess.signWithDevKey(home, file);
        String status = load("safety/envelope.json").status();
        assertTrue(status.contains("no bound for mechos.kernel lease_ms"), status);
    }

    @Test
    void noFileMeansTheDevelopmentEnvelope() {
        EnvelopeService envelopes = load("");
        assertNull(envelopes.envelope().problem());
        assertTrue(envelopes.envelope() == SafetyEnvelope.builtIn());
    }
}
