package mechos.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Subscriber;
import mechos.kernel.api.bus.SubscriberStats;
import mechos.kernel.api.bus.Topic;

class BusCommandsTest {
    private static final Topic<String> SCAN = Topic.latest("sensors/lidar", String.class);
    private static final Topic<Double> BATTERY = Topic.reliable("sensors/battery", Double.class);

    /** A bus whose subscribers receive, while the command waits, what the test scripted: 10 Hz on the LiDAR. */
    private final FakeBus bus = new FakeBus();
    private final List<Duration> waits = new ArrayList<>();
    private final BusCommands commands = new BusCommands(bus, (done, timeout) -> {
        waits.add(timeout);
        for (int i = 0; i < bus.scripted; i++) {
            bus.deliver(SCAN, "scan " + i, i * 100_000_000L, 1_700_000_000_000L + i * 100);
        }
        return done.getCount() == 0;
    });

    @Test
    void topicsListsEveryTopicWithTypeDeliveryAndMeasuredRate() {
        bus.scripted = 11;
        String out = commands.topics();
        assertTrue(out.matches("(?s).*sensors/battery\\s+Double\\s+RELIABLE\\s+0 msgs.*"), out);
        assertTrue(out.matches("(?s).*sensors/lidar\\s+String\\s+LATEST\\s+10\\.00 Hz \\(11 msgs.*"), out);
        assertTrue(out.endsWith("2 topics"), out);
        assertEquals(List.of(Duration.ofSeconds(1)), waits, "a bounded window");
        assertEquals(0, bus.open, "unsubscribed afterwards");
    }

    @Test
    void echoPrintsTheNextMessagesWithTimestamps() {
        bus.scripted = 5;
        String out = commands.echo("sensors/lidar", "2");
        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].matches("\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}] scan 0"), out);
        assertTrue(lines[1].endsWith("] scan 1"), out);
        assertEquals(0, bus.open);
    }

    @Test
    void echoSaysHowManyArrivedWhenTheTopicIsQuiet() {
        bus.scripted = 1;
        String out = commands.echo("sensors/lidar", "3", "2");
        assertTrue(out.endsWith("1 of 3 message(s) on sensors/lidar within 2 s"), out);
        assertEquals(List.of(Duration.ofSeconds(2)), waits);
    }

    @Test
    void hzMeasuresFromPublishTimesOverABoundedWindow() {
        bus.scripted = 21;
        assertEquals("sensors/lidar: 10.00 Hz (21 msgs, period min 100.0 ms max 100.0 ms) over 5 s",
                commands.hz("sensors/lidar"));
        assertEquals(List.of(Duration.ofSeconds(5)), waits);
    }

    @Test
    void helpAndArgumentErrorsPrintUsageAndNeverSubscribe() {
        assertEquals(BusCommands.TOPICS_USAGE, commands.topics("help"));
        assertEquals(BusCommands.ECHO_USAGE, commands.echo("help"));
        assertEquals(BusCommands.ECHO_USAGE, commands.echo());
        assertEquals(BusCommands.HZ_USAGE, commands.hz("--help"));
        assertEquals(Args.error("no topic 'nope' (mechos:topics lists them)", BusCommands.HZ_USAGE),
                commands.hz("nope"));
        assertEquals(Args.error("n must be between 1 and 100, got 0", BusCommands.ECHO_USAGE),
                commands.echo("sensors/lidar", "0"));
        assertEquals(Args.error("seconds must be between 1 and 60, got 600", BusCommands.HZ_USAGE),
                commands.hz("sensors/lidar", "600"));
        assertEquals(Args.error("too many arguments", BusCommands.TOPICS_USAGE), commands.topics("1", "2"));
        assertEquals(0, bus.subscriptions, "no argument error subscribed to anything");
        assertEquals(List.of(), waits);
    }

    @Test
    void withoutABusTheCommandsSaySo() {
        BusCommands none = new BusCommands(null, (d, t) -> true);
        assertEquals(Args.error("the event bus is not available", BusCommands.HZ_USAGE), none.hz("x"));
    }

    private static final class FakeBus implements EventBus {
        int scripted;
        int open;
        int subscriptions;
        private final List<Subscriber<Object>> all = new ArrayList<>();
        private final List<Object[]> byTopic = new ArrayList<>();

        @SuppressWarnings({ "unchecked", "rawtypes" })
        <T> void deliver(Topic<T> topic, T payload, long nanos, long wall) {
            Envelope<T> e = new Envelope<>(topic, payload, 0, nanos, wall, null);
            for (Subscriber<Object> s : List.copyOf(all)) {
                s.onMessage((Envelope) e);
            }
            for (Object[] ts : List.copyOf(byTopic)) {
                if (ts[0].equals(topic)) {
                    ((Subscriber) ts[1]).onMessage(e);
                }
            }
        }

        @Override
        public <T> void publish(Topic<T> topic, T payload, String correlationId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> BusSubscription subscribe(Topic<T> topic, String name, int capacity,
                Subscriber<? super T> subscriber) {
            Object[] entry = { topic, subscriber };
            byTopic.add(entry);
            return subscription(() -> byTopic.remove(entry));
        }

        @Override
        public BusSubscription subscribeAll(Predicate<Topic<?>> filter, String name, int capacity,
                Subscriber<Object> subscriber) {
            all.add(subscriber);
            return subscription(() -> all.remove(subscriber));
        }

        private BusSubscription subscription(Runnable remove) {
            open++;
            subscriptions++;
            return new BusSubscription() {
                @Override
                public SubscriberStats stats() {
                    return new SubscriberStats("x", "x", 0, 0, 0, 0, 0, 0);
                }

                @Override
                public void close() {
                    remove.run();
                    open--;
                }
            };
        }

        @Override
        public Collection<Topic<?>> topics() {
            return List.of(SCAN, BATTERY);
        }

        @Override
        public Optional<Topic<?>> topic(String name) {
            return topics().stream().filter(t -> t.name().equals(name)).findFirst();
        }

        @Override
        public Collection<SubscriberStats> stats() {
            return List.of();
        }
    }
}
