package mechos.perception.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;
import mechos.hal.sim.internal.engine.RobotParams;
import mechos.hal.sim.internal.engine.RobotState;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.sensor.ImuModel;
import mechos.hal.sim.internal.sensor.LidarModel;
import mechos.hal.sim.internal.sensor.OdometryModel;
import mechos.hal.sim.internal.world.World;
import mechos.perception.api.LocalisationState;
import mechos.perception.api.Occupancy;
import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;
import mechos.perception.internal.map.ScanConverter;
import mechos.perception.internal.octree.OccupancyOctree;
import mechos.perception.internal.octree.OctreeParams;
import mechos.perception.internal.octree.OctreeSnapshot;
import mechos.rosmap.api.OccupancyGrid;
import mechos.rosmap.api.RosMapLoader;

/**
 * Localisation against the simulator's ground truth (bench/REPORT-localisation.md). For each world (the default
 * room; a TurtleBot3-world-like hexagon with nine pillars) and each mode (OFF = odometry only, SLAM, STATIC_MAP)
 * a robot patrols for the given simulated time with a stepped clock, the full perception chain (frames, pose
 * fusion, localisation, octree at 5 cm) running synchronously on every scan, and reports the pose error in the
 * map frame against the truth and the thickness of the walls in the octree. Lives in perception's internal
 * package (plain class path, not a bundle) to drive the components' package-private entry points.
 *
 * <pre>java -cp bench/target/benchmarks.jar mechos.perception.internal.LocalisationBench [minutes [OFF,SLAM,STATIC_MAP [room,tb3]]]</pre>
 */
public final class LocalisationBench {
    static final double[][] ROOM_PATROL = {{3.8, -2.6}, {3.8, 2.8}, {0, 2.8}, {0, 0}, {-3.8, 0.5}, {-3.8, -2.6}};
    /** A hexagonal ring (radius 2.3 m) around the pillars. */
    static final double[][] TB3_PATROL = {{-1.992, -1.15}, {0, -2.3}, {1.992, -1.15}, {1.992, 1.15}, {0, 2.3},
        {-1.992, 1.15}};

    private LocalisationBench() {
    }

