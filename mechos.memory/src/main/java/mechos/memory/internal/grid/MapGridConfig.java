package mechos.memory.internal.grid;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS map grids (Foxglove)",
        description = "Publishes the occupancy map around the robot, sliced at the LiDAR's height, on map/slice and "
                + "a static ROS map on map/static, both recorded and streamed as foxglove.Grid; bounded in size and "
                + "rate so recordings and the live view are not flooded.")
public @interface MapGridConfig {
    @AttributeDefinition(name = "Enabled", description = "Publish the slice of the occupancy map.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Radius (m)", description = "Half the side of the square slice around the LiDAR.",
            min = "1", max = "50")
    double radius() default 10.0;

    @AttributeDefinition(name = "Rate (Hz)", description = "At most this many slices per second (only after a map "
            + "update).", min = "0.1", max = "10")
    double maxHz() default 1.0;

    @AttributeDefinition(name = "Max cells", description = "At most this many cells per slice; a larger area is "
            + "coarsened (a coarse cell takes the highest occupancy it covers).", min = "1000", max = "4000000")
    int maxCells() default 250_000;

    @AttributeDefinition(name = "Map frame", description = "Frame of the occupancy map.")
    String mapFrame() default "map";

    @AttributeDefinition(name = "LiDAR frame", description = "The slice is centred on this frame and taken at its "
            + "height in the map frame.")
    String lidarFrame() default "laser";

    @AttributeDefinition(name = "Fallback height (m)", description = "Slice height while the LiDAR frame cannot "
            + "be looked up in the map frame (the slice then waits for a pose).", min = "-10", max = "10")
    double fallbackHeight() default 0.2;

    @AttributeDefinition(name = "Static map", description = "A map_server YAML (absolute, or relative to the run "
            + "directory) published on map/static; empty publishes none.")
    String staticMap() default "";

    @AttributeDefinition(name = "Static map period (s)", description = "The static map is re-published this often "
            + "so recordings and late viewers get it.", min = "1", max = "3600")
    int staticPeriodSeconds() default 10;

    @AttributeDefinition(name = "Static map max cells", description = "A larger static map is coarsened.",
            min = "1000", max = "16000000")
    int staticMaxCells() default 1_000_000;
}
