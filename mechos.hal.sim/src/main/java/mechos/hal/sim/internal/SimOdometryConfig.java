package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS simulated odometry",
        description = "Wheel odometry of a simulated robot, drifting through wheel scale errors and speed noise.")
@interface SimOdometryConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'odom'.")
    String mechos_device_id() default "odom";

    @AttributeDefinition(name = "Robot", description = "LDAP filter selecting the simulated robot by name.")
    String robot_target() default "(mechos.sim.robot=robot)";

    @AttributeDefinition(name = "Rate", description = "Readings per second, Hz.", min = "0.01", max = "1000")
    double rateHz() default 50.0;

    @AttributeDefinition(name = "Left scale error",
            description = "Fractional error of the left wheel (0.01 = 1 % fast).", min = "-0.49", max = "0.49")
    double leftScaleError() default 0.005;

    @AttributeDefinition(name = "Right scale error", description = "Fractional error of the right wheel.", min = "-0.49", max = "0.49")
    double rightScaleError() default -0.005;

    @AttributeDefinition(name = "Speed noise", description = "Standard deviation of each wheel speed reading, m/s.", min = "0", max = "1000")
    double noiseStdDev() default 0.005;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated odometry {mechos.device.id}";
}
