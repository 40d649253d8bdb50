package mechos.kernel.internal.hw;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;

/**
 * Waits for the drivers' answers to one round of safe-state commands and says who acknowledged (the driver's
 * {@code toSafeState} returned: DONE) and who did not (declined, threw, hung, absent, or no answer in time).
 */
final class SafeStateWait {
    static final long MIN_MS = 10;
    static final long MAX_MS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(SafeStateWait.class);

    private final long start = System.nanoTime();
    private final int expected;
    private final CountDownLatch answered;
    private final List<String> failed = new ArrayList<>();
    private long lastAckNanos;

    SafeStateWait(int expected) {
        this.expected = expected;
        this.answered = new CountDownLatch(expected);
    }

    /** @return {@code millis} within the metatype bounds of safe_state_wait_ms (a value outside is logged) */
    static long bounded(long millis) {
        if (millis < MIN_MS || millis > MAX_MS) {
            long b = Math.max(MIN_MS, Math.min(MAX_MS, millis));
            LOG.warn("safe_state_wait_ms={} is outside {}..{}; using {}", millis, MIN_MS, MAX_MS, b);
            return b;
        }
        return millis;
    }

    synchronized void acknowledged(DispatchResult r) {
        if (r.outcome() == DispatchOutcome.DONE) {
            lastAckNanos = System.nanoTime() - start;
        } else {
            failed.add(r.deviceId() + " " + r.outcome() + (r.detail() == null || r.detail().isEmpty() ? "" : " (" + r.detail() + ")"));
        }
        answered.countDown();
    }

    /** Waits up to {@code millis}; never throws. @return true when every actuator acknowledged */
    boolean await(long millis, String why) {
        boolean all;
        try {
            all = answered.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while waiting for actuators to reach their safe state ({})", why);
            all = false;
        }
        synchronized (this) {
            long missing = answered.getCount();
            int acked = expected - failed.size() - (int) missing;
            if (all && failed.isEmpty()) {
                LOG.info("{} of {} actuators acknowledged their safe state within {} ms ({})", acked, expected,
                        TimeUnit.NANOSECONDS.toMillis(lastAckNanos), why);
                return true;
            }
            LOG.warn("{} of {} actuators acknowledged their safe state ({}); not acknowledged: {}{}", acked, expected,
                    why, failed, missing > 0 ? ", and " + missing + " without an answer after " + millis + " ms" : "");
            return false;
        }
    }
}
