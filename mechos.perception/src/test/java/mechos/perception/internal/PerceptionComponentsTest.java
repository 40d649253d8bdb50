package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.LaserScan;
import mechos.hal.api.Lidar;
import mechos.hal.api.Odometry;
import mechos.hal.api.OdometryReading;
import mechos.hal.api.Pose2D;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.bus.Topic;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.api.RejectReason;
import mechos.perception.api.WorldSnapshot;

import org.junit.jupiter.api.Test;

/** The components wired by hand as DS would: fake drivers in, clearance and world snapshot out. */
class PerceptionComponentsTest {
    static final long MS = 1_000_000L;

    static final class FakeSource<T> {
        final List<SensorListener<? super T>> listeners = new CopyOnWriteArrayList<>();

        Subscription subscribe(SensorListener<? super T> l) {
            listeners.add(l);
            return () -> listeners.remove(l);
        }

        void emit(T sample) {
            listeners.forEach(l -> l.onSample(sample));
        }
    }

    static final class FakeLidar implements Lidar {
        final FakeSource<LaserScan> source = new FakeSource<>();

        public String id() {
            return "lidar";
        }

        public DeviceHealth health() {
            return DeviceHealth.online();
        }

        public LaserScan latest() {
            return null;
        }

        public Subscription subscribe(SensorListener<? super LaserScan> l) {
            return source.subscribe(l);
        }
    }

    static final class FakeOdometry implements Odometry {
        final FakeSource<OdometryReading> source = new FakeSource<>();

        public String id() {
            return "base";
        }

        public DeviceHealth health() {
            return DeviceHealth.online();
        }

        public OdometryReading latest() {
            return null;
        }

        public Subscription subscribe(SensorListener<? super OdometryReading> l) {
            return source.subscribe(l);
        }
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void scansThroughTheFusedPoseBackTheClearanceQueryAndTheSnapshot() {
        FrameService frames = new FrameService(Configs.framesWithFixedMapOdom());
        PoseFusion fusion = new PoseFusion(Configs.defaults(PoseFusionConfig.class), frames, System::nanoTime);
        OccupancyMapService map = new OccupancyMapService(
                Configs.of(MapConfig.class, Map.of("queue_capacity", 1000)), frames, System::nanoTime);
        ClearanceService clearance = new ClearanceService(Configs.defaults(ClearanceConfig.class), map, fusion, frames);
        WorldModelService world = new WorldModelService(Configs.defaults(WorldModelConfig.class), map, fusion, frames);
        FakeOdometry odo = new FakeOdometry();
        FakeLidar lidar = new FakeLidar();
        fusion.addOdometry(odo, Map.of(Device.ID, "base"));
        map.addLidar(lidar, Map.of(Device.ID, "lidar"));

        assertFalse(clearance.clearance(0.5, 0, 0.25, 3).valid(), "no scans yet");

        // the robot stands at odom (1, 0) facing +x; a wall 2 m ahead of it (x = 3)
        TestWorld w = new TestWorld();
        w.box(3.0, -2, 3.3, 2);
        Pose2D laserInWorld = new Pose2D(1, 0, 0);
        // a scan before any odometry (the LiDAR came up first) cannot be placed: start-up, not bad input
        lidar.source.emit(w.scan(laserInWorld, "laser", 0, 720, 8));
        await(() -> map.inputStats().rejected(RejectReason.NO_POSE_YET) == 1, "scan before the first pose counted");
        assertEquals(0, map.inputStats().rejected(RejectReason.UNKNOWN_FRAME), "not reported as a bad frame");
        for (int i = 0; i <= 10; i++) {
            long t = i * 20 * MS;
            odo.source.emit(new OdometryReading(t, 1, 0, 0, 0, 0));
            if (i >= 5) {
                lidar.source.emit(w.scan(laserInWorld, "laser", t, 720, 8));
            }
        }
        await(() -> map.inputStats().accepted() == 6, "six scans inserted");

        Clearance c = clearance.clearance(1.0, 0, 0.25, 5);
        assertTrue(c.valid());
        assertEquals(1.75, c.timeToCollision(), 0.1);
        assertEquals(2.0 - 0.25, c.nearestObstacle(), 0.1);
        assertTrue(c.dataAgeNanos() >= 0 && c.dataAgeNanos() < 5_000_000_000L);
        assertEquals(Double.POSITIVE_INFINITY, clearance.clearance(-1.0, 0, 0.25, 5).timeToCollision());

        WorldSnapshot s = world.snapshot();
        assertEquals(1, s.mapPose().x(), 1e-6);
        assertFalse(s.nearbyObstacles().isEmpty());
        assertEquals(2.0, s.nearbyObstacles().get(0).distance(), 0.1);
        assertEquals(6, s.scans().accepted());

        // bad input is counted, never thrown
        lidar.source.emit(new LaserScan(300 * MS, "laser", 0, 0.01, 0.05, 8, new double[0], new double[0]));
        lidar.source.emit(new LaserScan(300 * MS, "laser", 0, 0.01, 0.05, 8, new double[9000], new double[0]));
        lidar.source.emit(new LaserScan(200 * MS, "camera", 0, 0.01, 0.05, 8, new double[] {1}, new double[0]));
        lidar.source.emit(new LaserScan(200 * MS, "laser", 0, 0.01, 0.05, 8,
                new double[] {Double.NaN, -1, 1}, new double[0]));
        odo.source.emit(new OdometryReading(220 * MS, Double.NaN, 0, 0, 0, 0));
        await(() -> map.inputStats().rejected(RejectReason.UNKNOWN_FRAME) == 1
                && map.inputStats().accepted() == 7, "bad scans processed");
        var stats = world.snapshot().scans();
        assertEquals(1, stats.rejected(RejectReason.EMPTY_SCAN));
        assertEquals(1, stats.rejected(RejectReason.OVERSIZED_SCAN));
        assertEquals(1, stats.rejected(RejectReason.NAN_RANGE));
        assertEquals(1, stats.rejected(RejectReason.NEGATIVE_RANGE));
        assertEquals(1, world.snapshot().motionInputs().rejected(RejectReason.NON_FINITE_SAMPLE));

        // a driver that goes away is unsubscribed
        map.removeLidar(lidar);
        fusion.removeOdometry(odo);
        assertTrue(lidar.source.listeners.isEmpty());
        assertTrue(odo.source.listeners.isEmpty());
        map.deactivate();
        fusion.deactivate();
    }

