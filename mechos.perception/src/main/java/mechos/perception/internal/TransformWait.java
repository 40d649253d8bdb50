package mechos.perception.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;
import mechos.perception.api.Transforms;

/**
 * A transform lookup at a scan's time that waits, bounded, for the transforms to reach that time. A scan is
 * stamped when the LiDAR measured it; {@code map -> odom} for that time is published by localisation (after it has
 * matched the same scan, on its own thread) and {@code odom -> base_link} by the pose fusion. When those threads
 * are starved (a loaded machine) the newest transform is older than the scan, and a lookup fails with
 * {@code OUT_OF_HISTORY} although the pose arrives moments later. Instead of dropping the scan, the lookup is
 * retried every {@code pollNanos} until {@code receivedNanos + maxWaitNanos} on the clock: the deadline counts
 * from when the scan was received, so time it already spent in the insertion queue counts, and a stalled pose
 * source costs the insertion thread at most {@code maxWaitNanos} per {@code maxWaitNanos} of scans (scans received
 * during one wait share its deadline). The number of retries is bounded too (a clock that does not advance ends
 * the wait after {@code maxWaitNanos / pollNanos + 1} polls). No other pose is substituted: within the frame
 * tree's {@code tolerance.ms} of its newest sample a lookup already uses that sample; beyond it, the scan is
 * placed with the pose at its own time or not at all.
 *
 * <p>Used by one thread at a time (the map's insertion thread); the counters may be read from any thread.
 */
final class TransformWait {
    /** How the waiting thread pauses between retries; a test steps its clock here instead. */
    interface Pause {
        /** @return false when the wait must end now (the thread was interrupted: the component is stopping) */
        boolean pause(long nanos);
    }

    /** Parks the calling thread; false if it was interrupted (the interrupt status is kept). */
    static final Pause PARK = nanos -> {
        LockSupport.parkNanos(nanos);
        return !Thread.currentThread().isInterrupted();
    };

    private final Transforms transforms;
    private final LongSupplier clock;
    private final long maxWaitNanos;
    private final long pollNanos;
    private final Pause pause;
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong found = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong longestNanos = new AtomicLong();

    /**
     * @param maxWaitNanos 0 = no waiting (the lookup fails at once, as before)
     * @param pollNanos    pause between retries, > 0
     */
    TransformWait(Transforms transforms, LongSupplier clock, long maxWaitNanos, long pollNanos, Pause pause) {
        if (pollNanos <= 0 || maxWaitNanos < 0) {
            throw new IllegalArgumentException("poll must be > 0 and the wait >= 0 ns, were " + pollNanos + ", "
                    + maxWaitNanos);
        }
        this.transforms = transforms;
        this.clock = clock;
        this.maxWaitNanos = maxWaitNanos;
        this.pollNanos = pollNanos;
        this.pause = pause;
    }

    /** What became of one wait, for the caller's log. */
    record Outcome(long waitedNanos, boolean foundIt) {
    }

    /**
     * {@code T_target_source} at {@code stampNanos}, waiting for it up to {@code receivedNanos + maxWait} (clock
     * time) when the transforms do not reach the stamp yet.
     *
     * @param outcome receives what happened when the lookup had to wait (not called otherwise); may be null
     * @throws TransformException as {@link Transforms#lookup}; {@code OUT_OF_HISTORY} when the wait ended without
     *                            a transform at the stamp
     */
    Transform lookup(String target, String source, long stampNanos, long receivedNanos,
            java.util.function.Consumer<Outcome> outcome) {
        TransformException last;
        try {
            return transforms.lookup(target, source, stampNanos);
        } catch (TransformException e) {
            if (e.reason() != TransformException.Reason.OUT_OF_HISTORY || maxWaitNanos == 0) {
                throw e;
            }
            last = e;
        }
        long start = clock.getAsLong();
        long deadline = receivedNanos + maxWaitNanos;
        if (start - deadline >= 0) {
            throw last; // already waited its time in the queue
        }
        waits.incrementAndGet();
        long polls = maxWaitNanos / pollNanos + 1;
        for (long i = 0; i < polls && clock.getAsLong() - deadline < 0; i++) {
            if (!pause.pause(pollNanos)) {
                break;
            }
            try {
                Transform t = transforms.lookup(target, source, stampNanos);
                long waited = clock.getAsLong() - start;
                found.incrementAndGet();
                longestNanos.accumulateAndGet(waited, Math::max);
                if (outcome != null) {
                    outcome.accept(new Outcome(waited, true));
                }
                return t;
            } catch (TransformException e) {
                if (e.reason() != TransformException.Reason.OUT_OF_HISTORY) {
                    throw e;
                }
                last = e;
            }
        }
        timedOut.incrementAndGet();
        if (outcome != null) {
            outcome.accept(new Outcome(clock.getAsLong() - start, false));
        }
        throw last;
    }

    /** Lookups that had to wait. */
    long waits() {
        return waits.get();
    }

    /** Waits that ended with the transform. */
    long found() {
        return found.get();
    }

    /** Waits that ended at the bound without it. */
    long timedOut() {
        return timedOut.get();
    }

    /** The longest successful wait, ns. */
    long longestNanos() {
        return longestNanos.get();
    }
}
