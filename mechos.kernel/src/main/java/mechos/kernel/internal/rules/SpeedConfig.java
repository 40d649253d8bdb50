package mechos.kernel.internal.rules;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS rule: speed and acceleration caps",
        description = "Caps on commanded body velocity, and on the change from the current command.")
public @interface SpeedConfig {
    @AttributeDefinition(name = "Maximum linear speed (m/s)", description = "|linear| above this is rejected.")
    double max__linear() default 0.5;

    @AttributeDefinition(name = "Maximum angular speed (rad/s)", description = "|angular| above this is rejected.")
    double max__angular() default 1.5;

    @AttributeDefinition(name = "Maximum linear acceleration (m/s²)",
            description = "An increase of speed beyond max_linear_accel × accel_window_ms over the current command is rejected.")
    double max__linear__accel() default 0.8;

    @AttributeDefinition(name = "Maximum angular acceleration (rad/s²)",
            description = "Same for angular speed.")
    double max__angular__accel() default 3.0;

    @AttributeDefinition(name = "Acceleration window (ms)",
            description = "Time over which a new command may differ from the current one at the maximum acceleration "
                    + "(the drive ramps; slowing down is always allowed).")
    long accel__window__ms() default 500;
}
