package mechos.perception.api;

import java.util.Objects;

import mechos.hal.api.Pose2D;

/**
 * What localisation last concluded.
 *
 * @param mode           how the map frame is anchored
 * @param quality        how far the pose can be trusted
 * @param mapFromOdom    the {@code map -> odom} correction published
 * @param pose           the robot's pose in the map frame at the last scan
 * @param matchQuality   fraction of the last scan's returns that fell on the map (0..1)
 * @param poorScans      consecutive scans that matched poorly
 * @param timestampNanos sensor time of the last scan used
 */
public record LocalisationState(Mode mode, Quality quality, Pose2D mapFromOdom, Pose2D pose, double matchQuality,
        int poorScans, long timestampNanos) {

    /** How the map frame is anchored. */
    public enum Mode {
        /** no correction: {@code map -> odom} is the identity (odometry drift is not corrected) */
        OFF,
        /** scan matching against the map being built from the scans (SLAM front end, no loop closure) */
        SLAM,
        /** scan matching against a static ROS map; the map frame is that map's frame */
        STATIC_MAP
    }

    /** How far the pose can be trusted. */
    public enum Quality {
        /** the last scans matched the map well */
        TRACKING,
        /** some recent scans matched poorly; the pose follows odometry between good matches */
        DEGRADED,
        /** many scans in a row matched poorly (or nothing was matched yet): the pose must not be trusted */
        LOST,
        /** localisation is off: the pose is odometry only */
        ODOMETRY_ONLY
    }

    public LocalisationState {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(mapFromOdom, "mapFromOdom");
        Objects.requireNonNull(pose, "pose");
    }
}
