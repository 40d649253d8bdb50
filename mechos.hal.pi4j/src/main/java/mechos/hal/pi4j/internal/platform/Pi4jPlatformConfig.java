package mechos.hal.pi4j.internal.platform;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS Pi4J platform",
        description = "The GPIO/PWM platform every Pi4J device of this robot uses: a real Raspberry Pi or Pi4J's "
                + "mock platform. Without this configuration no Pi4J device starts.")
public @interface Pi4jPlatformConfig {
    @AttributeDefinition(name = "Platform", description = "RASPBERRY_PI (libgpiod + sysfs PWM) or MOCK (in memory).")
    PlatformKind platform() default PlatformKind.RASPBERRY_PI;

    @AttributeDefinition(name = "PWM chip", description = "sysfs PWM chip number on a Raspberry Pi (pwmchip0 = 0).")
    int pwm_chip() default 0;

    @AttributeDefinition(name = "Worker threads",
            description = "Threads for GPIO set-up, input polling and the motor control loops.")
    int threads() default 2;
}
