package mechos.kernel.api.bus;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's event bus, registered as an OSGi service.
 *
 * <p><b>Threading.</b> {@link #publish} never blocks and may be called from any thread, including the safety
 * tick. Each subscription owns a bounded queue and one delivery thread.
 */
@ProviderType
public interface EventBus {
    /**
     * Publishes a message. Never blocks, never throws for a full subscriber queue (that is counted instead).
     *
     * @param correlationId intent id this message belongs to, or null
     * @throws IllegalArgumentException if the payload is not of the topic's type, or the topic name is already
     *                                  used with another type
     */
    <T> void publish(Topic<T> topic, T payload, String correlationId);

    /** Publishes without a correlation id. */
    default <T> void publish(Topic<T> topic, T payload) {
        publish(topic, payload, null);
    }

    /**
     * Subscribes to one topic.
     *
     * @param name     a name for statistics and logs (e.g. the component name)
     * @param capacity queue capacity for RELIABLE topics (ignored for LATEST, which holds one message)
     */
    <T> BusSubscription subscribe(Topic<T> topic, String name, int capacity, Subscriber<? super T> subscriber);

    /**
     * Subscribes to every topic, present and future, whose name the filter accepts (e.g. a recorder).
     * Messages of all matching topics share one RELIABLE queue of {@code capacity}.
     */
    BusSubscription subscribeAll(Predicate<Topic<?>> filter, String name, int capacity,
            Subscriber<Object> subscriber);

    /** @return every topic published or subscribed so far */
    Collection<Topic<?>> topics();

    /** @return the topic of that name, if it is known */
    Optional<Topic<?>> topic(String name);

    /** @return statistics of every live subscription */
    Collection<SubscriberStats> stats();
}
