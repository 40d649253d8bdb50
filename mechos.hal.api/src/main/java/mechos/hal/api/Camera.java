package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/** A camera producing frames. */
@ProviderType
public interface Camera extends Device, SensorSource<CameraFrame> {
    @Override
    default DeviceKind kind() {
        return DeviceKind.CAMERA;
    }
}
