package mechos.kernel.api.bus;

/**
 * A message as delivered: the payload plus where and when it was published.
 *
 * @param topic          the topic it was published on
 * @param payload        the message, never null
 * @param sequence       per-topic sequence number, starting at 1, increasing by 1 per publish
 * @param publishedNanos {@link System#nanoTime()} at publish
 * @param wallMillis     {@link System#currentTimeMillis()} at publish
 * @param correlationId  the intent id this message belongs to, or null
 * @param <T>            message type
 */
public record Envelope<T>(Topic<T> topic, T payload, long sequence, long publishedNanos, long wallMillis,
        String correlationId) {
}
