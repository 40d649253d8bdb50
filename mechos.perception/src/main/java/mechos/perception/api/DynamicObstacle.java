package mechos.perception.api;

/**
 * An obstacle that moves by itself and that the robot's own sensors may not see in time, e.g. a peer robot
 * reported by the fleet's presence: a disc in a named frame.
 *
 * @param id        what it is (e.g. the peer's robot id)
 * @param frame     frame of x, y (must be the clearance's map frame to be used)
 * @param x         m
 * @param y         m
 * @param radius    m, already grown by the source for the age of its data
 * @param ageMillis age of the data at the source when published
 * @param stale     true when the source considers the position uncertain (older than its TTL)
 * @since 1.3
 */
public record DynamicObstacle(String id, String frame, double x, double y, double radius, long ageMillis,
        boolean stale) {
}
