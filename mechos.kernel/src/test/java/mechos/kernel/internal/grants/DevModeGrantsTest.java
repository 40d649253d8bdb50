package mechos.kernel.internal.grants;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import mechos.kernel.internal.Configs;

/** Development mode must not be a way around the signed grants (issue 12, defect 5). */
class DevModeGrantsTest {
    @TempDir
    Path home;

    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    private CapabilityManager devManager() {
        return new CapabilityManager(Configs.of(GrantsConfig.class, Map.of("dev__mode", true)), home, clock);
    }

    private Path grantFile() {
        return home.resolve("grants/grants.json");
    }

    private static final String ATTACKER_GRANTS = "{\"version\":1,\"issuedAt\":\"2026-11-23T09:00:00Z\","
            + "\"grants\":[{\"agent\":\"intruder\",\"capabilities\":[\"*\"]},"
            + "{\"agent\":\"brain\",\"capabilities\":[\"*\"]}]}";

    @Test
    void replacedPublicKeyAndReSignedFileAreRefused() throws Exception {
        CapabilityManager m = devManager();
        assertTrue(m.permits("brain", "drive:base"), m.status());
        KeyPair attacker = Ed25519.generate();
        Files.writeString(home.resolve(CapabilityManager.DEV_PUBLIC), Ed25519.encode(attacker.getPublic()) + "\n");
        Files.writeString(grantFile(), ATTACKER_GRANTS);
        GrantFile.sign(grantFile(), attacker.getPrivate());
        m.reload();
        assertFalse(m.permits("intruder", "drive:base"), "a replaced development key must not be trusted");
        assertFalse(m.permits("brain", "relay:pump"));
        assertTrue(m.status().contains("pinned"), m.status());
        // the same after a restart of the kernel (a new manager on the same run directory)
        CapabilityManager restarted = devManager();
        assertFalse(restarted.permits("intruder", "drive:base"), restarted.status());
    }

    @Test
    void replacingBothKeyFilesIsRefusedToo() throws Exception {
        devManager();
        KeyPair attacker = Ed25519.generate();
        Files.writeString(home.resolve(CapabilityManager.DEV_PUBLIC), Ed25519.encode(attacker.getPublic()) + "\n");
        Files.writeString(home.resolve(CapabilityManager.DEV_PRIVATE), Ed25519.encode(attacker.getPrivate()) + "\n");
        Files.writeString(grantFile(), ATTACKER_GRANTS);
        GrantFile.sign(grantFile(), attacker.getPrivate());
        CapabilityManager m = devManager();
        assertFalse(m.permits("intruder", "drive:base"), m.status());
    }

    @Test
    void deletedGrantFileMeansEveryAgentHoldsNothing() throws Exception {
        CapabilityManager m = devManager();
        assertTrue(m.permits("brain", "relay:pump"), m.status());
        Files.delete(grantFile());
        m.reload();
        assertFalse(m.permits("brain", "relay:pump"), "no permissive default may be regenerated");
        assertFalse(m.permits("operator", "drive:base"));
        assertFalse(Files.exists(grantFile()), "the grant file is written only on the very first start");
        assertTrue(m.status().contains("does not exist"), m.status());
        CapabilityManager restarted = devManager();
        assertFalse(restarted.permits("brain", "relay:pump"), restarted.status());
        assertFalse(Files.exists(grantFile()));
    }

