package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/** An inertial measurement unit. */
@ProviderType
public interface Imu extends Device, SensorSource<ImuReading> {
    @Override
    default DeviceKind kind() {
        return DeviceKind.IMU;
    }
}
