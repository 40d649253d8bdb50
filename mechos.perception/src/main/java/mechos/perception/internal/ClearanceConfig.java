package mechos.perception.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS perception: clearance",
        description = "Answers the kernel's clearance query from the occupancy map and the robot's pose.")
public @interface ClearanceConfig {
    @AttributeDefinition(min = "1", max = "64", name = "Map frame", description = "Frame of the occupancy map.")
    String map_frame() default "map";

    @AttributeDefinition(min = "1", max = "64", name = "Base frame", description = "The robot's body frame.")
    String base_frame() default "base_link";

    @AttributeDefinition(min = "0.1", max = "50", name = "Obstacle search radius (m)",
            description = "How far beyond the footprint the nearest obstacle is searched; farther is reported as infinite.")
    double search_radius() default 3.0;
}