    @Test
    void deletedGrantsDirectoryIsNotAFirstStart() throws Exception {
        devManager();
        try (var files = Files.walk(home.resolve("grants"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        CapabilityManager m = devManager();
        assertFalse(m.permits("brain", "relay:pump"), m.status());
        assertFalse(Files.exists(grantFile()), "a pinned key means this run directory was set up before");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-0.5", "0.0", "\"fast\"", "null", "1e400", "true", "[]" })
    void invalidLimitRejectsTheWholeGrantSet(String value) throws Exception {
        CapabilityManager m = devManager();
        String json = "{\"version\":1,\"issuedAt\":\"2026-11-23T09:00:00Z\",\"grants\":["
                + "{\"agent\":\"operator\",\"capabilities\":[\"*\"]},"
                + "{\"agent\":\"brain\",\"capabilities\":[\"drive:*\"],\"maxLinear\":" + value + "}]}";
        Files.writeString(grantFile(), json);
        GrantFile.sign(grantFile(), Ed25519.privateKey(Ed25519.read(home.resolve(CapabilityManager.DEV_PRIVATE))));
        m.reload();
        assertFalse(m.permits("brain", "drive:base"), "maxLinear=" + value + " must not mean 'no limit'");
        assertFalse(m.permits("operator", "drive:base"), "the whole grant set is rejected");
        assertTrue(m.status().contains("maxLinear"), m.status());
    }

    @Test
    void validLimitIsKept() throws Exception {
        CapabilityManager m = devManager();
        String json = "{\"version\":1,\"issuedAt\":\"2026-11-23T09:00:00Z\",\"grants\":["
                + "{\"agent\":\"brain\",\"capabilities\":[\"drive:*\"],\"maxLinear\":0.25,\"maxAngular\":1}]}";
        Files.writeString(grantFile(), json);
        GrantFile.sign(grantFile(), Ed25519.privateKey(Ed25519.read(home.resolve(CapabilityManager.DEV_PRIVATE))));
        m.reload();
        assertTrue(m.permits("brain", "drive:base"), m.status());
        assertEquals(0.25, m.grant("brain").orElseThrow().maxLinear());
        assertEquals(1.0, m.grant("brain").orElseThrow().maxAngular());
    }

    @Test
    void developmentPrivateKeyIsOwnerOnlyAndIsTightened() throws Exception {
        devManager();
        Path priv = home.resolve(CapabilityManager.DEV_PRIVATE);
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        assertEquals(ownerOnly, Files.getPosixFilePermissions(priv));
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
        devManager();
        assertEquals(ownerOnly, Files.getPosixFilePermissions(priv), "an existing readable key is tightened");
    }

    @Test
    void keygenWritesAnOwnerOnlyPrivateKey() throws Exception {
        new GrantTool(clock).keygen(home.resolve("keys"));
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(home.resolve("keys/private.key")));
    }

    @Test
    void restartOnTheSameRunDirectoryKeepsTheGrants() {
        devManager();
        CapabilityManager restarted = devManager();
        assertTrue(restarted.permits("brain", "drive:base"), restarted.status());
    }

    @Test
    void anOperatorCanRePinAReplacedKeyExplicitly() throws Exception {
        CapabilityManager m = devManager();
        KeyPair replacement = Ed25519.generate();
        Files.writeString(home.resolve(CapabilityManager.DEV_PUBLIC), Ed25519.encode(replacement.getPublic()) + "\n");
        Files.writeString(grantFile(), ATTACKER_GRANTS);
        GrantFile.sign(grantFile(), replacement.getPrivate());
        m.reload();
        assertFalse(m.permits("intruder", "drive:base"));
        String result = m.pin("test operator");
        assertTrue(result.contains(Ed25519.fingerprint(replacement.getPublic())), result);
        assertTrue(m.permits("intruder", "drive:base"), m.status());
        assertTrue(devManager().permits("intruder", "drive:base"), "the new pin is kept");
    }

    @Test
    void anUnpinnedExistingKeyIsNotTrusted() throws Exception {
        devManager();
        Files.delete(home.resolve(CapabilityManager.FILE_PIN));
        CapabilityManager m = devManager();
        assertFalse(m.permits("brain", "drive:base"));
        assertTrue(m.status().contains("not pinned") && m.status().contains("mechos:grants pin"), m.status());
        m.pin("test operator");
        assertTrue(m.permits("brain", "drive:base"), m.status());
    }

    @Test
    void firstStartWritesBindingsIntoTheSignedDefaults() {
        CapabilityManager m = devManager();
        assertEquals(java.util.List.of("mechos.runtime"), m.grant("brain").orElseThrow().bundles());
        assertEquals(java.util.List.of("mechos.shell", "mechos.webconsole", "mechos.kernel"),
                m.grant("operator").orElseThrow().bundles());
        assertTrue(Files.exists(home.resolve(CapabilityManager.FILE_PIN)));
        assertEquals(PosixFilePermissions.fromString("rwx------"),
                assertDoesNotThrow(() -> Files.getPosixFilePermissions(home.resolve("grants"))));
    }
}
