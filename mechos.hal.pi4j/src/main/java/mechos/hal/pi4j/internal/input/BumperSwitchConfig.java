package mechos.hal.pi4j.internal.input;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.pi4j.io.gpio.digital.PullResistance;

@ObjectClassDefinition(name = "MechOS bumper switch (Pi4J)",
        description = "A contact switch on one digital input, debounced, with the bearing of the contact point.")
public @interface BumperSwitchConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'bumper-front'.")
    String mechos_device_id() default "bumper";

    @AttributeDefinition(name = "GPIO (BCM)", description = "Input pin.")
    int pin() default 22;

    @AttributeDefinition(name = "Pressed when HIGH",
            description = "false for a normally-open switch to ground with pull-up (pressed reads LOW).")
    boolean pressed_when_high() default false;

    @AttributeDefinition(name = "Pull resistor", description = "Input bias.")
    PullResistance pull() default PullResistance.PULL_UP;

    @AttributeDefinition(name = "Bearing (rad)", description = "Direction of the switch in base_link; NaN if unknown.")
    double bearing() default 0.0;

    @AttributeDefinition(name = "Debounce (ms)", description = "A level must hold this long to count.")
    int debounce_ms() default 10;

    @AttributeDefinition(name = "Poll period (ms)", description = "How often the input is sampled.")
    int poll_ms() default 5;

    @AttributeDefinition(name = "Heartbeat (ms)", description = "The state is re-published at least this often.")
    int heartbeat_ms() default 500;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Bumper switch (Pi4J) {mechos.device.id}";
}
