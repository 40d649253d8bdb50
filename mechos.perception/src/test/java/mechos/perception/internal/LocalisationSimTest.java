package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import mechos.hal.api.Pose2D;
import mechos.hal.sim.internal.engine.RobotParams;
import mechos.hal.sim.internal.engine.RobotState;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.sensor.ImuModel;
import mechos.hal.sim.internal.sensor.LidarModel;
import mechos.hal.sim.internal.sensor.OdometryModel;
import mechos.hal.sim.internal.world.World;
import mechos.perception.api.LocalisationState;
import mechos.perception.api.LocalisationState.Quality;
import mechos.perception.internal.slam.Planar;
import mechos.rosmap.api.RosMapLoader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Localisation on the simulator's default room with its ground truth: a long patrol stepped faster than real
 * time, drifting odometry (wheel scale errors, gyro bias). The pose in the map frame must stay near the truth
 * while the odometry-only pose drifts away.
 */
class LocalisationSimTest {
    /** Patrol corners in the default room, clear of the table, pillar, divider and cabinet. */
    static final double[][] PATROL = {{3.8, -2.6}, {3.8, 2.8}, {0, 2.8}, {0, 0}, {-3.8, 0.5}, {-3.8, -2.6}};

    @TempDir
    Path dir;
    Simulation sim;
    FrameService frames;
    PoseFusion fusion;
    LocalisationService localisation;
    int waypoint;
    double[] posErr = new double[100_000];
    double[] headErr = new double[100_000];
    double[] odomErr = new double[100_000];
    int samples;
    int lostScans;

    static RosMapLoader.Result defaultRoom() throws Exception {
        return RosMapLoader.load("builtin:default", World.class.getResourceAsStream("/worlds/default.yaml"),
                rel -> World.class.getResourceAsStream("/worlds/" + rel));
    }

    void start(Map<String, Object> localisationConfig, Pose2D start) throws Exception {
        RosMapLoader.Result room = defaultRoom();
        RobotParams d = RobotParams.defaults(7);
        sim = new Simulation(new World("room", room.grid(), List.of()), d.withStart(start), 0);
        LidarModel lidar = new LidarModel(new LidarModel.Params("lidar", "laser", 360, 2 * Math.PI, 0.05, 8, 10,
                0.01, 0, 0, 0), sim);
        OdometryModel odom = new OdometryModel(new OdometryModel.Params("odom", 50, 0.01, -0.01, 0.005), sim);
        ImuModel imu = new ImuModel(new ImuModel.Params("imu", "imu_link", 100, 0.002, 0.005, 0.05), sim);
        frames = new FrameService(Configs.defaults(FrameConfig.class));
        fusion = new PoseFusion(Configs.defaults(PoseFusionConfig.class), frames, System::nanoTime);
        localisation = new LocalisationService(Configs.of(LocalisationConfig.class, localisationConfig), frames, dir);
        odom.samples().subscribe(r -> fusion.onOdometry("odom", r));
        imu.samples().subscribe(fusion::onImu);
        lidar.samples().subscribe(scan -> {
            LocalisationState s = localisation.process(scan);
            if (s == null) {
                return;
            }
            RobotState truth = sim.state();
            if (s.quality() == Quality.LOST) {
                lostScans++;
            }
            Pose2D odomPose = Planar.compose(Planar.inverse(s.mapFromOdom()), s.pose());
            posErr[samples] = Math.hypot(s.pose().x() - truth.x(), s.pose().y() - truth.y());
            headErr[samples] = Math.abs(Pose2D.wrap(s.pose().theta() - truth.theta()));
            // odometry alone, anchored at the true start
            Pose2D odomInWorld = Planar.compose(start, odomPose);
            odomErr[samples] = Math.hypot(odomInWorld.x() - truth.x(), odomInWorld.y() - truth.y());
            samples++;
        });
        sim.attach(odom);
        sim.attach(imu);
        sim.attach(lidar);
    }

    @AfterEach
    void stop() {
        if (localisation != null) {
            localisation.deactivate();
            fusion.deactivate();
        }
    }

