package mechos.kernel.internal.hw;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS kernel: hardware registry and dispatch",
        description = "How the kernel calls drivers: a bounded executor with a deadline per call.")
public @interface HardwareConfig {
    @AttributeDefinition(name = "Dispatch deadline (ms)",
            description = "A driver call that has not returned by then marks the device FAULT (hung).")
    long dispatch__deadline__ms() default 50;

    @AttributeDefinition(name = "Dispatch threads", description = "Worker threads calling drivers.")
    int dispatch__threads() default 4;

    @AttributeDefinition(name = "Dispatch queue", description = "Calls to one device waiting for its previous call (calls to a device run one at a time,"
            + " in order); more are refused.")
    int dispatch__queue() default 256;

    @AttributeDefinition(name = "Health poll (ms)", description = "How often each driver's health() is read.")
    long health__poll__ms() default 200;

    @AttributeDefinition(name = "Safe-state wait (ms)", min = "10", max = "5000",
            description = "How long shutdown (SIGTERM, framework stop, deactivation) waits for every actuator's driver "
                    + "to acknowledge its safe state before drivers and libraries may close; 10..5000.")
    long safe__state__wait__ms() default 500;
}
