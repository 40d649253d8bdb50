package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.RefusedDevice;

/** Issue 13: a device refused for a duplicate id is a row of the page's device table, not only a log line. */
class RefusedDeviceRowTest {
    @Test
    @SuppressWarnings("unchecked")
    void aRefusedDuplicateIsARowWithTheOwnerInItsReason() {
        DeviceInfo owner = new DeviceInfo("lidar", DeviceKind.LIDAR, DeviceHealth.online(), "mechos.hal.serial", true);
        DeviceRegistry registry = new DeviceRegistry() {
            @Override
            public Collection<DeviceInfo> devices() {
                return List.of(owner);
            }

            @Override
            public Optional<DeviceInfo> device(String id) {
                return Optional.of(owner).filter(d -> d.id().equals(id));
            }

            @Override
            public List<RefusedDevice> refused() {
                return List.of(new RefusedDevice("lidar", DeviceKind.LIDAR, "mechos.hal.sim", DeviceKind.LIDAR,
                        "mechos.hal.serial"));
            }
        };
        RobotServices services = new RobotServices();
        services.bindDeviceRegistry(registry);
        Map<String, Object> devices = (Map<String, Object>) new StateView(services, new BusMonitor()).state()
                .get("devices");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) devices.get("list");
        assertEquals(2, rows.size(), rows::toString);
        Map<String, Object> refused = rows.get(1);
        assertEquals("lidar", refused.get("id"));
        assertEquals("REFUSED", refused.get("state"));
        assertEquals("refused: duplicate id 'lidar', owned by LIDAR from bundle mechos.hal.serial", refused.get("reason"));
        assertEquals("mechos.hal.sim", refused.get("bundle"));
    }
}
