package mechos.hal.pi4j.internal.relay;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS GPIO relay (Pi4J)",
        description = "A relay, solenoid or light on one digital output. The safe state is applied when the output "
                + "is claimed, when the driver stops and when the platform shuts down.")
public @interface GpioRelayConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'light'.")
    String mechos_device_id() default "relay";

    @AttributeDefinition(name = "GPIO (BCM)", description = "BCM number of the output pin.")
    int pin() default 17;

    @AttributeDefinition(name = "Active low",
            description = "true for relay boards that switch on when the input is pulled LOW (most opto boards).")
    boolean active_low() default true;

    @AttributeDefinition(name = "Safe state on", description = "The state applied at start, on stop and at shutdown.")
    boolean safe_state() default false;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "GPIO relay (Pi4J) {mechos.device.id}";
}
