package mechos.kernel.api.bus;

/**
 * Counters of one subscriber's queue.
 *
 * @param name       subscriber name given at subscribe time
 * @param topic      topic name, or the pattern for wildcard subscriptions
 * @param queued     messages waiting now
 * @param capacity   queue capacity (1 for LATEST)
 * @param delivered  messages handed to the subscriber
 * @param dropped    RELIABLE messages dropped because the queue was full
 * @param conflated  LATEST messages replaced by a newer one before delivery
 * @param failures   times the subscriber threw
 */
public record SubscriberStats(String name, String topic, int queued, int capacity, long delivered, long dropped,
        long conflated, long failures) {
}
