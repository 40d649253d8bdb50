package mechos.hal.api;

/**
 * A battery sample.
 *
 * @param timestampNanos  monotonic time
 * @param voltage         V
 * @param current         A, positive when discharging
 * @param stateOfCharge   0..1
 */
public record BatteryReading(long timestampNanos, double voltage, double current, double stateOfCharge) {
}
