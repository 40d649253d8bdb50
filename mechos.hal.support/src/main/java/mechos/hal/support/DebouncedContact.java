package mechos.hal.support;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A sampled contact (bumper, e-stop button, limit switch) as a sensor: software debouncing, a heartbeat sample
 * every {@code heartbeatMs} even without a change (so subscribers can tell a quiet switch from a dead one),
 * health and fan-out. The driver only reads the raw level and calls {@link #first} once, then {@link #sample}
 * on every poll, or {@link #failed} when reading fails. {@link #sample} and {@link #first} run on one polling
 * thread; the rest is thread-safe.
 *
 * @param <R> the reading type (e.g. {@code ContactReading}, {@code EStopReading})
 */
public final class DebouncedContact<R> {
    /** Makes a reading from the debounced state. */
    @FunctionalInterface
    public interface Readings<R> {
        R reading(long nanos, boolean active);
    }

    private final long debounceNanos;
    private final long heartbeatNanos;
    private final LongSupplier nanoClock;
    private final Readings<R> readings;
    private final HealthTracker health;
    private final SensorFanout<R> samples;
    private Debouncer debouncer;
    private long lastReport;

    /**
     * @throws IllegalArgumentException naming {@code debounce.ms} or {@code heartbeat.ms} when negative / not positive
     */
    public DebouncedContact(String deviceId, String initialReason, long debounceMs, long heartbeatMs,
            LongSupplier nanoClock, Readings<R> readings) {
        if (debounceMs < 0) {
            throw new IllegalArgumentException("debounce.ms=" + debounceMs + ": must be >= 0");
        }
        if (heartbeatMs <= 0) {
            throw new IllegalArgumentException("heartbeat.ms=" + heartbeatMs + ": must be > 0");
        }
        this.debounceNanos = TimeUnit.MILLISECONDS.toNanos(debounceMs);
        this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMs);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.readings = Objects.requireNonNull(readings, "readings");
        this.health = new HealthTracker(deviceId, initialReason, nanoClock);
        this.samples = new SensorFanout<>(deviceId);
    }

    public HealthTracker health() {
        return health;
    }

    public SensorFanout<R> samples() {
        return samples;
    }

    /** The input was claimed and read for the first time: ONLINE, and its state is published at once. */
    public synchronized void first(boolean active) {
        long now = nanoClock.getAsLong();
        debouncer = new Debouncer(debounceNanos, active);
        lastReport = now;
        health.online();
        samples.publish(readings.reading(now, active));
    }

    /**
     * One raw sample: published when the debounced state changed, or as a heartbeat.
     *
     * @return whether the debounced state changed with it
     */
    public synchronized boolean sample(boolean active) {
        if (debouncer == null) {
            first(active);
            return false;
        }
        long now = nanoClock.getAsLong();
        boolean changed = debouncer.sample(active, now);
        if (changed || now - lastReport >= heartbeatNanos) {
            lastReport = now;
            samples.publish(readings.reading(now, debouncer.stable()));
        }
        health.online();
        return changed;
    }

    /** @return the debounced state (false before the first sample) */
    public synchronized boolean active() {
        return debouncer != null && debouncer.stable();
    }

    /** Reading the input failed: FAULT with the reason. */
    public void failed(String reason) {
        health.fault(reason);
    }

    /** The driver stopped: OFFLINE, listeners dropped. */
    public void stopped() {
        health.offline("driver stopped");
        samples.clear();
    }
}
