package mechos.kernel.internal.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.SubscriberStats;
import mechos.kernel.api.bus.Topic;

class EventBusImplTest {
    private final EventBusImpl bus = new EventBusImpl();

    record Msg(int n) {
    }

    static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void close() {
        bus.close();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    @Test
    void reliableKeepsOrderPerSubscriber() throws Exception {
        Topic<Msg> t = Topic.reliable("test/order", Msg.class);
        List<Integer> a = new CopyOnWriteArrayList<>();
        List<Integer> b = new CopyOnWriteArrayList<>();
        bus.subscribe(t, "a", 10_000, e -> a.add(e.payload().n()));
        bus.subscribe(t, "b", 10_000, e -> b.add(e.payload().n()));
        for (int i = 0; i < 5000; i++) {
            bus.publish(t, new Msg(i));
        }
        await(() -> a.size() == 5000 && b.size() == 5000, "all delivered");
        for (int i = 0; i < 5000; i++) {
            assertEquals(i, a.get(i));
            assertEquals(i, b.get(i));
        }
    }

    @Test
    void slowSubscriberNeitherBlocksPublisherNorOthersAndOverflowIsCounted() throws Exception {
        Topic<Msg> t = Topic.reliable("test/overflow", Msg.class);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> fast = new CopyOnWriteArrayList<>();
        BusSubscription slow = bus.subscribe(t, "slow", 10, e -> waitFor(release));
        bus.subscribe(t, "fast", 1000, e -> fast.add(e.payload().n()));
        for (int i = 0; i < 500; i++) {
            bus.publish(t, new Msg(i)); // returns although "slow" is stuck
        }
        await(() -> fast.size() == 500, "fast subscriber got everything");
        SubscriberStats s = slow.stats();
        // the queue (10) plus the delivery batch taken from it (at most 5) hold the rest; everything else is
        // dropped and counted
        assertTrue(s.dropped() >= 500 - 15, "dropped " + s.dropped());
        assertEquals(500, s.dropped() + s.queued() + s.delivered());
        release.countDown();
    }

    @Test
    void latestConflatesToNewest() throws Exception {
        Topic<Msg> t = Topic.latest("test/latest", Msg.class);
        CountDownLatch gate = new CountDownLatch(1);
        List<Integer> got = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean inHand = new java.util.concurrent.atomic.AtomicBoolean();
        BusSubscription sub = bus.subscribe(t, "l", 0, e -> {
            inHand.set(true);
            waitFor(gate);
            got.add(e.payload().n());
        });
        bus.publish(t, new Msg(0));
        await(inHand::get, "first taken");
        for (int i = 1; i <= 100; i++) {
            bus.publish(t, new Msg(i));
        }
        gate.countDown();
        await(() -> got.contains(100), "newest delivered");
        assertEquals(List.of(0, 100), got);
        assertEquals(99, sub.stats().conflated());
    }

    @Test
    void throwingSubscriberIsIsolatedAndKeepsReceiving() throws Exception {
        Topic<Msg> t = Topic.reliable("test/throw", Msg.class);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<Integer> other = new CopyOnWriteArrayList<>();
        BusSubscription bad = bus.subscribe(t, "bad", 100, e -> {
            seen.add(e.payload().n());
            throw new IllegalStateException("boom " + e.payload().n());
        });
        bus.subscribe(t, "good", 100, e -> other.add(e.payload().n()));
        for (int i = 0; i < 5; i++) {
            bus.publish(t, new Msg(i), "intent-" + i);
        }
        await(() -> seen.size() == 5 && other.size() == 5, "both got all");
        assertEquals(5, bad.stats().failures());
    }

    @Test
    void wildcardSeesPresentAndFutureTopicsAndCloseStopsDelivery() throws Exception {
        Topic<Msg> t1 = Topic.reliable("kernel/one", Msg.class);
        bus.publish(t1, new Msg(1));
        List<String> got = new CopyOnWriteArrayList<>();
        BusSubscription all = bus.subscribeAll(tp -> tp.name().startsWith("kernel/"), "rec", 100,
                e -> got.add(e.topic().name() + ":" + e.sequence() + ":" + e.correlationId()));
        Topic<Msg> t2 = Topic.reliable("kernel/two", Msg.class);
        bus.publish(t1, new Msg(2), "x");
        bus.publish(t2, new Msg(3));
        bus.publish(Topic.reliable("other/three", Msg.class), new Msg(4));
        await(() -> got.size() == 2, "two matching");
        assertEquals(List.of("kernel/one:2:x", "kernel/two:1:null"), got);
        all.close();
        all.close();
        bus.publish(t2, new Msg(5));
        assertEquals(2, got.size());
        assertTrue(bus.topic("kernel/two").isPresent());
    }

    @Test
    void topicNameIsBoundToOneType() {
        bus.publish(Topic.reliable("test/typed", Msg.class), new Msg(1));
        assertThrows(IllegalArgumentException.class,
                () -> bus.publish(Topic.reliable("test/typed", String.class), "x"));
    }
}
