package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/** A contact sensor (bumper). A press means the robot touched something. */
@ProviderType
public interface Bumper extends Device, SensorSource<ContactReading> {
    @Override
    default DeviceKind kind() {
        return DeviceKind.BUMPER;
    }
}
