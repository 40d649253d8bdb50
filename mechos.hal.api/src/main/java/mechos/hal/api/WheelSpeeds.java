package mechos.hal.api;

/**
 * Measured wheel surface speeds of a differential drive.
 *
 * @param left            m/s at the left wheel's contact point, positive forward
 * @param right           m/s at the right wheel's contact point, positive forward
 * @param timestampNanos  monotonic time of the measurement ({@link System#nanoTime()} time base, or the
 *                        simulation clock when simulated)
 */
public record WheelSpeeds(double left, double right, long timestampNanos) {
    public static final WheelSpeeds ZERO = new WheelSpeeds(0, 0, 0);
}
