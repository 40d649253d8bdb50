package mechos.memory.internal.recorder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.hal.api.CameraFrame;
import mechos.hal.api.LaserScan;
import mechos.hal.api.PixelFormat;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.AskHuman;
import mechos.kernel.api.Decision;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.Drive;
import mechos.kernel.api.IntentEvent;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyTransition;
import mechos.kernel.api.Severity;
import mechos.kernel.api.Stop;
import mechos.kernel.api.Violation;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.Topic;
import mechos.memory.api.PlaybackOptions;
import mechos.memory.api.PlaybackResult;
import mechos.memory.api.RecordingCompression;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.RecordingStatus;
import mechos.memory.internal.mcap.McapReader;
import mechos.memory.testsupport.FakeEventBus;
import mechos.perception.api.FusedPose;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.api.PoseConfidence;
import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;

/**
 * Every recorded type reads back as what was published (kernel events with their intents, robot data in Foxglove
 * schemas), and playback never reaches a live kernel topic.
 */
class RecordedTypesRoundTripTest {
    static final Topic<LaserScan> SCAN = Topic.latest("sensors/scan", LaserScan.class);

    @TempDir
    Path dir;

    private final FakeEventBus bus = new FakeEventBus();

    private final List<Object> published = new ArrayList<>();

    private <T> void publish(Topic<T> topic, T payload, String corr) {
        bus.publish(topic, payload, corr);
        published.add(payload);
    }

    private Path record(RecordingCompression compression) {
        BusRecorder recorder = new BusRecorder(bus, dir, RecordingOptions.allTopics(), 10_000, false,
                Clock.systemUTC());
        recorder.start(RecordingOptions.allTopics().withCompression(compression));
        publish(KernelTopics.INTENTS, new IntentEvent("i-1", "brain", new Drive(0.3, 0.0), 1_000L), "i-1");
        publish(KernelTopics.DECISIONS, new Decision("i-1", "brain", new Drive(0.3, 0.0), false,
                List.of(new Violation("speed.max", Severity.REJECT, "too fast")), 1_001L), "i-1");
        publish(KernelTopics.INTENTS, new IntentEvent("i-2", "brain", new AskHuman("which way?", null), 1_002L),
                "i-2");
        publish(KernelTopics.INTENTS, new IntentEvent("i-3", "brain", null, 1_003L), "i-3");
        publish(KernelTopics.DECISIONS, new Decision("i-4", "operator", new Stop("test"), true, List.of(), 1_004L),
                "i-4");
        publish(KernelTopics.SAFETY, new SafetyTransition(SafetyState.NOMINAL, SafetyState.SAFE_STOP, "e-stop",
                1_005L), null);
        publish(KernelTopics.DISPATCH, new DispatchResult("i-1", "base", "drive", DispatchOutcome.values()[0],
                "ok", 1234L), "i-1");
        publish(SCAN, new LaserScan(42L, "laser", -1.0, 0.5, 0.1, 8.0,
                new double[] {1.0, Double.POSITIVE_INFINITY, Double.NaN, 0.05, 7.5}, new double[0]), null);
        publish(PerceptionTopics.FUSED_POSE, new FusedPose(10L, 11L, new Pose2D(1.5, -2.0, 0.7), 0.2, 0.1, 0.01,
                0.02, 0.003, 0.0001, PoseConfidence.FULL), null);
        publish(PerceptionTopics.TRANSFORMS, new StampedTransform("odom", "base_link", 12L,
                Transform.planar(0.5, -0.25, 0.3)), null);
        RecordingStatus status = recorder.stop();
        assertEquals(published.size(), status.messages());
        return status.files().get(0);
    }

