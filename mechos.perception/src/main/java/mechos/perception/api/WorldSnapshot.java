package mechos.perception.api;

import java.util.List;
import java.util.Objects;

import mechos.hal.api.Pose2D;

/**
 * What the brain and the operator console read about the world at one moment.
 *
 * @param takenNanos      {@link System#nanoTime()} when the snapshot was taken
 * @param pose            the fused pose (odom frame), or null before the first sample
 * @param mapPose         the robot's pose in the map frame, or null when it cannot be looked up
 * @param nearbyObstacles occupied cells around the robot in the height band, nearest first (map frame)
 * @param map             the map version the obstacles come from
 * @param scans           LiDAR input counters
 * @param motionInputs    odometry and IMU input counters
 */
public record WorldSnapshot(long takenNanos, FusedPose pose, Pose2D mapPose, List<Obstacle> nearbyObstacles,
        MapStats map, InputStats scans, InputStats motionInputs) {
    public WorldSnapshot {
        nearbyObstacles = List.copyOf(Objects.requireNonNull(nearbyObstacles, "nearbyObstacles"));
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(scans, "scans");
        Objects.requireNonNull(motionInputs, "motionInputs");
    }
}
