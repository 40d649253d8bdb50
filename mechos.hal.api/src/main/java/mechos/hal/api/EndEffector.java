package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/** A tool point (gripper, arm tip) moved by position targets in its {@link #frameId() frame}. */
@ProviderType
public interface EndEffector extends Actuator {
    @Override
    default DeviceKind kind() {
        return DeviceKind.END_EFFECTOR;
    }

    /** @return the frame targets are expressed in (e.g. {@code base_link}) */
    String frameId();

    /** @return the reachable workspace in {@link #frameId()} */
    Box3 workspace();

    /** @return m/s the effector moves toward a target at most */
    double maxSpeed();

    /**
     * Starts moving toward {@code target}; returns at once.
     *
     * @throws DeviceException if the target is outside {@link #workspace()} or the device is not able
     */
    void moveTo(Point3 target) throws DeviceException;

    /** @return the current position; never blocks */
    Point3 position();

    /** Holding position is the safe state. */
    @Override
    default void toSafeState() throws DeviceException {
        moveTo(position());
    }
}
