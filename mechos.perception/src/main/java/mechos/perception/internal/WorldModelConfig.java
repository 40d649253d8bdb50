package mechos.perception.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS perception: world model",
        description = "The snapshot the brain and the console read: pose, nearby obstacles and input counters.")
public @interface WorldModelConfig {
    @AttributeDefinition(name = "Map frame", description = "Frame of the occupancy map.")
    String map_frame() default "map";

    @AttributeDefinition(name = "Base frame", description = "The robot's body frame.")
    String base_frame() default "base_link";

    @AttributeDefinition(name = "Obstacle radius (m)", description = "Obstacles within this distance are listed.")
    double obstacle_radius() default 3.0;

    @AttributeDefinition(name = "Max obstacles", description = "The most obstacles listed, nearest first.")
    int max_obstacles() default 64;
}
