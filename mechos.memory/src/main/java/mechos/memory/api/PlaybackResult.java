package mechos.memory.api;

import java.util.List;

/**
 * What a playback did.
 *
 * @param published      messages published onto the bus
 * @param skipped        messages not published (topic unknown to the bus, or payload not decodable to its type)
 * @param unknownTopics  topics skipped because the running bus does not know their type
 * @param cancelled      whether the playback was cancelled before the end
 */
public record PlaybackResult(long published, long skipped, List<String> unknownTopics, boolean cancelled) {
    public PlaybackResult {
        unknownTopics = List.copyOf(unknownTopics);
    }
}
