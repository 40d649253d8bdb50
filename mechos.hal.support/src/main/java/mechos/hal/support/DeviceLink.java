package mechos.hal.support;

/**
 * An open connection to a device (a serial port, a socket, a bus handle). Closing it must make a call blocked on
 * it return: that is how the {@link IoWatchdog} frees a stuck I/O thread.
 */
public interface DeviceLink extends AutoCloseable {
    /** Closes the connection; idempotent, never throws, may be called from another thread. */
    @Override
    void close();
}
