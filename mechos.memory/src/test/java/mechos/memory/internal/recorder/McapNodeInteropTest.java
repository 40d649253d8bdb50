package mechos.memory.internal.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.hal.api.CameraFrame;
import mechos.hal.api.LaserScan;
import mechos.hal.api.PixelFormat;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.IntentEvent;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.bus.Topic;
import mechos.memory.api.DataTopics;
import mechos.memory.api.RecordingCompression;
import mechos.memory.api.RecordingInfo;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.TopicSummary;
import mechos.memory.testsupport.FakeEventBus;
import mechos.memory.testsupport.NodeTools;
import mechos.perception.api.FusedPose;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.api.PoseConfidence;
import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;

/**
 * Third-party check: the official MCAP TypeScript libraries ({@code @mcap/core} 2.2.2 + {@code @mcap/support}
 * 1.1.0, installed from npm by this test into {@code target/npm-interop}) read a MechOS recording with zstd and with
 * lz4 chunks: the indexed reader opens it, robot data carries the Foxglove schema names, per-channel counts equal
 * what MechOS reports, and a CRC-validating stream read reaches the end. Needs node and npm
 * (cnf/test-packages.txt); without them the test is skipped, except under CI=true where it fails.
 */
class McapNodeInteropTest {
    static final Topic<CameraFrame> CAMERA = Topic.latest("sensors/camera", CameraFrame.class);

    @TempDir
    Path dir;

    @BeforeAll
    static void installPackages() throws Exception {
        NodeTools.install();
    }

    @ParameterizedTest
    @EnumSource(value = RecordingCompression.class, names = {"ZSTD", "LZ4"})
    void theOfficialTypeScriptReaderReadsAMechosRecording(RecordingCompression compression) throws Exception {
        FakeEventBus bus = new FakeEventBus();
        BusRecorder recorder = new BusRecorder(bus, dir, RecordingOptions.allTopics(), 10_000, false,
                Clock.systemUTC());
        recorder.start(RecordingOptions.allTopics().withCompression(compression)
                .withChunks(16 * 1024, java.time.Duration.ofSeconds(1)));
        for (int i = 0; i < 300; i++) {
            bus.publish(KernelTopics.INTENTS, new IntentEvent("i" + i, "brain", new Drive(0.1, 0.0), i), "i" + i);
            bus.publish(KernelTopics.DECISIONS, new Decision("i" + i, "brain", new Drive(0.1, 0.0), true, List.of(),
                    i), "i" + i);
            if (i % 3 == 0) {
                double[] ranges = new double[360];
                for (int b = 0; b < ranges.length; b++) {
                    ranges[b] = b % 7 == 0 ? Double.POSITIVE_INFINITY : 1.0 + (b + i) % 50 / 10.0;
                }
                bus.publish(RecordedTypesRoundTripTest.SCAN,
                        new LaserScan(i, "laser", -Math.PI, Math.PI / 180, 0.1, 8, ranges, new double[0]));
                bus.publish(PerceptionTopics.FUSED_POSE, new FusedPose(i, i, new Pose2D(i * 0.01, 0, 0), 0.1, 0,
                        0, 0, 0, 0, PoseConfidence.FULL));
                bus.publish(PerceptionTopics.TRANSFORMS, new StampedTransform("odom", "base_link", i,
                        Transform.planar(i * 0.01, 0, 0)));
            }
            if (i % 100 == 0) {
                bus.publish(DataTopics.MAP_SLICE, FoxgloveGridAndLogTest.grid());
                bus.publish(DataTopics.STATIC_MAP, FoxgloveGridAndLogTest.grid());
                bus.publish(DataTopics.PATROL, FoxgloveGridAndLogTest.patrol());
                bus.publish(DataTopics.LOG, FoxgloveGridAndLogTest.log());
            }
            if (i % 30 == 0) {
                bus.publish(CAMERA, new CameraFrame(i, "camera", 4, 2, PixelFormat.GRAY8, 4, new byte[8]));
            }
        }
        Path file = recorder.stop().files().get(0);
        RecordingInfo info = new McapPlayer(null).inspect(file);
        assertTrue(info.complete());

        NodeTools.Result r = NodeTools.run(NodeTools.DIR, 120, "node", "check-mechos.mjs",
                file.toAbsolutePath().toString());
        assertEquals(0, r.exit(), r.output());
        JsonNode out = new ObjectMapper().readTree(r.lastLine());
        assertEquals(compression.name().toLowerCase(java.util.Locale.ROOT), out.path("compression").get(0).asText(),
                r.output());
        assertEquals(1, out.path("compression").size());
        assertTrue(out.path("streamDone").asBoolean(), r.output());
        assertTrue(out.path("stream").path("ChunkIndex").asInt() > 1, r.output());
        assertEquals(info.messages(), out.path("stream").path("Message").asLong(), r.output());

        Map<String, Long> mechos = new TreeMap<>();
        for (TopicSummary t : info.topics()) {
            mechos.put(t.topic(), t.messages());
        }
        Map<String, Long> statistics = new TreeMap<>();
        Map<String, Long> read = new TreeMap<>();
        out.path("topics").fields().forEachRemaining(e -> {
            statistics.put(e.getKey(), e.getValue().path("statistics").asLong());
            read.put(e.getKey(), e.getValue().path("read").asLong());
            assertTrue(e.getValue().path("json").asBoolean(), e.getKey() + " is not valid JSON: " + r.output());
        });
        assertEquals(mechos, statistics);
        assertEquals(mechos, read);
        assertEquals("foxglove.LaserScan", out.path("topics").path("sensors/scan").path("schema").asText());
        assertEquals("foxglove.PoseInFrame", out.path("topics").path("perception/pose").path("schema").asText());
        assertEquals("foxglove.FrameTransforms", out.path("topics").path("perception/tf").path("schema").asText());
        assertEquals("foxglove.RawImage", out.path("topics").path("sensors/camera").path("schema").asText());
        assertEquals("foxglove.Grid", out.path("topics").path("map/slice").path("schema").asText());
        assertEquals("foxglove.Grid", out.path("topics").path("map/static").path("schema").asText());
        assertEquals("foxglove.PosesInFrame", out.path("topics").path("plan/patrol").path("schema").asText());
        assertEquals("foxglove.Log", out.path("topics").path("log").path("schema").asText());
        assertEquals(3, out.path("topics").path("log").path("read").asLong(), r.output());
        assertEquals("mechos.kernel.api.Decision", out.path("topics").path("kernel/decisions").path("schema").asText());
        assertEquals("jsonschema", out.path("topics").path("kernel/decisions").path("schemaEncoding").asText());
    }
}
