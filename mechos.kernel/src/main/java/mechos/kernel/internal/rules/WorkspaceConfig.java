package mechos.kernel.internal.rules;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS rule: end-effector workspace",
        description = "Targets must lie in the effector's own workspace and inside these bounds (its frame, metres).")
public @interface WorkspaceConfig {
    @AttributeDefinition(name = "Min x (m)", description = "Lower x bound.")
    double min__x() default -1.0;

    @AttributeDefinition(name = "Max x (m)", description = "Upper x bound.")
    double max__x() default 1.0;

    @AttributeDefinition(name = "Min y (m)", description = "Lower y bound.")
    double min__y() default -1.0;

    @AttributeDefinition(name = "Max y (m)", description = "Upper y bound.")
    double max__y() default 1.0;

    @AttributeDefinition(name = "Min z (m)", description = "Lower z bound.")
    double min__z() default 0.0;

    @AttributeDefinition(name = "Max z (m)", description = "Upper z bound.")
    double max__z() default 1.5;
}
