package mechos.perception.api;

import mechos.hal.api.CameraFrame;
import mechos.hal.api.ImuReading;
import mechos.hal.api.LaserScan;
import mechos.hal.api.OdometryReading;
import mechos.kernel.api.bus.Topic;

/**
 * Event-bus topics perception publishes on (when the bus is present), so the recorder can record them, live
 * viewers can show them and a recording can be played back into perception. Sensor samples and transforms are
 * RELIABLE (a recording must hold every one to rebuild the same map); the pose and map updates are LATEST (only
 * the newest matters).
 */
public interface PerceptionTopics {
    /** The fused pose, at sensor rate; subscribers see only the newest. */
    Topic<FusedPose> FUSED_POSE = Topic.latest("perception/pose", FusedPose.class);
    /** Every LiDAR scan as the driver delivered it (sensor frame, all three beam states). @since 1.2 */
    Topic<LaserScan> SCANS = Topic.reliable("sensors/scan", LaserScan.class);
    /** Every odometry sample perception received. @since 1.2 */
    Topic<OdometryReading> ODOMETRY = Topic.reliable("sensors/odometry", OdometryReading.class);
    /** Every IMU sample perception received. @since 1.2 */
    Topic<ImuReading> IMU = Topic.reliable("sensors/imu", ImuReading.class);
    /** Every dynamic transform published into the frame tree (e.g. {@code odom -> base_link}). @since 1.2 */
    Topic<StampedTransform> TRANSFORMS = Topic.reliable("perception/tf", StampedTransform.class);
    /** The occupancy map after each integrated scan (its statistics and version); newest only. @since 1.2 */
    Topic<MapStats> MAP_UPDATES = Topic.latest("perception/map", MapStats.class);

    /**
     * Camera frames, rate-limited per camera ({@code mechos.perception.camera}, {@code max.rate.hz}); subscribers
     * see only the newest. The recorder records them under this name. @since 1.3
     */
    Topic<CameraFrame> CAMERA = Topic.latest("sensors/camera", CameraFrame.class);

    /** The localisation state after each scan; subscribers see only the newest. @since 1.2 */
    Topic<LocalisationState> LOCALISATION = Topic.latest("perception/localisation", LocalisationState.class);

    /**
     * Obstacles that move by themselves (the fleet's peers), one set per source; the clearance query the kernel
     * asks includes them. @since 1.3
     */
    Topic<DynamicObstacles> DYNAMIC_OBSTACLES = Topic.latest("perception/dynamic-obstacles", DynamicObstacles.class);
}
