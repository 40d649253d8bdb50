package mechos.memory.api;

/** How recording chunks are compressed. */
public enum RecordingCompression {
    /** zstd (level 3), the default of rosbag2 and the MCAP reference writers. */
    ZSTD,
    /** LZ4 frames: faster, larger files. */
    LZ4,
    /** No compression. */
    NONE
}
