package mechos.perception.internal;

import static mechos.perception.internal.PerceptionComponentsTest.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mechos.hal.api.OdometryReading;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.Clearance;
import mechos.perception.api.DynamicObstacle;
import mechos.perception.api.DynamicObstacles;
import mechos.perception.internal.PerceptionComponentsTest.FakeLidar;
import mechos.perception.internal.PerceptionComponentsTest.FakeOdometry;

/**
 * Peers from the fleet as obstacles in the clearance the kernel asks: a peer reported in front of the robot makes
 * the time to collision of a forward drive short although the robot's own map is empty there; stale data grows
 * the peer's disc; what cannot be placed is ignored.
 */
class PeerObstacleClearanceTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private ClearanceService clearance;
    private DynamicObstaclesService peers;

    @BeforeEach
    void robotAtOneZeroFacingAFarWall() {
        FrameService frames = new FrameService(Configs.framesWithFixedMapOdom());
        PoseFusion fusion = new PoseFusion(Configs.defaults(PoseFusionConfig.class), frames, System::nanoTime);
        OccupancyMapService map = new OccupancyMapService(
                Configs.of(MapConfig.class, Map.of("queue_capacity", 1000)), frames, System::nanoTime);
        clearance = new ClearanceService(Configs.defaults(ClearanceConfig.class), map, fusion, frames);
        peers = new DynamicObstaclesService(Configs.of(DynamicObstaclesConfig.class,
                Map.of("growth_speed", 1.0, "max_radius", 3.0)), now::get, null);
        clearance.dynamicObstacles(peers);
        FakeOdometry odo = new FakeOdometry();
        FakeLidar lidar = new FakeLidar();
        fusion.addOdometry(odo, Map.of(mechos.hal.api.Device.ID, "base"));
        map.addLidar(lidar, Map.of(mechos.hal.api.Device.ID, "lidar"));
        TestWorld w = new TestWorld();
        w.box(6.0, -2, 6.3, 2);
        Pose2D laserInWorld = new Pose2D(1, 0, 0);
        for (int i = 0; i <= 10; i++) {
            long t = i * 20 * MS;
            odo.source.emit(new OdometryReading(t, 1, 0, 0, 0, 0));
            if (i >= 5) {
                lidar.source.emit(w.scan(laserInWorld, "laser", t, 180, 8));
            }
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (map.inputStats().accepted() < 6) {
            assertTrue(System.nanoTime() < deadline, "six scans inserted within 60 s");
            Thread.onSpinWait();
        }
    }

    private static DynamicObstacles fleet(DynamicObstacle... o) {
        return new DynamicObstacles("fleet", 0, List.of(o));
    }

    @Test
    void aPeerInFrontShortensTheTimeToCollisionOfAForwardDrive() {
        Clearance before = clearance.clearance(1.0, 0, 0.25, 10);
        assertEquals(6.0 - 1 - 0.25, before.timeToCollision(), 0.1, "only the far wall");

        peers.accept(fleet(new DynamicObstacle("r2", "map", 2.0, 0, 0.3, 0, false)));
        Clearance c = clearance.clearance(1.0, 0, 0.25, 10);
        assertTrue(c.valid());
        assertEquals(1.0 - 0.25 - 0.3, c.timeToCollision(), 1e-6, "the peer 1 m ahead");
        assertEquals(1.0 - 0.25 - 0.3, c.nearestObstacle(), 1e-6);
        assertTrue(c.timeToCollision() < 1.0, "below the kernel's default min_ttc: a forward Drive is rejected");
        assertEquals(Double.POSITIVE_INFINITY, clearance.clearance(-1.0, 0, 0.25, 10).timeToCollision(),
                "backing away from the peer is free");
        // a newer set from the same source replaces it: the peer left
        peers.accept(fleet(new DynamicObstacle("r2", "map", 2.0, 3.0, 0.3, 0, false)));
        assertEquals(6.0 - 1 - 0.25, clearance.clearance(1.0, 0, 0.25, 10).timeToCollision(), 0.1);
    }

    @Test
    void dataThatGetsOlderGrowsThePeersDiscUpToTheMaximum() {
        // 2 m to the side: a straight drive passes it
        peers.accept(fleet(new DynamicObstacle("r2", "map", 3.0, 1.0, 0.3, 0, false)));
        assertEquals(1.0 - 0.25 - 0.3, peers.nearest("map", new Pose2D(3, 0, 0), 0.25), 1e-9);
        assertTrue(clearance.clearance(1.0, 0, 0.25, 10).timeToCollision() > 4, "passes beside it (the wall at 4.75 s)");
        now.addAndGet(1_000_000_000L); // 1 s without news: the peer may have moved 1 m
        double t = clearance.clearance(1.0, 0, 0.25, 10).timeToCollision();
        assertTrue(t < 2.0, "the grown disc (1.3 m) blocks the path: " + t);
        now.addAndGet(60_000_000_000L);
        assertEquals(0, peers.nearest("map", new Pose2D(1, 0, 0), 0.25), 1e-9, "grown to the 3 m maximum");
        assertTrue(peers.nearest("map", new Pose2D(-2.5, 0, 0), 0.25) > 0, "not beyond it");
    }

    @Test
    void aDiscThatGrewOverTheRobotHoldsItOnlyAgainstMotionTowardsThePeer() {
        // a peer that went silent 1.4 m away (its last will: crashed, or partitioned) grows over the robot
        peers.accept(fleet(new DynamicObstacle("r2", "map", 2.0, 1.0, 0.3, 0, true)));
        now.addAndGet(60_000_000_000L);
        Pose2D robot = new Pose2D(1, 0, 0);
        assertEquals(0, peers.nearest("map", robot, 0.25), 1e-9, "inside the grown disc");
        assertEquals(0, peers.timeToCollision("map", robot, 0.3, 0, 0.25, 10), 1e-9,
                "forward takes it towards the peer's last position: a collision now");
        assertEquals(0, peers.timeToCollision("map", robot, 0.3, 0.5, 0.25, 10), 1e-9, "so does an arc to the left");
        assertEquals(Double.POSITIVE_INFINITY, peers.timeToCollision("map", robot, -0.3, 0, 0.25, 10),
                "backing away from it is free");
        assertEquals(Double.POSITIVE_INFINITY, peers.timeToCollision("map", robot, 0, 1.0, 0.25, 10),
                "turning in place sweeps nothing new");
        assertEquals(Double.POSITIVE_INFINITY, clearance.clearance(-0.3, 0, 0.25, 10).timeToCollision(),
                "and the kernel's clearance agrees: the robot can leave");
    }

    @Test
    void obstaclesThatCannotBePlacedAreIgnored() {
        peers.accept(fleet(new DynamicObstacle("nan", "map", Double.NaN, 0, 0.3, 0, false),
                new DynamicObstacle("other-frame", "odom", 2.0, 0, 0.3, 0, false),
                new DynamicObstacle("bad-radius", "map", 2.0, 0, Double.NaN, 0, false)));
        assertEquals(3, peers.size());
        assertEquals(6.0 - 1 - 0.25, clearance.clearance(1.0, 0, 0.25, 10).timeToCollision(), 0.1);
    }
}
