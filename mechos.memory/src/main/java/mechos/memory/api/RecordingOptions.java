package mechos.memory.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to record.
 *
 * @param topics        topic names to record; {@code *} matches any run of characters (e.g. {@code kernel/*});
 *                      empty records every topic
 * @param directory     where files go, or null for the configured default ({@code <run dir>/recordings})
 * @param prefix        file name prefix; files are named {@code <prefix>-<UTC time>-<part>.mcap}
 * @param splitBytes    start a new file when the current one exceeds this size; 0 for no size split
 * @param splitDuration start a new file when the current one spans this long; {@link Duration#ZERO} for none
 * @param chunkBytes    write a chunk when this many bytes of messages are buffered
 * @param chunkInterval write a chunk at least this often, so a crash loses at most this much
 * @param compression   chunk compression; null means {@link RecordingCompression#ZSTD}
 */
public record RecordingOptions(List<String> topics, Path directory, String prefix, long splitBytes,
        Duration splitDuration, long chunkBytes, Duration chunkInterval, RecordingCompression compression) {
    public RecordingOptions {
        compression = compression == null ? RecordingCompression.ZSTD : compression;
        topics = topics == null ? List.of() : List.copyOf(topics);
        prefix = prefix == null || prefix.isBlank() ? "mechos" : prefix;
        splitDuration = splitDuration == null ? Duration.ZERO : splitDuration;
        chunkInterval = chunkInterval == null ? Duration.ofSeconds(1) : chunkInterval;
        if (splitBytes < 0 || chunkBytes <= 0 || splitDuration.isNegative() || chunkInterval.isNegative()
                || chunkInterval.isZero()) {
            throw new IllegalArgumentException("invalid recording options: splitBytes=" + splitBytes
                    + " chunkBytes=" + chunkBytes + " splitDuration=" + splitDuration + " chunkInterval="
                    + chunkInterval);
        }
    }

    /** Options with zstd chunks (the constructor of API 1.1, kept). */
    public RecordingOptions(List<String> topics, Path directory, String prefix, long splitBytes,
            Duration splitDuration, long chunkBytes, Duration chunkInterval) {
        this(topics, directory, prefix, splitBytes, splitDuration, chunkBytes, chunkInterval,
                RecordingCompression.ZSTD);
    }

    /** Every topic, default directory, 1 MiB chunks flushed at least every second, no split. */
    public static RecordingOptions allTopics() {
        return new RecordingOptions(List.of(), null, "mechos", 0, Duration.ZERO, 1 << 20, Duration.ofSeconds(1),
                RecordingCompression.ZSTD);
    }

    public RecordingOptions withTopics(List<String> names) {
        return new RecordingOptions(names, directory, prefix, splitBytes, splitDuration, chunkBytes, chunkInterval, compression);
    }

    public RecordingOptions withDirectory(Path dir) {
        return new RecordingOptions(topics, dir, prefix, splitBytes, splitDuration, chunkBytes, chunkInterval, compression);
    }

    public RecordingOptions withSplit(long bytes, Duration duration) {
        return new RecordingOptions(topics, directory, prefix, bytes, duration, chunkBytes, chunkInterval, compression);
    }

    public RecordingOptions withChunks(long bytes, Duration interval) {
        return new RecordingOptions(topics, directory, prefix, splitBytes, splitDuration, bytes, interval, compression);
    }

    public RecordingOptions withCompression(RecordingCompression c) {
        return new RecordingOptions(topics, directory, prefix, splitBytes, splitDuration, chunkBytes, chunkInterval,
                c);
    }
}