    record Result(String world, String mode, int scans, double posP95, double posMax, double headP95Deg,
            double headMaxDeg, double wallP95, int wallMax, int faces, double smearP95, int smearMax, double oldP95,
            int oldMax, int oldFaces, double msPerScan, int lostScans, double travelled) {
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 30;
        List<String> modes = args.length > 1 ? List.of(args[1].split(",")) : List.of("OFF", "SLAM", "STATIC_MAP");
        List<String> worlds = args.length > 2 ? List.of(args[2].split(",")) : List.of("room", "tb3");
        List<Result> results = new ArrayList<>();
        for (String mode : modes) {
            if (worlds.contains("room")) {
                results.add(run("default room", room(), new Pose2D(0, 0, 0), ROOM_PATROL, mode, minutes));
            }
            if (worlds.contains("tb3")) {
                results.add(run("TurtleBot3-like", turtlebot3(), new Pose2D(-2.0, -0.5, 0), TB3_PATROL, mode,
                        minutes));
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%.0f simulated minutes per run%n| world | mode | scans | position p95 (m) | max (m) | heading p95 (°)"
                        + " | max (°) | wall thickness p95 (voxels) | max | faces probed | in free space p95 | max"
                        + " | old probe p95 | max | faces | ms/scan | LOST scans | driven (m) |%n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%n", minutes));
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.2f | %.2f | %.1f | %d | %d | %.1f | %d | %.1f | %d | %d | %.2f | %d | %.0f |%n",
                    r.world(), r.mode(), r.scans(), r.posP95(), r.posMax(), r.headP95Deg(), r.headMaxDeg(),
                    r.wallP95(), r.wallMax(), r.faces(), r.smearP95(), r.smearMax(), r.oldP95(), r.oldMax(),
                    r.oldFaces(), r.msPerScan(), r.lostScans(), r.travelled()));
        }
        System.out.print(out);
    }

    static OccupancyGrid room() throws Exception {
        return RosMapLoader.load("builtin:default", resource("default.yaml"), LocalisationBench::resource).grid();
    }

    private static InputStream resource(String name) {
        return World.class.getResourceAsStream("/worlds/" + name);
    }

    /**
     * Like the TurtleBot3 world: a hexagonal arena (circumradius 3 m, 0.1 m walls, corners on the x axis) with a
     * 3 × 3 grid of pillars (radius 0.15 m, 1.1 m apart), 0.05 m cells.
     */
    static OccupancyGrid turtlebot3() {
        double res = 0.05;
        int n = 140;
        double origin = -n * res / 2;
        byte[] cells = new byte[n * n];
        double apothem = 3.0 * Math.sqrt(3) / 2;
        for (int cy = 0; cy < n; cy++) {
            for (int cx = 0; cx < n; cx++) {
                double x = origin + (cx + 0.5) * res;
                double y = origin + (cy + 0.5) * res;
                double h = 0;
                for (int k = 0; k < 6; k++) {
                    double a = Math.PI / 6 + k * Math.PI / 3; // edge normals at 30°, 90°, ...
                    h = Math.max(h, x * Math.cos(a) + y * Math.sin(a));
                }
                boolean wall = h >= apothem && h <= apothem + 0.1;
                boolean outside = h > apothem + 0.1;
                boolean pillar = false;
                for (int i = -1; i <= 1; i++) {
                    for (int j = -1; j <= 1; j++) {
                        pillar |= Math.hypot(x - 1.1 * i, y - 1.1 * j) <= 0.15;
                    }
                }
                cells[cy * n + cx] = wall || pillar ? OccupancyGrid.OCCUPIED
                        : outside ? OccupancyGrid.UNKNOWN : OccupancyGrid.FREE;
            }
        }
        return new OccupancyGrid(n, n, res, origin, origin, cells);
    }

    static Result run(String worldName, OccupancyGrid grid, Pose2D start, double[][] patrol, String mode,
            double minutes) throws Exception {
        Simulation sim = new Simulation(new World(worldName, grid, List.of()), RobotParams.defaults(11).withStart(start),
                0);
        LidarModel lidar = new LidarModel(new LidarModel.Params("lidar", "laser", 360, 2 * Math.PI, 0.05, 8, 10,
                0.01, 0, 0, 0), sim);
        // the simulator's shipped odometry errors (0.5 % wheel scale, σ 5 mm/s) and a 0.002 rad/s gyro bias
        OdometryModel odom = new OdometryModel(new OdometryModel.Params("odom", 50, 0.005, -0.005, 0.005), sim);
        ImuModel imu = new ImuModel(new ImuModel.Params("imu", "imu_link", 100, 0.002, 0.005, 0.05), sim);
        FrameService frames = new FrameService(config(FrameConfig.class, Map.of()));
        PoseFusion fusion = new PoseFusion(config(PoseFusionConfig.class, Map.of()), frames, sim::nanos);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("loc-bench");
        java.nio.file.Path yaml = dir.resolve("map.yaml");
        java.nio.file.Files.write(dir.resolve("map.pgm"), toPgm(grid));
        java.nio.file.Files.writeString(yaml, "image: map.pgm\nresolution: " + grid.resolution() + "\norigin: ["
                + grid.originX() + ", " + grid.originY() + ", 0]\nnegate: 0\noccupied_thresh: 0.65\nfree_thresh: 0.196\n");
        Map<String, Object> cfg = mode.equals("SLAM")
                ? Map.of("mode", mode, "initial_x", start.x(), "initial_y", start.y())
                : Map.of("mode", mode, "map", yaml.toString(), "initial_x", start.x(), "initial_y", start.y());
        LocalisationService loc = new LocalisationService(config(LocalisationConfig.class, cfg), frames, dir);
        OccupancyOctree octree = new OccupancyOctree(OctreeParams.defaults());
        InputCounters counters = new InputCounters();
        int cap = (int) (minutes * 60 * 10) + 100;
        double[] pos = new double[cap];
        double[] head = new double[cap];
        int[] count = new int[1];
        int[] lost = new int[1];
        long[] nanos = new long[1];
        double[] driven = new double[3];
        driven[1] = start.x();
        driven[2] = start.y();
        odom.samples().subscribe(r -> fusion.onOdometry("odom", r));
        imu.samples().subscribe(fusion::onImu);
        lidar.samples().subscribe(scan -> {
            long t0 = System.nanoTime();
            LocalisationState s = loc.process(scan);
            Transform mapBase;
            Transform mapLaser;
            try {
                mapBase = frames.lookup("map", "base_link", scan.timestampNanos());
                mapLaser = frames.lookup("map", scan.frameId(), scan.timestampNanos());
            } catch (TransformException e) {
                return;
            }
            ScanConverter.Points p = ScanConverter.convert(scan, mapLaser, 10, counters);
            if (p != null) {
                octree.insertPointCloud(p.ox(), p.oy(), p.oz(), p.xyz(), p.count(), p.maxRange());
            }
            nanos[0] += System.nanoTime() - t0;
            if (s != null && s.quality() == LocalisationState.Quality.LOST) {
                lost[0]++;
            }
            RobotState truth = sim.state();
            driven[0] += Math.hypot(truth.x() - driven[1], truth.y() - driven[2]);
            driven[1] = truth.x();
            driven[2] = truth.y();
            Pose2D est = mapBase.toPose2D();
            if (count[0] < cap) {
                pos[count[0]] = Math.hypot(est.x() - truth.x(), est.y() - truth.y());
                head[count[0]] = Math.abs(Pose2D.wrap(est.theta() - truth.theta()));
                count[0]++;
            }
        });
        sim.attach(odom);
        sim.attach(imu);
        sim.attach(lidar);
        // the robot stands still for a second after start (boot), as a real one does before its first command
        sim.advance(Duration.ofSeconds(1));
        int waypoint = 0;
        double end = minutes * 60 + 1;
        while (sim.nanos() / 1e9 < end) {
            RobotState s = sim.state();
            double[] w = patrol[waypoint];
            double dx = w[0] - s.x();
            double dy = w[1] - s.y();
            if (Math.hypot(dx, dy) < 0.15) {
                waypoint = (waypoint + 1) % patrol.length;
                continue;
            }
            double err = Pose2D.wrap(Math.atan2(dy, dx) - s.theta());
            sim.command(Math.abs(err) < 0.3 ? 0.4 : 0.0, Math.max(-1, Math.min(1, 2.5 * err)));
            sim.advance(Duration.ofMillis(50));
        }
        loc.deactivate();
        fusion.deactivate();
        OctreeSnapshot map = octree.publish(sim.nanos());
        int[] walls = wallThickness(grid, map);
        int[] smear = wallSmear(grid, map);
        int[] old = wallThicknessOldProbe(grid, map);
        int n = count[0];
        return new Result(worldName, mode, n, p95(pos, n), max(pos, n), Math.toDegrees(p95(head, n)),
                Math.toDegrees(max(head, n)), p95(walls), max(walls), walls.length, p95(smear), max(smear),
                p95(old), max(old), old.length, nanos[0] / 1e6 / Math.max(1, n), lost[0], driven[0]);
    }

    /**
     * The old probe (kept for comparison, bench/REPORT-localisation.md "Which probe"): for every 4th face of the
     * true map (an occupied cell with at least 0.6 m of free space in front of it), the number of occupied octree
     * voxels at the LiDAR's height along the face normal from 0.5 m in front of the face to 1.5 voxels behind it.
     * It counts voxels that are not the image of the probed face: the voxel 1.5 behind the face is the far face's
     * voxel of a 0.1 m wall seen from both sides (the divider) and, on a staircase (oblique) or curved wall, a wall
     * voxel whose other side faces the LiDAR; a probe line that runs along a parallel wall one cell away crosses
     * that wall's own face voxels (the 11–12 maxima).
     */
    static int[] wallThicknessOldProbe(OccupancyGrid grid, OctreeSnapshot map) {
        return probe(grid, map, false, -1.5, false);
    }

    /**
     * The thickness of each face's image: for every 4th face of the true map with at least 0.6 m of free space in
     * front of it <em>and on both sides of that line</em> (so no other face's voxels lie on it), the number of
     * occupied octree voxels at the LiDAR's height along the face normal from the voxel just behind the face (the
     * wall's own surface voxel) to 0.5 m in front of it. A face on a voxel boundary with 1 cm range noise occupies
     * the voxels on both sides of it: a crisp wall is 1–2; more is smear into free space. Faces the LiDAR never saw
     * (no occupied voxel) are skipped.
     */
    static int[] wallThickness(OccupancyGrid grid, OctreeSnapshot map) {
        return probe(grid, map, true, -0.5, false);
    }

    /** Per probed face (the new probe's faces), the occupied voxels on the line that lie in the map's free space. */
    static int[] wallSmear(OccupancyGrid grid, OctreeSnapshot map) {
        return probe(grid, map, true, -0.5, true);
    }

    private static int[] probe(OccupancyGrid grid, OctreeSnapshot map, boolean lateralMargin, double behindVoxels,
            boolean freeOnly) {
        List<Integer> out = new ArrayList<>();
        double res = grid.resolution();
        int[][] sides = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        int k = 0;
        for (int cy = 0; cy < grid.height(); cy++) {
            for (int cx = 0; cx < grid.width(); cx++) {
                if (grid.cell(cx, cy) != OccupancyGrid.OCCUPIED) {
                    continue;
                }
                for (int[] d : sides) {
                    boolean open = true;
                    for (int m = 1; m <= (int) Math.ceil(0.6 / res); m++) {
                        int px = cx + m * d[0], py = cy + m * d[1];
                        open &= grid.cell(px, py) == OccupancyGrid.FREE;
                        if (lateralMargin) {
                            open &= grid.cell(px + d[1], py + d[0]) == OccupancyGrid.FREE
                                    && grid.cell(px - d[1], py - d[0]) == OccupancyGrid.FREE;
                        }
                    }
                    if (!open || (k++ % 4) != 0) {
                        continue;
                    }
                    double fx = grid.originX() + (cx + 0.5 + 0.5 * d[0]) * res;
                    double fy = grid.originY() + (cy + 0.5 + 0.5 * d[1]) * res;
                    int occupied = 0;
                    int inFree = 0;
                    double step = map.resolution();
                    for (double s = behindVoxels * step; s <= 0.5; s += step) {
                        Point3 q = new Point3(fx + d[0] * s, fy + d[1] * s, 0.2);
                        if (map.cellAt(q).occupancy() == Occupancy.OCCUPIED) {
                            occupied++;
                            if (grid.valueAt(q.x(), q.y()) == OccupancyGrid.FREE) {
                                inFree++;
                            }
                        }
                    }
                    if (occupied > 0) {
                        out.add(freeOnly ? inFree : occupied);
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static byte[] toPgm(OccupancyGrid g) throws IOException {
        int[] v = new int[g.width() * g.height()];
        for (int row = 0; row < g.height(); row++) {
            int cy = g.height() - 1 - row;
            for (int cx = 0; cx < g.width(); cx++) {
                byte c = g.cell(cx, cy);
                v[row * g.width() + cx] = c == OccupancyGrid.OCCUPIED ? 0 : c == OccupancyGrid.FREE ? 254 : 205;
            }
        }
        return new mechos.rosmap.api.PgmImage(g.width(), g.height(), 255, v).toP5();
    }

    static double p95(double[] v, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double[] c = Arrays.copyOf(v, n);
        Arrays.sort(c);
        return c[(int) Math.floor(0.95 * (n - 1))];
    }

    static double p95(int[] v) {
        return p95(Arrays.stream(v).asDoubleStream().toArray(), v.length);
    }

    static int max(int[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    static double max(double[] v, int n) {
        return Arrays.stream(v, 0, n).max().orElse(Double.NaN);
    }

    /** A config annotation instance: the declared defaults with some attributes overridden. */
    @SuppressWarnings("unchecked")
    static <A> A config(Class<A> type, Map<String, Object> overrides) {
        return (A) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, m, args) -> overrides.containsKey(m.getName()) ? overrides.get(m.getName())
                        : m.getDefaultValue() != null ? m.getDefaultValue()
                        : m.getName().equals("annotationType") ? type
                        : m.getName().equals("hashCode") ? 0
                        : m.getName().equals("equals") ? (Object) (proxy == args[0]) : type.getSimpleName());
    }
}
