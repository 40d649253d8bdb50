package mechos.kernel.internal.rules;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS rule: interlocks",
        description = "E-stop latched: all actuation rejected. SAFE_STOP: motion rejected. Manual override: AI actuation rejected.")
public @interface InterlockConfig {
    @AttributeDefinition(name = "Relays during SAFE_STOP",
            description = "Allow switching relays (lights, horn) while the robot is in SAFE_STOP.")
    boolean relays__in__safe__stop() default true;
}
