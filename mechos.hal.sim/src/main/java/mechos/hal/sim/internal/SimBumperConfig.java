package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS simulated bumper",
        description = "A ring bumper around the simulated robot's footprint; pressed while touching the world.")
@interface SimBumperConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'bumper'.")
    String mechos_device_id() default "bumper";

    @AttributeDefinition(name = "Robot", description = "LDAP filter selecting the simulated robot by name.")
    String robot_target() default "(mechos.sim.robot=robot)";

    @AttributeDefinition(name = "Rate",
            description = "Readings per second, Hz (presses and releases are sent at once).", min = "0.01", max = "1000")
    double rateHz() default 20.0;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated bumper {mechos.device.id}";
}
