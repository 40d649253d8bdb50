package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import mechos.hal.api.Point3;
import mechos.hal.sim.internal.engine.RobotParams;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.sensor.ImuModel;
import mechos.hal.sim.internal.sensor.LidarModel;
import mechos.hal.sim.internal.sensor.OdometryModel;
import mechos.hal.sim.internal.world.Rectangle;
import mechos.hal.sim.internal.world.World;
import mechos.kernel.api.Clearance;
import mechos.perception.api.MapView;
import mechos.perception.api.Occupancy;
import mechos.perception.api.RayHit;
import mechos.perception.internal.octree.OctreeParams;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Perception fed by the simulator's own world, physics and sensor models (mechos.hal.sim on the test class
 * path, stepped faster than real time): LiDAR with 1 cm range noise, drifting odometry, IMU with gyro bias.
 */
class SimulatedRobotTest {
    static final double Z = 0.2;
    World world;
    Simulation sim;
    FrameService frames;
    PoseFusion fusion;
    OccupancyMapService map;
    ClearanceService clearance;
    final AtomicInteger scansOut = new AtomicInteger();

    void start(Rectangle... obstacles) {
        world = new World("test", null, List.of(obstacles));
        sim = new Simulation(world, RobotParams.defaults(3), 0);
        LidarModel lidar = new LidarModel(new LidarModel.Params("lidar", "laser", 360, 2 * Math.PI, 0.05, 8, 10,
                0.01, 0, 0, 0), sim);
        OdometryModel odom = new OdometryModel(new OdometryModel.Params("odom", 50, 0.01, -0.01, 0.005), sim);
        ImuModel imu = new ImuModel(new ImuModel.Params("imu", "imu_link", 100, 0.002, 0.005, 0.05), sim);
        frames = new FrameService(Configs.framesWithFixedMapOdom());
        fusion = new PoseFusion(Configs.defaults(PoseFusionConfig.class), frames, System::nanoTime);
        map = new OccupancyMapService(Configs.of(MapConfig.class, Map.of("queue_capacity", 10_000)), frames,
                System::nanoTime);
        clearance = new ClearanceService(Configs.defaults(ClearanceConfig.class), map, fusion, frames);
        odom.samples().subscribe(r -> fusion.onOdometry("odom", r));
        imu.samples().subscribe(fusion::onImu);
        lidar.samples().subscribe(s -> {
            scansOut.incrementAndGet();
            map.onScan(s);
        });
        sim.attach(odom);
        sim.attach(imu);
        sim.attach(lidar);
    }

    @AfterEach
    void stop() {
        if (map != null) {
            map.deactivate();
            fusion.deactivate();
        }
    }

    /** Advances the simulation and waits until every scan it produced has been inserted or rejected. */
    void advance(double seconds) {
        sim.advance(Duration.ofMillis(Math.round(seconds * 1000)));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (map.inputStats().accepted() + map.inputStats().totalRejected() < scansOut.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("scans not inserted: " + map.inputStats() + " of " + scansOut.get());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void wallSeenByTheSimulatedLidarIsOccupiedWithinOneVoxelAndTheWayToItIsFree() {
        start(new Rectangle(2.0, -1.5, 2.3, 1.5));
        advance(2);
        assertEquals(0, map.inputStats().totalRejected(), map.inputStats().toString());
        MapView v = map.view();
        double res = v.resolution();
        for (double y = -1.2; y <= 1.2; y += 0.2) {
            RayHit hit = v.castRay(new Point3(0, 0, Z), new Point3(2, y, 0), 6).orElseThrow();
            assertEquals(2.0, hit.cell().x(), res, "wall face at y=" + y);
            // every cell centre between the sensor and the wall face (less one voxel) is free
            double len = Math.hypot(2, y);
            for (double d = 0.3; d < len * (2.0 - res) / 2.0; d += res / 2) {
                Point3 p = new Point3(d * 2 / len, d * y / len, Z);
                assertEquals(Occupancy.FREE, v.occupancyAt(p), "at " + p);
            }
        }
        assertEquals(2.0, v.nearestObstacle2D(0, 0, 5).orElseThrow().distance(), res * 1.5);
    }

    @Test
    void obstacleRemovedFromTheSimulatedWorldDisappearsWithinTheConfiguredNumberOfScans() {
        start(new Rectangle(4.0, -3, 4.2, 3));
        long box = world.addObstacle(new Rectangle(1.5, -0.2, 1.8, 0.2));
        advance(3);
        assertEquals(1.5, map.view().castRay(new Point3(0, 0, Z), new Point3(1, 0, 0), 6).orElseThrow().cell().x(),
                map.view().resolution());
        world.removeObstacle(box);
        int bound = OctreeParams.defaults().scansToClear();
        int before = map.inputStats().accepted() > 0 ? (int) map.inputStats().accepted() : 0;
        while (map.view().nearestObstacle2D(0, 0, 3.0).isPresent()
                && map.inputStats().accepted() - before <= 2 * bound) {
            advance(0.1);
        }
        long scans = map.inputStats().accepted() - before;
        assertTrue(scans <= bound, "cleared after " + scans + " scans; configured bound " + bound);
        assertEquals(4.0, map.view().castRay(new Point3(0, 0, Z), new Point3(1, 0, 0), 6).orElseThrow().cell().x(),
                map.view().resolution(), "the far wall stays");
    }

    @Test
    void drivingTowardAWallTheClearanceMatchesTheTruth() {
        start(new Rectangle(3.0, -2, 3.2, 2));
        advance(1);
        sim.command(0.5, 0);
        for (int i = 0; i < 6; i++) {
            advance(0.5);
            double x = sim.state().x();
            Clearance c = clearance.clearance(0.5, 0, 0.2, 10);
            double truth = (3.0 - x - 0.2) / 0.5;
            assertTrue(c.valid());
            assertEquals(truth, c.timeToCollision(), 0.25, "at x=" + x);
            assertEquals(3.0 - x - 0.2, c.nearestObstacle(), 0.12, "at x=" + x);
        }
        assertTrue(sim.state().x() > 1.0, "moved " + sim.state().x());
        assertEquals(sim.state().x(), fusion.latest().orElseThrow().pose().x(), 0.05, "fused pose tracks the robot");
    }
}
