package mechos.kernel.api;

/**
 * The world model's answer to a {@link ClearanceQuery}.
 *
 * @param timeToCollision s until the footprint would touch an occupied cell at the queried velocity,
 *                        {@link Double#POSITIVE_INFINITY} if none within the horizon
 * @param nearestObstacle m from the footprint's edge to the nearest occupied cell around the robot,
 *                        {@link Double#POSITIVE_INFINITY} if none within the search radius
 * @param dataAgeNanos    age of the newest map/pose data the answer is based on
 * @param valid           false when the world model cannot answer (no pose yet, no scans yet)
 */
public record Clearance(double timeToCollision, double nearestObstacle, long dataAgeNanos, boolean valid) {
    public static Clearance unknown() {
        return new Clearance(0, 0, Long.MAX_VALUE, false);
    }
}
