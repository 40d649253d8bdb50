package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/** A switched output (relay, solenoid, light). */
@ProviderType
public interface Relay extends Actuator {
    @Override
    default DeviceKind kind() {
        return DeviceKind.RELAY;
    }

    /** Switches the relay. @throws DeviceException if it could not be switched */
    void set(boolean on) throws DeviceException;

    /** @return the last commanded state (or read-back state where the hardware has one); never blocks */
    boolean state();

    /** @return the configured safe state, applied at start, on stop and at shutdown */
    boolean safeState();

    @Override
    default void toSafeState() throws DeviceException {
        set(safeState());
    }
}
