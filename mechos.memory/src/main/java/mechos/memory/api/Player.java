package mechos.memory.api;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads MCAP recordings (also ones cut short by a crash: every complete chunk is read) and plays them back onto
 * the bus with their original timing, faster, or stepwise. Messages are decoded to the type of the bus topic of
 * the same name.
 */
@ProviderType
public interface Player {
    /**
     * Plays a file on a player thread. Cancelling the future stops playback.
     *
     * @return completes when done, or exceptionally with a {@link RecorderException} if the file is unreadable
     */
    CompletableFuture<PlaybackResult> play(Path file, PlaybackOptions options);

    /** @throws RecorderException if the file is unreadable */
    PlaybackStepper stepper(Path file, PlaybackOptions options);

    /** @throws RecorderException if the file is unreadable */
    RecordingInfo inspect(Path file);

    /** @return every message of the file in recorded order; for tools and tests, reads the whole file */
    List<RecordedMessage> read(Path file);
}
