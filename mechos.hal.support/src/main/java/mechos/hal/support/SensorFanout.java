package mechos.hal.support;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;

/**
 * The latest sample of one sensor plus its subscribers: what {@link mechos.hal.api.SensorSource#latest()} and
 * {@link mechos.hal.api.SensorSource#subscribe} need. Samples are delivered on the publishing thread. A throwing
 * listener is logged (the first failure and every 1000th, so one that throws on every sample cannot flood the log)
 * and keeps receiving samples; the others still get each sample.
 */
public final class SensorFanout<T> {
    private static final Logger LOG = LoggerFactory.getLogger(SensorFanout.class);

    private final String deviceId;
    private final CopyOnWriteArrayList<SensorListener<? super T>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile T latest;

    public SensorFanout(String deviceId) {
        this.deviceId = deviceId;
    }

    /** @return the last published sample, null before the first */
    public T latest() {
        return latest;
    }

    /**
     * @return a subscription whose {@code close()} is idempotent
     * @throws IllegalArgumentException when the listener is null
     */
    public Subscription subscribe(SensorListener<? super T> listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(listener);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                listeners.remove(listener);
            }
        };
    }

    /** Stores the sample as latest and delivers it to every listener on the calling thread. Never throws. */
    public void publish(T sample) {
        latest = sample;
        for (SensorListener<? super T> l : listeners) {
            try {
                l.onSample(sample);
            } catch (RuntimeException | LinkageError e) {
                long n = failures.incrementAndGet();
                if (n == 1 || n % 1000 == 0) {
                    LOG.warn("listener {} of device '{}' threw ({} failures so far); it keeps receiving samples", l,
                            deviceId, n, e);
                }
            }
        }
    }

    /** @return how many times a listener threw */
    public long failures() {
        return failures.get();
    }

    /** Drops every listener (the device went away). */
    public void clear() {
        listeners.clear();
    }

    public int listenerCount() {
        return listeners.size();
    }
}
