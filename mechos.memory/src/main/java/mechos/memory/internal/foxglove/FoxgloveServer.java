package mechos.memory.internal.foxglove;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.Topic;
import mechos.memory.internal.recorder.MessageCodec;

/**
 * A Foxglove WebSocket server ({@code foxglove.websocket.v1}): advertises one channel per bus topic (JSON messages,
 * Foxglove well-known schemas for robot data, JSON Schema for MechOS events, as in recordings), lets clients
 * subscribe and unsubscribe, sends message data and the server time.
 *
 * <p><b>Authentication.</b> A client must present the token as the {@code token} query parameter of its URL
 * ({@code ws://127.0.0.1:8765/?token=...}, which Foxglove Studio keeps in its connection URL); a handshake without
 * it is refused with HTTP 401 semantics (close code 1008) before any data flows.
 *
 * <p><b>Backpressure.</b> The bus delivery thread only encodes and offers: every client has a bounded queue that
 * drops its oldest message when full (counted), and one sender thread hands a client the next messages only when the
 * socket has no data still buffered. A client that never reads costs at most its queue and never slows the bus.
 *
 * <p><b>Client frames</b> are decoded by {@link ClientFrames}; a frame it refuses is answered with an error status
 * to that client and nothing else happens.
 *
 * <p><b>Parameters</b> ({@code getParameters}/{@code setParameters}, and {@code subscribeParameterUpdates} /
 * {@code unsubscribeParameterUpdates}: changes pushed by {@link #parametersChanged}) are offered when
 * {@link Options#parameters()} offers any (Config Admin for an allow-list of PIDs, the same path as
 * {@code mechos:param set}).
 *
 * <p><b>Client publishing (teleop)</b> is off unless {@link Options#teleop()} is set: then a client may advertise a
 * JSON channel on {@link Options#teleopTopic()} and each {@code geometry_msgs/Twist}-like message
 * ({@code {"linear":{"x":..},"angular":{"z":..}}}) becomes one {@link Drive} submitted through
 * {@link Options#sink()} (the kernel, as {@code operator:foxglove}); never to a driver. Anything else a client
 * publishes is refused.
 */
public final class FoxgloveServer {
    static final String SUBPROTOCOL = "foxglove.websocket.v1";
    private static final Logger LOG = LoggerFactory.getLogger(FoxgloveServer.class);
    private static final byte OP_MESSAGE_DATA = 0x01;
    private static final byte OP_TIME = 0x02;
    private static final int SEND_BATCH = 32;

    /** Submits a teleop drive to the kernel; returns its decision. */
    @FunctionalInterface
    public interface TeleopSink {
        Decision submit(Drive drive);
    }

    /**
     * What the server offers besides streaming.
     *
     * @param parameters  parameters offered to clients ({@link FoxgloveParameters#NONE}: none)
     * @param teleop      whether clients may publish drive commands
     * @param teleopTopic the topic a client must advertise to publish them
     * @param sink        where accepted drive commands go (the kernel); required when teleop is on
     */
    public record Options(FoxgloveParameters parameters, boolean teleop, String teleopTopic, TeleopSink sink) {
        public static final Options STREAM_ONLY = new Options(FoxgloveParameters.NONE, false, "", null);

        public Options {
            Objects.requireNonNull(parameters, "parameters");
            if (teleop && (sink == null || teleopTopic == null || teleopTopic.isBlank())) {
                throw new IllegalArgumentException("teleop needs a topic and a sink");
            }
        }
    }

    /** One advertised channel. */
    record Channel(int id, String topic, MessageCodec.Schema schema) {
    }

    /** A connected client: its subscriptions and its bounded outgoing queue. */
    static final class Client {
        final WebSocket socket;
        private final Consumer<String> text;
        /** Channels this client advertised for publishing: channel id to topic. */
        final Map<Integer, String> publishing = new ConcurrentHashMap<>();
        final Map<Integer, Integer> subscriptionByChannel = new ConcurrentHashMap<>();
        final Map<Integer, Integer> channelBySubscription = new ConcurrentHashMap<>();
        /** Parameters this client subscribed to: name to the value it last saw. */
        final Map<String, Object> parameterSubscriptions = new ConcurrentHashMap<>();
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private final int capacity;
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong sent = new AtomicLong();

        Client(WebSocket socket, int capacity) {
            this(socket, capacity, socket::send);
        }

        /** A client with its own text sink (the frame fuzz target has no socket). */
        Client(WebSocket socket, int capacity, Consumer<String> text) {
            this.socket = socket;
            this.capacity = capacity;
            this.text = text;
        }

        boolean open() {
            return socket == null || socket.isOpen();
        }

