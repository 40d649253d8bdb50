package mechos.hal.pi4j.internal.input;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.pi4j.io.gpio.digital.PullResistance;

@ObjectClassDefinition(name = "MechOS e-stop button (Pi4J)",
        description = "A physical emergency-stop input. The kernel latches its e-stop when it reads 'pressed' "
                + "(and when this device goes OFFLINE/FAULT). Wire it normally-closed to ground with the pull-up: "
                + "pressed or a cut wire reads HIGH.")
public @interface EStopButtonConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'estop'.")
    String mechos_device_id() default "estop";

    @AttributeDefinition(name = "GPIO (BCM)", description = "Input pin.")
    int pin() default 4;

    @AttributeDefinition(name = "Pressed when HIGH",
            description = "true for a normally-closed contact to ground with pull-up (fail-safe wiring).")
    boolean pressed_when_high() default true;

    @AttributeDefinition(name = "Pull resistor", description = "Input bias.")
    PullResistance pull() default PullResistance.PULL_UP;

    @AttributeDefinition(name = "Debounce (ms)", description = "A level must hold this long to count.")
    int debounce_ms() default 20;

    @AttributeDefinition(name = "Poll period (ms)", description = "How often the input is sampled.")
    int poll_ms() default 5;

    @AttributeDefinition(name = "Heartbeat (ms)", description = "The state is re-published at least this often.")
    int heartbeat_ms() default 500;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "E-stop button (Pi4J) {mechos.device.id}";
}
