package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A physical emergency-stop input. The kernel latches its e-stop on a press (or when this device goes
 * OFFLINE/FAULT, since a broken e-stop circuit must fail safe) and requires an explicit reset.
 */
@ProviderType
public interface EStopInput extends Device, SensorSource<EStopReading> {
    @Override
    default DeviceKind kind() {
        return DeviceKind.ESTOP;
    }
}
