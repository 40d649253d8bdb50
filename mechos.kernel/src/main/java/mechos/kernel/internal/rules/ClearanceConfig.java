package mechos.kernel.internal.rules;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS rule: clearance and time to collision",
        description = "Drive commands are checked against the world model when perception is present; "
                + "without it only a conservative creep speed is allowed.")
public @interface ClearanceConfig {
    @AttributeDefinition(name = "Minimum time to collision (s)",
            description = "A command whose time to collision is below this is rejected.")
    double min__ttc() default 1.0;

    @AttributeDefinition(name = "Horizon (s)", description = "How far ahead to look.")
    double horizon() default 3.0;

    @AttributeDefinition(name = "Creep speed (m/s)",
            description = "Linear speed allowed without a valid world model answer.")
    double creep__linear() default 0.1;

    @AttributeDefinition(name = "Creep turn rate (rad/s)",
            description = "Angular speed allowed without a valid world model answer.")
    double creep__angular() default 0.5;

    @AttributeDefinition(name = "Maximum data age (ms)",
            description = "World model answers based on older data count as unknown.")
    long max__age__ms() default 500;
}
