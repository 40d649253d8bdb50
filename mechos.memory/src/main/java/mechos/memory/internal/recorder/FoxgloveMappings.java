package mechos.memory.internal.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bus payload types recorded in Foxglove's well-known schemas, chosen by the payload's class name so that this
 * bundle needs no compile dependency on the modules that define them: a type that appears on the bus later (e.g.
 * {@code mechos.hal.api.LaserScan} once perception publishes scans) is recorded in the Foxglove schema from then on.
 *
 * <p>Each mapping writes the Foxglove fields Foxglove Studio renders, plus a {@code mechos} object with whatever
 * the Foxglove form cannot hold, so that {@link #fromFoxglove} rebuilds the original record exactly (playback).
 * The schema definitions are Foxglove's published JSON Schemas ({@code @foxglove/schemas} 2.1.0, MIT), shipped as
 * resources under {@code foxglove/jsonschema/}.
 */
final class FoxgloveMappings {
    /** A mapping from a bus payload (as a Jackson tree) to a Foxglove message and back. */
    interface Mapping {
        String schemaName();

        ObjectNode toFoxglove(ObjectMapper mapper, JsonNode payload, long logTimeNanos);

        JsonNode fromFoxglove(ObjectMapper mapper, JsonNode message);
    }

    private static final Map<String, Mapping> BY_TYPE = Map.of(
            "mechos.hal.api.LaserScan", new LaserScanMapping(),
            "mechos.perception.api.FusedPose", new FusedPoseMapping(),
            "mechos.perception.api.StampedTransform", new TransformMapping(),
            "mechos.hal.api.CameraFrame", new CameraFrameMapping(),
            "mechos.memory.api.MapGrid", new GridMapping(),
            "mechos.memory.api.LogLine", new LogMapping(),
            "mechos.memory.api.PoseList", new PoseListMapping());

    private FoxgloveMappings() {
    }

    /** @return the mapping for a payload class, or null to record it as MechOS JSON */
    static Mapping forType(Class<?> type) {
        return BY_TYPE.get(type.getName());
    }

    /** @return the mapping for a payload class name, or null */
    static Mapping forName(String typeName) {
        return BY_TYPE.get(typeName);
    }

    /** @return Foxglove's JSON Schema for a schema name such as {@code foxglove.LaserScan} */
    static byte[] schema(String schemaName) {
        String resource = "/foxglove/jsonschema/" + schemaName + ".json";
        try (InputStream in = FoxgloveMappings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode time(ObjectMapper mapper, long nanos) {
        ObjectNode t = mapper.createObjectNode();
        t.put("sec", Math.floorDiv(nanos, 1_000_000_000L));
        t.put("nsec", Math.floorMod(nanos, 1_000_000_000L));
        return t;
    }

    static ObjectNode pose(ObjectMapper mapper, double x, double y, double yaw) {
        ObjectNode pose = mapper.createObjectNode();
        ObjectNode p = pose.putObject("position");
        p.put("x", x).put("y", y).put("z", 0.0);
        ObjectNode q = pose.putObject("orientation");
        q.put("x", 0.0).put("y", 0.0).put("z", Math.sin(yaw / 2)).put("w", Math.cos(yaw / 2));
        return pose;
    }

    /**
     * {@code mechos.hal.api.LaserScan} → {@code foxglove.LaserScan}. Foxglove has no range limits and JSON has no
     * NaN or infinity, so beams without a return are written as 0 in {@code ranges} and their exact state is kept
     * in {@code mechos.max_range_beams} (+∞: measured, nothing within range) and {@code mechos.unknown_beams}
     * (NaN: no measurement, must never clear space).
     */
    static final class LaserScanMapping implements Mapping {
        @Override
        public String schemaName() {
            return "foxglove.LaserScan";
        }

        @Override
        public ObjectNode toFoxglove(ObjectMapper mapper, JsonNode s, long logTimeNanos) {
            ObjectNode m = mapper.createObjectNode();
            m.set("timestamp", time(mapper, logTimeNanos));
            m.put("frame_id", s.path("frameId").asText());
            m.set("pose", pose(mapper, 0, 0, 0));
            double start = s.path("angleMin").asDouble();
            double inc = s.path("angleIncrement").asDouble();
            JsonNode ranges = s.path("ranges");
            int n = ranges.size();
            m.put("start_angle", start);
            m.put("end_angle", n == 0 ? start : start + (n - 1) * inc);
            ArrayNode r = m.putArray("ranges");
            ObjectNode ext = mapper.createObjectNode();
            ArrayNode maxRange = ext.putArray("max_range_beams");
            ArrayNode unknown = ext.putArray("unknown_beams");
            for (int i = 0; i < n; i++) {
                double v = number(ranges.get(i));
                if (Double.isFinite(v)) {
                    r.add(v);
                } else {
                    r.add(0.0);
                    (v == Double.POSITIVE_INFINITY ? maxRange : unknown).add(i);
                }
            }
            ArrayNode in = m.putArray("intensities");
            for (JsonNode v : s.path("intensities")) {
                double d = number(v);
                in.add(Double.isFinite(d) ? d : 0.0);
            }
            ext.put("timestamp_nanos", s.path("timestampNanos").asLong());
            ext.put("angle_increment", inc);
            ext.put("range_min", s.path("rangeMin").asDouble());
            ext.put("range_max", s.path("rangeMax").asDouble());
            m.set("mechos", ext);
            return m;
        }

        @Override
        public JsonNode fromFoxglove(ObjectMapper mapper, JsonNode m) {
            JsonNode ext = m.path("mechos");
            ObjectNode s = mapper.createObjectNode();
            s.put("timestampNanos", ext.path("timestamp_nanos").asLong());
            s.put("frameId", m.path("frame_id").asText());
            s.put("angleMin", m.path("start_angle").asDouble());
            s.put("angleIncrement", ext.path("angle_increment").asDouble());
            s.put("rangeMin", ext.path("range_min").asDouble());
            s.put("rangeMax", ext.path("range_max").asDouble());
            double[] ranges = new double[m.path("ranges").size()];
            for (int i = 0; i < ranges.length; i++) {
                ranges[i] = m.path("ranges").get(i).asDouble();
            }
            for (JsonNode i : ext.path("max_range_beams")) {
                ranges[i.asInt()] = Double.POSITIVE_INFINITY;
            }
            for (JsonNode i : ext.path("unknown_beams")) {
                ranges[i.asInt()] = Double.NaN;
            }
            ArrayNode r = s.putArray("ranges");
            for (double v : ranges) {
                r.add(v);
            }
            s.set("intensities", m.path("intensities").deepCopy());
            return s;
        }
    }

    /**
     * {@code mechos.perception.api.FusedPose} (base_link in odom) → {@code foxglove.PoseInFrame} in frame
     * {@code odom}; the full record (velocities, covariance, confidence, monotonic stamps) is kept under
     * {@code mechos}.
     */
    static final class FusedPoseMapping implements Mapping {
        @Override
        public String schemaName() {
            return "foxglove.PoseInFrame";
        }

        @Override
        public ObjectNode toFoxglove(ObjectMapper mapper, JsonNode p, long logTimeNanos) {
            ObjectNode m = mapper.createObjectNode();
            m.set("timestamp", time(mapper, logTimeNanos));
            m.put("frame_id", "odom");
            JsonNode pose = p.path("pose");
            m.set("pose", pose(mapper, pose.path("x").asDouble(), pose.path("y").asDouble(),
                    pose.path("theta").asDouble()));
            m.set("mechos", p.deepCopy());
            return m;
        }

        @Override
        public JsonNode fromFoxglove(ObjectMapper mapper, JsonNode m) {
            return m.path("mechos");
        }
    }

    /**
     * {@code mechos.perception.api.StampedTransform} ({@code T_parent_child}) → {@code foxglove.FrameTransforms}
     * holding that one transform, so Foxglove's 3D panel builds the TF tree (map → odom → base_link → sensors) from
     * the transforms perception publishes; the monotonic sensor stamp is kept under {@code mechos}.
     */
    static final class TransformMapping implements Mapping {
        @Override
        public String schemaName() {
            return "foxglove.FrameTransforms";
        }

        @Override
        public ObjectNode toFoxglove(ObjectMapper mapper, JsonNode t, long logTimeNanos) {
            ObjectNode m = mapper.createObjectNode();
            ObjectNode tf = m.putArray("transforms").addObject();
            tf.set("timestamp", time(mapper, logTimeNanos));
            tf.put("parent_frame_id", t.path("parent").asText());
            tf.put("child_frame_id", t.path("child").asText());
            JsonNode x = t.path("transform");
            tf.putObject("translation").put("x", x.path("x").asDouble()).put("y", x.path("y").asDouble())
                    .put("z", x.path("z").asDouble());
            tf.putObject("rotation").put("x", x.path("qx").asDouble()).put("y", x.path("qy").asDouble())
                    .put("z", x.path("qz").asDouble()).put("w", x.path("qw").asDouble());
            m.putObject("mechos").put("timestamp_nanos", t.path("timestampNanos").asLong());
            return m;
        }

        @Override
        public JsonNode fromFoxglove(ObjectMapper mapper, JsonNode m) {
            JsonNode tf = m.path("transforms").path(0);
            ObjectNode t = mapper.createObjectNode();
            t.put("parent", tf.path("parent_frame_id").asText());
            t.put("child", tf.path("child_frame_id").asText());
            t.put("timestampNanos", m.path("mechos").path("timestamp_nanos").asLong());
            JsonNode tr = tf.path("translation");
            JsonNode q = tf.path("rotation");
            t.putObject("transform").put("x", tr.path("x").asDouble()).put("y", tr.path("y").asDouble())
                    .put("z", tr.path("z").asDouble()).put("qw", q.path("w").asDouble())
                    .put("qx", q.path("x").asDouble()).put("qy", q.path("y").asDouble())
                    .put("qz", q.path("z").asDouble());
            return t;
        }
    }

    /**
     * {@code mechos.hal.api.CameraFrame} → {@code foxglove.RawImage}: the pixel formats map to Foxglove's
     * {@code mono8}/{@code rgb8}/{@code bgr8}/{@code rgba8} encodings, {@code data} is base64 (Foxglove's JSON form
     * of bytes, and Jackson's of {@code byte[]}); the monotonic exposure stamp is kept under {@code mechos}.
     */
    static final class CameraFrameMapping implements Mapping {
        private static final Map<String, String> ENCODING = Map.of("GRAY8", "mono8", "RGB8", "rgb8", "BGR8", "bgr8",
                "RGBA8", "rgba8");

        @Override
        public String schemaName() {
            return "foxglove.RawImage";
        }

        @Override
        public ObjectNode toFoxglove(ObjectMapper mapper, JsonNode f, long logTimeNanos) {
            ObjectNode m = mapper.createObjectNode();
            m.set("timestamp", time(mapper, logTimeNanos));
            m.put("frame_id", f.path("frameId").asText());
            m.put("width", f.path("width").asInt());
            m.put("height", f.path("height").asInt());
            String format = f.path("format").asText();
            m.put("encoding", ENCODING.getOrDefault(format, format.toLowerCase(Locale.ROOT)));
            m.put("step", f.path("stride").asInt());
            m.set("data", f.path("data").deepCopy());
            m.putObject("mechos").put("timestamp_nanos", f.path("timestampNanos").asLong()).put("format", format);
            return m;
        }

        @Override
        public JsonNode fromFoxglove(ObjectMapper mapper, JsonNode m) {
            ObjectNode f = mapper.createObjectNode();
            f.put("timestampNanos", m.path("mechos").path("timestamp_nanos").asLong());
            f.put("frameId", m.path("frame_id").asText());
            f.put("width", m.path("width").asInt());
            f.put("height", m.path("height").asInt());
            f.put("format", m.path("mechos").path("format").asText());
            f.put("stride", m.path("step").asInt());
            f.set("data", m.path("data").deepCopy());
            return f;
        }
    }

    /**
     * {@code mechos.memory.api.MapGrid} → {@code foxglove.Grid}: one {@code INT8} field {@code occupancy} per cell
     * (ROS values: 0..100, -1 unknown), {@code cell_stride} 1, {@code row_stride} = columns, rows from the origin
     * up, {@code data} base64; the origin pose carries the slice height and the grid's yaw. The grid's own
     * timestamp is kept under {@code mechos}.
     */
    static final class GridMapping implements Mapping {
        /** {@code foxglove.NumericType.INT8}. */
        static final int INT8 = 2;

        @Override
        public String schemaName() {
            return "foxglove.Grid";
        }

        @Override
        public ObjectNode toFoxglove(ObjectMapper mapper, JsonNode g, long logTimeNanos) {
            ObjectNode m = mapper.createObjectNode();
            m.set("timestamp", time(mapper, logTimeNanos));
            m.put("frame_id", g.path("frameId").asText());
            ObjectNode pose = pose(mapper, g.path("originX").asDouble(), g.path("originY").asDouble(),
                    g.path("originYaw").asDouble());
            ((ObjectNode) pose.path("position")).put("z", g.path("originZ").asDouble());
            m.set("pose", pose);
            int columns = g.path("columns").asInt();
            m.put("column_count", columns);
            double cell = g.path("cellSize").asDouble();
            m.putObject("cell_size").put("x", cell).put("y", cell);
            m.put("row_stride", columns);
            m.put("cell_stride", 1);
            m.putArray("fields").addObject().put("name", "occupancy").put("offset", 0).put("type", INT8);
            m.set("data", g.path("occupancy").deepCopy());
            m.putObject("mechos").put("timestamp_nanos", g.path("timestampNanos").asLong())
                    .put("rows", g.path("rows").asInt()).put("yaw", g.path("originYaw").asDouble());
            return m;
        }

        @Override
        public JsonNode fromFoxglove(ObjectMapper mapper, JsonNode m) {
            ObjectNode g = mapper.createObjectNode();
            JsonNode ext = m.path("mechos");
            JsonNode p = m.path("pose").path("position");
            g.put("timestampNanos", ext.path("timestamp_nanos").asLong());
            g.put("frameId", m.path("frame_id").asText());
            g.put("originX", p.path("x").asDouble());
            g.put("originY", p.path("y").asDouble());
            g.put("originZ", p.path("z").asDouble());
            g.put("originYaw", ext.path("yaw").asDouble());
            g.put("cellSize", m.path("cell_size").path("x").asDouble());
            g.put("columns", m.path("column_count").asInt());
            g.put("rows", ext.path("rows").asInt());
            g.set("occupancy", m.path("data").deepCopy());
            return g;
        }
    }

    /**
     * {@code mechos.memory.api.LogLine} → {@code foxglove.Log}: the level as Foxglove's enum (TRACE and DEBUG are
     * DEBUG, WARN is WARNING), logger name, file and line; the original level and thread are kept under
     * {@code mechos}.
     */
    static final class LogMapping implements Mapping {
        private static final Map<String, Integer> LEVEL = Map.of("TRACE", 1, "DEBUG", 1, "INFO", 2, "WARN", 3,
                "ERROR", 4);

        @Override
        public String schemaName() {
            return "foxglove.Log";
        }

        @Override
        public ObjectNode toFoxglove(ObjectMapper mapper, JsonNode l, long logTimeNanos) {
            ObjectNode m = mapper.createObjectNode();
            m.set("timestamp", time(mapper, l.path("timestampNanos").asLong()));
            String level = l.path("level").asText();
            m.put("level", LEVEL.getOrDefault(level, 0));
            m.put("message", l.path("message").asText());
            m.put("name", l.path("name").asText());
            m.put("file", l.path("file").asText());
            m.put("line", Math.max(0, l.path("line").asInt()));
            m.putObject("mechos").put("level", level).put("thread", l.path("thread").asText())
                    .put("line", l.path("line").asInt());
            return m;
        }

        @Override
        public JsonNode fromFoxglove(ObjectMapper mapper, JsonNode m) {
            ObjectNode l = mapper.createObjectNode();
            JsonNode t = m.path("timestamp");
            l.put("timestampNanos", t.path("sec").asLong() * 1_000_000_000L + t.path("nsec").asLong());
            l.put("level", m.path("mechos").path("level").asText());
            l.put("name", m.path("name").asText());
            l.put("message", m.path("message").asText());
            l.put("thread", m.path("mechos").path("thread").asText());
            l.put("file", m.path("file").asText());
            l.put("line", m.path("mechos").path("line").asInt());
            return l;
        }
    }

    /**
     * {@code mechos.memory.api.PoseList} → {@code foxglove.PosesInFrame}: each planar pose as a position and a yaw
     * quaternion; the source and the publication stamp are kept under {@code mechos}.
     */
    static final class PoseListMapping implements Mapping {
        @Override
        public String schemaName() {
            return "foxglove.PosesInFrame";
        }

        @Override
        public ObjectNode toFoxglove(ObjectMapper mapper, JsonNode l, long logTimeNanos) {
            ObjectNode m = mapper.createObjectNode();
            m.set("timestamp", time(mapper, logTimeNanos));
            m.put("frame_id", l.path("frameId").asText());
            ArrayNode poses = m.putArray("poses");
            ArrayNode yaws = mapper.createArrayNode();
            for (JsonNode p : l.path("poses")) {
                poses.add(pose(mapper, p.path("x").asDouble(), p.path("y").asDouble(), p.path("yaw").asDouble()));
                yaws.add(p.path("yaw").asDouble());
            }
            ObjectNode ext = m.putObject("mechos");
            ext.put("timestamp_nanos", l.path("timestampNanos").asLong()).put("source", l.path("source").asText());
            ext.set("yaw", yaws);
            return m;
        }

        @Override
        public JsonNode fromFoxglove(ObjectMapper mapper, JsonNode m) {
            ObjectNode l = mapper.createObjectNode();
            JsonNode ext = m.path("mechos");
            l.put("timestampNanos", ext.path("timestamp_nanos").asLong());
            l.put("frameId", m.path("frame_id").asText());
            l.put("source", ext.path("source").asText());
            ArrayNode poses = l.putArray("poses");
            int i = 0;
            for (JsonNode p : m.path("poses")) {
                JsonNode q = p.path("orientation");
                double yaw = ext.path("yaw").has(i) ? ext.path("yaw").get(i).asDouble()
                        : 2 * Math.atan2(q.path("z").asDouble(), q.path("w").asDouble());
                poses.addObject().put("x", p.path("position").path("x").asDouble())
                        .put("y", p.path("position").path("y").asDouble()).put("yaw", yaw);
                i++;
            }
            return l;
        }
    }

    private static double number(JsonNode v) {
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (v.isTextual()) {
            // Jackson writes non-finite doubles as "NaN" / "Infinity" / "-Infinity"
            return switch (v.asText()) {
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            };
        }
        return v.asDouble();
    }
}
