package mechos.memory.internal.foxglove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.hal.api.LaserScan;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.bus.Topic;
import mechos.memory.internal.recorder.MessageCodec;
import mechos.memory.testsupport.Await;
import mechos.memory.testsupport.FakeEventBus;
import mechos.memory.testsupport.NodeTools;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;

class FoxgloveServerTest {
    static final Topic<LaserScan> SCAN = Topic.latest("sensors/scan", LaserScan.class);
    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final FakeEventBus bus = new FakeEventBus();
    private FoxgloveServer server;

    private FoxgloveServer start(int clientQueue) {
        server = new FoxgloveServer(new InetSocketAddress("127.0.0.1", 0), TOKEN, clientQueue, new MessageCodec(),
                Clock.systemUTC());
        server.start(10_000);
        bus.subscribeAll(t -> true, "foxglove", 1000, server::onMessage);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static LaserScan scan(int i) {
        double[] ranges = new double[360];
        for (int b = 0; b < ranges.length; b++) {
            ranges[b] = b % 9 == 0 ? Double.NaN : b % 7 == 0 ? Double.POSITIVE_INFINITY : 1 + (b + i) % 40 / 10.0;
        }
        return new LaserScan(i, "laser", -Math.PI, Math.PI / 180, 0.1, 8, ranges, new double[0]);
    }

    /** Foxglove's own client (@foxglove/ws-protocol) lists channels, subscribes and decodes scans; no token: refused. */
    @Test
    void foxgloveClientSeesChannelsAndDecodesLaserScans() throws Exception {
        NodeTools.install();
        start(256);
        bus.publish(SCAN, scan(0));
        bus.publish(PerceptionTopics.TRANSFORMS, new StampedTransform("map", "odom", 0, Transform.IDENTITY));
        bus.publish(KernelTopics.DECISIONS, new Decision("i1", "brain", new Drive(0.1, 0), true, List.of(), 1), "i1");
        AtomicBoolean publishing = new AtomicBoolean(true);
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            // keep the sensor stream flowing while the client connects; bounded in count
            for (int i = 1; i < 200_000 && publishing.get(); i++) {
                bus.publish(SCAN, scan(i));
                bus.publish(PerceptionTopics.TRANSFORMS, new StampedTransform("odom", "base_link", i,
                        Transform.planar(i * 0.001, 0, 0)));
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L); // a 200 Hz sensor
            }
        });
        String base = "ws://127.0.0.1:" + server.port() + "/";
        NodeTools.Result r;
        try {
            r = NodeTools.run(NodeTools.DIR, 120, "node", "ws-check.mjs", base + "?token=" + TOKEN, base);
        } finally {
            publishing.set(false);
            publisher.join();
        }
        assertEquals(0, r.exit(), r.output());
        JsonNode out = new ObjectMapper().readTree(r.lastLine());
        assertEquals("MechOS", out.path("serverInfo").path("name").asText(), r.output());
        assertEquals("foxglove.LaserScan", out.path("channels").path("sensors/scan").path("schemaName").asText());
        assertEquals("mechos.kernel.api.Decision",
                out.path("channels").path("kernel/decisions").path("schemaName").asText());
        assertTrue(out.path("channels").path("sensors/scan").path("schemaParses").asBoolean());
        // the client unsubscribes after its fifth message; one more may already be on the wire by then
        assertTrue(out.path("messages").asInt() >= 5, r.output());
        assertEquals(out.path("messages").asInt(), out.path("valid").asInt(), "every message valid: " + r.output());
        assertEquals("foxglove.FrameTransforms",
                out.path("channels").path("perception/tf").path("schemaName").asText(), r.output());
        assertTrue(out.path("tf").asInt() >= 3, r.output());
        assertEquals(out.path("tf").asInt(), out.path("tfValid").asInt(), "every TF message valid: " + r.output());
        assertTrue(out.path("tfFrames").toString().contains("odom->base_link"), r.output());
        assertTrue(out.path("refused").asBoolean(), "a client without the token must be refused: " + r.output());
        assertEquals(0, out.path("problems").size(), r.output());
    }

    private static String handshake(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: " + FoxgloveServer.SUBPROTOCOL + "\r\n\r\n";
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            sb.append((char) c);
        }
        return sb.toString().trim();
    }

    @Test
    void aHandshakeWithoutTheRightTokenIsRefused() throws Exception {
        start(16);
        for (String path : List.of("/", "/?token=wrong", "/?other=" + TOKEN)) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(handshake(path).getBytes(StandardCharsets.US_ASCII));
                String status = statusLine(s.getInputStream());
                assertFalse(status.contains(" 101 "), path + " was accepted: " + status);
            }
        }
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(handshake("/?token=" + TOKEN).getBytes(StandardCharsets.US_ASCII));
            assertTrue(statusLine(s.getInputStream()).contains(" 101 "));
        }
    }

    /**
     * A client that subscribes and then never reads: publishing (synchronous on this fake bus, so a blocked send
     * would block this thread) completes, the client's queue stays bounded and the oldest messages are dropped.
     */
    @Test
    void aClientThatNeverReadsDoesNotSlowTheBus() throws Exception {
        start(64);
        bus.publish(SCAN, scan(0)); // advertise the channel
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setReceiveBufferSize(4096);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(handshake("/?token=" + TOKEN).getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertTrue(statusLine(in).contains(" 101 "));
            Await.until("client registered", java.time.Duration.ofSeconds(30), () -> server.clientCount() == 1);
            // subscribe to channel 1 (masked client text frame), then never read again
            byte[] sub = "{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":7,\"channelId\":1}]}"
                    .getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[2 + 4 + sub.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | sub.length);
            for (int i = 0; i < sub.length; i++) {
                frame[6 + i] = sub[i]; // mask key 0
            }
            out.write(frame);
            out.flush();
            long[] published = {0};
            Await.until("oldest messages dropped for the stalled client", java.time.Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 200; i++) {
                    bus.publish(SCAN, scan(i));
                    published[0]++;
                }
                return server.dropped() > 1000;
            });
            assertTrue(published[0] > 1000);
        }
    }

    @Test
    void theTokenFileIsCreatedOwnerOnlyAndReused() throws Exception {
        Path f = dir.resolve("run/foxglove.token");
        String t = FoxgloveServerComponent.token(f);
        assertTrue(t.length() >= 32);
        assertEquals(t, FoxgloveServerComponent.token(f));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(f)));
        Files.writeString(f, "short\n");
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> FoxgloveServerComponent.token(f));
    }
}