        String remote() {
            return socket == null ? "(no socket)" : String.valueOf(socket.getRemoteSocketAddress());
        }

        synchronized void offer(byte[] frame) {
            if (queue.size() >= capacity) {
                queue.pollFirst();
                dropped.incrementAndGet();
            }
            queue.addLast(frame);
        }

        synchronized byte[] poll() {
            return queue.pollFirst();
        }

        synchronized int queued() {
            return queue.size();
        }
    }

    private final ObjectMapper json;
    private final MessageCodec codec;
    private final Options options;
    private final Clock clock;
    private final byte[] token;
    private final int clientCapacity;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final AtomicInteger nextChannel = new AtomicInteger(1);
    private final Map<WebSocket, Client> clients = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final String sessionId = UUID.randomUUID().toString();
    private final AtomicLong handlerFailures = new AtomicLong();
    private final Server server;
    private final Thread sender;

    /**
     * @param address        where to listen (loopback by default)
     * @param token          the token clients must present
     * @param clientCapacity per-client queue bound (messages)
     */
    public FoxgloveServer(InetSocketAddress address, String token, int clientCapacity, MessageCodec codec,
            Clock clock) {
        this(address, token, clientCapacity, codec, clock, Options.STREAM_ONLY);
    }

    /**
     * @param address        where to listen (loopback by default)
     * @param token          the token clients must present
     * @param clientCapacity per-client queue bound (messages)
     * @param options        parameters and teleop
     */
    public FoxgloveServer(InetSocketAddress address, String token, int clientCapacity, MessageCodec codec,
            Clock clock, Options options) {
        this.options = Objects.requireNonNull(options, "options");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a Foxglove server needs a token");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.clientCapacity = clientCapacity;
        this.codec = codec;
        this.json = codec.mapper();
        this.clock = clock;
        List<IProtocol> protocols = List.of(new Protocol(SUBPROTOCOL));
        this.server = new Server(address, List.of(new Draft_6455(Collections.emptyList(), protocols)));
        this.server.setReuseAddr(true);
        this.server.setDaemon(true);
        this.sender = new Thread(this::sendLoop, "mechos-foxglove-send");
        this.sender.setDaemon(true);
    }

