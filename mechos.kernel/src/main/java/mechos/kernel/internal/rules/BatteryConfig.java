package mechos.kernel.internal.rules;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS rule: low battery",
        description = "Below the threshold only motion toward the base (or turning in place, or stopping) is allowed.")
public @interface BatteryConfig {
    @AttributeDefinition(name = "Low threshold (0..1)", description = "State of charge below which the rule applies.")
    double low__threshold() default 0.15;

    @AttributeDefinition(name = "Base x (m, odom)", description = "Where the charging base is, in the odom frame.")
    double base__x() default 0.0;

    @AttributeDefinition(name = "Base y (m, odom)", description = "Where the charging base is, in the odom frame.")
    double base__y() default 0.0;
}
