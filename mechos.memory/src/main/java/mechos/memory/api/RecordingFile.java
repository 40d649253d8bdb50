package mechos.memory.api;

import java.nio.file.Path;

/**
 * One recording on disk, as listed by {@link Recorder#recordings(int)}.
 *
 * @param file           absolute path of the MCAP file
 * @param bytes          its size now (grows while it is being written)
 * @param modifiedMillis last modification, milliseconds since the epoch
 */
public record RecordingFile(Path file, long bytes, long modifiedMillis) {
}
