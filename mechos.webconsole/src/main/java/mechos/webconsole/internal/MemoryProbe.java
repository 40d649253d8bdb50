package mechos.webconsole.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.memory.api.EpisodicMemory;

/**
 * Measures memory store latency from outside, because the memory API has no latency statistics: at most once per
 * interval it asks the episodic store for its count (a real query through memory's storage executor and SQLite)
 * and records how long the answer took. Never blocks the caller; the figure is that of the last completed probe.
 */
final class MemoryProbe {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryProbe.class);

    private final long intervalNanos;
    private final Histogram latency = new Histogram();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicLong lastStart = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong episodes = new AtomicLong(-1);
    private final AtomicLong failures = new AtomicLong();

    MemoryProbe(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Starts a probe if none is running and the last one is older than the interval. */
    void maybeProbe(EpisodicMemory memory) {
        long now = System.nanoTime();
        long last = lastStart.get();
        if (last != Long.MIN_VALUE && now - last < intervalNanos) {
            return;
        }
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        lastStart.set(now);
        try {
            memory.count().whenComplete((n, e) -> {
                inFlight.set(false);
                if (e != null) {
                    failures.incrementAndGet();
                    LOG.debug("memory probe failed", e);
                } else {
                    latency.observe((System.nanoTime() - now) / 1e9);
                    episodes.set(n);
                }
            });
        } catch (RuntimeException e) {
            inFlight.set(false);
            failures.incrementAndGet();
            LOG.warn("memory probe failed", e);
        }
    }

    Histogram.Snapshot latency() {
        return latency.snapshot();
    }

    /** @return episodes counted by the last successful probe, -1 before the first */
    long episodes() {
        return episodes.get();
    }

    long failures() {
        return failures.get();
    }
}
