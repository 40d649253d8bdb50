package mechos.kernel.internal.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.Watchdog;

/** Heartbeats of registered components; the safety monitor asks which one is overdue. */
final class WatchdogSupervisor implements Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(WatchdogSupervisor.class);
    private final Map<Beat, Boolean> beats = new ConcurrentHashMap<>();

    private final class Beat implements Heartbeat {
        final String component;
        final long timeoutNanos;
        final AtomicLong last = new AtomicLong(System.nanoTime());

        Beat(String component, long timeoutNanos) {
            this.component = component;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void beat() {
            last.set(System.nanoTime());
        }

        @Override
        public void close() {
            if (beats.remove(this) != null) {
                LOG.info("watchdog: {} unregistered", component);
            }
        }
    }

    @Override
    public Heartbeat register(String component, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be > 0, got " + timeoutMillis);
        }
        Beat b = new Beat(component, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        beats.put(b, Boolean.TRUE);
        LOG.info("watchdog: {} registered with a {} ms timeout", component, timeoutMillis);
        return b;
    }

    /** @return a reason naming the first overdue component, or null when all beat in time */
    String overdue(long now) {
        for (Beat b : beats.keySet()) {
            long age = now - b.last.get();
            if (age > b.timeoutNanos) {
                return "watchdog: no heartbeat from " + b.component + " for " + age / 1_000_000 + " ms (timeout "
                        + b.timeoutNanos / 1_000_000 + " ms)";
            }
        }
        return null;
    }
}
