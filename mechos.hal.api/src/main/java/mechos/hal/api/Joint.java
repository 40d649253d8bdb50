package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/** A single revolute or prismatic joint commanded by position. */
@ProviderType
public interface Joint extends Actuator {
    @Override
    default DeviceKind kind() {
        return DeviceKind.JOINT;
    }

    /** @return position limits and speed of this joint */
    JointLimits limits();

    /**
     * Starts moving toward {@code position} (rad or m); returns at once.
     *
     * @throws DeviceException if outside {@link #limits()} or the device is not able
     */
    void setPosition(double position) throws DeviceException;

    /** @return the measured position; never blocks */
    double position();

    @Override
    default void toSafeState() throws DeviceException {
        setPosition(position());
    }
}
