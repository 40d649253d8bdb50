package mechos.bench.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.hal.api.CameraFrame;
import mechos.hal.api.ImuReading;
import mechos.hal.api.LaserScan;
import mechos.hal.api.OdometryReading;
import mechos.hal.api.PixelFormat;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.internal.bus.EventBusImpl;
import mechos.memory.internal.foxglove.FoxgloveServer;
import mechos.memory.internal.recorder.MessageCodec;
import mechos.perception.api.FusedPose;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.api.PoseConfidence;
import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;

/**
 * Foxglove WebSocket fan-out: the production {@link FoxgloveServer} on the kernel's real event bus, 1 and 5 WebSocket
 * clients on loopback subscribed to every channel, the sensor streams at the simulator's default rates (LiDAR 10 Hz ×
 * 360 beams, odometry 50 Hz, IMU 100 Hz, camera 5 Hz 64×64 RGB, plus perception's pose and odom → base_link transform
 * at 50 Hz each). Latency = client receive {@code nanoTime} − publish {@code nanoTime} (carried in the scan's and the
 * transform's {@code mechos.timestamp_nanos}), p50/p99/max over the measured window; CPU = CPU time of the server's
 * threads (bus delivery + encode, sender, WebSocket selector/workers) and of the whole process (clients included),
 * divided by wall time.
 * Run: {@code java -cp bench/target/benchmarks.jar mechos.bench.memory.FoxgloveFanoutHarness [seconds]}
 */
public final class FoxgloveFanoutHarness {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Pattern STAMP = Pattern.compile("\"timestamp_nanos\":(\\d+)");

    private FoxgloveFanoutHarness() {
    }

    /** A Foxglove client that subscribes to every advertised channel and records latencies. */
    static final class Client extends WebSocketClient {
        final ObjectMapper json = new ObjectMapper();
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch open = new CountDownLatch(1);
        volatile boolean measuring;
        volatile long received;
        int nextSub = 1;

        Client(URI uri) {
            super(uri, new Draft_6455(Collections.emptyList(), List.of(new Protocol("foxglove.websocket.v1"))));
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            open.countDown();
        }

        @Override
        public void onMessage(String message) {
            try {
                JsonNode m = json.readTree(message);
                if ("advertise".equals(m.path("op").asText())) {
                    StringBuilder sub = new StringBuilder("{\"op\":\"subscribe\",\"subscriptions\":[");
                    for (JsonNode ch : m.path("channels")) {
                        sub.append(nextSub > 1 && sub.charAt(sub.length() - 1) != '[' ? "," : "")
                                .append("{\"id\":").append(nextSub++).append(",\"channelId\":")
                                .append(ch.path("id").asInt()).append('}');
                    }
                    send(sub.append("]}").toString());
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            long now = System.nanoTime();
            received++;
            ByteBuffer b = bytes.order(ByteOrder.LITTLE_ENDIAN);
            if (!measuring || b.remaining() < 13 || b.get(0) != 1) {
                return;
            }
            byte[] payload = new byte[b.remaining() - 13];
            b.position(13);
            b.get(payload);
            String text = new String(payload, StandardCharsets.UTF_8);
            if (text.contains("\"frame_id\":\"laser\"") || text.contains("\"transforms\"")) {
                Matcher m = STAMP.matcher(text);
                if (m.find()) {
                    latencies.add(now - Long.parseLong(m.group(1)));
                }
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            // measured until closed
        }

        @Override
        public void onError(Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        for (int clients : new int[] {0, 1, 5}) {
            run(clients, seconds);
        }
    }

    static void run(int clientCount, int seconds) throws Exception {
        EventBusImpl bus = new EventBusImpl();
        FoxgloveServer server = new FoxgloveServer(new InetSocketAddress("127.0.0.1", 0), TOKEN, 256,
                new MessageCodec(), Clock.systemUTC());
        server.start(10_000);
        BusSubscription sub = bus.subscribeAll(t -> true, "mechos.memory.foxglove", 10_000, server::onMessage);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sensors = new Thread(() -> publish(bus, running), "bench-sensors");
        sensors.start();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            Client c = new Client(new URI("ws://127.0.0.1:" + server.port() + "/?token=" + TOKEN));
            c.connect();
            if (!c.open.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("client did not connect");
            }
            clients.add(c);
        }
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < warmupEnd) {
            LockSupport.parkNanos(100_000_000L); // warm-up: JIT, subscriptions
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long serverCpu0 = serverCpu(threads);
        long processCpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long[] received0 = clients.stream().mapToLong(c -> c.received).toArray();
        clients.forEach(c -> c.measuring = true);
        long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(100_000_000L); // measuring window
        }
        clients.forEach(c -> c.measuring = false);
        long wall = System.nanoTime() - t0;
        double serverCores = (serverCpu(threads) - serverCpu0) / (double) wall;
        double processCores = (os.getProcessCpuTime() - processCpu0) / (double) wall;
        long dropped = server.dropped();
        long receivedPerSecond = 0;
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            receivedPerSecond += (long) ((clients.get(i).received - received0[i]) / (wall / 1e9));
            all.addAll(clients.get(i).latencies);
        }
        running.set(false);
        sensors.join();
        for (Client c : clients) {
            c.closeBlocking();
        }
        sub.close();
        server.stop();
        bus.close();
        long[] lat = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("clients %d: %d latency samples, p50 %.2f ms, p99 %.2f ms, max %.2f ms; received %d msgs/s "
                + "(all clients); dropped %d; server threads %.1f %% of a core, process %.1f %%%n", clientCount,
                lat.length, pct(lat, 0.50), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
                receivedPerSecond, dropped, serverCores * 100, processCores * 100);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }

