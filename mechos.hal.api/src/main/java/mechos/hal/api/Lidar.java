package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/** A planar scanning range finder. */
@ProviderType
public interface Lidar extends Device, SensorSource<LaserScan> {
    @Override
    default DeviceKind kind() {
        return DeviceKind.LIDAR;
    }
}
