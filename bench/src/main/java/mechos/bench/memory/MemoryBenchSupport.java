package mechos.bench.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Subscriber;
import mechos.kernel.api.bus.SubscriberStats;
import mechos.kernel.api.bus.Topic;

/** Shared helpers of the memory benchmarks. */
final class MemoryBenchSupport {
    private MemoryBenchSupport() {
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A DS configuration annotation instance: every attribute at its default unless overridden. */
    @SuppressWarnings("unchecked")
    static <A> A config(Class<A> type, Map<String, Object> overrides) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (overrides.containsKey(method.getName())) {
                return overrides.get(method.getName());
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> type.getName();
            };
        });
    }

    /** A bus that delivers synchronously on the publisher's thread: measures the recorder, not a queue. */
    static final class DirectBus implements EventBus {
        private final List<Subscriber<Object>> subs = new CopyOnWriteArrayList<>();
        private final AtomicLong seq = new AtomicLong();

        @Override
        public <T> void publish(Topic<T> topic, T payload, String correlationId) {
            Envelope<T> e = new Envelope<>(topic, payload, seq.incrementAndGet(), System.nanoTime(),
                    System.currentTimeMillis(), correlationId);
            for (Subscriber<Object> s : subs) {
                s.onMessage(e);
            }
        }

        @Override
        public <T> BusSubscription subscribe(Topic<T> topic, String name, int capacity,
                Subscriber<? super T> subscriber) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BusSubscription subscribeAll(Predicate<Topic<?>> filter, String name, int capacity,
                Subscriber<Object> subscriber) {
            subs.add(subscriber);
            return new BusSubscription() {
                @Override
                public SubscriberStats stats() {
                    return new SubscriberStats(name, "*", 0, capacity, 0, 0, 0, 0);
                }

                @Override
                public void close() {
                    subs.remove(subscriber);
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
}
