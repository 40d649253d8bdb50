package mechos.memory.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a recording file holds.
 *
 * @param file          the file
 * @param complete      true if it was closed properly (summary and footer present); false for a file recovered
 *                      after a crash, read chunk by chunk
 * @param topics        topics with their message counts
 * @param messages      total messages readable
 * @param start         first message time, or null if empty
 * @param end           last message time, or null if empty
 * @param chunks        complete chunks read
 * @param unreadableTail bytes at the end that were not a complete, CRC-valid chunk (0 for complete files)
 */
public record RecordingInfo(Path file, boolean complete, List<TopicSummary> topics, long messages, Instant start,
        Instant end, int chunks, long unreadableTail) {
    public RecordingInfo {
        topics = List.copyOf(topics);
    }
}
