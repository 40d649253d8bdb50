package mechos.hal.serial.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import mechos.hal.serial.internal.port.SerialShutdown;
import mechos.hal.serial.internal.roboclaw.RoboClawDriveBase;
import mechos.hal.serial.internal.rplidar.RplidarLidar;
import mechos.platform.api.ConfigurationProblem;

/**
 * Issue 15: the serial validator refuses, rule by rule and naming the keys, what would make a serial device's
 * activation throw (SCR's stack trace, the device gone) or come up FAULT "configuration rejected".
 */
class SerialConfigurationValidatorTest {
    private static final String ROBOCLAW = RoboClawDriveBase.PID;
    private static final String RPLIDAR = RplidarLidar.PID;
    private final SerialConfigurationValidator validator = new SerialConfigurationValidator();

    /** One rule: a value (or two) that breaks it, and the keys its problem must name. */
    private record Case(String pid, List<String> keys, Object... keyValues) {
        @Override
        public String toString() {
            return pid + " " + java.util.Arrays.toString(keyValues);
        }
    }

    private static Case roboclaw(List<String> keys, Object... keyValues) {
        return new Case(ROBOCLAW, keys, keyValues);
    }

    private static Case rplidar(List<String> keys, Object... keyValues) {
        return new Case(RPLIDAR, keys, keyValues);
    }

