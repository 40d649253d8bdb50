package mechos.itest.process;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.itest.support.MechosTestSupport;

/**
 * Issue 17 in the exported jar: the {@code log} topic (a Logback appender attached by {@code mechos.memory}) and the
 * runtime's {@code plan/goal} reach a Foxglove WebSocket client. In Pax Exam SLF4J has no Logback backend, so only a
 * real {@code java -jar} shows whether the appender is attached. The WARN is caused deterministically: a WebSocket
 * handshake with a wrong token, from a socket whose local port the line names.
 */
class FoxgloveLiveProcessIT {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A {@code foxglove.websocket.v1} client: advertised channels and received message data by subscription. */
    static final class Client implements WebSocket.Listener {
        final Map<String, JsonNode> channels = new ConcurrentHashMap<>();
        final List<JsonNode> status = new CopyOnWriteArrayList<>();
        final Map<Integer, List<JsonNode>> messages = new ConcurrentHashMap<>();
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode msg = parse(text.toString().getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
                if ("advertise".equals(msg.path("op").asText())) {
                    msg.path("channels").forEach(c -> channels.put(c.path("topic").asText(), c));
                } else if ("status".equals(msg.path("op").asText())) {
                    status.add(msg);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
            joined.put(binary).put(data).flip();
            binary = joined;
            if (last) {
                ByteBuffer frame = binary.order(ByteOrder.LITTLE_ENDIAN);
                binary = ByteBuffer.allocate(0);
                if (frame.get() == 0x01) { // message data: subscription id, log time, JSON payload
                    int subscription = frame.getInt();
                    frame.getLong();
                    byte[] payload = new byte[frame.remaining()];
                    frame.get(payload);
                    messages.computeIfAbsent(subscription, k -> new CopyOnWriteArrayList<>()).add(parse(payload));
                }
            }
            ws.request(1);
            return null;
        }

        List<JsonNode> received(int subscription) {
            return messages.getOrDefault(subscription, List.of());
        }

        private static JsonNode parse(byte[] json) {
            try {
                return JSON.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
            }
        }
    }

