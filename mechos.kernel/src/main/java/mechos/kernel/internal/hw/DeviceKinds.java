package mechos.kernel.internal.hw;

import java.util.Map;

import mechos.hal.api.Battery;
import mechos.hal.api.Bumper;
import mechos.hal.api.Camera;
import mechos.hal.api.Device;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveBase;
import mechos.hal.api.EStopInput;
import mechos.hal.api.EndEffector;
import mechos.hal.api.Imu;
import mechos.hal.api.Joint;
import mechos.hal.api.Lidar;
import mechos.hal.api.Odometry;
import mechos.hal.api.Relay;

/** Which HAL interface is which {@link DeviceKind}: the kind of a service follows from its objectClass. */
final class DeviceKinds {
    /** One entry per kind; the registry's references are checked against it by a test. */
    static final Map<DeviceKind, Class<? extends Device>> INTERFACES = Map.ofEntries(
            Map.entry(DeviceKind.DRIVE_BASE, DriveBase.class),
            Map.entry(DeviceKind.JOINT, Joint.class),
            Map.entry(DeviceKind.END_EFFECTOR, EndEffector.class),
            Map.entry(DeviceKind.RELAY, Relay.class),
            Map.entry(DeviceKind.LIDAR, Lidar.class),
            Map.entry(DeviceKind.ODOMETRY, Odometry.class),
            Map.entry(DeviceKind.IMU, Imu.class),
            Map.entry(DeviceKind.BUMPER, Bumper.class),
            Map.entry(DeviceKind.BATTERY, Battery.class),
            Map.entry(DeviceKind.CAMERA, Camera.class),
            Map.entry(DeviceKind.ESTOP, EStopInput.class));

    private DeviceKinds() {
    }

    /**
     * @param objectClass the service's {@code objectClass} property (a String[])
     * @return the kind of the first device interface named, in {@link DeviceKind} order, or null when none is
     */
    static DeviceKind of(Object objectClass) {
        if (!(objectClass instanceof String[] names)) {
            return null;
        }
        for (DeviceKind k : DeviceKind.values()) {
            String name = INTERFACES.get(k).getName();
            for (String n : names) {
                if (name.equals(n)) {
                    return k;
                }
            }
        }
        return null;
    }
}
