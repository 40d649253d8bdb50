package mechos.memory.internal.foxglove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Severity;
import mechos.kernel.api.Violation;
import mechos.memory.internal.recorder.MessageCodec;
import mechos.memory.testsupport.NodeTools;

/**
 * Parameters over Config Admin and client publishing (teleop) of the Foxglove server, with Foxglove's own client
 * and frame by frame.
 */
class FoxgloveClientOpsTest {
    static final String TOKEN = FoxgloveServerTest.TOKEN;

    private final Hashtable<String, Object> kernelConfig = new Hashtable<>();
    private volatile Dictionary<String, ?> updated;
    /** When set, an update is applied and Config Admin's event reaches the server (as the component forwards it). */
    private volatile boolean applyUpdates;
    private final List<Drive> submitted = new CopyOnWriteArrayList<>();
    private FoxgloveServer server;

    FoxgloveClientOpsTest() {
        kernelConfig.put("service.pid", "mechos.kernel");
        kernelConfig.put("stop_ttc", 0.5);
        kernelConfig.put("tick_hz", 100);
        kernelConfig.put("recovery", "auto");
        kernelConfig.put("trusted_public_key", "secret-looking");
    }

    private ConfigurationAdmin configAdmin() {
        Configuration cfg = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (p, m, a) -> switch (m.getName()) {
                case "getPid" -> "mechos.kernel";
                case "getProperties" -> kernelConfig;
                case "update" -> {
                    updated = (Dictionary<String, ?>) a[0];
                    if (applyUpdates) {
                        for (var keys = updated.keys(); keys.hasMoreElements();) {
                            String k = keys.nextElement();
                            kernelConfig.put(k, updated.get(k));
                        }
                        server.parametersChanged("mechos.kernel");
                    }
                    yield null;
                }
                default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (p, m, a) -> switch (m.getName()) {
                case "listConfigurations" -> String.valueOf(a[0]).equals("(service.pid=mechos.kernel)")
                        ? new Configuration[] {cfg}
                        : null;
                case "getConfiguration" -> cfg;
                default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private Decision kernel(Drive d) {
        submitted.add(d);
        boolean ok = d.linear() <= 0.3;
        return new Decision("i" + submitted.size(), FoxgloveServerComponent.TELEOP_AGENT, d, ok,
                ok ? List.of() : List.of(new Violation("speed", Severity.REJECT, "too fast")), 1L);
    }

    private FoxgloveServer server(boolean teleop, List<String> pids) {
        ConfigurationAdmin ca = configAdmin();
        FoxgloveServer.Options options = new FoxgloveServer.Options(new ConfigAdminParameters(() -> ca, pids),
                teleop, "/cmd_vel", this::kernel);
        return new FoxgloveServer(new InetSocketAddress("127.0.0.1", 0), TOKEN, 16, new MessageCodec(),
                Clock.systemUTC(), options);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Old code: no parameters, and every client advertise/publish was refused. */
    @Test
    void foxgloveClientReadsAndSetsParametersAndDrivesThroughTheKernel() throws Exception {
        NodeTools.install();
        server = server(true, List.of("mechos.kernel"));
        server.start(10_000);
        NodeTools.Result r = NodeTools.run(NodeTools.DIR, 120, "node", "ws-teleop.mjs",
                "ws://127.0.0.1:" + server.port() + "/?token=" + TOKEN);
        assertEquals(0, r.exit(), r.output());
        JsonNode out = new ObjectMapper().readTree(r.lastLine());
        assertEquals(0, out.path("problems").size(), r.output());
        assertTrue(out.path("capabilities").toString().contains("\"parameters\""), r.output());
        assertTrue(out.path("capabilities").toString().contains("\"clientPublish\""), r.output());

        JsonNode params = out.path("parameters");
        assertEquals(0.5, params.path("mechos.kernel/stop_ttc").asDouble(), r.output());
        assertEquals(100, params.path("mechos.kernel/tick_hz").asInt(), r.output());
        assertFalse(params.has("mechos.kernel/trusted_public_key"), "secret keys are never offered: " + r.output());
        assertFalse(params.has("mechos.kernel/service.pid"), r.output());

        assertEquals(0.8, out.path("setReply").path("mechos.kernel/stop_ttc").asDouble(), r.output());
        assertEquals(0.8, updated.get("stop_ttc"));
        assertEquals(100, updated.get("tick_hz"), "the other keys are kept");
        assertTrue(out.path("statuses").toString().contains("needs a finite number"), r.output());

        assertEquals(List.of(new Drive(0.2, 0.5), new Drive(0.1, 0), new Drive(0, -0.3)), submitted);
        String statuses = out.path("statuses").toString();
        assertTrue(statuses.contains("was not advertised"), r.output());
        assertTrue(statuses.contains("'linear.x' must be a finite number"), r.output());
    }

    /** Old code: subscribeParameterUpdates was answered "not offered"; no capability parametersSubscribe. */
    @Test
    void foxgloveClientIsToldOfParameterChangesWhileSubscribed() throws Exception {
        NodeTools.install();
        applyUpdates = true;
        server = server(false, List.of("mechos.kernel"));
        server.start(10_000);
        NodeTools.Result r = NodeTools.run(NodeTools.DIR, 120, "node", "ws-params.mjs",
                "ws://127.0.0.1:" + server.port() + "/?token=" + TOKEN);
        assertEquals(0, r.exit(), r.output());
        JsonNode out = new ObjectMapper().readTree(r.lastLine());
        assertEquals(0, out.path("problems").size(), r.output());
        assertTrue(out.path("capabilities").toString().contains("\"parametersSubscribe\""), r.output());
        assertEquals("[\"first set\",\"unsubscribed\",\"second set\",\"end\"]", out.path("phases").toString(),
                r.output());
        // one update, while subscribed, with only the parameter that changed
        assertEquals(1, out.path("updates").size(), r.output());
        JsonNode update = out.path("updates").get(0);
        assertEquals("first set", update.path("phase").asText(), r.output());
        assertEquals("{\"mechos.kernel/stop_ttc\":0.8}", update.path("parameters").toString(), r.output());
        assertEquals(0.9, out.path("finalValue").asDouble(), "the second set was stored: " + r.output());
        assertTrue(out.path("statuses").toString().contains("'mechos.kernel/nope' is not offered; not subscribed"),
                r.output());
    }

    /** Frame by frame: subscribe, a change of another PID or an unchanged value sends nothing, unsubscribe. */
    @Test
    void parameterUpdatesGoOnlyToSubscribersOfChangedValues() {
        server = server(false, List.of("mechos.kernel"));
        List<String> replies = Collections.synchronizedList(new ArrayList<>());
        FoxgloveServer.Client c = new FoxgloveServer.Client(null, 16, replies::add);
        server.onText(c, "{\"op\":\"subscribeParameterUpdates\",\"parameterNames\":[\"mechos.kernel/tick_hz\"]}");
        assertEquals(List.of(), replies);
        server.parametersChanged(c, "mechos.kernel");
        assertEquals(List.of(), replies, "unchanged: nothing sent");
        kernelConfig.put("stop_ttc", 0.7);
        server.parametersChanged(c, "mechos.kernel");
        assertEquals(List.of(), replies, "a parameter not subscribed to changed");
        kernelConfig.put("tick_hz", 50);
        server.parametersChanged(c, "mechos.other");
        assertEquals(List.of(), replies, "another PID");
        server.parametersChanged(c, "mechos.kernel");
        assertEquals(List.of("{\"op\":\"parameterValues\",\"parameters\":[{\"name\":\"mechos.kernel/tick_hz\","
                + "\"value\":50}]}"), replies);
        server.onText(c, "{\"op\":\"unsubscribeParameterUpdates\",\"parameterNames\":[\"mechos.kernel/tick_hz\"]}");
        kernelConfig.put("tick_hz", 60);
        server.parametersChanged(c, "mechos.kernel");
        assertEquals(1, replies.size(), replies.toString());
        server.onText(c, "{\"op\":\"subscribeParameterUpdates\",\"parameterNames\":[1]}");
        assertTrue(replies.get(1).contains("parameterNames must hold strings"), replies.toString());

        FoxgloveServer none = new FoxgloveServer(new InetSocketAddress("127.0.0.1", 0), TOKEN, 16,
                new MessageCodec(), Clock.systemUTC());
        none.onText(c, "{\"op\":\"subscribeParameterUpdates\",\"parameterNames\":[\"mechos.kernel/tick_hz\"]}");
        assertTrue(replies.get(2).contains("parameters are not offered"), replies.toString());
    }

    @Test
    void teleopAndParametersAreOffByDefault() throws Exception {
        NodeTools.install();
        server = server(false, List.of());
        server.start(10_000);
        NodeTools.Result r = NodeTools.run(NodeTools.DIR, 120, "node", "ws-teleop.mjs",
                "ws://127.0.0.1:" + server.port() + "/?token=" + TOKEN);
        assertEquals(0, r.exit(), r.output());
        JsonNode out = new ObjectMapper().readTree(r.lastLine());
        assertEquals(0, out.path("problems").size(), r.output());
        assertEquals("[\"time\"]", out.path("capabilities").toString());
        assertTrue(out.path("statuses").toString().contains("client publishing is disabled"), r.output());
        assertEquals(List.of(), submitted);
    }

    private static ByteBuffer message(int channel, String json) {
        byte[] p = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + p.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(channel).put(p)
                .flip();
    }

    /** Frame by frame (no socket): what reaches the kernel and what each refusal says. */
    @Test
    void onlyValidDriveCommandsOnAnAdvertisedTeleopChannelReachTheKernel() {
        server = server(true, List.of("mechos.kernel"));
        List<String> replies = Collections.synchronizedList(new ArrayList<>());
        FoxgloveServer.Client c = new FoxgloveServer.Client(null, 16, replies::add);
        server.onBinary(c, message(1, "{\"linear\":{\"x\":0.1},\"angular\":{\"z\":0}}"));
        server.onText(c, "{\"op\":\"advertise\",\"channels\":[{\"id\":2,\"topic\":\"/other\",\"encoding\":\"json\"}]}");
        server.onBinary(c, message(2, "{\"linear\":{\"x\":0.1},\"angular\":{\"z\":0}}"));
        server.onText(c, "{\"op\":\"advertise\",\"channels\":[{\"id\":1,\"topic\":\"/cmd_vel\",\"encoding\":\"json\"}]}");
        server.onBinary(c, message(1, "{\"linear\":{\"x\":1e999},\"angular\":{\"z\":0}}"));
        server.onBinary(c, message(1, "[1,2]"));
        server.onBinary(c, message(1, "{\"linear\":{\"x\":0.25},\"angular\":{\"z\":-0.5}}"));
        server.onBinary(c, message(1, "{\"linear\":{\"x\":0.9},\"angular\":{\"z\":0}}"));
        server.onText(c, "{\"op\":\"unadvertise\",\"channelIds\":[1]}");
        server.onBinary(c, message(1, "{\"linear\":{\"x\":0.1},\"angular\":{\"z\":0}}"));
        server.onText(c, "not json");
        server.onText(c, "{\"op\":\"setParameters\",\"parameters\":[{\"name\":\"mechos.other/x\",\"value\":1}]}");
        server.onBinary(c, ByteBuffer.wrap(new byte[] {9}));

        assertEquals(List.of(new Drive(0.25, -0.5), new Drive(0.9, 0)), submitted);
        assertEquals(null, updated);
        String all = String.join("\n", replies);
        assertTrue(all.contains("channel 1 was not advertised by this client"), all);
        assertTrue(all.contains("only JSON drive commands on '/cmd_vel'"), all);
        assertTrue(all.contains("channel 2 was not advertised"), all);
        assertTrue(all.contains("'linear.x' must be a finite number"), all);
        assertTrue(all.contains("a drive command must be a JSON object"), all);
        assertTrue(all.contains("rejected by the kernel: rejected: "), all);
        assertTrue(all.contains("not JSON"), all);
        assertTrue(all.contains("'mechos.other/x' is not offered"), all);
        assertTrue(all.contains("unknown binary opcode 0x9"), all);
    }

    @Test
    void withTeleopOffNothingReachesTheKernel() {
        server = new FoxgloveServer(new InetSocketAddress("127.0.0.1", 0), TOKEN, 16, new MessageCodec(),
                Clock.systemUTC());
        List<String> replies = new ArrayList<>();
        FoxgloveServer.Client c = new FoxgloveServer.Client(null, 16, replies::add);
        server.onText(c, "{\"op\":\"advertise\",\"channels\":[{\"id\":1,\"topic\":\"/cmd_vel\",\"encoding\":\"json\"}]}");
        server.onBinary(c, message(1, "{\"linear\":{\"x\":0.1},\"angular\":{\"z\":0}}"));
        server.onText(c, "{\"op\":\"getParameters\",\"parameterNames\":[]}");
        assertEquals(List.of(), submitted);
        assertEquals(3, replies.size(), replies.toString());
        assertTrue(replies.get(0).contains("client publishing is disabled"), replies.toString());
        assertTrue(replies.get(2).contains("parameters are not offered"), replies.toString());
    }
}
