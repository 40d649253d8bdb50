package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/** Wheel odometry: the pose of {@code base_link} in the {@code odom} frame integrated from wheel motion. */
@ProviderType
public interface Odometry extends Device, SensorSource<OdometryReading> {
    @Override
    default DeviceKind kind() {
        return DeviceKind.ODOMETRY;
    }
}
