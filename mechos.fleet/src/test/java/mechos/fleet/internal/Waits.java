package mechos.fleet.internal;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polling with generous deadlines (never a fixed sleep that hopes things settle). */
final class Waits {
    private Waits() {
    }

    static void await(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("not within " + deadline.toSeconds() + " s: " + what);
            }
            pause();
        }
    }

    /** One polling interval (10 ms) between checks of a condition. */
    static void pause() {
        LockSupport.parkNanos(10_000_000);
    }
}
