package mechos.memory.api;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Snapshot mode (as rosbag2's): the last seconds of bus traffic are kept in a bounded ring buffer in RAM and
 * written to an MCAP file on demand and on every transition into SAFE_STOP ("what happened in the last 30 s").
 */
@ProviderType
public interface Snapshots {
    /**
     * Writes the buffer to a new file in the recordings directory.
     *
     * @param reason a word for the file name, e.g. {@code manual} or {@code safe-stop}
     * @return the file, completed on the snapshot thread (exceptionally with a {@link RecorderException})
     */
    CompletableFuture<Path> dump(String reason);

    /** @return messages currently buffered */
    int buffered();
}
