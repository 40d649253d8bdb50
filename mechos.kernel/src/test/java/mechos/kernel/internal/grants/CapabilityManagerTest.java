package mechos.kernel.internal.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.kernel.api.AgentGrant;
import mechos.kernel.internal.Configs;

class CapabilityManagerTest {
    @TempDir
    Path home;

    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    private KeyPair key;
    private Path file;

    private CapabilityManager manager(String trustedKey, boolean devMode) {
        return new CapabilityManager(Configs.of(GrantsConfig.class,
                Map.of("trusted__public__key", trustedKey, "dev__mode", devMode)), home, clock);
    }

    private void writeSigned(Instant expires) throws Exception {
        key = Ed25519.generate();
        file = home.resolve("grants/grants.json");
        Files.createDirectories(file.getParent());
        Files.write(file, GrantFile.render(List.of(
                new AgentGrant("brain", List.of("drive:*", "relay:lamp"), 0.2, Double.POSITIVE_INFINITY, Long.MAX_VALUE)),
                now.minusSeconds(60), expires));
        GrantFile.sign(file, key.getPrivate());
    }

    @Test
    void validSignatureGrantsWhatTheFileSaysAndNothingElse() throws Exception {
        writeSigned(now.plus(Duration.ofDays(1)));
        CapabilityManager m = manager(Ed25519.encode(key.getPublic()), false);
        assertTrue(m.permits("brain", "drive:base"));
        assertTrue(m.permits("brain", "relay:lamp"));
        assertFalse(m.permits("brain", "relay:pump"));
        assertFalse(m.permits("brain", "memory:write"));
        assertEquals(0.2, m.grant("brain").orElseThrow().maxLinear());
        assertFalse(m.permits("stranger", "drive:base"), "unknown agents hold nothing");
        assertTrue(m.grant("stranger").isEmpty());
        assertTrue(m.status().startsWith("accepted"));
    }

    @Test
    void tamperedByteIsRejected() throws Exception {
        writeSigned(now.plus(Duration.ofDays(1)));
        byte[] data = Files.readAllBytes(file);
        int i = new String(data).indexOf("relay:lamp");
        data[i] = 'R';
        Files.write(file, data);
        CapabilityManager m = manager(Ed25519.encode(key.getPublic()), false);
        assertFalse(m.permits("brain", "drive:base"));
        assertTrue(m.status().contains("does not verify"), m.status());
    }

    @Test
    void wrongKeyIsRejected() throws Exception {
        writeSigned(now.plus(Duration.ofDays(1)));
        CapabilityManager m = manager(Ed25519.encode(Ed25519.generate().getPublic()), false);
        assertFalse(m.permits("brain", "drive:base"));
        assertTrue(m.status().contains("does not verify"), m.status());
    }

    @Test
    void expiredIsRejected() throws Exception {
        writeSigned(now.minusSeconds(1));
        CapabilityManager m = manager(Ed25519.encode(key.getPublic()), false);
        assertFalse(m.permits("brain", "drive:base"));
        assertTrue(m.status().contains("expired"), m.status());
    }

    @Test
    void missingSignatureIsRejected() throws Exception {
        writeSigned(now.plus(Duration.ofDays(1)));
        Files.delete(Ed25519.signatureFile(file));
        CapabilityManager m = manager(Ed25519.encode(key.getPublic()), false);
        assertFalse(m.permits("brain", "drive:base"));
        assertTrue(m.status().contains("unsigned"), m.status());
    }

    @Test
    void missingFileAndNoKeyAreRejected() throws Exception {
        CapabilityManager m = manager(Ed25519.encode(Ed25519.generate().getPublic()), false);
        assertFalse(m.permits("brain", "drive:base"));
        assertTrue(m.status().contains("does not exist"), m.status());
        CapabilityManager noKey = manager("", false);
        assertFalse(noKey.permits("brain", "drive:base"));
        assertTrue(noKey.status().contains("no trusted_public_key"), noKey.status());
    }

    @Test
    void developmentModeCreatesASignedDefaultThatVerifies() throws Exception {
        CapabilityManager m = manager("", true);
        assertTrue(m.permits("brain", "drive:base"), m.status());
        assertTrue(m.permits("operator", "relay:anything"));
        assertFalse(m.permits("intruder", "drive:base"));
        assertTrue(Files.exists(home.resolve(CapabilityManager.DEV_PUBLIC)));
        // the generated file really is signed: tampering with it is caught on reload
        Path f = home.resolve("grants/grants.json");
        Files.writeString(f, Files.readString(f).replace("\"brain\"", "\"intruder\""));
        m.reload();
        assertFalse(m.permits("intruder", "drive:base"));
        assertFalse(m.permits("brain", "drive:base"));
    }

    @Test
    void toolSignsAndVerifies() throws Exception {
        GrantTool tool = new GrantTool(clock);
        tool.keygen(home.resolve("keys"));
        file = home.resolve("g.json");
        Files.write(file, GrantFile.render(List.of(new AgentGrant("a", List.of("*"), Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE)), now, null));
        tool.sign(file, home.resolve("keys/private.key"));
        assertTrue(tool.verify(file, home.resolve("keys/public.key")).startsWith("OK"));
        Files.writeString(file, Files.readString(file) + " ");
        assertTrue(tool.verify(file, home.resolve("keys/public.key")).startsWith("REJECTED"));
    }

    @Test
    void globMatching() {
        assertTrue(CapabilityMatcher.compile("relay:*").matcher("relay:lamp").matches());
        assertFalse(CapabilityMatcher.compile("relay:*").matcher("drive:base").matches());
        assertTrue(CapabilityMatcher.compile("*").matcher("anything:at.all").matches());
        assertTrue(CapabilityMatcher.compile("sensor:*/scan").matcher("sensor:front/scan").matches());
        assertFalse(CapabilityMatcher.compile("relay:l.mp").matcher("relay:lamp").matches(), "dots are literal");
    }
}
