package mechos.hal.serial.internal.port;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import mechos.hal.api.HealthState;
import mechos.hal.support.Backoff;
import mechos.hal.support.HealthTracker;

/** Reconnect, backoff and isolation of the I/O thread, with an in-memory link. */
class SerialDeviceWorkerTest {
    private static final Duration T = Duration.ofSeconds(5);

    private static final class NullLink implements SerialLink {
        @Override
        public int read(byte[] buffer, int offset, int length) {
            return 0;
        }

        @Override
        public void write(byte[] data) {
        }

        @Override
        public void discardInput() {
        }

        @Override
        public boolean setDtr(boolean asserted) {
            return false;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void missingPortIsOfflineWithReasonThenConnectsWhenItAppears() {
        AtomicInteger attempts = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean present = new java.util.concurrent.atomic.AtomicBoolean();
        HealthTracker health = new HealthTracker("dev", "not connected yet");
        SerialLinkFactory factory = s -> {
            attempts.incrementAndGet();
            if (!present.get()) {
                throw new IOException("serial port /dev/x does not exist");
            }
            return new NullLink();
        };
        Session session = new Session() {
            @Override
            public void run(SerialLink link, BooleanSupplier keepGoing) throws InterruptedException {
                health.online();
                while (keepGoing.getAsBoolean()) {
                    Thread.onSpinWait();
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            }

            @Override
            public void disconnected() {
            }
        };
        SerialDeviceWorker w = new SerialDeviceWorker("dev", () -> PortSettings.of("/dev/x", 9600, 10),
                () -> new Backoff(1, 4), factory, health, session);
        w.start("test-worker");
        try {
            Await.until("OFFLINE with reason", T, () -> health.state() == HealthState.OFFLINE
                    && health.get().reason().contains("does not exist"));
            Await.until("retries with backoff", T, () -> attempts.get() >= 4);
            present.set(true);
            Await.until("ONLINE", T, () -> health.state() == HealthState.ONLINE);
            assertTrue(attempts.get() >= 4);
        } finally {
            w.stop(2000);
        }
        assertTrue(health.state() == HealthState.OFFLINE, "stopped driver is OFFLINE");
    }

    @Test
    void aThrowingSessionIsAFaultAndTheThreadKeepsReconnecting() {
        HealthTracker health = new HealthTracker("dev", "not connected yet");
        AtomicInteger runs = new AtomicInteger();
        Session session = new Session() {
            @Override
            public void run(SerialLink link, BooleanSupplier keepGoing) throws IOException {
                if (runs.incrementAndGet() % 2 == 1) {
                    throw new IllegalStateException("driver bug");
                }
                throw new IOException("device gone");
            }

            @Override
            public void disconnected() {
                throw new IllegalStateException("cleanup bug");
            }
        };
        SerialDeviceWorker w = new SerialDeviceWorker("dev", () -> PortSettings.of("/dev/x", 9600, 10),
                () -> new Backoff(1, 2), s -> new NullLink(), health, session);
        w.start("test-worker");
        try {
            Await.until("several reconnects survive thrown exceptions", T, () -> runs.get() >= 6);
        } finally {
            w.stop(2000);
        }
    }

    /** A link whose read blocks like a wedged tty: until the port is closed (jSerialComm's close unblocks it). */
    private static final class WedgedLink implements SerialLink {
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release;
        final java.util.concurrent.atomic.AtomicBoolean wedged;

        /** @param release when non-null, close() does not unblock the read, only this latch does */
        WedgedLink(java.util.concurrent.atomic.AtomicBoolean wedged, java.util.concurrent.CountDownLatch release) {
            this.wedged = wedged;
            this.release = release;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (!wedged.get()) {
                return 0;
            }
            try {
                while (!(release == null ? closed : release).await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    Thread.onSpinWait();
                }
            } catch (InterruptedException e) {
                if (release != null) {
                    Thread.currentThread().interrupt();
                    return 0; // a native call would not see the interrupt; the test releases it at the end
                }
            }
            throw new IOException("port closed");
        }

        @Override
        public void write(byte[] data) {
        }

        @Override
        public void discardInput() {
        }

        @Override
        public boolean setDtr(boolean asserted) {
            return false;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    /** A session that goes ONLINE after its first exchange and keeps reading. */
    private static Session readingSession(HealthTracker health) {
        return new Session() {
            @Override
            public void run(SerialLink link, BooleanSupplier keepGoing) throws IOException {
                byte[] b = new byte[16];
                health.online();
                while (keepGoing.getAsBoolean()) {
                    link.read(b, 0, b.length);
                }
            }

            @Override
            public void disconnected() {
            }
        };
    }

    private static PortSettings watched(int watchdogMs) {
        return new PortSettings("/dev/x", 9600, 8, Parity.NONE, StopBits.ONE, 10, 100, watchdogMs);
    }

    /** Issue 13 defect 2: a read that never returns is FAULT within the watchdog, the port is closed and reopened. */
    @Test
    void aWedgedReadIsAFaultTheWatchdogClosesThePortAndTheWorkerReopens() {
        HealthTracker health = new HealthTracker("dev", "not connected yet");
        java.util.concurrent.atomic.AtomicBoolean wedged = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.List<WedgedLink> links = new java.util.concurrent.CopyOnWriteArrayList<>();
        SerialLinkFactory factory = s -> {
            WedgedLink l = new WedgedLink(wedged, null);
            links.add(l);
            return l;
        };
        SerialDeviceWorker w = new SerialDeviceWorker("dev", () -> watched(50), () -> new Backoff(1, 4), factory,
                health, readingSession(health));
        w.start("test-worker");
        try {
            Await.until("FAULT by the I/O watchdog", T, () -> health.state() == HealthState.FAULT
                    && health.get().reason().contains("I/O watchdog"), () -> "was " + health.get());
            Await.until("the wedged port was closed", T, () -> links.get(0).closed.getCount() == 0);
            wedged.set(false);
            Await.until("reopened and ONLINE", T, () -> links.size() >= 2 && health.state() == HealthState.ONLINE,
                    () -> links.size() + " opens, " + health.get());
        } finally {
            w.stop(2000);
        }
    }

    /** A call that does not even return when its port is closed: the thread is abandoned and a new one reconnects. */
    @Test
    void anIoThreadStuckBeyondCloseIsAbandonedAndANewThreadReconnects() {
        HealthTracker health = new HealthTracker("dev", "not connected yet");
        java.util.concurrent.atomic.AtomicBoolean wedged = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger opens = new AtomicInteger();
        SerialLinkFactory factory = s -> {
            opens.incrementAndGet();
            return new WedgedLink(wedged, opens.get() == 1 ? release : null);
        };
        SerialDeviceWorker w = new SerialDeviceWorker("dev", () -> watched(50), () -> new Backoff(1, 4), factory,
                health, readingSession(health));
        w.start("test-worker");
        try {
            Await.until("FAULT by the I/O watchdog", T, () -> health.state() == HealthState.FAULT);
            wedged.set(false);
            Await.until("a new I/O thread reopened the port and is ONLINE", T,
                    () -> opens.get() >= 2 && health.state() == HealthState.ONLINE,
                    () -> opens.get() + " opens, " + health.get());
        } finally {
            release.countDown();
            w.stop(2000);
        }
    }

    /**
     * Issue 13 defect 3: opening the port is not success. A device that never completes an exchange is retried with
     * a growing delay (the old worker reset the backoff on every open: a silent controller every 0.41 s).
     */
    @Test
    void theBackoffGrowsUntilAConnectionReachesOnline() {
        HealthTracker health = new HealthTracker("dev", "not connected yet");
        Backoff backoff = new Backoff(1, 64);
        AtomicInteger runs = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean answers = new java.util.concurrent.atomic.AtomicBoolean();
        Session silent = new Session() {
            @Override
            public void run(SerialLink link, BooleanSupplier keepGoing) throws IOException {
                runs.incrementAndGet();
                if (answers.get()) {
                    health.online();
                }
                throw new IOException("no valid answer");
            }

            @Override
            public void disconnected() {
            }
        };
        SerialDeviceWorker w = new SerialDeviceWorker("dev", () -> PortSettings.of("/dev/x", 9600, 10),
                () -> backoff, s -> new NullLink(), health, silent);
        w.start("test-worker");
        try {
            Await.until("delay at its maximum", T, () -> backoff.peek() == 64, () -> runs.get() + " runs, next "
                    + backoff.peek());
            answers.set(true);
            Await.until("a connection that reached ONLINE resets the delay", T, () -> backoff.peek() <= 2,
                    () -> "next " + backoff.peek());
        } finally {
            w.stop(2000);
        }
    }
}
