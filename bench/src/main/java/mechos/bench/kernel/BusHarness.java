package mechos.bench.kernel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.Topic;
import mechos.kernel.internal.bus.EventBusImpl;

/**
 * Event bus, one publisher → one subscriber (targets: ≥ 1 M msgs/s, p99 latency &lt; 100 µs).
 * Throughput: the publisher never lets more than half the queue be outstanding, so nothing is dropped and
 * the rate is delivery, not publishing into a full queue. Latency: paced publishing, subscriber measures
 * {@code nanoTime - publishedNanos}.
 * Run: {@code java -cp bench/target/benchmarks.jar mechos.bench.kernel.BusHarness}
 */
public final class BusHarness {
    record Msg(long n) {
    }

    private BusHarness() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        for (int round = 0; round < 3; round++) {
            throughput(n, round);
        }
        for (int round = 0; round < 3; round++) {
            latency(200_000, 50_000, round);
        }
    }

    static void throughput(int n, int round) throws InterruptedException {
        EventBusImpl bus = new EventBusImpl();
        int capacity = 65_536;
        Topic<Msg> t = Topic.reliable("bench/throughput", Msg.class);
        AtomicLong delivered = new AtomicLong();
        BusSubscription sub = bus.subscribe(t, "bench", capacity, e -> delivered.lazySet(delivered.get() + 1));
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            while (i - delivered.get() > capacity / 2) {
                Thread.onSpinWait();
            }
            bus.publish(t, new Msg(i));
        }
        while (delivered.get() < n) {
            Thread.onSpinWait();
        }
        long ns = System.nanoTime() - start;
        System.out.printf("bus throughput round %d: %d msgs in %.3f s = %.2f M msgs/s, dropped %d%n", round, n,
                ns / 1e9, n / (ns / 1e9) / 1e6, sub.stats().dropped());
        bus.close();
    }

    static void latency(int n, int ratePerSecond, int round) throws InterruptedException {
        EventBusImpl bus = new EventBusImpl();
        Topic<Msg> t = Topic.reliable("bench/latency", Msg.class);
        long[] lat = new long[n];
        AtomicLong delivered = new AtomicLong();
        bus.subscribe(t, "bench", 65_536, e -> {
            long now = System.nanoTime();
            int i = (int) e.payload().n();
            lat[i] = now - e.publishedNanos();
            delivered.lazySet(delivered.get() + 1);
        });
        long interval = 1_000_000_000L / ratePerSecond;
        long next = System.nanoTime();
        for (int i = 0; i < n; i++) {
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            bus.publish(t, new Msg(i));
            next += interval;
        }
        while (delivered.get() < n) {
            Thread.onSpinWait();
        }
        long[] sorted = lat.clone();
        Arrays.sort(sorted);
        System.out.printf("bus latency round %d at %d msgs/s: p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs%n",
                round, ratePerSecond, sorted[n / 2] / 1e3, sorted[(int) (n * 0.99)] / 1e3,
                sorted[(int) (n * 0.999)] / 1e3, sorted[n - 1] / 1e3);
        bus.close();
    }
}