    @Test
    void aWarnAndTheActiveGoalReachAFoxgloveClientOfTheExportedJar() throws Exception {
        Path home = MechosTestSupport.freshRunDirectory();
        int wsPort = MechosTestSupport.freePort();
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/mechos.memory.foxglove.cfg"),
                "enabled=true\nhost=127.0.0.1\nport=" + wsPort + "\ntopics=\n");
        try (RobotProcess robot = RobotProcess.start(home, MechosTestSupport.freePort(), Map.of())) {
            awaitCondition("the Foxglove live view is up", BOOT, () -> {
                assertTrue(robot.process.isAlive(), () -> "robot exited:\n" + robot.output());
                return robot.output().contains("foxglove: live view on ws://127.0.0.1:" + wsPort);
            });
            String token = Files.readAllLines(home.resolve("foxglove.token")).get(0).trim();
            Client client = new Client();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("foxglove.websocket.v1")
                    .buildAsync(URI.create("ws://127.0.0.1:" + wsPort + "/?token=" + token), client)
                    .get(20, TimeUnit.SECONDS);
            assertEquals("foxglove.websocket.v1", ws.getSubprotocol());

            // The log channel is advertised once a line was published; a refused handshake makes one if none was.
            List<Integer> ports = new CopyOnWriteArrayList<>();
            Every second = new Every(Duration.ofSeconds(1));
            awaitCondition("the log channel is advertised", Duration.ofSeconds(30), () -> {
                if (!client.channels.containsKey("log") && second.due()) {
                    ports.add(refusedHandshake(wsPort));
                }
                return client.channels.containsKey("log");
            });
            JsonNode logChannel = client.channels.get("log");
            assertEquals("foxglove.Log", logChannel.path("schemaName").asText());
            assertEquals("jsonschema", logChannel.path("schemaEncoding").asText());
            subscribe(ws, 1, logChannel.path("id").asInt());

            // One refused handshake a second until its WARN arrives: the server may read our subscription after the
            // next handshake, and the appender's rate limit (20 lines a second) may have been used up by others.
            ports.clear();
            Every again = new Every(Duration.ofSeconds(1));
            awaitCondition("a WARN naming one of our refused handshakes arrives as foxglove.Log",
                    Duration.ofSeconds(30), () -> {
                        if (find(client.received(1), ports).isPresent()) {
                            return true;
                        }
                        if (again.due()) {
                            ports.add(refusedHandshake(wsPort));
                        }
                        return false;
                    });
            JsonNode line = find(client.received(1), ports).orElseThrow();
            String marker = line.path("message").asText().replaceAll("^.*(:\\d+ without a valid token)$", "$1");
            assertTrue(marker.startsWith(":"), line.toString());
            assertEquals(3, line.path("level").asInt(), "WARNING: " + line);
            assertEquals("mechos.memory.internal.foxglove.FoxgloveServer", line.path("name").asText(), line.toString());
            assertTrue(line.path("message").asText().startsWith("foxglove: refused a connection from "),
                    line.toString());
            assertTrue(line.path("timestamp").path("sec").asLong() > 1_600_000_000L, "wall-clock stamp: " + line);
            assertEquals("FoxgloveServer.java", line.path("file").asText(), line.toString());
            assertTrue(line.path("line").asInt() > 0, line.toString());
            assertEquals(1, robot.output().split(java.util.regex.Pattern.quote(marker), -1).length - 1,
                    "the console shows the same line once");

            // The shipped brain has no model here, so its fallback patrol drives: its current waypoint is on
            // plan/goal as [pose, goal] in odom.
            awaitCondition("plan/goal is advertised", Duration.ofSeconds(60),
                    () -> client.channels.containsKey("plan/goal"));
            JsonNode goalChannel = client.channels.get("plan/goal");
            assertEquals("foxglove.PosesInFrame", goalChannel.path("schemaName").asText());
            subscribe(ws, 2, goalChannel.path("id").asInt());
            awaitCondition("a goal arrives", Duration.ofSeconds(30),
                    () -> client.received(2).stream().anyMatch(g -> g.path("poses").size() == 2));
            JsonNode goal = client.received(2).stream().filter(g -> g.path("poses").size() == 2).findFirst()
                    .orElseThrow();
            assertEquals("odom", goal.path("frame_id").asText(), goal.toString());
            assertTrue(goal.path("mechos").path("source").asText().startsWith("mechos.runtime.agent/patrol["),
                    goal.toString());
            List<List<Double>> waypoints = List.of(List.of(3.5, 0.0), List.of(3.5, -2.3), List.of(-1.5, -2.3),
                    List.of(-1.5, 0.5));
            JsonNode to = goal.path("poses").get(1).path("position");
            assertTrue(waypoints.contains(List.of(to.path("x").asDouble(), to.path("y").asDouble())),
                    "a configured waypoint: " + goal);
            assertFalse(client.status.stream().anyMatch(s -> s.path("level").asInt() >= 2),
                    "no error status: " + client.status);

            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
            robot.sigterm();
            assertTrue(robot.process.waitFor(10, TimeUnit.SECONDS), "exits within 10 s of SIGTERM");
        }
    }

    /** Says "due" at most once per period (the first time at once). */
    private static final class Every {
        private final long periodNanos;
        private long next = System.nanoTime();

        Every(Duration period) {
            this.periodNanos = period.toNanos();
        }

        boolean due() {
            long now = System.nanoTime();
            if (now - next < 0) {
                return false;
            }
            next = now + periodNanos;
            return true;
        }
    }

    /** @return the first line naming one of {@code ports} as a refused connection */
    private static Optional<JsonNode> find(List<JsonNode> lines, List<Integer> ports) {
        return lines.stream().filter(l -> ports.stream()
                .anyMatch(p -> l.path("message").asText().endsWith(":" + p + " without a valid token")))
                .findFirst();
    }

    private static void subscribe(WebSocket ws, int id, int channelId) throws Exception {
        ws.sendText("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":" + id + ",\"channelId\":" + channelId + "}]}",
                true).get(10, TimeUnit.SECONDS);
    }

    /**
     * Opens a WebSocket handshake with a wrong token on a plain socket (so its local port is known) and waits for the
     * server's refusal.
     *
     * @return the socket's local port, which the server's WARN names
     */
    private static int refusedHandshake(int wsPort) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", wsPort), 5000);
            s.setSoTimeout(10_000);
            String request = "GET /?token=wrong-token-for-the-itest HTTP/1.1\r\nHost: 127.0.0.1:" + wsPort
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: foxglove.websocket.v1\r\n\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            int localPort = s.getLocalPort();
            String status;
            try {
                InputStream in = s.getInputStream();
                status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            } catch (SocketException e) {
                status = "connection closed: " + e.getMessage(); // refused by closing: as good as an error status
            }
            assertFalse(status.contains(" 101"), "a wrong token must not be switched to WebSocket: " + status);
            return localPort;
        } catch (IOException e) {
            throw new UncheckedIOException("handshake with a wrong token on port " + wsPort, e);
        }
    }
}
