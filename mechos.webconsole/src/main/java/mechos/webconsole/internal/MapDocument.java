package mechos.webconsole.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.DriveBase;
import mechos.hal.api.LaserScan;
import mechos.hal.api.Lidar;
import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;
import mechos.perception.api.FusedPose;
import mechos.perception.api.Obstacle;
import mechos.perception.api.OccupancyMap;
import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;
import mechos.perception.api.Transforms;
import mechos.perception.api.WorldModel;
import mechos.perception.api.WorldSnapshot;

/**
 * Builds the page's map document in the {@code map} frame: the robot pose and footprint, the occupied cells of
 * the octree's 2-D slice around the robot, the latest LiDAR points and the commanded motion. Every part is
 * optional; what is missing is named in {@code missing}.
 */
final class MapDocument {
    private static final Logger LOG = LoggerFactory.getLogger(MapDocument.class);
    static final String FRAME = "map";
    private static final int MAX_POINTS = 1080;
    private static final double DEFAULT_FOOTPRINT = 0.2;

    private final RobotServices services;
    private final BusMonitor monitor;

    MapDocument(RobotServices services, BusMonitor monitor) {
        this.services = services;
        this.monitor = monitor;
    }

    Map<String, Object> map(double radius, int maxCells) {
        return map(Double.NaN, Double.NaN, radius, maxCells);
    }

    /**
     * @param viewX  centre (map frame) of the area the page shows, NaN for around the robot
     * @param viewY  see viewX
     * @param radius cells within this distance of the centre are sent
     */
    Map<String, Object> map(double viewX, double viewY, double radius, int maxCells) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        m.put("frame", FRAME);
        m.put("time", System.currentTimeMillis());
        Pose2D pose = pose(m, missing);
        m.put("footprint", footprint());
        m.put("commanded", commanded());
        boolean view = Double.isFinite(viewX) && Double.isFinite(viewY);
        double cx = view ? viewX : pose == null ? 0 : pose.x();
        double cy = view ? viewY : pose == null ? 0 : pose.y();
        m.put("center", List.of(cx, cy));
        m.put("radius", radius);
        cells(m, missing, cx, cy, radius, maxCells);
        points(m, missing, pose);
        m.put("missing", missing);
        return m;
    }

    /**
     * The last approved motion while the kernel says something is commanded; zero once it is not (e-stop, safe
     * stop, expired lease), because the kernel's own stops are not intents on the bus.
     */
    private Map<String, Object> commanded() {
        BusMonitor.Commanded c = monitor.commanded();
        boolean moving = true;
        try {
            moving = services.kernel().map(k -> {
                mechos.kernel.api.SafetyStatus s = k.status();
                return s.moving() && s.state() != mechos.kernel.api.SafetyState.ESTOP_LATCHED
                        && s.state() != mechos.kernel.api.SafetyState.SAFE_STOP;
            }).orElse(true);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("reading the kernel status for the map failed", e);
        }
        return Map.of("linear", moving ? c.linear() : 0.0, "angular", moving ? c.angular() : 0.0, "time",
                c.wallMillis(), "agentId", c.agentId());
    }

    private Pose2D pose(Map<String, Object> m, List<String> missing) {
        try {
            Optional<WorldModel> w = services.worldModel();
            if (w.isPresent()) {
                WorldSnapshot s = w.get().snapshot();
                if (s.mapPose() != null && s.mapPose().isFinite()) {
                    putPose(m, s.mapPose(), s.pose() == null ? "UNKNOWN" : s.pose().confidence().name(),
                            s.pose() == null ? 0 : s.pose().linear(), s.pose() == null ? 0 : s.pose().angular());
                    return s.mapPose();
                }
            }
            if (services.poseEstimator().isPresent()) {
                Optional<FusedPose> p = services.poseEstimator().get().latest();
                if (p.isPresent() && p.get().pose().isFinite()) {
                    // Without a world model the odom pose is drawn as if odom were the map (the default static
                    // transform is the identity).
                    putPose(m, p.get().pose(), p.get().confidence().name(), p.get().linear(), p.get().angular());
                    return p.get().pose();
                }
            }
            missing.add("pose (no world model or pose estimate yet)");
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("reading the robot pose for the map failed", e);
            missing.add("pose (" + e + ")");
        }
        m.put("pose", null);
        return null;
    }

    private static void putPose(Map<String, Object> m, Pose2D p, String confidence, double linear, double angular) {
        Map<String, Object> pose = new LinkedHashMap<>();
        pose.put("x", p.x());
        pose.put("y", p.y());
        pose.put("theta", p.theta());
        pose.put("confidence", confidence);
        pose.put("linear", linear);
        pose.put("angular", angular);
        m.put("pose", pose);
    }

    private double footprint() {
        for (DriveBase d : services.driveBases()) {
            try {
                return d.geometry().footprintRadius();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("drive base geometry failed; drawing the default footprint", e);
            }
        }
        return DEFAULT_FOOTPRINT;
    }

    private void cells(Map<String, Object> m, List<String> missing, double x, double y, double radius, int max) {
        Optional<OccupancyMap> map = services.occupancyMap();
        List<double[]> cells = new ArrayList<>();
        if (map.isEmpty()) {
            missing.add("occupancy map");
        } else {
            try {
                m.put("resolution", map.get().resolution());
                for (Obstacle o : map.get().obstaclesWithin2D(x, y, radius, max)) {
                    cells.add(new double[] { round(o.center().x()), round(o.center().y()) });
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("reading the occupancy map failed", e);
                missing.add("occupancy map (" + e + ")");
            }
        }
        m.putIfAbsent("resolution", 0.05);
        m.put("cells", cells);
    }

    private void points(Map<String, Object> m, List<String> missing, Pose2D robot) {
        List<double[]> points = new ArrayList<>();
        List<Lidar> lidars = services.lidars();
        if (lidars.isEmpty()) {
            missing.add("lidar");
        }
        for (Lidar l : lidars) {
            try {
                LaserScan scan = l.latest();
                if (scan == null) {
                    continue;
                }
                Transform toMap = sensorToMap(scan.frameId(), robot);
                if (toMap == null) {
                    missing.add("transform " + FRAME + " <- " + scan.frameId());
                    continue;
                }
                int step = Math.max(1, scan.size() / MAX_POINTS);
                for (int i = 0; i < scan.size(); i += step) {
                    if (!scan.hasReturn(i)) {
                        continue;
                    }
                    double r = scan.ranges()[i];
                    double a = scan.angle(i);
                    Point3 p = toMap.apply(new Point3(r * Math.cos(a), r * Math.sin(a), 0));
                    points.add(new double[] { round(p.x()), round(p.y()) });
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("reading a LiDAR scan for the map failed", e);
                missing.add("lidar (" + e + ")");
            }
        }
        m.put("points", points);
    }

    /** The sensor's pose in the map frame: from the transform tree, else the robot pose with no mount offset. */
    private Transform sensorToMap(String frame, Pose2D robot) {
        Optional<Transforms> t = services.transforms();
        if (t.isPresent()) {
            try {
                return t.get().lookupLatest(FRAME, frame);
            } catch (TransformException e) {
                LOG.debug("no transform {} <- {}: {}", FRAME, frame, e.getMessage());
            }
        }
        return robot == null ? null : Transform.of(robot);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
