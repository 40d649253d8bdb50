package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A device that moves or switches something. Every actuator has a safe state the kernel commands on stop,
 * shutdown, e-stop and when it loses track of the device.
 */
@ProviderType
public interface Actuator extends Device {
    /**
     * Commands the safe state: drives to zero velocity, relays to their configured safe state, joints and
     * end effectors hold where they are. Must be idempotent and should return within a few milliseconds;
     * callers bound it with a deadline.
     *
     * @throws DeviceException if the device could not be commanded (it is then reported OFFLINE or FAULT)
     */
    void toSafeState() throws DeviceException;
}
