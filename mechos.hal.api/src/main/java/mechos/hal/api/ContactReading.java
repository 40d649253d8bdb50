package mechos.hal.api;

/**
 * A bumper sample.
 *
 * @param timestampNanos monotonic time
 * @param pressed        true while in contact
 * @param bearing        rad in base_link of the contact point, or NaN when the sensor cannot tell
 */
public record ContactReading(long timestampNanos, boolean pressed, double bearing) {
}
