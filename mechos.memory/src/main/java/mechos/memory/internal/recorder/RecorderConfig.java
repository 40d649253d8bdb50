package mechos.memory.internal.recorder;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "MechOS recorder",
        description = "Records bus topics to MCAP files (the rosbag equivalent). Also controlled by the "
                + "mechos:record / mechos:stoprecord commands.")
public @interface RecorderConfig {
    @AttributeDefinition(name = "Record at start",
            description = "Start recording as soon as the recorder is active (and after every configuration change).")
    boolean record() default false;

    @AttributeDefinition(name = "Topics",
            description = "Topic names to record; '*' matches any characters (e.g. kernel/*). Empty records all.")
    String[] topics() default {};

    @AttributeDefinition(name = "Directory",
            description = "Where recordings go; empty for 'recordings' in the run directory (~/.mechos).")
    String directory() default "";

    @AttributeDefinition(name = "File prefix", description = "Recording file name prefix.")
    String prefix() default "mechos";

    @AttributeDefinition(name = "Chunk size (KiB)",
            description = "A chunk is written when this much is buffered.")
    int chunkKiB() default 1024;

    @AttributeDefinition(name = "Chunk interval (ms)",
            description = "A chunk is written at least this often: a crash loses at most this much.")
    long chunkMillis() default 1000;

    @AttributeDefinition(name = "Split size (MiB)", description = "Start a new file beyond this size; 0 never.")
    long splitMiB() default 512;

    @AttributeDefinition(name = "Split duration (s)",
            description = "Start a new file after this many seconds; 0 never.")
    long splitSeconds() default 0;

    @AttributeDefinition(name = "Chunk compression",
            description = "zstd (default, as rosbag2 and the MCAP reference writers), lz4 (faster, larger) or none.",
            options = {@Option(label = "zstd", value = "ZSTD"), @Option(label = "lz4", value = "LZ4"),
                @Option(label = "none", value = "NONE")})
    String compression() default "ZSTD";

    @AttributeDefinition(name = "Queue capacity",
            description = "The recorder's bus queue; messages beyond it are dropped and counted.")
    int queueCapacity() default 10_000;

    @AttributeDefinition(name = "fsync chunks",
            description = "Force every chunk to the device (survives power loss, slower). Without it a written "
                    + "chunk survives a crash of the process.")
    boolean fsync() default false;
}
