package mechos.memory.internal.recorder;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS snapshot recorder",
        description = "Keeps the last seconds of bus traffic in RAM and writes them to an MCAP file on every "
                + "SAFE_STOP and on demand (snapshot mode, as rosbag2).")
public @interface SnapshotConfig {
    @AttributeDefinition(name = "Enabled", description = "Buffer the bus and write snapshots.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Window (s)", description = "How much history a snapshot holds.", min = "1",
            max = "3600")
    int seconds() default 30;

    @AttributeDefinition(name = "Buffer limit (MiB)",
            description = "RAM bound of the buffer; the oldest messages go first beyond it.", min = "1",
            max = "4096")
    int maxMiB() default 64;

    @AttributeDefinition(name = "Topics",
            description = "Topic names to keep; '*' matches any characters. Empty keeps all (replay/* excluded).")
    String[] topics() default {};

    @AttributeDefinition(name = "On SAFE_STOP", description = "Write a snapshot on every transition into SAFE_STOP.")
    boolean onSafeStop() default true;

    @AttributeDefinition(name = "Directory",
            description = "Where snapshots go; empty for 'recordings' in the run directory.")
    String directory() default "";
}
