package mechos.memory.internal.foxglove;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Decodes what a Foxglove WebSocket client sends ({@code foxglove.websocket.v1}): text frames are JSON objects with
 * an {@code op}, binary frames start with an opcode byte. Anything else, and any field of the wrong kind or out of
 * range, is a {@link FrameException} naming the problem; no other exception leaves {@link #text} or {@link #binary}
 * (fuzzed by {@code ClientFramesFuzzTest}).
 */
final class ClientFrames {
    /** Largest text frame accepted (a subscribe for thousands of channels fits easily). */
    static final int MAX_TEXT = 1 << 20;
    /** Binary opcode of client message data. */
    static final byte OP_CLIENT_MESSAGE = 0x01;
    /** Binary opcode of a service call request (not offered). */
    static final byte OP_SERVICE_CALL = 0x02;

    /** A decoded client operation. */
    sealed interface Op {
    }

    /** {@code subscribe}: subscription id to channel id. */
    record Subscribe(List<Subscription> subscriptions) implements Op {
    }

    record Subscription(int id, int channelId) {
    }

    /** {@code unsubscribe}. */
    record Unsubscribe(List<Integer> subscriptionIds) implements Op {
    }

    /** {@code advertise}: channels the client wants to publish on. */
    record Advertise(List<ClientChannel> channels) implements Op {
    }

    record ClientChannel(int id, String topic, String encoding, String schemaName) {
    }

    /** {@code unadvertise}. */
    record Unadvertise(List<Integer> channelIds) implements Op {
    }

    /** {@code getParameters}: names (empty = all offered), optional request id (null when absent). */
    record GetParameters(List<String> names, String id) implements Op {
    }

    /** {@code setParameters}. */
    record SetParameters(List<Parameter> parameters, String id) implements Op {
    }

    /** One parameter to set: its name and the JSON value the client sent. */
    record Parameter(String name, JsonNode value) {
    }

    /** Binary client message data on a client channel. */
    record SubscribeParameterUpdates(List<String> names) implements Op {
    }

    record UnsubscribeParameterUpdates(List<String> names) implements Op {
    }

    record ClientMessage(int channelId, byte[] payload) implements Op {
    }

    /** An op the protocol defines but this server does not offer (answered with a status, not an error). */
    record Unsupported(String op) implements Op {
    }

    private ClientFrames() {
    }

    static Op text(ObjectMapper json, String text) throws FrameException {
        if (text == null || text.isEmpty()) {
            throw new FrameException("empty text frame");
        }
        if (text.length() > MAX_TEXT) {
            throw new FrameException("text frame of " + text.length() + " characters is larger than " + MAX_TEXT);
        }
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (JacksonException e) {
            throw new FrameException("not JSON: " + e.getOriginalMessage());
        }
        if (msg == null || !msg.isObject()) {
            throw new FrameException("a text frame must be a JSON object");
        }
        JsonNode op = msg.get("op");
        if (op == null || !op.isTextual()) {
            throw new FrameException("a text frame needs a string 'op'");
        }
        return switch (op.asText()) {
            case "subscribe" -> {
                List<Subscription> subs = new ArrayList<>();
                for (JsonNode s : array(msg, "subscriptions")) {
                    subs.add(new Subscription(uint32(s, "id"), uint32(s, "channelId")));
                }
                yield new Subscribe(List.copyOf(subs));
            }
            case "unsubscribe" -> new Unsubscribe(ints(array(msg, "subscriptionIds"), "subscriptionIds"));
            case "advertise" -> {
                List<ClientChannel> channels = new ArrayList<>();
                for (JsonNode c : array(msg, "channels")) {
                    channels.add(new ClientChannel(uint32(c, "id"), string(c, "topic"), string(c, "encoding"),
                            c.has("schemaName") ? string(c, "schemaName") : ""));
                }
                yield new Advertise(List.copyOf(channels));
            }
            case "unadvertise" -> new Unadvertise(ints(array(msg, "channelIds"), "channelIds"));
            case "getParameters" -> new GetParameters(names(msg), requestId(msg));
            case "subscribeParameterUpdates" -> new SubscribeParameterUpdates(names(msg));
            case "unsubscribeParameterUpdates" -> new UnsubscribeParameterUpdates(names(msg));
            case "setParameters" -> {
                List<Parameter> params = new ArrayList<>();
                for (JsonNode p : array(msg, "parameters")) {
                    if (!p.isObject()) {
                        throw new FrameException("parameters must hold objects");
                    }
                    params.add(new Parameter(string(p, "name"), p.get("value")));
                }
                yield new SetParameters(List.copyOf(params), requestId(msg));
            }
            case "subscribeConnectionGraph", "unsubscribeConnectionGraph", "fetchAsset" -> new Unsupported(op.asText());
            default -> throw new FrameException("unknown op '" + abbreviated(op.asText()) + "'");
        };
    }

    static Op binary(ByteBuffer frame) throws FrameException {
        if (frame == null || !frame.hasRemaining()) {
            throw new FrameException("empty binary frame");
        }
        ByteBuffer b = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte opcode = b.get();
        if (opcode == OP_SERVICE_CALL) {
            return new Unsupported("service call request");
        }
        if (opcode != OP_CLIENT_MESSAGE) {
            throw new FrameException("unknown binary opcode 0x" + Integer.toHexString(opcode & 0xff));
        }
        if (b.remaining() < 4) {
            throw new FrameException("client message data without a channel id");
        }
        int channelId = b.getInt();
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        return new ClientMessage(channelId, payload);
    }

    private static List<String> names(JsonNode msg) throws FrameException {
        List<String> names = new ArrayList<>();
        for (JsonNode n : array(msg, "parameterNames")) {
            if (!n.isTextual()) {
                throw new FrameException("parameterNames must hold strings");
            }
            names.add(n.asText());
        }
        return List.copyOf(names);
    }

    private static Iterable<JsonNode> array(JsonNode msg, String field) throws FrameException {
        JsonNode a = msg.get(field);
        if (a == null || !a.isArray()) {
            throw new FrameException("'" + field + "' must be an array");
        }
        return a;
    }

    private static List<Integer> ints(Iterable<JsonNode> values, String field) throws FrameException {
        List<Integer> out = new ArrayList<>();
        for (JsonNode v : values) {
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
                throw new FrameException("'" + field + "' must hold non-negative integers");
            }
            out.add(v.asInt());
        }
        return List.copyOf(out);
    }

    private static int uint32(JsonNode node, String field) throws FrameException {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new FrameException("'" + field + "' must be a non-negative integer");
        }
        return v.asInt();
    }

    private static String string(JsonNode node, String field) throws FrameException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new FrameException("'" + field + "' must be a string");
        }
        return v.asText();
    }

    private static String requestId(JsonNode msg) throws FrameException {
        JsonNode id = msg.get("id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual()) {
            throw new FrameException("'id' must be a string");
        }
        return id.asText();
    }

    static String abbreviated(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