    /** Old code: intents lost their action ("Cannot construct instance of mechos.kernel.api.Intent"). */
    @Test
    void everyRecordedTypePlaysBackEqualIntoTheReplayNamespaceOnly() throws Exception {
        Path file = record(RecordingCompression.ZSTD);
        FakeEventBus target = new FakeEventBus();
        for (Topic<?> t : List.of(KernelTopics.INTENTS, KernelTopics.DECISIONS, KernelTopics.SAFETY,
                KernelTopics.DISPATCH, SCAN, PerceptionTopics.FUSED_POSE,
                PerceptionTopics.TRANSFORMS)) {
            target.declare(t);
        }
        List<Object> live = new ArrayList<>();
        target.subscribe(KernelTopics.SAFETY, "kernel latch", 10, e -> live.add(e.payload()));
        target.subscribe(KernelTopics.INTENTS, "kernel", 10, e -> live.add(e.payload()));
        List<Envelope<?>> replayed = new ArrayList<>();
        target.subscribeAll(t -> true, "all", 100, replayed::add);

        // even when asked to play everything live, kernel topics stay in the replay namespace
        PlaybackResult result = new McapPlayer(target)
                .play(file, new PlaybackOptions(0, List.of(), List.of("*"))).get();
        assertEquals(0, result.skipped(), result.toString());
        assertEquals(published.size(), result.published());
        assertEquals(List.of(), live);
        List<Object> payloads = replayed.stream().map(Envelope::payload).map(Object.class::cast).toList();
        assertEquals(published, payloads);
        Map<String, String> topicOf = new HashMap<>();
        replayed.forEach(e -> topicOf.put(e.payload().getClass().getSimpleName(), e.topic().name()));
        assertEquals("replay/kernel/safety", topicOf.get("SafetyTransition"));
        assertEquals("replay/kernel/intents", topicOf.get("IntentEvent"));
        assertEquals("sensors/scan", topicOf.get("LaserScan"));
        // only sensor topics go live: a replayed pose or transform would pose as perception's own
        assertEquals("replay/perception/pose", topicOf.get("FusedPose"));
        assertEquals("replay/perception/tf", topicOf.get("StampedTransform"));
        assertEquals("i-1", replayed.get(0).correlationId());

        // the default: nothing is published under a live name
        replayed.clear();
        new McapPlayer(target).play(file, PlaybackOptions.speed(0)).get();
        assertTrue(replayed.stream().allMatch(e -> e.topic().name().startsWith("replay/")));
        assertEquals(published, replayed.stream().map(Envelope::payload).map(Object.class::cast).toList());
    }

    @Test
    void messagesAreUnwrappedWithRealSchemasAndRobotDataUsesFoxgloveSchemas() throws Exception {
        Path file = record(RecordingCompression.LZ4);
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> first = new HashMap<>();
        Map<String, McapReader.Channel> channels = new HashMap<>();
        McapReader.Scan scan = McapReader.read(file, m -> {
            first.putIfAbsent(m.channel().topic(), json.readTree(m.data()));
            channels.put(m.channel().topic(), m.channel());
            return true;
        });
        assertEquals(0, scan.badChunks());

        JsonNode intent = first.get("kernel/intents");
        assertFalse(intent.has("payload"));
        assertEquals("drive", intent.path("intent").path("action").asText());
        assertEquals("i-1", intent.path(MessageCodec.CORRELATION).asText());
        JsonNode intentSchema = json.readTree(channels.get("kernel/intents").schemaData());
        assertEquals(IntentEvent.class.getName(), channels.get("kernel/intents").schemaName());
        assertTrue(intentSchema.path("properties").path("intent").path("oneOf").isArray(), intentSchema.toString());
        assertEquals("object", intentSchema.path("type").asText());

        McapReader.Channel scan0 = channels.get("sensors/scan");
        assertEquals("foxglove.LaserScan", scan0.schemaName());
        assertEquals("jsonschema", scan0.schemaEncoding());
        assertArrayEquals(FoxgloveMappings.schema("foxglove.LaserScan"), scan0.schemaData());
        JsonNode s = first.get("sensors/scan");
        assertEquals("laser", s.path("frame_id").asText());
        assertEquals(5, s.path("ranges").size());
        s.path("ranges").forEach(r -> assertTrue(r.isNumber(), "Foxglove needs numbers: " + r));
        assertEquals(-1.0 + 4 * 0.5, s.path("end_angle").asDouble(), 1e-12);
        assertTrue(s.path("timestamp").path("sec").asLong() > 1_600_000_000L, "wall-clock stamp");

        McapReader.Channel pose = channels.get("perception/pose");
        assertEquals("foxglove.PoseInFrame", pose.schemaName());
        JsonNode p = first.get("perception/pose");
        assertEquals("odom", p.path("frame_id").asText());
        assertEquals(Math.sin(0.35), p.path("pose").path("orientation").path("z").asDouble(), 1e-12);
        assertEquals(1.5, p.path("pose").path("position").path("x").asDouble());
        String text = new String(pose.schemaData(), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"title\": \"foxglove.PoseInFrame\""), text);

