package mechos.kernel.api;

/**
 * The latest raw range scan in the robot's body frame ({@code base_link}), published by the world model on
 * {@link KernelTopics#ROBOT_SCAN} as soon as a scan arrives. Only the sensor's static mount is applied &mdash;
 * no odometry, no localisation, no map &mdash; so the kernel's stop zone holds even when the map or
 * {@code map -> odom} is wrong.
 *
 * @param timestampNanos {@link System#nanoTime()} clock of the scan
 * @param xy             returned beams' end points in the body frame, x y interleaved (m); owned by the message,
 *                       do not modify
 * @param beams          how many beams the scan had
 * @param unknown        how many of them carried no measurement (neither a return nor max range): unknown is
 *                       never free
 * @since 1.3
 */
public record RobotScan(long timestampNanos, double[] xy, int beams, int unknown) {
    public RobotScan {
        java.util.Objects.requireNonNull(xy, "xy");
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException("xy needs pairs, has " + xy.length + " values");
        }
    }

    /** @return number of returned points */
    public int points() {
        return xy.length / 2;
    }
}
