package mechos.hal.serial.internal.rplidar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.hal.api.HealthState;
import mechos.hal.serial.internal.port.ScrLikeConfig;

/**
 * Issue 13 defect 6: {@code port.baud=abc} made SCR print NumberFormatException stack traces naming neither property
 * nor file, and the device never appeared. Now the device comes up FAULT "configuration rejected: port.baud=abc …"
 * and opens no port.
 */
class RplidarConfigRejectionTest {
    private static Map<String, Object> props(String key, Object value) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", "mechos.hal.serial.rplidar~lidar");
        p.put("felix.fileinstall.filename", "file:/robot/conf/mechos.hal.serial.rplidar-lidar.cfg");
        p.put("mechos.device.id", "lidar");
        p.put("port.path", "/dev/does-not-matter");
        p.put(key, value);
        return p;
    }

    @Test
    void aValueThatIsNotANumberIsRejectedWithKeyValueAndReason() {
        Map<String, Object> p = props("port.baud", "abc");
        RplidarLidar lidar = new RplidarLidar(ScrLikeConfig.of(RplidarConfig.class, p), p);
        try {
            assertEquals(HealthState.FAULT, lidar.health().state());
            String reason = lidar.health().reason();
            assertTrue(reason.startsWith("configuration rejected: port.baud=abc"), reason);
        } finally {
            lidar.deactivate();
        }
    }

    @Test
    void aValueOutOfRangeIsRejectedAndAValidModificationStartsTheDevice() {
        Map<String, Object> p = props("scan.min.coverage", "1.5");
        RplidarLidar lidar = new RplidarLidar(ScrLikeConfig.of(RplidarConfig.class, p), p);
        try {
            assertEquals(HealthState.FAULT, lidar.health().state());
            assertTrue(lidar.health().reason().contains("scan.min.coverage"), lidar.health().reason());
            Map<String, Object> good = props("scan.min.coverage", "0.9");
            lidar.modified(ScrLikeConfig.of(RplidarConfig.class, good), good);
            assertEquals(HealthState.OFFLINE, lidar.health().state(), "accepted: connecting (the port is missing)");
        } finally {
            lidar.deactivate();
        }
    }
}
