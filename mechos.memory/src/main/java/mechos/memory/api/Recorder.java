package mechos.memory.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records bus topics to MCAP files (JSON-encoded messages, a JSON Schema per topic type, chunked, CRC32 per
 * chunk). One recording at a time. Messages arrive on the recorder's own bus subscription thread and are written
 * there; the robot never waits on the disk.
 */
@ProviderType
public interface Recorder {
    /**
     * Starts recording. Opening the first file happens before this returns (a few milliseconds).
     *
     * @throws RecorderException if a recording is already running, no bus is present, or the file cannot be
     *                           created (the message names the file and the cause)
     */
    RecordingStatus start(RecordingOptions options);

    /**
     * The configured options: what a recording started with no options of its own uses (topics, directory, prefix,
     * chunking, split, compression). {@link #start(RecordingOptions)} takes the options it is given as they are and
     * merges nothing in, so a caller that chooses only some settings (e.g. topics) starts from these, not from
     * {@link RecordingOptions#allTopics()}, or it silently loses the configured split and compression. Never null,
     * never blocks, never throws.
     *
     * @since 1.5
     */
    RecordingOptions defaults();

    /** Stops recording, writes the last chunk and the summary and closes the file. Harmless when not recording. */
    RecordingStatus stop();

    RecordingStatus status();

    /**
     * Lists the MCAP recordings in the recorder's directory (the one of the running or last recording, else the
     * configured one), newest first. Reads the directory on the caller's thread; never throws: a missing or
     * unreadable directory lists nothing.
     *
     * @param max at most this many files (at least 1)
     */
    java.util.List<RecordingFile> recordings(int max);
}
