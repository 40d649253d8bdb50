package mechos.memory.api;

import java.nio.file.Path;
import java.util.List;

/**
 * The recorder's state.
 *
 * @param recording   whether a recording is running
 * @param currentFile the file being written, or null
 * @param files       every file of the current (or last) recording, in order
 * @param messages    messages written
 * @param bytes       bytes written to disk
 * @param dropped     messages lost because the recorder's bus queue was full (counted by the bus)
 * @param failures    messages that could not be encoded or written
 * @param lastError   the last write/encode failure, or empty
 * @param options     the options of the current (or last) recording, e.g. its split settings; null when there has
 *                    been none (then {@link Recorder#defaults()} says what the next one would use without options)
 */
public record RecordingStatus(boolean recording, Path currentFile, List<Path> files, long messages, long bytes,
        long dropped, long failures, String lastError, RecordingOptions options) {
    public RecordingStatus {
        files = List.copyOf(files);
        lastError = lastError == null ? "" : lastError;
    }

    /** A status without options (the constructor of API 1.4, kept). */
    public RecordingStatus(boolean recording, Path currentFile, List<Path> files, long messages, long bytes,
            long dropped, long failures, String lastError) {
        this(recording, currentFile, files, messages, bytes, dropped, failures, lastError, null);
    }
}