    /** The proposed values of a factory configuration {@code pid~x}: only the given keys (defaults apply). */
    private List<ConfigurationProblem> problems(String pid, boolean asText, Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        values.put("service.pid", pid + "~x");
        values.put("service.factoryPid", pid);
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            values.put((String) keyValues[i], asText ? String.valueOf(v) : v);
        }
        return pid.equals(SerialShutdown.PID) ? validator.problems(pid, null, values)
                : validator.problems(pid + "~x", pid, values);
    }

    private static List<String> keys(List<ConfigurationProblem> problems) {
        return problems.stream().flatMap(p -> p.keys().stream()).toList();
    }

    private static final List<Case> RULES = List.of(
            roboclaw(List.of("mechos.device.id"), "mechos.device.id", " "),
            roboclaw(List.of("odometry.id", "mechos.device.id"), "mechos.device.id", "base", "odometry.id", "base"),
            roboclaw(List.of("port.path"), "port.path", " "),
            roboclaw(List.of("port.baud"), "port.baud", 0),
            roboclaw(List.of("port.data.bits"), "port.data.bits", 9),
            roboclaw(List.of("port.read.timeout.ms"), "port.read.timeout.ms", 0),
            roboclaw(List.of("port.write.timeout.ms"), "port.write.timeout.ms", 0),
            roboclaw(List.of("io.watchdog.ms", "port.read.timeout.ms"), "io.watchdog.ms", 40, "port.read.timeout.ms",
                    40),
            roboclaw(List.of("address"), "address", 127),
            roboclaw(List.of("address"), "address", 136),
            roboclaw(List.of("reply.timeout.ms"), "reply.timeout.ms", 0),
            roboclaw(List.of("period.ms"), "period.ms", 0),
            roboclaw(List.of("offline.after.ms", "period.ms"), "offline.after.ms", 20),
            roboclaw(List.of("recover.cycles"), "recover.cycles", 0),
            roboclaw(List.of("reconnect.min.ms", "reconnect.max.ms"), "reconnect.min.ms", 0),
            roboclaw(List.of("reconnect.min.ms", "reconnect.max.ms"), "reconnect.max.ms", 99),
            roboclaw(List.of("wheel.separation.m"), "wheel.separation.m", -0.3),
            roboclaw(List.of("wheel.radius.m"), "wheel.radius.m", 0.0),
            roboclaw(List.of("max.linear"), "max.linear", 0.0),
            roboclaw(List.of("max.angular"), "max.angular", -1.0),
            roboclaw(List.of("footprint.radius.m"), "footprint.radius.m", 0.0),
            roboclaw(List.of("encoder.counts.per.rev"), "encoder.counts.per.rev", 0.0),
            roboclaw(List.of("stop.ack.timeout.ms"), "stop.ack.timeout.ms", 1001),
            roboclaw(List.of("stop.ack.timeout.ms"), "stop.ack.timeout.ms", -1),
            rplidar(List.of("mechos.device.id"), "mechos.device.id", ""),
            rplidar(List.of("port.path"), "port.path", ""),
            rplidar(List.of("port.baud"), "port.baud", -9600),
            rplidar(List.of("port.data.bits"), "port.data.bits", 4),
            rplidar(List.of("port.read.timeout.ms"), "port.read.timeout.ms", -1),
            rplidar(List.of("port.write.timeout.ms"), "port.write.timeout.ms", 0),
            rplidar(List.of("io.watchdog.ms", "port.read.timeout.ms"), "port.read.timeout.ms", 250),
            rplidar(List.of("frame.id"), "frame.id", " "),
            rplidar(List.of("reply.timeout.ms"), "reply.timeout.ms", 0),
            rplidar(List.of("scan.beams"), "scan.beams", 0),
            rplidar(List.of("scan.beams"), "scan.beams", 8193),
            rplidar(List.of("range.min.m", "range.max.m"), "range.min.m", 12.0),
            rplidar(List.of("range.min.m", "range.max.m"), "range.min.m", -0.1),
            rplidar(List.of("motor.pwm"), "motor.pwm", 1024),
            rplidar(List.of("scan.min.coverage"), "scan.min.coverage", 0.05),
            rplidar(List.of("scan.max.step.deg"), "scan.max.step.deg", 181.0),
            rplidar(List.of("error.rate.fault"), "error.rate.fault", 0.001),
            rplidar(List.of("silence.degraded.ms", "silence.offline.ms"), "silence.degraded.ms", 0),
            rplidar(List.of("silence.degraded.ms", "silence.offline.ms"), "silence.offline.ms", 499),
            rplidar(List.of("reconnect.min.ms", "reconnect.max.ms"), "reconnect.min.ms", 6000),
            new Case(SerialShutdown.PID, List.of("stop.wait.ms"), "stop.wait.ms", 9L),
            new Case(SerialShutdown.PID, List.of("stop.wait.ms"), "stop.wait.ms", 5001L));

    @Test
    void theDefaultsOfEveryConfigurationPassAndForeignPidsAreNotChecked() {
        for (String pid : List.of(ROBOCLAW, RPLIDAR, SerialShutdown.PID)) {
            assertEquals(List.of(), problems(pid, false), pid);
        }
        assertEquals(List.of(), validator.problems("mechos.hal.serial.other", null, Map.of("address", "1")));
        assertEquals(List.of(), validator.problems("mechos.hal.sim.lidar~x", "mechos.hal.sim.lidar",
                Map.of("range.min.m", "12")));
    }

    /** Each rule refuses its bad value with one problem naming exactly its keys, typed or as text from a .cfg file. */
    @Test
    void everyRuleRefusesItsBadValueNamingItsKeys() {
        List<Executable> checks = new ArrayList<>();
        for (Case c : RULES) {
            for (boolean asText : new boolean[] { false, true }) {
                checks.add(() -> {
                    List<ConfigurationProblem> found = problems(c.pid(), asText, c.keyValues());
                    assertEquals(1, found.size(), c + (asText ? " as text: " : ": ") + found);
                    assertEquals(c.keys(), found.get(0).keys(), c.toString());
                    assertTrue(found.get(0).reason().contains(c.keys().get(0)), c + ": " + found);
                });
            }
        }
        assertAll(checks);
    }

    @Test
    void theCrossKeyRulesNameTheValuesOfBothKeys() {
        List<ConfigurationProblem> watchdog = problems(ROBOCLAW, true, "io.watchdog.ms", "30",
                "port.read.timeout.ms", "30");
        assertEquals(List.of("io.watchdog.ms", "port.read.timeout.ms"), keys(watchdog));
        assertEquals("io.watchdog.ms (30) must be > port.read.timeout.ms (30)", watchdog.get(0).reason());
        List<ConfigurationProblem> silence = problems(RPLIDAR, true, "silence.degraded.ms", "800",
                "silence.offline.ms", "700");
        assertTrue(silence.get(0).reason().contains("800/700"), silence.toString());
        List<ConfigurationProblem> ids = problems(ROBOCLAW, true, "mechos.device.id", "claw", "odometry.id", "claw");
        assertTrue(ids.get(0).reason().contains("odometry.id must differ from mechos.device.id (claw)"),
                ids.toString());
    }

    @Test
    void severalBrokenRulesAreEachReported() {
        assertEquals(List.of("port.baud", "address", "stop.ack.timeout.ms"),
                keys(problems(ROBOCLAW, false, "port.baud", 0, "address", 1, "stop.ack.timeout.ms", 5000)));
        assertEquals(List.of("scan.beams", "range.min.m", "range.max.m"),
                keys(problems(RPLIDAR, true, "scan.beams", 0, "range.max.m", 0.1)));
    }

    /** A value that does not convert is one problem naming its key (the activation's type check), not an exception. */
    @Test
    void aValueThatIsNotOfItsTypeIsOneProblemNamingItsKey() {
        for (Map.Entry<String, String> bad : Map.of("port.baud", "abc", "port.parity", "MAYBE", "swap.motors", "yes",
                "max.linear", "Infinity").entrySet()) {
            List<ConfigurationProblem> found = problems(ROBOCLAW, false, bad.getKey(), bad.getValue());
            assertEquals(List.of(bad.getKey()), keys(found), bad.toString());
            assertTrue(found.get(0).reason().startsWith(bad.getKey() + "=" + bad.getValue() + ": "), found.toString());
        }
        assertEquals(List.of("range.max.m"), keys(problems(RPLIDAR, false, "range.max.m", "far")));
        assertEquals(List.of("stop.wait.ms"), keys(problems(SerialShutdown.PID, false, "stop.wait.ms", "soon")));
    }
}
