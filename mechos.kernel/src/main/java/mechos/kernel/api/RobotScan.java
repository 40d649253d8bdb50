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
 * @param unknownBearings the body-frame bearing (rad, about the sensor's position) of each unknown beam, so the
 *                       stop zone can judge unknown space per direction; owned by the message, do not modify
 *                       (since 1.4; empty when the publisher does not know them)
 * @param beamSpacing    angle between neighbouring beams (rad, &gt; 0), to tell how many beams a sector holds
 *                       (since 1.4)
 * @since 1.3
 */
public record RobotScan(long timestampNanos, double[] xy, int beams, int unknown, double[] unknownBearings,
        double beamSpacing) {
    public RobotScan {
        java.util.Objects.requireNonNull(xy, "xy");
        java.util.Objects.requireNonNull(unknownBearings, "unknownBearings");
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException("xy needs pairs, has " + xy.length + " values");
        }
        if (!(beamSpacing > 0) || Double.isInfinite(beamSpacing)) {
            throw new IllegalArgumentException("beamSpacing must be finite and > 0, was " + beamSpacing);
        }
    }

    /** A scan without per-beam directions of its unknown beams (beams spread over a full turn). */
    public RobotScan(long timestampNanos, double[] xy, int beams, int unknown) {
        this(timestampNanos, xy, beams, unknown, new double[0], 2 * Math.PI / Math.max(1, beams));
    }

    /** @return number of returned points */
    public int points() {
        return xy.length / 2;
    }
}
