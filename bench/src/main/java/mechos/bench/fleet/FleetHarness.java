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
 * <pre>java -cp bench/target/benchmarks.jar mechos.bench.fleet.FleetHarness 3 50 50@1000</pre>
 *
 * An argument is the number of members, optionally {@code @} their presence period in ms (default 200) and
 * {@code /F}: only F of them are full members (FleetNode: presence, messages, market, subscribed to the whole
 * fleet), the others lightweight status publishers (a Paho client each, publishing the same retained status at the
 * same rate with a last will, subscribed to nothing). {@code 50@200/3} loads the broker with 50 robots' presence
 * while the JVM receives what 3 robots of such a fleet receive (in one JVM, 50 full members receive 50 × 49 × rate
 * deliveries: the receive load of 50 machines on this one). Besides the
 * latencies it reports the CPU of the whole JVM (all N members) and of the broker over the steady-state window, and
 * the time a member that joins after a task was posted needs to learn it (its sync request answered).
 */
public final class FleetHarness {
    private static final long DEFAULT_PRESENCE_MS = 200;
    /** bid window, lease, grace, renew (ms); {@code -Dfleet.market=400,3000,300,750} overrides */
    private static final MarketAgent.Settings MARKET = market(System.getProperty("fleet.market", "500,3000,500,750"));

    private FleetHarness() {
    }

    public static void main(String[] args) throws Exception {
        for (String a : args.length == 0 ? new String[] { "3", "50" } : args) {
            String[] full = a.split("/");
            String[] p = full[0].split("@");
            int n = Integer.parseInt(p[0]);
            run(n, p.length > 1 ? Long.parseLong(p[1]) : DEFAULT_PRESENCE_MS,
                    full.length > 1 ? Integer.parseInt(full[1]) : n);
        }
    }

    private static MarketAgent.Settings market(String csv) {
        String[] v = csv.split(",");
        return new MarketAgent.Settings(Long.parseLong(v[0].trim()), Long.parseLong(v[1].trim()),
                Long.parseLong(v[2].trim()), Long.parseLong(v[3].trim()));
    }

    private static NodeOptions options(String uri, String id, long presenceMs) {
        return new NodeOptions("bench", new LinkOptions(uri, id, "", "", null, 5, 600, 5, "", new byte[0], 100_000),
                Set.of("*"), presenceMs, 0.3, 2000, 1.0, 3.0, MARKET, 1000);
    }

