package mechos.kernel.api.bus;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives messages on the subscriber's own delivery thread, in publish order. A subscriber that throws is
 * logged and counted; it keeps its subscription and receives the next message.
 */
@ConsumerType
@FunctionalInterface
public interface Subscriber<T> {
    void onMessage(Envelope<? extends T> envelope);
}
