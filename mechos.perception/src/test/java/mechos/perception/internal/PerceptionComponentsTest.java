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
}
