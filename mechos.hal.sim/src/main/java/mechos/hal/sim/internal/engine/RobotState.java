package mechos.hal.sim.internal.engine;

/**
 * Ground truth of the simulated robot after a physics step. Immutable.
 *
 * @param timestampNanos  simulation clock
 * @param x               m, world frame
 * @param y               m, world frame
 * @param theta           rad, world frame, wrapped to (-π, π]
 * @param linear          m/s, true body velocity
 * @param angular         rad/s, true yaw rate
 * @param linearAccel     m/s², true forward acceleration during the last step
 * @param leftSpeed       m/s, true left wheel surface speed
 * @param rightSpeed      m/s, true right wheel surface speed
 * @param contact         true while the footprint touches something
 * @param contactBearing  rad in base_link of the touching point, NaN without contact
 * @param collisions      number of steps so far in which motion was blocked by the world
 */
public record RobotState(long timestampNanos, double x, double y, double theta, double linear, double angular,
        double linearAccel, double leftSpeed, double rightSpeed, boolean contact, double contactBearing,
        long collisions) {
}
