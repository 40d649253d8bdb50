package mechos.runtime.internal.behaviours;

/**
 * How the fallback behaviours drive.
 *
 * @param maxLinear       m/s
 * @param maxAngular      rad/s
 * @param creepLinear     m/s when clearance is unknown (no perception)
 * @param goalTolerance   m: a waypoint counts as reached within this distance
 * @param minTimeToCollision s: candidate velocities closer to collision than this are not used
 * @param stuckTimeoutNanos a waypoint not approached by 0.1 m within this time is skipped
 */
public record MotionLimits(double maxLinear, double maxAngular, double creepLinear, double goalTolerance,
        double minTimeToCollision, long stuckTimeoutNanos) {
}
