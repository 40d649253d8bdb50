package mechos.hal.serial.internal.port;

import java.io.IOException;

import mechos.hal.support.DeviceLink;

/**
 * An open serial connection. Used by one device worker thread at a time; not thread-safe.
 *
 * <p>Trouble with the port (unplugged, closed by the other end, vanished) is an {@link IOException}; a read
 * that simply timed out returns 0.
 */
public interface SerialLink extends DeviceLink {
    /**
     * Reads what is available, waiting at most the configured read timeout for the first byte.
     *
     * @return bytes read, 0 when nothing arrived in time
     * @throws IOException when the port is gone
     */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** Writes all bytes. @throws IOException when they could not all be written */
    void write(byte[] data) throws IOException;

    /** Drops bytes received but not yet read (resynchronising after a bad frame). */
    void discardInput() throws IOException;

    /**
     * Sets the DTR line (RPLIDAR A1/A2 USB adapters run the motor while DTR is low).
     *
     * @return false when the port has no modem lines (e.g. a pseudo-terminal)
     */
    boolean setDtr(boolean asserted);

    /** Closes the port; idempotent, never throws. */
    @Override
    void close();
}
