package mechos.memory.internal.plan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.bus.EventBus;
import mechos.memory.api.DataTopics;
import mechos.memory.api.PoseList;

/**
 * Reads the patrol waypoints from their configuration ({@code x,y} pairs separated by {@code ;}, the runtime's
 * format) through Config Admin and publishes them on {@link DataTopics#PATROL}, each pose heading toward the next
 * waypoint of the loop. A missing configuration publishes nothing; a malformed value is one WARN naming PID, key,
 * value and reason (until it changes) and nothing is published. Never throws out of {@link #publish()}.
 */
final class PatrolWaypoints {
    private static final Logger LOG = LoggerFactory.getLogger(PatrolWaypoints.class);
    private static final int MAX_WAYPOINTS = 10_000;

    private final EventBus bus;
    private final Supplier<ConfigurationAdmin> configAdmin;
    private final String pid;
    private final String key;
    private final String frame;
    private final LongSupplier wallNanos;
    private String lastWarning;

    PatrolWaypoints(EventBus bus, Supplier<ConfigurationAdmin> configAdmin, String pid, String key, String frame,
            LongSupplier wallNanos) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.configAdmin = configAdmin;
        this.pid = pid;
        this.key = key;
        this.frame = frame;
        this.wallNanos = wallNanos;
    }

    String pid() {
        return pid;
    }

    /** @return the list published, or null */
    synchronized PoseList publish() {
        ConfigurationAdmin ca = configAdmin.get();
        if (ca == null) {
            return null;
        }
        Object value;
        try {
            Configuration[] cs = ca.listConfigurations("(service.pid=" + pid + ")");
            Dictionary<String, Object> props = cs == null || cs.length == 0 ? null : cs[0].getProperties();
            value = props == null ? null : props.get(key);
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            warn("patrol waypoints: cannot read " + pid + " from Config Admin: " + e.getMessage());
            return null;
        }
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value);
        List<PoseList.Pose> poses;
        try {
            poses = parse(text);
        } catch (IllegalArgumentException e) {
            warn("patrol waypoints: " + pid + " " + key + "='" + abbreviated(text) + "' not published: "
                    + e.getMessage());
            return null;
        }
        lastWarning = null;
        PoseList list = new PoseList(wallNanos.getAsLong(), frame, pid + "/" + key, poses);
        bus.publish(DataTopics.PATROL, list);
        return list;
    }

    /** Parses {@code x,y; x,y; ...}; each pose heads toward the next one (the last toward the first). */
    static List<PoseList.Pose> parse(String text) {
        List<double[]> points = new ArrayList<>();
        for (String part : text.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] xy = p.split(",");
            if (xy.length != 2) {
                throw new IllegalArgumentException("'" + abbreviated(p) + "' is not 'x,y'");
            }
            double x;
            double y;
            try {
                x = Double.parseDouble(xy[0].trim());
                y = Double.parseDouble(xy[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + abbreviated(p) + "' is not 'x,y'", e);
            }
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new IllegalArgumentException("'" + abbreviated(p) + "' is not finite");
            }
            if (points.size() == MAX_WAYPOINTS) {
                throw new IllegalArgumentException("more than " + MAX_WAYPOINTS + " waypoints");
            }
            points.add(new double[] {x, y});
        }
        List<PoseList.Pose> poses = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            double[] next = points.get((i + 1) % points.size());
            double yaw = next == p ? 0.0 : Math.atan2(next[1] - p[1], next[0] - p[0]);
            poses.add(new PoseList.Pose(p[0], p[1], yaw));
        }
        return poses;
    }

    private static String abbreviated(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    private void warn(String w) {
        if (!w.equals(lastWarning)) {
            lastWarning = w;
            LOG.warn("{}", w);
        }
    }
}
