package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS simulated drive base",
        description = "The DriveBase of a simulated robot (velocity commands go to its wheel PIDs).")
@interface SimDriveBaseConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'base'.")
    String mechos_device_id() default "base";

    @AttributeDefinition(name = "Robot", description = "LDAP filter selecting the simulated robot by name.")
    String robot_target() default "(mechos.sim.robot=robot)";

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated drive base {mechos.device.id}";
}