        assertEquals("foxglove.FrameTransforms", channels.get("perception/tf").schemaName());
        assertArrayEquals(FoxgloveMappings.schema("foxglove.FrameTransforms"),
                channels.get("perception/tf").schemaData());
        JsonNode tf = first.get("perception/tf").path("transforms").path(0);
        assertEquals("odom", tf.path("parent_frame_id").asText());
        assertEquals("base_link", tf.path("child_frame_id").asText());
        assertEquals(0.5, tf.path("translation").path("x").asDouble());
        assertEquals(Math.sin(0.15), tf.path("rotation").path("z").asDouble(), 1e-12);
        assertEquals(Math.cos(0.15), tf.path("rotation").path("w").asDouble(), 1e-12);
    }

    /** Old code: a camera frame was recorded as MechOS JSON that no Foxglove image panel shows. */
    @Test
    void cameraFramesAreFoxgloveRawImagesAndReadBackExactly() throws Exception {
        Topic<CameraFrame> camera = Topic.latest("sensors/camera", CameraFrame.class);
        byte[] pixels = new byte[4 * 3 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        CameraFrame frame = new CameraFrame(77L, "camera_optical", 3, 2, PixelFormat.RGB8, 12, pixels);
        BusRecorder recorder = new BusRecorder(bus, dir, RecordingOptions.allTopics(), 10_000, false,
                Clock.systemUTC());
        recorder.start(RecordingOptions.allTopics());
        bus.publish(camera, frame, null);
        Path file = recorder.stop().files().get(0);

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> messages = new ArrayList<>();
        List<McapReader.Channel> channels = new ArrayList<>();
        McapReader.read(file, m -> {
            messages.add(json.readTree(m.data()));
            channels.add(m.channel());
            return true;
        });
        assertEquals(1, messages.size());
        assertEquals("foxglove.RawImage", channels.get(0).schemaName());
        JsonNode image = messages.get(0);
        assertEquals("rgb8", image.path("encoding").asText());
        assertEquals(3, image.path("width").asInt());
        assertEquals(2, image.path("height").asInt());
        assertEquals(12, image.path("step").asInt());
        assertEquals("camera_optical", image.path("frame_id").asText());
        assertArrayEquals(pixels, java.util.Base64.getDecoder().decode(image.path("data").asText()));

        FakeEventBus target = new FakeEventBus();
        target.declare(camera);
        List<Envelope<?>> replayed = new ArrayList<>();
        target.subscribeAll(t -> true, "all", 10, replayed::add);
        new McapPlayer(target).play(file, PlaybackOptions.speed(0)).get();
        CameraFrame back = (CameraFrame) replayed.get(0).payload();
        assertEquals(77L, back.timestampNanos());
        assertEquals(PixelFormat.RGB8, back.format());
        assertEquals(12, back.stride());
        assertArrayEquals(pixels, back.data());
    }

    /** Old code: mechos:play took only a file and a speed; any non-kernel topic could go live. */
    @Test
    void playCommandFiltersLoopsAndLetsOnlySensorTopicsGoLive() {
        Path file = record(RecordingCompression.ZSTD);
        FakeEventBus target = new FakeEventBus();
        for (Topic<?> t : List.of(KernelTopics.INTENTS, KernelTopics.DECISIONS, KernelTopics.SAFETY,
                KernelTopics.DISPATCH, SCAN, PerceptionTopics.FUSED_POSE, PerceptionTopics.TRANSFORMS)) {
            target.declare(t);
        }
        List<String> topics = new ArrayList<>();
        target.subscribeAll(t -> true, "all", 100, e -> topics.add(e.topic().name()));
        RecorderCommands commands = new RecorderCommands(new BusRecorder(bus, dir, RecordingOptions.allTopics(), 10,
                false, Clock.systemUTC()), new McapPlayer(target));

        String out = commands.play(file.toString(), "0", "--topics", "sensors/*,perception/*", "--live",
                "sensors/scan", "--loop", "2");
        assertEquals("published 6, skipped 0 (live: [sensors/scan])", out);
        assertEquals(List.of("sensors/scan", "replay/perception/pose", "replay/perception/tf", "sensors/scan",
                "replay/perception/pose", "replay/perception/tf"), topics);

        topics.clear();
        for (String notSensor : List.of("kernel/safety", "perception/pose", "*")) {
            String refused = commands.play(file.toString(), "--live", notSensor);
            assertTrue(refused.contains("'" + notSensor + "' cannot go live: only sensor topics"), refused);
        }
        assertTrue(commands.play(file.toString(), "--loop", "0").contains("--loop needs N >= 1"));
        assertTrue(commands.play(file.toString(), "fast").contains("speed 'fast' is not a number"));
        assertTrue(commands.play().startsWith("mechos:play <file>"));
        assertEquals(RecorderCommands.PLAY_USAGE, commands.play("help"));
        assertEquals(List.of(), topics, "nothing published by refused commands");
    }

    @Test
    void logTimesAreWallClockNanoseconds() throws Exception {
        long before = System.currentTimeMillis() * 1_000_000L;
        Path file = record(RecordingCompression.NONE);
        long after = (System.currentTimeMillis() + 1) * 1_000_000L;
        McapReader.read(file, m -> {
            assertTrue(m.logTime() >= before && m.logTime() <= after, m.logTime() + " not in [" + before + ","
                    + after + "]");
            return true;
        });
    }
}