    /** Starts listening; returns when the socket is bound (or throws if it cannot be). */
    public void start(long timeoutMillis) {
        running.set(true);
        server.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!server.started.get() && server.failure == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000L); // waiting for the selector thread to bind
        }
        if (server.failure != null) {
            running.set(false);
            throw new IllegalStateException("cannot listen on " + server.getAddress() + ": "
                    + server.failure.getMessage(), server.failure);
        }
        if (!server.started.get()) {
            running.set(false);
            throw new IllegalStateException("the WebSocket server did not start within " + timeoutMillis + " ms");
        }
        sender.start();
    }

    /** @return the port actually bound */
    public int port() {
        return server.getPort();
    }

    public void stop() {
        running.set(false);
        sender.interrupt();
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return client frames whose handling failed unexpectedly (a bug; each also logged at WARN) */
    long handlerFailures() {
        return handlerFailures.get();
    }

    /** @return connected clients */
    public int clientCount() {
        return clients.size();
    }

    /** @return messages dropped for slow clients, summed */
    public long dropped() {
        return clients.values().stream().mapToLong(c -> c.dropped.get()).sum();
    }

    /** Called on the bus delivery thread: never blocks on a client. */
    public void onMessage(Envelope<?> envelope) {
        try {
            Topic<?> topic = envelope.topic();
            Channel ch = channels.get(topic.name());
            if (ch == null) {
                ch = channels.computeIfAbsent(topic.name(),
                        n -> new Channel(nextChannel.getAndIncrement(), n, codec.schema(topic.type())));
                advertise(List.of(ch), clients.values());
            }
            long now = envelope.wallMillis() * 1_000_000L;
            byte[] payload = null;
            for (Client c : clients.values()) {
                Integer sub = c.subscriptionByChannel.get(ch.id());
                if (sub == null) {
                    continue;
                }
                if (payload == null) {
                    payload = codec.encode(envelope.payload(), envelope.correlationId(), now);
                }
                ByteBuffer frame = ByteBuffer.allocate(1 + 4 + 8 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
                frame.put(OP_MESSAGE_DATA).putInt(sub).putLong(now).put(payload);
                c.offer(frame.array());
            }
        } catch (Exception e) {
            LOG.warn("foxglove: a message on {} could not be sent: {}", envelope.topic().name(), e.getMessage());
        }
    }

    private void advertise(List<Channel> list, Iterable<Client> to) {
        ObjectNode msg = json.createObjectNode().put("op", "advertise");
        ArrayNode arr = msg.putArray("channels");
        for (Channel ch : list) {
            arr.addObject().put("id", ch.id()).put("topic", ch.topic()).put("encoding", "json")
                    .put("schemaName", ch.schema().name()).put("schemaEncoding", ch.schema().encoding())
                    .put("schema", new String(ch.schema().data(), StandardCharsets.UTF_8));
        }
        String text = msg.toString();
        for (Client c : to) {
            sendText(c, text);
        }
    }

    private void sendText(Client c, String text) {
        try {
            if (c.open()) {
                c.text.accept(text);
            }
        } catch (RuntimeException e) {
            LOG.debug("foxglove: client {} went away", c.remote(), e);
        }
    }

    private void status(Client c, int level, String message) {
        sendText(c, json.createObjectNode().put("op", "status").put("level", level).put("message", message)
                .toString());
    }

    /** Handles one client text frame; never throws. */
    void onText(Client c, String text) {
        try {
            handle(c, ClientFrames.text(json, text));
        } catch (FrameException e) {
            status(c, 2, e.getMessage());
        } catch (RuntimeException e) {
            handlerFailures.incrementAndGet();
            LOG.warn("foxglove: a frame from {} could not be handled: {}", c.remote(), e.toString());
            status(c, 2, "internal error handling the frame");
        }
    }

    /** Handles one client binary frame; never throws. */
    void onBinary(Client c, ByteBuffer frame) {
        try {
            handle(c, ClientFrames.binary(frame));
        } catch (FrameException e) {
            status(c, 2, e.getMessage());
        } catch (RuntimeException e) {
            handlerFailures.incrementAndGet();
            LOG.warn("foxglove: a frame from {} could not be handled: {}", c.remote(), e.toString());
            status(c, 2, "internal error handling the frame");
        }
    }

    private void handle(Client c, ClientFrames.Op op) {
        if (op instanceof ClientFrames.Subscribe sub) {
            for (ClientFrames.Subscription s : sub.subscriptions()) {
                int channelId = s.channelId();
                boolean known = channels.values().stream().anyMatch(ch -> ch.id() == channelId);
                if (!known || c.channelBySubscription.containsKey(s.id())) {
                    status(c, 1, "subscription " + s.id() + " to channel " + channelId + " refused");
                    continue;
                }
                Integer previous = c.subscriptionByChannel.put(channelId, s.id());
                if (previous != null) {
                    c.channelBySubscription.remove(previous);
                }
                c.channelBySubscription.put(s.id(), channelId);
            }
        } else if (op instanceof ClientFrames.Unsubscribe u) {
            for (int id : u.subscriptionIds()) {
                Integer channelId = c.channelBySubscription.remove(id);
                if (channelId != null) {
                    c.subscriptionByChannel.remove(channelId, id);
                }
            }
        } else if (op instanceof ClientFrames.Advertise a) {
            advertiseFromClient(c, a);
        } else if (op instanceof ClientFrames.Unadvertise u) {
            u.channelIds().forEach(c.publishing::remove);
        } else if (op instanceof ClientFrames.ClientMessage m) {
            clientMessage(c, m);
        } else if (op instanceof ClientFrames.GetParameters g) {
            getParameters(c, g);
        } else if (op instanceof ClientFrames.SetParameters p) {
            setParameters(c, p);
        } else if (op instanceof ClientFrames.SubscribeParameterUpdates s) {
            subscribeParameters(c, s.names());
        } else if (op instanceof ClientFrames.UnsubscribeParameterUpdates u) {
            u.names().forEach(c.parameterSubscriptions::remove);
        } else if (op instanceof ClientFrames.Unsupported u) {
            status(c, 1, u.op() + " is not offered by this server");
        }
    }

    private void advertiseFromClient(Client c, ClientFrames.Advertise a) {
        for (ClientFrames.ClientChannel ch : a.channels()) {
            if (!options.teleop()) {
                status(c, 2, "client publishing is disabled on this robot");
                return;
            }
            if (!ch.topic().equals(options.teleopTopic()) || !"json".equals(ch.encoding())) {
                status(c, 2, "channel " + ch.id() + " refused: only JSON drive commands on '" + options.teleopTopic()
                        + "' are accepted, not " + ClientFrames.abbreviated(ch.encoding()) + " on '"
                        + ClientFrames.abbreviated(ch.topic()) + "'");
                continue;
            }
            c.publishing.put(ch.id(), ch.topic());
            LOG.info("foxglove: client {} advertised teleop channel {} on {}", c.remote(), ch.id(), ch.topic());
        }
    }

    private void clientMessage(Client c, ClientFrames.ClientMessage m) {
        if (!options.teleop()) {
            status(c, 2, "client publishing is disabled on this robot");
            return;
        }
        if (!c.publishing.containsKey(m.channelId())) {
            status(c, 2, "channel " + m.channelId() + " was not advertised by this client");
            return;
        }
        Drive drive;
        try {
            drive = twist(m.payload());
        } catch (FrameException e) {
            status(c, 2, "drive command refused: " + e.getMessage());
            return;
        }
        Decision d = options.sink().submit(drive);
        if (d == null) {
            status(c, 2, "drive command refused: the kernel is not available");
        } else if (!d.approved()) {
            status(c, 1, "drive command rejected by the kernel: " + d.reason());
        }
    }

    /**
     * A {@code geometry_msgs/Twist}-like JSON message as a planar drive (linear.x, angular.z); every component given
     * must be a finite number, the others (linear.y/z, angular.x/y) are ignored: the base is differential.
     */
    Drive twist(byte[] payload) throws FrameException {
        JsonNode t;
        try {
            t = json.readTree(payload);
        } catch (java.io.IOException e) {
            throw new FrameException("not JSON");
        }
        if (t == null || !t.isObject()) {
            throw new FrameException("a drive command must be a JSON object");
        }
        double[] linear = vector(t, "linear");
        double[] angular = vector(t, "angular");
        return new Drive(linear[0], angular[2]);
    }

    private static double[] vector(JsonNode t, String field) throws FrameException {
        JsonNode v = t.get(field);
        if (v == null || !v.isObject()) {
            throw new FrameException("'" + field + "' must be an object {x, y, z}");
        }
        double[] out = new double[3];
        String[] axes = {"x", "y", "z"};
        for (int i = 0; i < 3; i++) {
            JsonNode a = v.get(axes[i]);
            if (a == null) {
                continue;
            }
            if (!a.isNumber() || !Double.isFinite(a.asDouble())) {
                throw new FrameException("'" + field + "." + axes[i] + "' must be a finite number");
            }
            out[i] = a.asDouble();
        }
        return out;
    }

    private void getParameters(Client c, ClientFrames.GetParameters g) {
        if (!options.parameters().offered()) {
            status(c, 2, "parameters are not offered by this server");
            return;
        }
        try {
            parameterValues(c, options.parameters().get(g.names()), g.id());
        } catch (FoxgloveParameters.ParameterException e) {
            status(c, 2, e.getMessage());
        }
    }

    private void setParameters(Client c, ClientFrames.SetParameters p) {
        if (!options.parameters().offered()) {
            status(c, 2, "parameters are not offered by this server");
            return;
        }
        Map<String, Object> stored = new java.util.TreeMap<>();
        for (ClientFrames.Parameter param : p.parameters()) {
            try {
                stored.put(param.name(), options.parameters().set(param.name(), param.value()));
            } catch (FoxgloveParameters.ParameterException e) {
                LOG.warn("foxglove: client {} set parameter refused: {}", c.remote(), e.getMessage());
                status(c, 2, e.getMessage());
            }
        }
        if (p.id() != null) {
            parameterValues(c, stored, p.id());
        }
    }

    /**
     * Subscribes a client to parameter updates; a name not offered now is refused with a warning status. The values
     * now are the baseline: only later changes are sent (a client reads the current ones with getParameters).
     */
    private void subscribeParameters(Client c, List<String> names) {
        if (!options.parameters().offered()) {
            status(c, 2, "parameters are not offered by this server");
            return;
        }
        if (names.isEmpty()) {
            return;
        }
        try {
            Map<String, Object> now = options.parameters().get(names);
            for (String name : names) {
                Object v = now.get(name);
                if (v == null) {
                    status(c, 1, "parameter '" + ClientFrames.abbreviated(name) + "' is not offered; not subscribed");
                } else {
                    c.parameterSubscriptions.put(name, v);
                }
            }
        } catch (FoxgloveParameters.ParameterException e) {
            status(c, 2, e.getMessage());
        }
    }

    /**
     * A configuration changed (Config Admin's event, on its thread): every client subscribed to a parameter of that
     * PID whose value differs from what it last saw gets a {@code parameterValues} (without id) with the changed
     * ones. Never throws.
     */
    public void parametersChanged(String pid) {
        if (pid == null || !options.parameters().offered()) {
            return;
        }
        for (Client c : clients.values()) {
            parametersChanged(c, pid);
        }
    }

    void parametersChanged(Client c, String pid) {
        try {
            String prefix = pid + "/";
            List<String> names = c.parameterSubscriptions.keySet().stream().filter(n -> n.startsWith(prefix))
                    .toList();
            if (names.isEmpty()) {
                return;
            }
            Map<String, Object> now = options.parameters().get(names);
            Map<String, Object> changed = new java.util.TreeMap<>();
            for (Map.Entry<String, Object> e : now.entrySet()) {
                Object before = c.parameterSubscriptions.replace(e.getKey(), e.getValue());
                if (before != null && !Objects.equals(before, e.getValue())) {
                    changed.put(e.getKey(), e.getValue());
                }
            }
            if (!changed.isEmpty()) {
                parameterValues(c, changed, null);
            }
        } catch (FoxgloveParameters.ParameterException | RuntimeException e) {
            LOG.warn("foxglove: parameter update for {} not sent to {}: {}", pid, c.remote(), e.getMessage());
        }
    }

    private void parameterValues(Client c, Map<String, Object> values, String id) {
        ObjectNode msg = json.createObjectNode().put("op", "parameterValues");
        ArrayNode arr = msg.putArray("parameters");
        values.forEach((name, value) -> arr.addObject().put("name", name).set("value", json.valueToTree(value)));
        if (id != null) {
            msg.put("id", id);
        }
        sendText(c, msg.toString());
    }

    private void sendLoop() {
        long lastTime = 0;
        while (running.get()) {
            boolean idle = true;
            for (Client c : clients.values()) {
                try {
                    for (int i = 0; i < SEND_BATCH && c.open() && !c.socket.hasBufferedData(); i++) {
                        byte[] frame = c.poll();
                        if (frame == null) {
                            break;
                        }
                        c.socket.send(frame);
                        c.sent.incrementAndGet();
                        idle = false;
                    }
                } catch (RuntimeException e) {
                    LOG.debug("foxglove: sending to {} failed", c.socket.getRemoteSocketAddress(), e);
                }
            }
            long now = clock.millis();
            if (now - lastTime >= 1000) {
                lastTime = now;
                ByteBuffer t = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
                t.put(OP_TIME).putLong(now * 1_000_000L);
                for (Client c : clients.values()) {
                    c.offer(t.array());
                }
            }
            if (idle) {
                LockSupport.parkNanos(2_000_000L); // nothing to send: poll the queues again in 2 ms
            }
        }
    }

    boolean authorised(String resourceDescriptor) {
        String query = resourceDescriptor == null ? "" : resourceDescriptor;
        int q = query.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String pair : query.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("token")) {
                byte[] given = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_8);
                return MessageDigest.isEqual(given, token);
            }
        }
        return false;
    }

    private final class Server extends WebSocketServer {
        final AtomicBoolean started = new AtomicBoolean();
        volatile Exception failure;

        Server(InetSocketAddress address, List<Draft> drafts) {
            super(address, drafts);
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                ClientHandshake request) throws InvalidDataException {
            ServerHandshakeBuilder b = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
            if (!authorised(request.getResourceDescriptor())) {
                LOG.warn("foxglove: refused a connection from {} without a valid token", conn.getRemoteSocketAddress());
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "a valid token is required");
            }
            return b;
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            Client c = new Client(conn, clientCapacity);
            clients.put(conn, c);
            ObjectNode info = json.createObjectNode().put("op", "serverInfo").put("name", "MechOS");
            ArrayNode caps = info.putArray("capabilities").add("time");
            ArrayNode encodings = info.putArray("supportedEncodings");
            if (options.parameters().offered()) {
                caps.add("parameters").add("parametersSubscribe");
            }
            if (options.teleop()) {
                caps.add("clientPublish");
                encodings.add("json");
            }
            info.putObject("metadata");
            info.put("sessionId", sessionId);
            sendText(c, info.toString());
            List<Channel> all = new ArrayList<>(channels.values());
            if (!all.isEmpty()) {
                advertise(all, List.of(c));
            }
            LOG.info("foxglove: client {} connected", conn.getRemoteSocketAddress());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            Client c = clients.remove(conn);
            if (c != null) {
                LOG.info("foxglove: client {} left ({} sent, {} dropped as too slow)", conn.getRemoteSocketAddress(),
                        c.sent.get(), c.dropped.get());
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            Client c = clients.get(conn);
            if (c != null) {
                onText(c, message);
            }
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            Client c = clients.get(conn);
            if (c != null) {
                onBinary(c, message);
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                failure = ex;
                LOG.warn("foxglove: server error: {}", ex.toString());
            } else {
                LOG.debug("foxglove: connection error from {}", conn.getRemoteSocketAddress(), ex);
            }
        }

        @Override
        public void onStart() {
            started.set(true);
        }
    }
}
