package mechos.bench.fleet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskPhase;
import mechos.fleet.internal.FleetNode;
import mechos.fleet.internal.NodeOptions;
import mechos.fleet.internal.market.MarketAgent;
import mechos.fleet.internal.mqtt.LinkOptions;

/**
 * Fleet figures through a real Mosquitto on loopback (bench/REPORT-fleet.md): presence and message latency
 * p50/p99 with N fleet members (FleetNode, the component's core, without the rest of the robot), broker
 * messages/s, CPU of one member, task award time, time to start of execution, and re-award time after the
 * winner is killed. Not a JMH benchmark: it measures a distributed system's latencies.
 *
 * <pre>java -cp bench/target/benchmarks.jar mechos.bench.fleet.FleetHarness 3 50</pre>
 */
public final class FleetHarness {
    private static final long PRESENCE_MS = 200;
    private static final MarketAgent.Settings MARKET = new MarketAgent.Settings(500, 3000, 500, 750);

    private FleetHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] { "3", "50" } : args) {
            sizes.add(Integer.parseInt(a));
        }
        for (int n : sizes) {
            run(n);
        }
    }

    private static void run(int n) throws Exception {
        Path dir = Files.createTempDirectory("fleet-bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("m.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\nuser "
                + System.getProperty("user.name") + "\nmax_queued_messages 100000\n");
        Process broker = new ProcessBuilder("mosquitto", "-c", dir.resolve("m.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        List<FleetNode> nodes = new ArrayList<>();
        try {
            await(10_000, () -> listening(port));
            String uri = "tcp://127.0.0.1:" + port;
            List<Long> msgLatency = new CopyOnWriteArrayList<>();
            Map<String, Long> started = new ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String id = String.format("r%02d", i);
                double cost = 1 + i;
                NodeOptions o = new NodeOptions("bench", new LinkOptions(uri, id, "", "", null, 5, 600, 5, "",
                        new byte[0], 100_000), Set.of("*"), PRESENCE_MS, 0.3, 2000, 1.0, 3.0, MARKET, 1000);
                nodes.add(new FleetNode(o, new FleetNode.Sinks(
                        m -> msgLatency.add(System.nanoTime() / 1000 - Long.parseLong(m.text())), f -> { }, t -> { }),
                        () -> new FleetNode.LocalStatus("map", cost, 0, 0, "NOMINAL", "idle", 1),
                        t -> OptionalDouble.of(cost), new MarketAgent.Listener() {
                            @Override
                            public void started(MarketTask task, int epoch) {
                                started.put(task.taskId() + "/" + id, System.nanoTime());
                            }

                            @Override
                            public void stopped(MarketTask task, int epoch) {
                            }
                        }, () -> (System.nanoTime() - t0) / 1_000_000, System::currentTimeMillis));
            }
            // presence: a separate observer measures sentMillis (stamped when the status is built) → arrival
            List<Long> presence = new CopyOnWriteArrayList<>();
            AtomicLong received = new AtomicLong();
            ObjectMapper json = new ObjectMapper();
            MqttAsyncClient observer = new MqttAsyncClient(uri, "observer", null);
            // (the blocking MqttClient.subscribe recurses forever in Paho v5 1.2.5: the async client with a callback)
            observer.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage msg) throws Exception {
                    received.incrementAndGet();
                    if (topic.startsWith("mechos/bench/status/") && !msg.isRetained()) {
                        JsonNode s = json.readTree(msg.getPayload());
                        if (s.path("online").asBoolean()) {
                            presence.add(System.currentTimeMillis() - s.path("sentMillis").asLong());
                        }
                    }
                }

                @Override
                public void disconnected(MqttDisconnectResponse r) {
                }

                @Override
                public void mqttErrorOccurred(MqttException e) {
                }

                @Override
                public void deliveryComplete(IMqttToken t) {
                }

                @Override
                public void connectComplete(boolean reconnect, String uri) {
                }

                @Override
                public void authPacketArrived(int code, MqttProperties p) {
                }
            });
            observer.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
            observer.subscribe("mechos/bench/#", 1).waitForCompletion(10_000);
            nodes.forEach(FleetNode::start);
            await(30_000, () -> nodes.stream().allMatch(x -> x.peers().size() == n - 1));
            // steady state: 10 s of presence at 5 Hz from every member; CPU of member r00's threads
            presence.clear();
            long rx0 = received.get();
            long cpu0 = cpuOf("r00");
            long w0 = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10)); // a measurement window, not a wait for a state
            double secs = (System.nanoTime() - w0) / 1e9;
            long cpu = cpuOf("r00") - cpu0;
            long rx = received.get() - rx0;
            // messages: 100 broadcasts from r00, latency at every other member (sender's nanoTime in the text)
            for (int i = 0; i < 100; i++) {
                nodes.get(0).broadcast(Long.toString(System.nanoTime() / 1000), "bench");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // pacing: 50 broadcasts/s
            }
            await(30_000, () -> msgLatency.size() >= 100L * (n - 1));
            System.out.printf("fleet of %d (presence %d ms, bid window %d ms, lease %d ms + grace %d ms)%n", n,
                    PRESENCE_MS, MARKET.bidWindowMillis(), MARKET.leaseMillis(), MARKET.graceMillis());
            System.out.printf("  presence latency ms: p50 %d  p99 %d  max %d  (%d samples)%n", pct(presence, 50),
                    pct(presence, 99), pct(presence, 100), presence.size());
            System.out.printf("  message latency µs:  p50 %d  p99 %d  max %d  (%d samples)%n", pct(msgLatency, 50),
                    pct(msgLatency, 99), pct(msgLatency, 100), msgLatency.size());
            System.out.printf("  broker → observer: %.0f msgs/s (presence published: %.0f msgs/s)%n", rx / secs,
                    n * 1000.0 / PRESENCE_MS);
            System.out.printf("  CPU of one member's threads: %.1f %% of one core%n", cpu / 1e9 / secs * 100);
            // market: post → award at the poster → start of execution at the winner
            long post = System.nanoTime();
            nodes.get(n - 1).post(new MarketTask("t1", "goto", "bench", "", 1, 1, "", 0, nodes.get(n - 1).self()));
            await(30_000, () -> phase(nodes.get(n - 1), "t1") == TaskPhase.AWARDED);
            long awarded = System.nanoTime();
            if (!awaitOk(30_000, () -> started.containsKey("t1/r00"))) {
                System.out.printf("  award after %d ms, but the winner did not start within 30 s (its renewal did"
                        + " not come back within the lease)%n", (awarded - post) / 1_000_000);
                return;
            }
            long start = started.get("t1/r00");
            nodes.get(0).kill();
            long killed = System.nanoTime();
            await(60_000, () -> started.containsKey("t1/r01"));
            long reawarded = started.get("t1/r01");
            observer.disconnect().waitForCompletion(5_000);
            observer.close();

            System.out.printf("  PostTask → award (at poster): %d ms; → start at winner: %d ms%n",
                    (awarded - post) / 1_000_000, (start - post) / 1_000_000);
            System.out.printf("  winner killed → started by the next: %d ms (lease + grace + bid window = %d ms)%n",
                    (reawarded - killed) / 1_000_000,
                    MARKET.leaseMillis() + MARKET.graceMillis() + MARKET.bidWindowMillis());
        } finally {
            for (FleetNode x : nodes) {
                x.kill();
            }
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static TaskPhase phase(FleetNode n, String task) {
        return n.tasks().stream().filter(v -> v.task().taskId().equals(task)).map(v -> v.phase()).findFirst()
                .orElse(null);
    }

    private static long cpuOf(String robot) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : mx.dumpAllThreads(false, false)) {
            if (t.getThreadName().endsWith(robot) || t.getThreadName().endsWith(": " + robot)) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static long pct(List<Long> xs, int p) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        if (s.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * s.size()) - 1; // nearest-rank percentile
        return s.get(Math.max(0, Math.min(s.size() - 1, rank)));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean awaitOk(long millis, BooleanSupplier c) {
        try {
            await(millis, c);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void await(long millis, BooleanSupplier c) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("condition not met within " + millis + " ms");
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
