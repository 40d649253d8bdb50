package mechos.perception.internal.map;

import mechos.hal.api.LaserScan;
import mechos.kernel.api.RobotScan;
import mechos.perception.api.Transform;

/**
 * A scan for the kernel's stop zone: the returned beams' end points in the robot's body frame, with only the
 * sensor's static mount applied (no odometry, no localisation, no map), so a wrong map or {@code map -> odom}
 * cannot hide an obstacle. Max-range beams carry no point (nothing there); unknown beams are counted, with their
 * body-frame bearings (about the sensor), never treated as free.
 */
public final class RobotFrameScan {
    private RobotFrameScan() {
    }

    /** @param baseFromSensor the sensor's mount, {@code T_base_sensor} */
    public static RobotScan of(LaserScan scan, Transform baseFromSensor) {
        int n = scan.size();
        double[] xy = new double[2 * n];
        double[] unknownBearings = new double[n];
        int points = 0, unknown = 0;
        // rotation matrix rows for x and y of the mount (unit quaternion), so no allocation per beam
        double w = baseFromSensor.qw(), qx = baseFromSensor.qx(), qy = baseFromSensor.qy(), qz = baseFromSensor.qz();
        double r00 = 1 - 2 * (qy * qy + qz * qz), r01 = 2 * (qx * qy - qz * w);
        double r10 = 2 * (qx * qy + qz * w), r11 = 1 - 2 * (qx * qx + qz * qz);
        for (int i = 0; i < n; i++) {
            if (scan.hasReturn(i)) {
                double r = scan.ranges()[i], a = scan.angle(i);
                double sx = r * Math.cos(a), sy = r * Math.sin(a);
                xy[2 * points] = r00 * sx + r01 * sy + baseFromSensor.x();
                xy[2 * points + 1] = r10 * sx + r11 * sy + baseFromSensor.y();
                points++;
            } else if (scan.isUnknown(i)) {
                double a = scan.angle(i), cx = Math.cos(a), sy = Math.sin(a);
                unknownBearings[unknown++] = Math.atan2(r10 * cx + r11 * sy, r00 * cx + r01 * sy);
            }
        }
        double spacing = Math.abs(scan.angleIncrement());
        return new RobotScan(scan.timestampNanos(), java.util.Arrays.copyOf(xy, 2 * points), n, unknown,
                java.util.Arrays.copyOf(unknownBearings, unknown),
                spacing > 0 && Double.isFinite(spacing) ? spacing : 2 * Math.PI / Math.max(1, n));
    }
}
