package mechos.hal.serial.internal.port;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import mechos.hal.api.HealthState;

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
}
