package mechos.hal.api;

/**
 * One odometry sample: pose of {@code base_link} in {@code odom} and body velocity.
 *
 * @param timestampNanos monotonic time of the sample ({@link System#nanoTime()} base, or simulation time)
 * @param x              m in odom
 * @param y              m in odom
 * @param theta          rad, yaw in odom, wrapped to (-π, π]
 * @param linear         m/s along base_link +x
 * @param angular        rad/s about +z
 */
public record OdometryReading(long timestampNanos, double x, double y, double theta, double linear,
        double angular) {
}
