package mechos.memory.internal.log;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "MechOS log topic",
        description = "Puts log lines at or above a level on the bus topic 'log' (recorded and streamed to Foxglove "
                + "as foxglove.Log), rate-limited.")
public @interface LogBusConfig {
    @AttributeDefinition(name = "Enabled", description = "Put log lines on the bus.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Level", description = "Lowest level put on the bus (the logger's own level still "
            + "applies).", options = {@Option(label = "ERROR", value = "ERROR"), @Option(label = "WARN", value = "WARN"),
                @Option(label = "INFO", value = "INFO"), @Option(label = "DEBUG", value = "DEBUG")})
    String level() default "WARN";

    @AttributeDefinition(name = "Max lines per second", description = "Lines beyond this are counted and announced "
            + "by one summary line.", min = "1", max = "1000")
    int maxPerSecond() default 20;
}
