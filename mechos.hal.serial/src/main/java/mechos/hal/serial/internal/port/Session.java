package mechos.hal.serial.internal.port;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import mechos.hal.support.DeviceFaultException;
import mechos.hal.support.DeviceSession;

/** The protocol side of one serial device: runs on the device's I/O thread while the port is open. */
public interface Session extends DeviceSession<SerialLink> {
    /**
     * Talks to the device until the port fails, the device stops answering, or {@code keepGoing} turns false
     * (shutdown or changed settings). Sets the device's health as it goes.
     *
     * @throws IOException when the port or the device is lost; the worker reports OFFLINE and reconnects
     * @throws DeviceFaultException when the device reports itself broken; the worker reports FAULT and retries
     *                              after the backoff
     * @throws InterruptedException when the worker is being stopped
     */
    @Override
    void run(SerialLink link, BooleanSupplier keepGoing)
            throws IOException, DeviceFaultException, InterruptedException;

    /** Called after the link was closed, whatever the reason (forget per-connection state). Must not throw. */
    @Override
    void disconnected();
}
