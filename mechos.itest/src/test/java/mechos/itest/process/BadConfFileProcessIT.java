package mechos.itest.process;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import mechos.itest.support.MechosTestSupport;

/**
 * Issue 15, "no SCR stack traces for bad configuration": a {@code conf/} file edited while the robot was off with
 * values that only fail together (a LiDAR whose rangeMin is above its rangeMax, a battery whose empty voltage is
 * above its full one). Declarative Services hands a bundle its configurations before any of its services exist, so
 * the check must come from the validator the bundle declares in its manifest: the next start reports each refusal
 * once, the devices come up with the values in force, and nothing prints a stack trace.
 */
class BadConfFileProcessIT {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Pattern STACK = Pattern.compile("^\\s+at [\\w.$]+\\(|Exception in|^Caused by:|"
            + "Error during instantiation", Pattern.MULTILINE);

    @Test
    void crossKeyErrorsInConfFilesAtStartUpAreRefusedOnceWithoutStackTracesAndTheDevicesRun() throws Exception {
        Path home = MechosTestSupport.freshRunDirectory();
        try (RobotProcess robot = RobotProcess.start(home, MechosTestSupport.freePort(), Map.of())) {
            robot.awaitConsole(BOOT);
            awaitCondition("the shipped conf/ files were written", Duration.ofSeconds(60),
                    () -> Files.exists(home.resolve("conf/mechos.hal.sim.lidar-lidar.cfg"))
                            && robot.output().contains("device 'lidar' is now ONLINE"));
        }
        Path lidar = home.resolve("conf/mechos.hal.sim.lidar-lidar.cfg");
        Path battery = home.resolve("conf/mechos.hal.sim.battery-battery.cfg");
        Files.writeString(lidar, "\nrangeMin=9.0\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(battery, "\nemptyVoltage=20\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (RobotProcess robot = RobotProcess.start(home, MechosTestSupport.freePort(), Map.of())) {
            robot.awaitConsole(BOOT);
            awaitCondition("the LiDAR and the battery are online with the values in force", Duration.ofSeconds(60),
                    () -> robot.output().contains("device 'lidar' is now ONLINE")
                            && robot.output().contains("device 'battery' is now ONLINE"));
            awaitCondition("the agent started", Duration.ofSeconds(60),
                    () -> robot.output().contains("agent 'brain' started"));
            String out = robot.output();
            assertTrue(out.contains("configuration mechos.hal.sim.lidar~lidar rejected: rangeMin=9.0"), out);
            assertTrue(out.contains("configuration mechos.hal.sim.battery~battery rejected: "), out);
            assertTrue(out.contains("emptyVoltage=20"), out);
            assertFalse(STACK.matcher(out).find(), "no stack trace for a bad configuration:\n" + out);
            awaitCondition("Config Admin set back: the refused line is gone from " + lidar, Duration.ofSeconds(20),
                    () -> !read(lidar).contains("rangeMin=9.0"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