    /** @return user + system CPU of a process in ns, from /proc (Linux), or -1 */
    private static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // fields 14, 15 at 100 ticks/s
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void run(int n, long presenceMs, int fullMembers) throws Exception {
        int full = Math.max(3, Math.min(n, fullMembers));
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path dir = Files.createTempDirectory("fleet-bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("m.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\nuser "
                + System.getProperty("user.name") + "\nmax_queued_messages 100000\nset_tcp_nodelay true\n");
        Process broker = new ProcessBuilder("mosquitto", "-c", dir.resolve("m.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        List<FleetNode> nodes = new ArrayList<>();
        List<LightMember> light = new ArrayList<>();
        java.util.concurrent.ScheduledExecutorService lightExec = java.util.concurrent.Executors
                .newScheduledThreadPool(2);
        try {
            await(10_000, () -> listening(port));
            String uri = "tcp://127.0.0.1:" + port;
            List<Long> msgLatency = new CopyOnWriteArrayList<>();
            Map<String, Long> started = new ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < full; i++) {
                String id = String.format("r%02d", i);
                double cost = 1 + i;
                NodeOptions o = options(uri, id, presenceMs);
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
            List<Long> presenceFull = new CopyOnWriteArrayList<>();
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
                            long lat = System.currentTimeMillis() - s.path("sentMillis").asLong();
                            presence.add(lat);
                            String robot = s.path("robotId").asText();
                            if (robot.length() == 3 && Integer.parseInt(robot.substring(1)) < full) {
                                presenceFull.add(lat);
                            }
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
            for (int i = full; i < n; i++) {
                light.add(new LightMember(uri, String.format("r%02d", i), i, presenceMs, lightExec));
            }
            await(30_000, () -> nodes.stream().allMatch(x -> x.peers().size() == n - 1));
            // steady state: 10 s of presence at 5 Hz from every member; CPU of member r00's threads
            presence.clear();
            presenceFull.clear();
            long rx0 = received.get();
            long cpu0 = cpuOf("r00");
            long jvm0 = jvmCpuNanos();
            long broker0 = processCpuNanos(broker.pid());
            long w0 = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10)); // a measurement window, not a wait for a state
            double secs = (System.nanoTime() - w0) / 1e9;
            long cpu = cpuOf("r00") - cpu0;
            long jvmCpu = jvmCpuNanos() - jvm0;
            long brokerCpu = processCpuNanos(broker.pid()) - broker0;
            long rx = received.get() - rx0;
            // messages: 100 broadcasts from r00, latency at every other member (sender's nanoTime in the text)
            for (int i = 0; i < 100; i++) {
                nodes.get(0).broadcast(Long.toString(System.nanoTime() / 1000), "bench");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // pacing: 50 broadcasts/s
            }
            boolean allMessages = awaitOk(30_000, () -> msgLatency.size() >= 100L * (full - 1));
            System.out.printf("fleet of %d (%d full members%s; presence %d ms, bid window %d ms, lease %d ms + grace %d"
                    + " ms; load average %.1f at start)%n", n, full,
                    full < n ? ", " + (n - full) + " lightweight status publishers" : "", presenceMs,
                    MARKET.bidWindowMillis(), MARKET.leaseMillis(), MARKET.graceMillis(), load);
            System.out.printf("  presence latency ms: p50 %d  p99 %d  max %d  (%d samples)%n", pct(presence, 50),
                    pct(presence, 99), pct(presence, 100), presence.size());
            System.out.printf("  of the full members: p50 %d  p99 %d  max %d  (%d samples); lightweight statuses"
                    + " skipped (in-flight window full): %d%n", pct(presenceFull, 50), pct(presenceFull, 99),
                    pct(presenceFull, 100), presenceFull.size(), LightMember.SKIPPED.get());
            System.out.printf("  message latency µs:  p50 %d  p99 %d  max %d  (%d samples%s)%n", pct(msgLatency, 50),
                    pct(msgLatency, 99), pct(msgLatency, 100), msgLatency.size(),
                    allMessages ? "" : " of " + 100L * (full - 1) + ": the rest not delivered within 30 s");
            System.out.printf("  broker → observer: %.0f msgs/s (presence published: %.0f msgs/s; delivered to the"
                    + " %d full members: %.0f msgs/s)%n", rx / secs, n * 1000.0 / presenceMs, full,
                    full * (n - 1) * 1000.0 / presenceMs);
            System.out.printf("  CPU of one member's threads: %.1f %% of one core%n", cpu / 1e9 / secs * 100);
            System.out.printf("  CPU of the JVM (all %d members): %.0f %% of one core; of the broker: %.0f %%%n", n,
                    jvmCpu / 1e9 / secs * 100, brokerCpu / 1e9 / secs * 100);
            // market: post → award at the poster → start of execution at the winner
            long post = System.nanoTime();
            FleetNode poster = nodes.get(full - 1);
            poster.post(new MarketTask("t1", "goto", "bench", "", 1, 1, "", 0, poster.self()));
            await(30_000, () -> phase(nodes.get(full - 1), "t1") == TaskPhase.AWARDED);
            long awarded = System.nanoTime();
            if (!awaitOk(30_000, () -> started.containsKey("t1/r00"))) {
                System.out.printf("  award after %d ms, but the winner did not start within 30 s (its renewal did"
                        + " not come back within the lease)%n", (awarded - post) / 1_000_000);
                return;
            }
            long start = started.get("t1/r00");
            // a member that joins now learns the task (and its holder) from its peers' answers to its sync
            long joinAt = System.nanoTime();
            FleetNode joiner = new FleetNode(options(uri, "rj", presenceMs), new FleetNode.Sinks(m -> { }, f -> { },
                    t -> { }), () -> new FleetNode.LocalStatus("map", 1000, 0, 0, "NOMINAL", "idle", 1),
                    t -> OptionalDouble.of(1000), new MarketAgent.Listener() {
                        @Override
                        public void started(MarketTask task, int epoch) {
                        }

                        @Override
                        public void stopped(MarketTask task, int epoch) {
                        }
                    }, () -> (System.nanoTime() - t0) / 1_000_000, System::currentTimeMillis);
            nodes.add(joiner);
            joiner.start();
            await(30_000, () -> joiner.tasks().stream().anyMatch(v -> v.task().taskId().equals("t1")
                    && v.holder().equals("r00")));
            long learned = System.nanoTime();
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
            System.out.printf("  late joiner: start → knows the task and its holder: %d ms%n",
                    (learned - joinAt) / 1_000_000);
        } finally {
            for (FleetNode x : nodes) {
                x.kill();
            }
            for (LightMember m : light) {
                m.close();
            }
            lightExec.shutdownNow();
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A lightweight fleet member: only its retained status at the presence rate, and its last will. */
    private static final class LightMember {
        private static final mechos.fleet.internal.Wire WIRE = new mechos.fleet.internal.Wire();
        static final AtomicLong SKIPPED = new AtomicLong();
        private final MqttAsyncClient client;
        private final java.util.concurrent.ScheduledFuture<?> task;

        LightMember(String uri, String id, int index, long periodMs,
                java.util.concurrent.ScheduledExecutorService exec) throws MqttException {
            client = new MqttAsyncClient(uri, id, null);
            MqttConnectionOptions o = new MqttConnectionOptions();
            MqttMessage will = new MqttMessage(WIRE.status(new mechos.fleet.internal.presence.StatusMessage(id, false,
                    "", Double.NaN, Double.NaN, Double.NaN, 0.3, "unknown", "offline", Double.NaN, "", 0)));
            will.setQos(1);
            will.setRetained(true);
            o.setWill("mechos/bench/status/" + id, will);
            client.connect(o).waitForCompletion(10_000);
            String topic = "mechos/bench/status/" + id;
            task = exec.scheduleAtFixedRate(() -> {
                try {
                    client.publish(topic, WIRE.status(new mechos.fleet.internal.presence.StatusMessage(id, true, "map",
                            index, 0, 0, 0.3, "NOMINAL", "idle", 1, "", System.currentTimeMillis())), 1, true);
                } catch (MqttException e) {
                    SKIPPED.incrementAndGet(); // a full in-flight window: this status is skipped, the next follows
                }
            }, index % periodMs, periodMs, TimeUnit.MILLISECONDS);
        }

        void close() {
            task.cancel(false);
            try {
                client.disconnectForcibly(0, 0, false);
                client.close(true);
            } catch (MqttException e) {
                SKIPPED.incrementAndGet(); // counted with the skipped statuses: the run is over anyway
            }
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
