package mechos.hal.support;

/** What a {@link DeviceWorker} needs to know about how to connect: where, and how long one I/O call may take. */
public interface LinkSettings {
    /** @return where the device is (a port path, a host:port), for messages */
    String address();

    /** @return how long one call into the link (open, read, write) may take before the I/O watchdog fires */
    int watchdogMs();
}
