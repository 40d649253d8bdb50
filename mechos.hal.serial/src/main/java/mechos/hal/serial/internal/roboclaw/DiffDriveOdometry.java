package mechos.hal.serial.internal.roboclaw;

import mechos.hal.api.OdometryReading;
import mechos.hal.api.Pose2D;

/**
 * Integrates a differential drive's pose from wheel encoder counts. The first sample after {@link #reset()}
 * only primes the counters (a reconnected controller may have restarted its counts). Counter wrap-around is
 * handled by 32-bit difference arithmetic. Not thread-safe (the device's I/O thread).
 */
final class DiffDriveOdometry {
    private double wheelSeparation;
    private double metresPerTick;
    private double x;
    private double y;
    private double theta;
    private int lastLeft;
    private int lastRight;
    private boolean primed;

    DiffDriveOdometry(double wheelSeparation, double metresPerTick) {
        this.wheelSeparation = wheelSeparation;
        this.metresPerTick = metresPerTick;
    }

    /**
     * @param leftTicks   left wheel encoder count (forward positive)
     * @param rightTicks  right wheel encoder count
     * @param leftSpeed   m/s measured at the left wheel
     * @param rightSpeed  m/s measured at the right wheel
     */
    OdometryReading update(int leftTicks, int rightTicks, double leftSpeed, double rightSpeed, long nanos) {
        if (primed) {
            double dl = (leftTicks - lastLeft) * metresPerTick;
            double dr = (rightTicks - lastRight) * metresPerTick;
            double dc = (dl + dr) / 2;
            double dTheta = (dr - dl) / wheelSeparation;
            double mid = theta + dTheta / 2;
            x += dc * Math.cos(mid);
            y += dc * Math.sin(mid);
            theta = Pose2D.wrap(theta + dTheta);
        }
        lastLeft = leftTicks;
        lastRight = rightTicks;
        primed = true;
        return new OdometryReading(nanos, x, y, theta, (leftSpeed + rightSpeed) / 2,
                (rightSpeed - leftSpeed) / wheelSeparation);
    }

    /** Applies new geometry (a changed configuration) from the next sample on. */
    void geometry(double newWheelSeparation, double newMetresPerTick) {
        this.wheelSeparation = newWheelSeparation;
        this.metresPerTick = newMetresPerTick;
    }

    /** Forgets the last counts (keeps the pose). */
    void reset() {
        primed = false;
    }
}
