package mechos.perception.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS perception: world model",
        description = "The snapshot the brain and the console read: pose, nearby obstacles and input counters.")
public @interface WorldModelConfig {
    @AttributeDefinition(min = "1", max = "64", name = "Map frame", description = "Frame of the occupancy map.")
    String map_frame() default "map";

    @AttributeDefinition(min = "1", max = "64", name = "Base frame", description = "The robot's body frame.")
    String base_frame() default "base_link";

    @AttributeDefinition(min = "0.1", max = "50", name = "Obstacle radius (m)", description = "Obstacles within this distance are listed.")
    double obstacle_radius() default 3.0;

    @AttributeDefinition(min = "0", max = "10000", name = "Max obstacles", description = "The most obstacles listed, nearest first.")
    int max_obstacles() default 64;
}
