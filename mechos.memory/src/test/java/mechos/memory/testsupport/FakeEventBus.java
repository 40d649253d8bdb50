package mechos.memory.testsupport;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Subscriber;
import mechos.kernel.api.bus.SubscriberStats;
import mechos.kernel.api.bus.Topic;

/** A synchronous in-process bus for unit tests: publish delivers on the caller's thread. */
public final class FakeEventBus implements EventBus {
    private record Sub(Predicate<Topic<?>> filter, Subscriber<Object> subscriber, String name) {
    }

    private final Map<String, Topic<?>> topics = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final List<Sub> subs = new CopyOnWriteArrayList<>();

    public void declare(Topic<?> topic) {
        topics.putIfAbsent(topic.name(), topic);
    }

    @Override
    public <T> void publish(Topic<T> topic, T payload, String correlationId) {
        Topic<?> known = topics.putIfAbsent(topic.name(), topic);
        if (known != null && !known.equals(topic)) {
            throw new IllegalArgumentException("topic " + topic.name() + " already used with " + known.type());
        }
        if (!topic.type().isInstance(payload)) {
            throw new IllegalArgumentException("payload is not a " + topic.type());
        }
        long seq = sequences.computeIfAbsent(topic.name(), k -> new AtomicLong()).incrementAndGet();
        Envelope<T> env = new Envelope<>(topic, payload, seq, System.nanoTime(), System.currentTimeMillis(),
                correlationId);
        for (Sub s : subs) {
            if (s.filter().test(topic)) {
                s.subscriber().onMessage(env);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> BusSubscription subscribe(Topic<T> topic, String name, int capacity, Subscriber<? super T> subscriber) {
        declare(topic);
        return add(new Sub(t -> t.name().equals(topic.name()), e -> ((Subscriber<Object>) subscriber)
                .onMessage(e), name));
    }

    @Override
    public BusSubscription subscribeAll(Predicate<Topic<?>> filter, String name, int capacity,
            Subscriber<Object> subscriber) {
        return add(new Sub(filter, subscriber, name));
    }

    private BusSubscription add(Sub sub) {
        subs.add(sub);
        return new BusSubscription() {
            @Override
            public SubscriberStats stats() {
                return new SubscriberStats(sub.name(), "*", 0, 0, 0, 0, 0, 0);
            }

            @Override
            public void close() {
                subs.remove(sub);
            }
        };
    }

    @Override
    public Collection<Topic<?>> topics() {
        return List.copyOf(topics.values());
    }

    @Override
    public Optional<Topic<?>> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    @Override
    public Collection<SubscriberStats> stats() {
        return List.of();
    }
}