    /**
     * Issue 14: the kernel's stop zone gets each scan in the robot frame straight from the driver's thread, with
     * only the sensor mount applied, so a corrupted map -> odom changes nothing in it.
     */
    @Test
    void eachScanReachesTheKernelInTheRobotFrameWhateverMapToOdomSays() {
        FrameService frames = new FrameService(Configs.of(FrameConfig.class, Map.of("static_transforms",
                new String[] {"map odom 5 -3 0 0 0 1.2", "base_link laser 0.1 0 0.2 0 0 0"})));
        OccupancyMapService map = new OccupancyMapService(Configs.defaults(MapConfig.class), frames, System::nanoTime);
        CapturingBus bus = new CapturingBus();
        map.setEventBus(bus);
        FakeLidar lidar = new FakeLidar();
        map.addLidar(lidar, Map.of(Device.ID, "lidar"));
        // no odometry at all: the map cannot place the scan, the stop zone still gets it
        double[] ranges = new double[360];
        java.util.Arrays.fill(ranges, Double.POSITIVE_INFINITY);
        ranges[180] = 0.3; // straight ahead of the laser (angleMin -π)
        lidar.source.emit(new LaserScan(1, "laser", -Math.PI, 2 * Math.PI / 360, 0.05, 8, ranges, new double[0]));
        List<mechos.kernel.api.RobotScan> published = bus.on(mechos.kernel.api.KernelTopics.ROBOT_SCAN);
        assertEquals(1, published.size());
        mechos.kernel.api.RobotScan r = published.get(0);
        assertEquals(1, r.points());
        assertEquals(0.4, r.xy()[0], 1e-9);
        assertEquals(0.0, r.xy()[1], 1e-9);
        map.deactivate();
    }

