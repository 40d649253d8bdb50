package mechos.memory.internal.recorder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
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
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.Topic;
import mechos.memory.api.DataTopics;
import mechos.memory.api.LogLine;
import mechos.memory.api.MapGrid;
import mechos.memory.api.PlaybackOptions;
import mechos.memory.api.PoseList;
import mechos.memory.api.RecordingOptions;
import mechos.memory.internal.mcap.McapReader;
import mechos.memory.testsupport.FakeEventBus;
import mechos.memory.testsupport.FoxgloveSchemas;
import mechos.perception.api.FusedPose;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.api.PoseConfidence;
import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;

/**
 * Map grids are recorded as {@code foxglove.Grid} and log lines as {@code foxglove.Log}; every mapped message
 * validates against Foxglove's published JSON Schema, and playback rebuilds the original records.
 */
class FoxgloveGridAndLogTest {
    @TempDir
    Path dir;

    static MapGrid grid() {
        byte[] cells = {0, 100, -1, 42, 0, 0};
        return new MapGrid(123_456_789L, "map", -1.25, 2.5, 0.2, 0.0, 0.05, 3, 2, cells);
    }

    static LogLine log() {
        return new LogLine(1_700_000_000_123_456_789L, "WARN", "mechos.kernel.Safety", "speed limit exceeded",
                "mechos-tick", "Safety.java", 77);
    }

    static PoseList patrol() {
        return new PoseList(77L, "odom", "mechos.runtime.agent/waypoints", List.of(new PoseList.Pose(3.5, 0, -1.5),
                new PoseList.Pose(3.5, -2.3, Math.PI)));
    }

    /** Old code: patrol waypoints were not on the bus, and a PoseList would have been MechOS JSON. */
    @Test
    void patrolWaypointsArePosesInFrameAndPlayBackExactly() throws Exception {
        FakeEventBus bus = new FakeEventBus();
        Map<String, McapReader.Channel> channels = new HashMap<>();
        Map<String, JsonNode> first = recordAndRead(bus, channels, () -> bus.publish(DataTopics.PATROL, patrol()));
        assertEquals("foxglove.PosesInFrame", channels.get("plan/patrol").schemaName());
        JsonNode m = first.get("plan/patrol");
        assertEquals(Set0.EMPTY, FoxgloveSchemas.validate("foxglove.PosesInFrame", m).toString());
        assertEquals("odom", m.path("frame_id").asText());
        assertEquals(2, m.path("poses").size());
        assertEquals(Math.sin(-0.75), m.path("poses").get(0).path("orientation").path("z").asDouble(), 1e-12);
        assertEquals(-2.3, m.path("poses").get(1).path("position").path("y").asDouble());

        FakeEventBus target = new FakeEventBus();
        target.declare(DataTopics.PATROL);
        List<Envelope<?>> replayed = new ArrayList<>();
        target.subscribeAll(t -> true, "all", 10, replayed::add);
        new McapPlayer(target).play(Path.of(first.get("(file)").asText()), PlaybackOptions.speed(0)).get();
        assertEquals(List.of(patrol()), replayed.stream().map(Envelope::payload).toList());
    }

    static PoseList goal() {
        return new PoseList(1_700_000_000_500_000_000L, "odom", "mechos.runtime.agent/patrol[1]",
                List.of(new PoseList.Pose(0.5, -0.25, 0.1), new PoseList.Pose(3.5, -2.3, Math.atan2(-2.05, 3.0))));
    }

