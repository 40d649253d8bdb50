package mechos.perception.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Subscriber;
import mechos.kernel.api.bus.SubscriberStats;
import mechos.kernel.api.bus.Topic;

/** An event bus that records every publication in order, as the recorder would; no subscriptions. */
final class CapturingBus implements EventBus {
    record Message(Topic<?> topic, Object payload) {
    }

    final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<Predicate<Topic<?>>, Subscriber<Object>>> all = new CopyOnWriteArrayList<>();
    private long sequence;

    /** Records, then delivers synchronously, in publication order, to {@link #subscribeAll} subscribers. */
    @Override
    public <T> void publish(Topic<T> topic, T payload, String correlationId) {
        messages.add(new Message(topic, payload));
        for (Map.Entry<Predicate<Topic<?>>, Subscriber<Object>> s : all) {
            if (s.getKey().test(topic)) {
                s.getValue().onMessage(new Envelope<Object>(cast(topic), payload, ++sequence, 0, 0, correlationId));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Topic<Object> cast(Topic<?> topic) {
        return (Topic<Object>) topic;
    }

    <T> List<T> on(Topic<T> topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).map(m -> topic.type().cast(m.payload()))
                .toList();
    }

    @Override
    public <T> BusSubscription subscribe(Topic<T> topic, String name, int capacity, Subscriber<? super T> subscriber) {
        throw new UnsupportedOperationException("capture only");
    }

    @Override
    public BusSubscription subscribeAll(Predicate<Topic<?>> filter, String name, int capacity,
            Subscriber<Object> subscriber) {
        Map.Entry<Predicate<Topic<?>>, Subscriber<Object>> e = Map.entry(filter, subscriber);
        all.add(e);
        return new BusSubscription() {
            @Override
            public SubscriberStats stats() {
                throw new UnsupportedOperationException("capture only");
            }

            @Override
            public void close() {
                all.remove(e);
            }
        };
    }

    @Override
    public Collection<Topic<?>> topics() {
        return List.of();
    }

    @Override
    public Optional<Topic<?>> topic(String name) {
        return Optional.empty();
    }

    @Override
    public Collection<SubscriberStats> stats() {
        return List.of();
    }
}
