package mechos.kernel.api.bus;

import java.util.Objects;

/**
 * A named, typed channel. Topics are values: two topics with the same name are the same topic, and a name
 * may be used with one type only. Names are slash-separated paths, e.g. {@code kernel/decisions}.
 *
 * @param name     non-empty path
 * @param type     the message type; messages are immutable records
 * @param delivery queueing policy for subscribers
 * @param <T>      message type
 */
public record Topic<T>(String name, Class<T> type, Delivery delivery) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(delivery, "delivery");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
    }

    public static <T> Topic<T> latest(String name, Class<T> type) {
        return new Topic<>(name, type, Delivery.LATEST);
    }

    public static <T> Topic<T> reliable(String name, Class<T> type) {
        return new Topic<>(name, type, Delivery.RELIABLE);
    }
}
