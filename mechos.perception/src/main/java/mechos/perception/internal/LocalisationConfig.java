package mechos.perception.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "MechOS perception: localisation",
        description = "Corrects odometry drift from the LiDAR by publishing map -> odom: scan matching against the map being built (SLAM) or against a static ROS map.")
public @interface LocalisationConfig {
    @AttributeDefinition(min = "3", max = "10", name = "Mode", description = "OFF: map -> odom is the identity (no correction). SLAM: match each scan against the map built from earlier scans. STATIC_MAP: match against the ROS map below; the map frame is that map's frame.",
            options = {@Option(label = "Off", value = "OFF"), @Option(label = "SLAM", value = "SLAM"),
                @Option(label = "Static ROS map", value = "STATIC_MAP")})
    String mode() default "SLAM";

    @AttributeDefinition(min = "0", max = "4096", name = "ROS map", description = "STATIC_MAP: map_server YAML (absolute, or relative to the run directory).")
    String map() default "";

    @AttributeDefinition(name = "Initial x (m)", description = "The robot's x in the map frame at start (the first scan).", min = "-100000", max = "100000")
    double initial_x() default 0.0;

    @AttributeDefinition(name = "Initial y (m)", description = "The robot's y in the map frame at start.", min = "-100000", max = "100000")
    double initial_y() default 0.0;

    @AttributeDefinition(name = "Initial heading (deg)", description = "The robot's heading in the map frame at start.", min = "-360", max = "360")
    double initial_theta_deg() default 0.0;

    @AttributeDefinition(min = "1", max = "64", name = "Map frame", description = "Parent of the published correction.")
    String map_frame() default "map";

    @AttributeDefinition(min = "1", max = "64", name = "Odometry frame", description = "Child of the published correction (the fused pose's parent).")
    String odom_frame() default "odom";

    @AttributeDefinition(min = "1", max = "64", name = "Base frame", description = "The robot's body frame.")
    String base_frame() default "base_link";

    @AttributeDefinition(name = "Search window (m)", description = "Half-width of the translations searched around the odometry prediction.", min = "0.05", max = "2")
    double linear_window() default 0.2;

    @AttributeDefinition(name = "Search window (deg)", description = "Half-width of the headings searched around the odometry prediction.", min = "0.5", max = "45")
    double angular_window_deg() default 4.0;

    @AttributeDefinition(name = "Heading step (deg)", description = "Heading step of the exhaustive search (refined below it afterwards).", min = "0.1", max = "5")
    double angular_step_deg() default 0.5;

    @AttributeDefinition(name = "Good match", description = "A scan with at least this fraction of returns on the map corrects the pose.", min = "0.05", max = "1")
    double good_quality() default 0.5;

    @AttributeDefinition(name = "Lost after (scans)", description = "This many poorly matching scans in a row make the pose LOST.", min = "1", max = "1000")
    int lost_after() default 10;

    @AttributeDefinition(name = "SLAM map extent (m)", description = "Side of the square area the SLAM map covers, centred on the start; at most 4000 cells of the resolution below (64 MB).", min = "5", max = "200")
    double slam_extent() default 40.0;

    @AttributeDefinition(name = "Resolution (m)", description = "Cell size of the SLAM map's likelihood field (a static map uses half its own cell size).", min = "0.01", max = "0.5")
    double resolution() default 0.025;

    @AttributeDefinition(name = "Sigma (m)", description = "Spread of an obstacle's likelihood: about the map's cell size.", min = "0.01", max = "0.5")
    double sigma() default 0.05;

    @AttributeDefinition(name = "Queue capacity", description = "Scans waiting for matching; further scans are dropped and counted.", min = "1", max = "100")
    int queue_capacity() default 2;
}
