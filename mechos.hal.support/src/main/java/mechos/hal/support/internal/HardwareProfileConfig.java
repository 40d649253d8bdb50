package mechos.hal.support.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import mechos.hal.support.HardwareProfile;

@ObjectClassDefinition(name = "MechOS hardware profile",
        description = "Which driver families run: the simulator, serial devices, Raspberry Pi GPIO, or several. "
                + "Changing it stops the devices of the families no longer selected and starts the others.")
public @interface HardwareProfileConfig {
    @AttributeDefinition(name = "Profile", cardinality = 3,
            description = "sim, serial, pi4j, or several (serial,pi4j). Default sim.",
            options = { @Option(value = HardwareProfile.SIM, label = "simulator"),
                    @Option(value = HardwareProfile.SERIAL, label = "serial devices (RPLIDAR, RoboClaw)"),
                    @Option(value = HardwareProfile.PI4J, label = "Raspberry Pi GPIO (Pi4J)") })
    String[] profile() default { HardwareProfile.SIM };
}
