package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS simulated battery",
        description = "A battery that drains with the simulated robot's motion.")
@interface SimBatteryConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'battery'.")
    String mechos_device_id() default "battery";

    @AttributeDefinition(name = "Robot", description = "LDAP filter selecting the simulated robot by name.")
    String robot_target() default "(mechos.sim.robot=robot)";

    @AttributeDefinition(name = "Rate", description = "Readings per second, Hz.", min = "0.01", max = "1000")
    double rateHz() default 1.0;

    @AttributeDefinition(name = "Capacity", description = "Charge when full, A·h.", min = "0.001", max = "100000")
    double capacityAh() default 5.0;

    @AttributeDefinition(name = "Full voltage", description = "Open-circuit voltage at 100 %, V (above the empty voltage).",
            min = "0.001", max = "1000")
    double fullVoltage() default 12.6;

    @AttributeDefinition(name = "Empty voltage", description = "Open-circuit voltage at 0 %, V.", min = "0", max = "1000")
    double emptyVoltage() default 10.5;

    @AttributeDefinition(name = "Idle current", description = "Current standing still, A.", min = "0", max = "1000")
    double idleCurrent() default 0.5;

    @AttributeDefinition(name = "Current per speed", description = "Extra current per m/s of wheel speed, A.",
            min = "0", max = "1000")
    double currentPerSpeed() default 4.0;

    @AttributeDefinition(name = "Internal resistance", description = "Voltage sag per ampere, Ω.", min = "0",
            max = "100")
    double internalResistance() default 0.05;

    @AttributeDefinition(name = "Initial charge", description = "State of charge at start, 0..1.", min = "0", max = "1")
    double initialCharge() default 1.0;

    @AttributeDefinition(name = "Low threshold", description = "Below this charge the device reports DEGRADED, 0..1.",
            min = "0", max = "1")
    double lowThreshold() default 0.15;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated battery {mechos.device.id}";
}
