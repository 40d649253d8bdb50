package mechos.memory.api;

/**
 * One message read from a recording.
 *
 * @param topic         topic name
 * @param type          recorded message type (Java class name)
 * @param logTimeNanos  wall-clock publish time, nanoseconds since the Unix epoch
 * @param sequence      the bus's per-topic sequence number
 * @param correlationId intent id it belonged to, or null
 * @param json          the payload as JSON
 */
public record RecordedMessage(String topic, String type, long logTimeNanos, long sequence, String correlationId,
        String json) {
}
