package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A differential (or any planar non-holonomic) drive base, commanded by body velocity in {@code base_link}:
 * linear in m/s along +x, angular in rad/s counter-clockwise about +z.
 *
 * <p>Only the kernel commands drive bases; everything else goes through {@code Kernel.submit}.
 * Commands are targets: the driver converts them to wheel speeds and closes its own speed loop.
 */
@ProviderType
public interface DriveBase extends Actuator {
    @Override
    default DeviceKind kind() {
        return DeviceKind.DRIVE_BASE;
    }

    /**
     * Sets the target body velocity. Returns once the command is handed to the hardware (not when it is reached).
     *
     * @param linear  m/s, finite
     * @param angular rad/s, finite
     * @throws DeviceException if the device is not able to take the command
     * @throws IllegalArgumentException if a value is not finite
     */
    void setVelocity(double linear, double angular) throws DeviceException;

    /** Target zero velocity now (the drive's own acceleration limits still apply). Same as {@link #toSafeState()}. */
    void stop() throws DeviceException;

    @Override
    default void toSafeState() throws DeviceException {
        stop();
    }

    /** @return the last measured wheel speeds; never blocks, zeros if nothing has been measured */
    WheelSpeeds measuredWheelSpeeds();

    /** @return the fixed geometry and limits of this base */
    DriveGeometry geometry();
}
