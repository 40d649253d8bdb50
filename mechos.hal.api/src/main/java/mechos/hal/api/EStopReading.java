package mechos.hal.api;

/**
 * @param timestampNanos monotonic time
 * @param pressed        true while the e-stop is engaged (debounced by the driver)
 */
public record EStopReading(long timestampNanos, boolean pressed) {
}
