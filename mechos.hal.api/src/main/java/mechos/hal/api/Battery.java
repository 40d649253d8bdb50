package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/** The robot's battery. */
@ProviderType
public interface Battery extends Device, SensorSource<BatteryReading> {
    @Override
    default DeviceKind kind() {
        return DeviceKind.BATTERY;
    }
}