    /**
     * Issue 14: scans, odometry, IMU, transforms and map updates are on typed bus topics; a recording of them played
     * back (as {@code mechos:play} does: every message on {@code replay/<topic>}, in recorded order) into a fresh
     * perception whose map runs in the component mode {@code input=replay} rebuilds the same octree cell by cell,
     * decay included (decay runs on sensor time), and sends nothing to the kernel.
     */
    @Test
    void aRecordingPlayedBackIntoPerceptionRebuildsTheSameOctree() {
        CapturingBus bus = new CapturingBus();
        FrameService frames = new FrameService(Configs.framesWithFixedMapOdom());
        PoseFusion fusion = new PoseFusion(Configs.defaults(PoseFusionConfig.class), frames, System::nanoTime);
        OccupancyMapService map = new OccupancyMapService(
                Configs.of(MapConfig.class, Map.of("queue_capacity", 1000)), frames, System::nanoTime);
        fusion.setEventBus(bus);
        map.setEventBus(bus);
        FakeOdometry odo = new FakeOdometry();
        FakeLidar lidar = new FakeLidar();
        fusion.addOdometry(odo, Map.of(Device.ID, "base"));
        map.addLidar(lidar, Map.of(Device.ID, "lidar"));
        TestWorld w = new TestWorld();
        w.box(3.0, -2, 3.3, 2);
        w.box(-1, 1.5, 4, 1.7);
        w.box(1.5, -0.6, 1.7, -0.3);
        int scans = 0;
        for (int i = 0; i <= 200; i++) {
            long t = i * 20 * MS;
            double x = 0.005 * i, th = 0.004 * i;
            odo.source.emit(new OdometryReading(t, x, 0, th, 0.25, 0.2));
            if (i >= 2 && i % 5 == 0) {
                lidar.source.emit(w.scan(new Pose2D(x, 0, th), "laser", t, 360, 8));
                int expected = ++scans;
                await(() -> map.inputStats().accepted() == expected, "scan " + expected + " integrated");
            }
        }
        assertFalse(bus.on(PerceptionTopics.ODOMETRY).isEmpty());
        assertFalse(bus.on(PerceptionTopics.MAP_UPDATES).isEmpty());
        assertEquals(scans, bus.on(PerceptionTopics.SCANS).size());

        FrameService frames2 = new FrameService(Configs.framesWithFixedMapOdom());
        OccupancyMapService replay = new OccupancyMapService(Configs.of(MapConfig.class, Map.of("input", "replay")),
                frames2, System::nanoTime);
        CapturingBus playbackBus = new CapturingBus();
        replay.setEventBus(playbackBus);
        FakeLidar live = new FakeLidar();
        replay.addLidar(live, Map.of(Device.ID, "live lidar"));
        live.source.emit(w.scan(new Pose2D(0, 0, 0), "laser", 0, 360, 8)); // ignored: input is the replay
        for (CapturingBus.Message m : bus.messages) {
            playBack(playbackBus, m);
        }
        assertEquals(scans, replay.inputStats().accepted());
        assertTrue(playbackBus.on(KernelTopics.ROBOT_SCAN).isEmpty(), "a replay never reaches the stop zone");
        assertTrue(playbackBus.on(KernelTopics.WORLD_CHANGED).isEmpty(), "nor the kernel's world-changed push");
        var liveMap = map.view();
        var played = replay.view();
        assertEquals(liveMap.stats().nodes(), played.stats().nodes());
        assertEquals(liveMap.stats().pointsInserted(), played.stats().pointsInserted());
        var a = liveMap.obstaclesWithin2D(0, 0, 10, 100_000);
        var b = played.obstaclesWithin2D(0, 0, 10, 100_000);
        assertTrue(a.size() > 50, "the map has walls: " + a.size());
        assertEquals(a, b);
        for (double px = -1; px <= 4; px += 0.05) {
            for (double py = -2; py <= 2; py += 0.05) {
                var p = new mechos.hal.api.Point3(px, py, 0.2);
                assertEquals(liveMap.cellAt(p), played.cellAt(p), p.toString());
            }
        }
        map.deactivate();
        replay.deactivate();
        fusion.deactivate();
    }

    /** What the player does with a recorded message: publish it under {@code replay/<its topic>}, same type. */
    @SuppressWarnings("unchecked")
    private static <T> void playBack(CapturingBus bus, CapturingBus.Message m) {
        Topic<T> recorded = (Topic<T>) m.topic();
        bus.publish(new Topic<>("replay/" + recorded.name(), recorded.type(), recorded.delivery()), (T) m.payload());
    }
}
