package mechos.perception.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS perception: dynamic obstacles",
        description = "Obstacles reported by others (the fleet's peers) that the clearance query includes.")
public @interface DynamicObstaclesConfig {
    @AttributeDefinition(name = "Growth speed (m/s)", min = "0", max = "10",
            description = "While no newer set arrives, each obstacle's radius grows by this per second since the "
                    + "last set was received (the obstacle may have moved that far). 0 = no growth.")
    double growth_speed() default 1.0;

    @AttributeDefinition(name = "Max radius (m)", min = "0.05", max = "50",
            description = "Growth stops at this radius (an obstacle reported larger keeps its own radius).")
    double max_radius() default 3.0;
}
