package mechos.perception.api;

import mechos.hal.api.Pose2D;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Localisation from the LiDAR: keeps {@code map -> odom} so that {@code map -> base_link} follows the world
 * instead of drifting with odometry, and says how far the result can be trusted.
 *
 * <p><b>Threading.</b> Any thread; never blocks.
 */
@ProviderType
public interface Localisation {
    /** @return the newest state; {@link LocalisationState.Quality#LOST} before the first scan was matched */
    LocalisationState state();

    /**
     * Sets the robot's pose in the map frame (the "2D pose estimate" of ROS tools): applied to the next scan,
     * which is then matched in a window around it.
     *
     * @throws IllegalArgumentException if the pose is not finite
     */
    void setPose(Pose2D mapPose);
}
