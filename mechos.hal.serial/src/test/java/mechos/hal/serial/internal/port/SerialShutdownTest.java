package mechos.hal.serial.internal.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SerialShutdownTest {
    private static SerialShutdownConfig waitMs(long ms) {
        return new SerialShutdownConfig() {
            @Override
            public long stop_wait_ms() {
                return ms;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return SerialShutdownConfig.class;
            }
        };
    }

    /** Records the calls; never acknowledges, so the wait runs into its bound. */
    private static final class Stubborn implements SerialShutdown.Participant {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void beginShutdown() {
            calls.add("begin");
        }

        @Override
        public String awaitSafe(long deadlineNanos) throws InterruptedException {
            calls.add("await");
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            return "never acknowledged";
        }
    }

    @Test
    void everyDeviceBeginsItsStopFirstAndTheWholeWaitIsBounded() {
        SerialShutdown s = new SerialShutdown(waitMs(100));
        Stubborn a = new Stubborn();
        Stubborn b = new Stubborn();
        s.register(a);
        s.register(b);
        long start = System.nanoTime();
        s.onJvmShutdown();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(List.of("begin", "await"), a.calls);
        assertEquals(List.of("begin", "await"), b.calls);
        assertTrue(ms >= 90 && ms < 1000, "one shared deadline, not one per device: " + ms + " ms");
        s.deactivate();
    }

    @Test
    void outOfBoundsWaitIsClampedAndADeactivatedComponentDoesNothing() {
        SerialShutdown s = new SerialShutdown(waitMs(0));
        Stubborn a = new Stubborn();
        s.register(a);
        s.deactivate();
        s.onJvmShutdown();
        assertTrue(a.calls.isEmpty());
    }
}
