package mechos.memory.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Stepwise playback: each {@link #step()} publishes the next message. Not thread-safe; close it when done. */
@ProviderType
public interface PlaybackStepper extends AutoCloseable {
    /** @return the next message without publishing it, or empty at the end */
    Optional<RecordedMessage> peek();

    /**
     * Publishes the next message onto the bus.
     *
     * @return the message published (or skipped, if its topic is unknown to the bus), or empty at the end
     */
    Optional<RecordedMessage> step();

    @Override
    void close();
}