    /**
     * Old code: the runtime's active goal was not on the bus at all. The goal ([pose, goal]) and its clearing (an
     * empty list) are both valid {@code foxglove.PosesInFrame} messages and play back exactly.
     */
    @Test
    void theActiveGoalAndItsClearingArePosesInFrameAndPlayBackExactly() throws Exception {
        FakeEventBus bus = new FakeEventBus();
        Map<String, McapReader.Channel> channels = new HashMap<>();
        PoseList cleared = new PoseList(1_700_000_001_000_000_000L, "odom", "mechos.runtime.agent/patrol[1]",
                List.of());
        List<JsonNode> messages = new ArrayList<>();
        Map<String, JsonNode> first = recordAndRead(bus, channels, () -> {
            bus.publish(DataTopics.GOAL, goal());
            bus.publish(DataTopics.GOAL, cleared);
        }, messages);
        assertEquals("foxglove.PosesInFrame", channels.get("plan/goal").schemaName());
        assertArrayEquals(FoxgloveMappings.schema("foxglove.PosesInFrame"), channels.get("plan/goal").schemaData());
        assertEquals(2, messages.size());
        for (JsonNode m : messages) {
            assertEquals(Set0.EMPTY, FoxgloveSchemas.validate("foxglove.PosesInFrame", m).toString(), m.toString());
        }
        JsonNode g = first.get("plan/goal");
        assertEquals("odom", g.path("frame_id").asText());
        assertEquals(2, g.path("poses").size());
        assertEquals(3.5, g.path("poses").get(1).path("position").path("x").asDouble());
        assertEquals(Math.sin(Math.atan2(-2.05, 3.0) / 2),
                g.path("poses").get(1).path("orientation").path("z").asDouble(), 1e-12);
        assertEquals(0, messages.get(1).path("poses").size(), "cleared: no poses");
        // the broken form is refused, so the checks above can fail
        assertTrue(!FoxgloveSchemas.validate("foxglove.PosesInFrame",
                ((com.fasterxml.jackson.databind.node.ObjectNode) g.deepCopy()).without("poses")).isEmpty());

        FakeEventBus target = new FakeEventBus();
        target.declare(DataTopics.GOAL);
        List<Envelope<?>> replayed = new ArrayList<>();
        target.subscribeAll(t -> true, "all", 10, replayed::add);
        new McapPlayer(target).play(Path.of(first.get("(file)").asText()), PlaybackOptions.speed(0)).get();
        assertEquals(List.of(goal(), cleared), replayed.stream().map(Envelope::payload).toList());
        assertEquals("replay/plan/goal", replayed.get(0).topic().name());
    }

    private Map<String, JsonNode> recordAndRead(FakeEventBus bus, Map<String, McapReader.Channel> channels,
            Runnable publish) throws Exception {
        return recordAndRead(bus, channels, publish, new ArrayList<>());
    }

    private Map<String, JsonNode> recordAndRead(FakeEventBus bus, Map<String, McapReader.Channel> channels,
            Runnable publish, List<JsonNode> all) throws Exception {
        BusRecorder recorder = new BusRecorder(bus, dir, RecordingOptions.allTopics(), 10_000, false,
                Clock.systemUTC());
        recorder.start(RecordingOptions.allTopics());
        publish.run();
        Path file = recorder.stop().files().get(0);
        Map<String, JsonNode> first = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        McapReader.read(file, m -> {
            JsonNode node = json.readTree(m.data());
            all.add(node);
            first.putIfAbsent(m.channel().topic(), node);
            channels.put(m.channel().topic(), m.channel());
            return true;
        });
        first.put("(file)", json.getNodeFactory().textNode(file.toString()));
        return first;
    }

    /** Old code: a MapGrid / LogLine was recorded as MechOS JSON that no Foxglove map or log panel shows. */
    @Test
    void gridsAndLogLinesAreFoxgloveMessagesThatValidateAndPlayBackExactly() throws Exception {
        FakeEventBus bus = new FakeEventBus();
        Map<String, McapReader.Channel> channels = new HashMap<>();
        Map<String, JsonNode> first = recordAndRead(bus, channels, () -> {
            bus.publish(DataTopics.MAP_SLICE, grid());
            bus.publish(DataTopics.STATIC_MAP, grid());
            bus.publish(DataTopics.LOG, log());
        });
        assertEquals("foxglove.Grid", channels.get("map/slice").schemaName());
        assertEquals("foxglove.Grid", channels.get("map/static").schemaName());
        assertArrayEquals(FoxgloveMappings.schema("foxglove.Grid"), channels.get("map/slice").schemaData());
        assertEquals("foxglove.Log", channels.get("log").schemaName());
        assertArrayEquals(FoxgloveMappings.schema("foxglove.Log"), channels.get("log").schemaData());

        JsonNode g = first.get("map/slice");
        assertEquals(Set0.EMPTY, FoxgloveSchemas.validate("foxglove.Grid", g).toString());
        assertEquals(3, g.path("column_count").asInt());
        assertEquals(3, g.path("row_stride").asInt());
        assertEquals(1, g.path("cell_stride").asInt());
        assertEquals("occupancy", g.path("fields").get(0).path("name").asText());
        assertEquals(FoxgloveMappings.GridMapping.INT8, g.path("fields").get(0).path("type").asInt());
        assertEquals(-1.25, g.path("pose").path("position").path("x").asDouble());
        assertEquals(0.2, g.path("pose").path("position").path("z").asDouble());
        assertEquals(0.05, g.path("cell_size").path("y").asDouble());
        assertArrayEquals(grid().occupancy(), Base64.getDecoder().decode(g.path("data").asText()));

        JsonNode l = first.get("log");
        assertEquals(Set0.EMPTY, FoxgloveSchemas.validate("foxglove.Log", l).toString());
        assertEquals(3, l.path("level").asInt(), "WARN is foxglove.LogLevel WARNING");
        assertEquals(1_700_000_000L, l.path("timestamp").path("sec").asLong());
        assertEquals(123_456_789L, l.path("timestamp").path("nsec").asLong());
        assertEquals("mechos.kernel.Safety", l.path("name").asText());
        assertEquals("Safety.java", l.path("file").asText());
        assertEquals(77, l.path("line").asInt());

        FakeEventBus target = new FakeEventBus();
        target.declare(DataTopics.MAP_SLICE);
        target.declare(DataTopics.STATIC_MAP);
        target.declare(DataTopics.LOG);
        List<Envelope<?>> replayed = new ArrayList<>();
        target.subscribeAll(t -> true, "all", 10, replayed::add);
        new McapPlayer(target).play(Path.of(first.get("(file)").asText()), PlaybackOptions.speed(0)).get();
        assertEquals(3, replayed.size());
        MapGrid back = (MapGrid) replayed.get(0).payload();
        MapGrid want = grid();
        assertEquals("replay/map/slice", replayed.get(0).topic().name());
        assertEquals(want.timestampNanos(), back.timestampNanos());
        assertEquals(want.frameId(), back.frameId());
        assertEquals(want.originX(), back.originX());
        assertEquals(want.originY(), back.originY());
        assertEquals(want.originZ(), back.originZ());
        assertEquals(want.cellSize(), back.cellSize());
        assertEquals(want.columns(), back.columns());
        assertEquals(want.rows(), back.rows());
        assertArrayEquals(want.occupancy(), back.occupancy());
        assertEquals(log(), replayed.get(2).payload());
    }

