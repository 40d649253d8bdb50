package mechos.hal.sim.internal.sensor;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;

/**
 * The latest sample of a simulated sensor plus its subscribers. A throwing listener is logged and skipped; the
 * others still receive the sample.
 */
public final class Samples<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Samples.class);

    private final String deviceId;
    private final CopyOnWriteArrayList<SensorListener<? super T>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile T latest;

    public Samples(String deviceId) {
        this.deviceId = deviceId;
    }

    public T latest() {
        return latest;
    }

    public Subscription subscribe(SensorListener<? super T> listener) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        listeners.add(listener);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                listeners.remove(listener);
            }
        };
    }

    /** Stores the sample as latest and delivers it to every listener on the calling thread. */
    public void publish(T sample) {
        latest = sample;
        for (SensorListener<? super T> l : listeners) {
            try {
                l.onSample(sample);
            } catch (RuntimeException e) {
                long n = failures.incrementAndGet();
                if (n == 1 || n % 1000 == 0) { // a listener throwing on every sample must not flood the log
                    LOG.warn("Listener {} of simulated device {} threw ({} failures so far); it keeps receiving "
                            + "samples", l, deviceId, n, e);
                }
            }
        }
    }

    /** Drops every listener (the device went away). */
    public void clear() {
        listeners.clear();
    }

    public int listenerCount() {
        return listeners.size();
    }
}
