package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A device that produces samples of type {@code T} (scans, readings, frames).
 *
 * <p>Two ways to read: {@link #latest()} for the most recent sample (never blocks), or
 * {@link #subscribe(SensorListener)} to be called for every sample on the driver's own I/O thread.
 * Listeners must return quickly (hand the sample off); a driver isolates a throwing listener, logs it and
 * keeps delivering to the others.
 *
 * @param <T> sample type; samples are immutable
 */
@ProviderType
public interface SensorSource<T> {
    /** @return the most recent sample, or null if none has been produced yet. Never blocks. */
    T latest();

    /**
     * Registers a listener until the returned subscription is closed (or the device goes away).
     *
     * @return a handle that removes the listener; closing twice is harmless
     */
    Subscription subscribe(SensorListener<? super T> listener);
}
