package mechos.itest.process;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.itest.support.MechosTestSupport;

/**
 * Development-mode grants in the exported jar across restarts (issue 12, defect 5): the key is generated and pinned
 * on the first start only, with an owner-only private key; after a restart the pinned key (kept by Config Admin in
 * the framework storage) is still trusted, and a development key replaced in {@code grants/} together with a grant
 * file re-signed by it is refused.
 */
class DevGrantsProcessIT {
    private static final Duration BOOT = Duration.ofSeconds(90);

    @Test
    void developmentKeyIsPinnedOnTheFirstStartAndAReplacedKeyIsRefusedAfterARestart() throws Exception {
        Path home = MechosTestSupport.freshRunDirectory();
        Path grants = home.resolve("grants");
        try (RobotProcess robot = RobotProcess.start(home, MechosTestSupport.freePort(), Map.of())) {
            robot.awaitConsole(BOOT);
            awaitCondition("first-start grants accepted", Duration.ofSeconds(30),
                    () -> robot.output().contains("grants accepted"));
            assertEquals(PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(grants.resolve("dev-private.key")));
            String out = robot.output();
            assertTrue(out.contains("first start: generated the development grant-signing key"), out);
        }

        try (RobotProcess robot = RobotProcess.start(home, MechosTestSupport.freePort(), Map.of())) {
            robot.awaitConsole(BOOT);
            awaitCondition("grants accepted again after a restart (the pin survived)", Duration.ofSeconds(30),
                    () -> robot.output().contains("grants accepted"));
            assertFalse(robot.output().contains("first start"), "a restart is not a first start");
        }

        // An attacker with write access to grants/ replaces the public key and re-signs a permissive grant file.
        KeyPair attacker = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Base64.Encoder b64 = Base64.getEncoder();
        Files.writeString(grants.resolve("dev-public.key"), b64.encodeToString(attacker.getPublic().getEncoded()) + "\n");
        byte[] data = ("{\"version\":1,\"grants\":[{\"agent\":\"brain\",\"capabilities\":[\"*\"]},"
                + "{\"agent\":\"intruder\",\"capabilities\":[\"*\"]}]}\n").getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(attacker.getPrivate());
        s.update(data);
        Files.write(grants.resolve("grants.json"), data);
        Files.writeString(grants.resolve("grants.json.sig"), b64.encodeToString(s.sign()) + "\n");

        try (RobotProcess robot = RobotProcess.start(home, MechosTestSupport.freePort(), Map.of())) {
            robot.awaitConsole(BOOT);
            awaitCondition("the replaced key is refused", Duration.ofSeconds(30),
                    () -> robot.output().contains("the development key was replaced and is refused"));
            assertFalse(robot.output().contains("grants accepted"), robot.output());
        }
    }
}
