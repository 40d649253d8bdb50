package mechos.hal.sim.internal.engine;

import mechos.hal.api.DriveGeometry;
import mechos.hal.api.Pose2D;
import mechos.hal.api.control.PidGains;

/**
 * Fixed parameters of a simulated differential-drive robot.
 *
 * @param geometry       wheel separation, radius, speed limits and footprint
 * @param maxWheelAccel  m/s², acceleration limit of each wheel (slew limit of its speed set-point)
 * @param wheelFriction  1/s, velocity-proportional loss of each wheel (what the PID's integral compensates)
 * @param wheelGains     gains of each wheel's speed PID (output: wheel acceleration)
 * @param physicsRateHz  physics steps per simulated second
 * @param start          start pose in the world frame
 * @param seed           seed of every random stream of this simulation
 */
public record RobotParams(DriveGeometry geometry, double maxWheelAccel, double wheelFriction, PidGains wheelGains,
        double physicsRateHz, Pose2D start, long seed) {
    public RobotParams {
        if (!(maxWheelAccel > 0) || !Double.isFinite(maxWheelAccel)) {
            throw new IllegalArgumentException("maxWheelAccel must be > 0, was " + maxWheelAccel);
        }
        if (!(wheelFriction >= 0) || !Double.isFinite(wheelFriction)) {
            throw new IllegalArgumentException("wheelFriction must be >= 0, was " + wheelFriction);
        }
        if (!(physicsRateHz >= 1 && physicsRateHz <= 10_000)) {
            throw new IllegalArgumentException("physicsRateHz must be in [1, 10000], was " + physicsRateHz);
        }
        if (!start.isFinite()) {
            throw new IllegalArgumentException("start pose must be finite, was " + start);
        }
    }

    /** Defaults of a small indoor robot: 0.3 m track, 0.2 m footprint radius, 1 m/s, 2 rad/s, 1 m/s². */
    public static RobotParams defaults(long seed) {
        return new RobotParams(new DriveGeometry(0.3, 0.05, 1.0, 2.0, 0.2), 1.0, 0.5, new PidGains(20, 10, 0),
                100, Pose2D.ORIGIN, seed);
    }

    public RobotParams withStart(Pose2D pose) {
        return new RobotParams(geometry, maxWheelAccel, wheelFriction, wheelGains, physicsRateHz, pose, seed);
    }
}
