package mechos.hal.support;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/** The protocol side of one device: runs on the device's I/O thread ({@link DeviceWorker}) while the link is open. */
public interface DeviceSession<L extends DeviceLink> {
    /**
     * Talks to the device until the link fails, the device stops answering, or {@code keepGoing} turns false
     * (shutdown or changed settings). Sets the device's health as it goes ({@link HealthTracker#online()} after a
     * successful exchange resets the reconnect backoff).
     *
     * @throws IOException when the link or the device is lost; the worker reports OFFLINE and reconnects
     * @throws DeviceFaultException when the device reports itself broken; the worker reports FAULT and retries
     *                              after the backoff
     * @throws InterruptedException when the worker is being stopped
     */
    void run(L link, BooleanSupplier keepGoing) throws IOException, DeviceFaultException, InterruptedException;

    /** Called after the link was closed, whatever the reason (forget per-connection state). Must not throw. */
    void disconnected();
}
