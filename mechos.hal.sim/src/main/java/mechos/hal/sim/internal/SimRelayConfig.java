package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS simulated relay",
        description = "A switched output on a simulated robot (light, horn, solenoid) with a safe state.")
@interface SimRelayConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'relay.light'.")
    String mechos_device_id() default "relay.light";

    @AttributeDefinition(name = "Robot", description = "LDAP filter selecting the simulated robot by name.")
    String robot_target() default "(mechos.sim.robot=robot)";

    @AttributeDefinition(name = "Safe state",
            description = "State applied at start, on stop and at shutdown (true = on).")
    boolean safeState() default false;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated relay {mechos.device.id}";
}
