package mechos.hal.serial.internal.port;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS serial drivers: shutdown",
        description = "What happens to serial motor controllers when the JVM exits (SIGTERM, Ctrl-C).")
public @interface SerialShutdownConfig {
    @AttributeDefinition(name = "Stop wait (ms)", min = "10", max = "5000",
            description = "On JVM exit, how long the serial library's port cleanup is held back while every motor "
                    + "controller is commanded to zero speed and acknowledges it (and the kernel's safe-state call "
                    + "is acknowledged); 10..5000.")
    long stop_wait_ms() default 500;
}
