package mechos.memory.internal.plan;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS patrol waypoints (Foxglove)",
        description = "Publishes the configured patrol waypoints on plan/patrol (recorded and streamed as "
                + "foxglove.PosesInFrame), on every change of their configuration and periodically.")
public @interface PatrolWaypointsConfig {
    @AttributeDefinition(name = "Enabled", description = "Publish the waypoints.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Source PID", description = "Configuration holding the waypoints.")
    String sourcePid() default "mechos.runtime.agent";

    @AttributeDefinition(name = "Source key", description = "Key holding 'x,y; x,y; ...'.")
    String sourceKey() default "waypoints";

    @AttributeDefinition(name = "Frame", description = "Frame of the waypoints (the runtime's are in odom).")
    String frame() default "odom";

    @AttributeDefinition(name = "Period (s)", description = "Re-published this often so recordings and late "
            + "viewers get them.", min = "1", max = "3600")
    int periodSeconds() default 5;
}
