package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS simulated world",
        description = "A 2-D world for simulated robots: a ROS map_server map plus rectangles and circles.")
@interface SimWorldConfig {
    @AttributeDefinition(name = "World name",
            description = "Name robots use to select this world (robot property world.target).")
    String mechos_sim_world() default "default";

    @AttributeDefinition(name = "Map",
            description = "ROS map_server YAML file, absolute or relative to the run directory (~/.mechos); "
                    + "'builtin:default' for the shipped room; empty for an open plane without a map.")
    String map() default SimWorld.BUILTIN_DEFAULT;

    @AttributeDefinition(name = "Rectangles",
            description = "Extra solid rectangles 'minX,minY,maxX,maxY' in metres; several per value separated by ';'.")
    String[] rectangles() default {};

    @AttributeDefinition(name = "Circles",
            description = "Extra solid circles 'x,y,radius' in metres; several per value separated by ';'.")
    String[] circles() default {};

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated world {mechos.sim.world}";
}
