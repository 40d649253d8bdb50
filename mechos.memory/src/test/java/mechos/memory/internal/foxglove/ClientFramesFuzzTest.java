package mechos.memory.internal.foxglove;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.memory.internal.recorder.MessageCodec;

/**
 * Coverage-guided fuzzing of what Foxglove clients send (text and binary frames) through the server's decoder and
 * handler, with teleop and parameters on. Properties: the decoder raises nothing but {@link FrameException}; the
 * handler never throws; a Drive reaches the kernel only from a client that advertised the teleop channel, and only
 * with finite values; a parameter is set only when it is one of those offered.
 */
class ClientFramesFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOPICS = {"/cmd_vel", "/other", ""};
    private static final String[] ENCODINGS = {"json", "cdr", "protobuf"};
    private static final String[] PARAM_NAMES = {"mechos.kernel/stop_ttc", "mechos.kernel/tick_hz", "mechos.other/x", "x",
        "/", "mechos.kernel/"};

    /** Offers two parameters; records what was set. */
    private static final class Params implements FoxgloveParameters {
        final List<String> set = new ArrayList<>();

        @Override
        public boolean offered() {
            return true;
        }

        @Override
        public Map<String, Object> get(Collection<String> names) {
            return Map.of("mechos.kernel/stop_ttc", 0.5, "mechos.kernel/tick_hz", 100);
        }

        @Override
        public Object set(String name, JsonNode value) throws ParameterException {
            if (!name.equals("mechos.kernel/stop_ttc") && !name.equals("mechos.kernel/tick_hz")) {
                throw new ParameterException("not offered: " + name);
            }
            if (value == null || !value.isNumber()) {
                throw new ParameterException("needs a number");
            }
            set.add(name);
            return value.asDouble();
        }
    }

    private static String number(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 4)) {
            case 0 -> Double.toString(data.consumeDouble()); // may print NaN / Infinity: not JSON
            case 1 -> Integer.toString(data.consumeInt());
            case 2 -> "\"" + data.consumeString(8).replace("\"", "") + "\"";
            case 3 -> "1e" + data.consumeInt(-400, 400);
            default -> Double.toString(data.consumeRegularDouble());
        };
    }

    private static String frameText(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> data.consumeString(400);
            case 1 -> "{\"op\":\"advertise\",\"channels\":[{\"id\":" + data.consumeInt(-1, 3) + ",\"topic\":\""
                    + data.pickValue(TOPICS) + "\",\"encoding\":\"" + data.pickValue(ENCODINGS)
                    + "\",\"schemaName\":\"geometry_msgs/Twist\"}]}";
            case 2 -> "{\"op\":\"unadvertise\",\"channelIds\":[" + data.consumeInt(-1, 3) + "]}";
            case 3 -> "{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":" + number(data) + ",\"channelId\":"
                    + number(data) + "}]}";
            case 4 -> "{\"op\":\"unsubscribe\",\"subscriptionIds\":[" + number(data) + "]}";
            case 5 -> "{\"op\":\"setParameters\",\"parameters\":[{\"name\":\"" + data.pickValue(PARAM_NAMES)
                    + "\",\"value\":" + number(data) + "}],\"id\":\"" + data.consumeString(4).replace("\"", "")
                    + "\"}";
            case 6 -> "{\"op\":\"getParameters\",\"parameterNames\":[\"" + data.pickValue(PARAM_NAMES) + "\"]}";
            default -> "{\"op\":\"" + data.consumeString(24) + "\"}";
        };
    }

    private static ByteBuffer frameBinary(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return ByteBuffer.wrap(data.consumeBytes(64));
        }
        String payload = data.consumeBoolean() ? data.consumeString(200)
                : "{\"linear\":{\"x\":" + number(data) + ",\"y\":" + number(data) + "},\"angular\":{\"z\":"
                        + number(data) + "}}";
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + p.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1)
                .putInt(data.consumeInt(-1, 3)).put(p).flip();
    }

    static {
        // a refused frame is logged at WARN by design; at fuzzing rates that logging would be all the fuzzer does
        System.setProperty("org.slf4j.simpleLogger.log.mechos.memory.internal.foxglove", "error");
    }

    private static final List<Drive> DRIVES = new ArrayList<>();
    private static final AtomicReference<FoxgloveServer.Client> CLIENT = new AtomicReference<>();
    private static final Params PARAMS = new Params();
    private static final FoxgloveServer SERVER = new FoxgloveServer(new InetSocketAddress("127.0.0.1", 0),
            "0123456789abcdef0123456789abcdef", 4, new MessageCodec(), Clock.systemUTC(),
            new FoxgloveServer.Options(PARAMS, true, "/cmd_vel", ClientFramesFuzzTest::kernel));

    private static Decision kernel(Drive d) {
        assertTrue(Double.isFinite(d.linear()) && Double.isFinite(d.angular()), "non-finite drive " + d);
        assertTrue(CLIENT.get().publishing.containsValue("/cmd_vel"),
                "a drive from a client without an advertised teleop channel");
        DRIVES.add(d);
        return new Decision("i", FoxgloveServerComponent.TELEOP_AGENT, d, true, List.of(), 0L);
    }

    @FuzzTest(maxDuration = "10s")
    void clientFrames(FuzzedDataProvider data) {
        FoxgloveServer server = SERVER;
        DRIVES.clear();
        PARAMS.set.clear();
        long failuresBefore = server.handlerFailures();
        AtomicReference<FoxgloveServer.Client> client = CLIENT;
        Params params = PARAMS;
        List<String> replies = new ArrayList<>();
        client.set(new FoxgloveServer.Client(null, 4, replies::add));
        for (int i = 0; i < 16 && data.remainingBytes() > 0; i++) {
            if (data.consumeBoolean()) {
                ByteBuffer frame = frameBinary(data);
                try {
                    ClientFrames.binary(frame);
                } catch (FrameException documented) {
                    // the one error the decoder may raise
                }
                server.onBinary(client.get(), frame);
            } else {
                String text = frameText(data);
                try {
                    ClientFrames.text(JSON, text);
                } catch (FrameException documented) {
                    // the one error the decoder may raise
                }
                server.onText(client.get(), text);
            }
        }
        assertTrue(server.handlerFailures() == failuresBefore, "an unexpected exception in the handler: " + replies);
        assertTrue(params.set.stream().allMatch(n -> n.startsWith("mechos.kernel/")), params.set.toString());
    }
}
