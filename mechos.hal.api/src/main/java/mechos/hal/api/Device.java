package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Something a driver bundle exposes: registered as an OSGi service under its specific interface
 * ({@link DriveBase}, {@link Lidar}, ...) with the service property {@value #ID} equal to {@link #id()}.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. {@link #id()}, {@link #kind()} and
 * {@link #health()} must return immediately from cached state: they never block on I/O.
 *
 * <p><b>Failures.</b> Expected trouble (a cable pulled, a timeout, a bad frame) is reported as
 * {@link #health()} and never thrown from getters. Commands that cannot be carried out throw
 * {@link DeviceException}. Any other exception is a driver bug; callers isolate it.
 */
@ProviderType
public interface Device {
    /** Service property carrying the device id. */
    String ID = "mechos.device.id";
    /** Service property carrying the {@link DeviceKind} name. */
    String KIND = "mechos.device.kind";

    /** @return the device id, unique among devices of the robot, stable across restarts (e.g. {@code "base"}). */
    String id();

    /** @return what kind of device this is. */
    DeviceKind kind();

    /** @return current health; never null, never blocks. */
    DeviceHealth health();
}