    /** Every Foxglove mapping's output validates against its published schema (the older ones too). */
    @Test
    void everyFoxgloveMappingValidatesAgainstItsPublishedSchema() throws Exception {
        FakeEventBus bus = new FakeEventBus();
        Topic<CameraFrame> camera = Topic.latest("sensors/camera", CameraFrame.class);
        Topic<LaserScan> scan = Topic.latest("sensors/scan", LaserScan.class);
        Map<String, McapReader.Channel> channels = new HashMap<>();
        Map<String, JsonNode> first = recordAndRead(bus, channels, () -> {
            bus.publish(scan, new LaserScan(42L, "laser", -1.0, 0.5, 0.1, 8.0,
                    new double[] {1.0, Double.POSITIVE_INFINITY, Double.NaN, 0.05, 7.5}, new double[] {1, 2, 3, 4, 5}));
            bus.publish(PerceptionTopics.FUSED_POSE, new FusedPose(10L, 11L, new Pose2D(1.5, -2.0, 0.7), 0.2, 0.1,
                    0.01, 0.02, 0.003, 0.0001, PoseConfidence.FULL));
            bus.publish(PerceptionTopics.TRANSFORMS, new StampedTransform("odom", "base_link", 12L,
                    Transform.planar(0.5, -0.25, 0.3)));
            bus.publish(camera, new CameraFrame(77L, "camera", 2, 1, PixelFormat.RGB8, 6, new byte[6]));
            bus.publish(DataTopics.MAP_SLICE, grid());
            bus.publish(DataTopics.LOG, log());
            bus.publish(DataTopics.PATROL, patrol());
        });
        int validated = 0;
        for (Map.Entry<String, McapReader.Channel> e : channels.entrySet()) {
            String schema = e.getValue().schemaName();
            assertTrue(schema.startsWith("foxglove."), schema);
            assertEquals(Set0.EMPTY, FoxgloveSchemas.validate(schema, first.get(e.getKey())).toString(),
                    e.getKey() + " as " + schema);
            validated++;
        }
        assertEquals(7, validated);
        // the validator does reject what breaks the schema (so the checks above can fail)
        JsonNode broken = ((com.fasterxml.jackson.databind.node.ObjectNode) first.get("log").deepCopy())
                .put("level", 9);
        assertTrue(!FoxgloveSchemas.validate("foxglove.Log", broken).isEmpty());
        JsonNode noData = ((com.fasterxml.jackson.databind.node.ObjectNode) first.get("map/slice").deepCopy())
                .without("data");
        assertTrue(!FoxgloveSchemas.validate("foxglove.Grid", noData).isEmpty());
    }

    /** The string form of an empty validation result. */
    private static final class Set0 {
        static final String EMPTY = "[]";
    }
}
