package mechos.memory.api;

/**
 * One topic of a recording.
 *
 * @param topic    topic name
 * @param type     message type (Java class name) as recorded
 * @param messages messages on it
 */
public record TopicSummary(String topic, String type, long messages) {
}
