package mechos.hal.serial.internal.port;

import java.io.IOException;
import java.util.function.Supplier;

import mechos.hal.support.Backoff;
import mechos.hal.support.DeviceWorker;
import mechos.hal.support.HealthTracker;
import mechos.hal.support.IoWatchdog;

/**
 * The I/O thread of one serial device: the support layer's {@link DeviceWorker} (lazy open, reconnect with
 * backoff, I/O watchdog, health from the last successful exchange) with the serial specifics: ports from a
 * {@link SerialLinkFactory}, and every read, write and discard on the port timed by the watchdog
 * ({@link WatchedLink}); {@code setDtr} and {@code close} never block.
 */
public final class SerialDeviceWorker {
    private final DeviceWorker<PortSettings, SerialLink> worker;

    /**
     * @param settings current port settings (read on every connect and compared while connected)
     * @param backoff  current reconnect policy
     */
    public SerialDeviceWorker(String deviceId, Supplier<PortSettings> settings, Supplier<Backoff> backoff,
            SerialLinkFactory factory, HealthTracker health, Session session) {
        this.worker = new DeviceWorker<>(deviceId, settings, backoff, factory::open, health, session,
                WatchedLink::new);
    }

    /** Starts the I/O thread and its watchdog; returns at once. */
    public void start(String threadName) {
        worker.start(threadName);
    }

    /** @return how many times the port was opened or an open was tried (for measurements) */
    public long attempts() {
        return worker.attempts();
    }

    /** See {@link DeviceWorker#stop(long)}: the session's final stop goes out first. Never throws. */
    public void stop(long timeoutMs) {
        worker.stop(timeoutMs);
    }

    /** The session's view of the port: every blocking call is visible to the watchdog. */
    private static final class WatchedLink implements SerialLink {
        private final SerialLink link;
        private final DeviceWorker.Guard guard;

        WatchedLink(SerialLink link, DeviceWorker.Guard guard) {
            this.link = link;
            this.guard = guard;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            IoWatchdog.Call c = guard.enter("read");
            int n;
            try {
                n = link.read(buffer, offset, length);
            } finally {
                guard.exit(c);
            }
            return n;
        }

        @Override
        public void write(byte[] data) throws IOException {
            IoWatchdog.Call c = guard.enter("write");
            try {
                link.write(data);
            } finally {
                guard.exit(c);
            }
        }

        @Override
        public void discardInput() throws IOException {
            IoWatchdog.Call c = guard.enter("discard");
            try {
                link.discardInput();
            } finally {
                guard.exit(c);
            }
        }

        @Override
        public boolean setDtr(boolean asserted) {
            return link.setDtr(asserted);
        }

        @Override
        public void close() {
            link.close();
        }

        @Override
        public String toString() {
            return link.toString();
        }
    }
}
