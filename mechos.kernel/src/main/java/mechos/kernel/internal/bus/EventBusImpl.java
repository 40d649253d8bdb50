package mechos.kernel.internal.bus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.Delivery;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Subscriber;
import mechos.kernel.api.bus.SubscriberStats;
import mechos.kernel.api.bus.Topic;

/**
 * The event bus. Publishing walks a copy-on-write list of subscriptions and offers to each one's own bounded
 * queue, so it never blocks and never waits for a subscriber.
 */
@Component(service = EventBus.class)
public final class EventBusImpl implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBusImpl.class);

    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    private final List<Wildcard> wildcards = new CopyOnWriteArrayList<>();
    private final Object structureLock = new Object();

    /** One topic: its sequence counter and its subscribers. */
    private static final class Channel {
        final Topic<?> topic;
        final AtomicLong sequence = new AtomicLong();
        final List<Subscription> subscribers = new CopyOnWriteArrayList<>();

        Channel(Topic<?> topic) {
            this.topic = topic;
        }
    }

    private record Wildcard(Predicate<Topic<?>> filter, Subscription subscription) {
    }

    @Override
    public <T> void publish(Topic<T> topic, T payload, String correlationId) {
        Objects.requireNonNull(payload, "payload");
        if (!topic.type().isInstance(payload)) {
            throw new IllegalArgumentException("payload " + payload.getClass().getName() + " is not a "
                    + topic.type().getName() + " (topic " + topic.name() + ")");
        }
        Channel channel = channel(topic);
        Envelope<T> envelope = new Envelope<>(topic, payload, channel.sequence.incrementAndGet(), System.nanoTime(),
                System.currentTimeMillis(), correlationId);
        List<Subscription> subs = channel.subscribers;
        for (int i = 0, n = subs.size(); i < n; i++) {
            subs.get(i).offer(envelope);
        }
    }

    @Override
    public <T> BusSubscription subscribe(Topic<T> topic, String name, int capacity, Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Channel channel = channel(topic);
        Queue queue = topic.delivery() == Delivery.LATEST ? Queue.latest() : Queue.reliable(capacity);
        Subscription s = new Subscription(name, topic.name(), queue, subscriber, channel.subscribers::remove);
        channel.subscribers.add(s);
        s.start();
        LOG.debug("{} subscribed to {} ({}, capacity {})", name, topic.name(), topic.delivery(), queue.capacity());
        return s;
    }

    @Override
    public BusSubscription subscribeAll(Predicate<Topic<?>> filter, String name, int capacity,
            Subscriber<Object> subscriber) {
        Objects.requireNonNull(filter, "filter");
        Queue queue = Queue.reliable(capacity);
        Wildcard[] holder = new Wildcard[1];
        Subscription s = new Subscription(name, "*", queue, subscriber, sub -> {
            wildcards.remove(holder[0]);
            channels.values().forEach(c -> c.subscribers.remove(sub));
        });
        holder[0] = new Wildcard(filter, s);
        synchronized (structureLock) {
            wildcards.add(holder[0]);
            for (Channel c : channels.values()) {
                if (matches(filter, c.topic)) {
                    c.subscribers.add(s);
                }
            }
        }
        s.start();
        return s;
    }

    private Channel channel(Topic<?> topic) {
        Channel c = channels.get(topic.name());
        if (c == null) {
            synchronized (structureLock) {
                c = channels.get(topic.name());
                if (c == null) {
                    c = new Channel(topic);
                    for (Wildcard w : wildcards) {
                        if (!w.subscription().isClosed() && matches(w.filter(), topic)) {
                            c.subscribers.add(w.subscription());
                        }
                    }
                    channels.put(topic.name(), c);
                }
            }
        }
        if (c.topic.type() != topic.type()) {
            throw new IllegalArgumentException("topic " + topic.name() + " is already used with type "
                    + c.topic.type().getName() + ", not " + topic.type().getName());
        }
        return c;
    }

    private static boolean matches(Predicate<Topic<?>> filter, Topic<?> topic) {
        try {
            return filter.test(topic);
        } catch (RuntimeException e) {
            LOG.warn("wildcard subscription filter threw for topic {}; not subscribing it", topic.name(), e);
            return false;
        }
    }

    @Override
    public Collection<Topic<?>> topics() {
        List<Topic<?>> list = new ArrayList<>();
        channels.values().forEach(c -> list.add(c.topic));
        return list;
    }

    @Override
    public Optional<Topic<?>> topic(String name) {
        Channel c = channels.get(name);
        return c == null ? Optional.empty() : Optional.of(c.topic);
    }

    @Override
    public Collection<SubscriberStats> stats() {
        List<SubscriberStats> list = new ArrayList<>();
        java.util.Set<Subscription> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Channel c : channels.values()) {
            for (Subscription s : c.subscribers) {
                if (seen.add(s)) {
                    list.add(s.stats());
                }
            }
        }
        for (Wildcard w : wildcards) {
            if (seen.add(w.subscription())) {
                list.add(w.subscription().stats());
            }
        }
        return list;
    }

    /** Closes every subscription (their threads end). */
    @Deactivate
    public void close() {
        List<Subscription> all = new ArrayList<>();
        channels.values().forEach(c -> all.addAll(c.subscribers));
        wildcards.forEach(w -> all.add(w.subscription()));
        all.forEach(Subscription::close);
        LOG.debug("event bus closed {} subscriptions", all.size());
    }
}