    /** CPU time of the server side: bus delivery (encoding), the sender, the WebSocket selector and workers. */
    private static long serverCpu(ThreadMXBean threads) {
        long sum = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String n = info.getThreadName();
            if (n.startsWith("mechos-foxglove") || n.startsWith("WebSocketWorker") || n.startsWith("WebSocketSelector")
                    || n.contains("mechos.memory.foxglove") || n.startsWith("mechos-bus")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                sum += Math.max(0, t);
            }
        }
        return sum;
    }

    /** The simulator's default sensor rates, on a 10 ms grid. */
    private static void publish(EventBusImpl bus, AtomicBoolean running) {
        double[] ranges = new double[360];
        byte[] pixels = new byte[64 * 64 * 3];
        long start = System.nanoTime();
        for (long tick = 0; running.get(); tick++) {
            long due = start + tick * 10_000_000L;
            for (long w = due - System.nanoTime(); w > 0; w = due - System.nanoTime()) {
                LockSupport.parkNanos(w); // 100 Hz grid
            }
            long now = System.nanoTime();
            double x = tick * 0.001;
            bus.publish(PerceptionTopics.IMU, new ImuReading(now, "imu", 0, 0, 0.01, 0, 0, 9.81));
            if (tick % 2 == 0) {
                bus.publish(PerceptionTopics.ODOMETRY, new OdometryReading(now, x, 0, 0, 0.2, 0));
                bus.publish(PerceptionTopics.FUSED_POSE, new FusedPose(now, now, new Pose2D(x, 0, 0), 0.2, 0, 0.01,
                        0.01, 0.001, 0, PoseConfidence.FULL));
                bus.publish(PerceptionTopics.TRANSFORMS, new StampedTransform("odom", "base_link", now,
                        Transform.planar(x, 0, 0)));
            }
            if (tick % 10 == 0) {
                for (int b = 0; b < ranges.length; b++) {
                    ranges[b] = 1 + (b + tick) % 50 / 10.0;
                }
                bus.publish(PerceptionTopics.SCANS, new LaserScan(now, "laser", -Math.PI, Math.PI / 180, 0.1, 8,
                        Arrays.copyOf(ranges, ranges.length), new double[0]));
            }
            if (tick % 20 == 0) {
                bus.publish(CAMERA, new CameraFrame(now, "camera", 64, 64, PixelFormat.RGB8, 192, pixels));
            }
        }
    }

    private static final mechos.kernel.api.bus.Topic<CameraFrame> CAMERA =
            mechos.kernel.api.bus.Topic.latest("sensors/camera", CameraFrame.class);
}