    /** Drives the patrol from the true pose (the test's driver, not the robot's brain) for {@code seconds}. */
    void patrol(double seconds) {
        double end = sim.nanos() / 1e9 + seconds;
        while (sim.nanos() / 1e9 < end) {
            RobotState s = sim.state();
            double[] w = PATROL[waypoint];
            double dx = w[0] - s.x();
            double dy = w[1] - s.y();
            if (Math.hypot(dx, dy) < 0.15) {
                waypoint = (waypoint + 1) % PATROL.length;
                continue;
            }
            double err = Pose2D.wrap(Math.atan2(dy, dx) - s.theta());
            sim.command(Math.abs(err) < 0.3 ? 0.4 : 0.0, Math.max(-1, Math.min(1, 2.5 * err)));
            sim.advance(Duration.ofMillis(50));
        }
    }

    static double p95(double[] v, int n) {
        double[] c = Arrays.copyOf(v, n);
        Arrays.sort(c);
        return c[(int) Math.floor(0.95 * (n - 1))];
    }

    static double max(double[] v, int n) {
        return Arrays.stream(v, 0, n).max().orElse(0);
    }

    @Test
    void slamKeepsThePoseNearTheTruthOverALongPatrolWhileOdometryDrifts() throws Exception {
        start(Map.of("mode", "SLAM"), Pose2D.ORIGIN);
        patrol(600);
        assertTrue(samples > 5000, "scans localised: " + samples);
        String report = String.format("SLAM p95 %.3f m max %.3f m heading p95 %.2f deg; odometry p95 %.3f m max %.3f m",
                p95(posErr, samples), max(posErr, samples), Math.toDegrees(p95(headErr, samples)),
                p95(odomErr, samples), max(odomErr, samples));
        LoggerFactory.getLogger(LocalisationSimTest.class).info("{} scans: {}", samples, report);
        assertTrue(max(odomErr, samples) > 0.3, "odometry must drift for this test to mean anything: " + report);
        assertTrue(p95(posErr, samples) < 0.05, report);
        assertTrue(max(posErr, samples) < 0.15, report);
        assertTrue(p95(headErr, samples) < Math.toRadians(1), report);
        assertEquals(0, lostScans, report);
    }

    /** The default room's ROS map (YAML + PGM) copied to a file, as a user would configure it. */
    Path roomMapFile() throws Exception {
        for (String f : new String[] {"default.yaml", "default.pgm"}) {
            try (var in = World.class.getResourceAsStream("/worlds/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir.resolve("default.yaml");
    }

    @Test
    void onAStaticRosMapThePoseIsInTheMapFrameFromTheConfiguredStart() throws Exception {
        Pose2D start = new Pose2D(-2, -0.5, 0);
        start(Map.of("mode", "STATIC_MAP", "map", roomMapFile().getFileName().toString(), "initial_x", -2.0,
                "initial_y", -0.5), start);
        waypoint = 4;
        patrol(180);
        String report = String.format("static map p95 %.3f m max %.3f m heading p95 %.2f deg; odometry max %.3f m",
                p95(posErr, samples), max(posErr, samples), Math.toDegrees(p95(headErr, samples)),
                max(odomErr, samples));
        LoggerFactory.getLogger(LocalisationSimTest.class).info("{} scans: {}", samples, report);
        assertTrue(p95(posErr, samples) < 0.05, report);
        assertTrue(p95(headErr, samples) < Math.toRadians(1), report);
        assertEquals(0, lostScans, report);
        assertEquals(Quality.TRACKING, localisation.state().quality());
    }

    @Test
    void aWrongStartIsLostNotTrustedAndAPoseEstimateRecoversIt() throws Exception {
        Pose2D start = new Pose2D(-2, -0.5, 0);
        start(Map.of("mode", "STATIC_MAP", "map", roomMapFile().getFileName().toString()), start);
        waypoint = 4;
        patrol(3);
        assertEquals(Quality.LOST, localisation.state().quality(), "configured (0, 0) but the robot is at (-2, -0.5): "
                + localisation.state());
        assertTrue(localisation.distrust().isPresent(), "the kernel is told not to trust the pose");
        localisation.setPose(new Pose2D(sim.state().x() + 0.1, sim.state().y() - 0.1, sim.state().theta() + 0.03));
        samples = 0;
        patrol(30);
        assertEquals(Quality.TRACKING, localisation.state().quality(), localisation.state().toString());
        assertTrue(localisation.distrust().isEmpty());
        assertTrue(p95(posErr, samples) < 0.05, "after the pose estimate: p95 " + p95(posErr, samples));
    }
}
