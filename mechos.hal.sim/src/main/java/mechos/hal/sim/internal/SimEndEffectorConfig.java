package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS simulated end effector",
        description = "A tool point that moves toward position targets at a maximum speed inside a box workspace.")
@interface SimEndEffectorConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'effector'.")
    String mechos_device_id() default "effector";

    @AttributeDefinition(name = "Robot", description = "LDAP filter selecting the simulated robot by name.")
    String robot_target() default "(mechos.sim.robot=robot)";

    @AttributeDefinition(name = "Frame id", description = "Frame of targets and workspace.")
    String frameId() default "base_link";

    @AttributeDefinition(name = "Workspace min", description = "Workspace corner 'x,y,z', m.")
    String workspaceMin() default "0.1,-0.3,0.0";

    @AttributeDefinition(name = "Workspace max", description = "Workspace corner 'x,y,z', m.")
    String workspaceMax() default "0.6,0.3,0.5";

    @AttributeDefinition(name = "Home", description = "Start position 'x,y,z', m, inside the workspace.")
    String home() default "0.2,0.0,0.2";

    @AttributeDefinition(name = "Max speed", description = "Speed toward a target, m/s.")
    double maxSpeed() default 0.25;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated end effector {mechos.device.id}";
}
