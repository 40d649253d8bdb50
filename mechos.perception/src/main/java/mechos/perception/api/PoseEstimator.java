package mechos.perception.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The planar pose estimate fusing wheel odometry and IMU yaw rate. It also publishes {@code odom -> base_link}
 * into {@link Transforms} and, when an event bus is present, {@link PerceptionTopics#FUSED_POSE}.
 *
 * <p><b>Threading.</b> Any thread; never blocks.
 */
@ProviderType
public interface PoseEstimator {
    /** @return the newest estimate, empty before the first odometry or IMU sample */
    Optional<FusedPose> latest();

    /** @return counters of the odometry and IMU samples received */
    InputStats inputStats();
}
