package mechos.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mechos fleet N} without Mosquitto: there is no embedded broker fallback (Moquette 0.17, the Java broker
 * the mirror serves, has no MQTT 5), so the script must stop with a message telling the user to install it, before
 * it creates anything or starts a robot.
 */
class FleetScriptTest {
    @TempDir
    Path dir;

    @Test
    void withoutMosquittoItSaysHowToInstallItAndStartsNothing() throws Exception {
        Path script = Path.of("..", "cnf", "fleet", "fleet.sh").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(script), script.toString());
        Path empty = Files.createDirectories(dir.resolve("no-broker-here"));
        Path home = dir.resolve("fleet-home");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "2").directory(script.getParent()
                .getParent().getParent().toFile()).redirectErrorStream(true);
        pb.environment().put("MECHOS_MOSQUITTO_SEARCH", empty.toString());
        pb.environment().put("MECHOS_FLEET_HOME", home.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script returns at once");
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("Mosquitto is not installed") && out.contains("apt-get install mosquitto"), out);
        assertTrue(out.contains("Moquette 0.17, has no MQTT 5"), out);
        assertFalse(Files.exists(home), "nothing created, no robot started");
    }
}
