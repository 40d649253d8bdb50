package mechos.hal.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.hal.api.DeviceException;
import mechos.hal.api.HealthState;
import mechos.hal.api.LaserScan;
import mechos.hal.api.Point3;
import mechos.hal.sim.internal.engine.RobotParams;
import mechos.hal.sim.internal.engine.Simulation;

class SimComponentsTest {
    @TempDir
    Path dir;

    private SimRobot robotInDefaultWorld() {
        SimWorld world = new SimWorld(Configs.of(SimWorldConfig.class, Map.of()), dir);
        return new SimRobot("robot", new Simulation(world.world(), RobotParams.defaults(3), 0));
    }

    @Test
    void defaultWorldLoadsTheBuiltInMapPlusConfiguredShapes() {
        SimWorld world = new SimWorld(Configs.of(SimWorldConfig.class,
                Map.of("circles", new String[] {"1,1,0.2; -1,-1,0.2"}, "rectangles", new String[] {"3,3,4,4"})), dir);
        assertTrue(world.world().grid().isPresent());
        assertEquals(3, world.world().obstacles().size());
        assertTrue(world.world().collides(1, 1, 0.01));
    }

    @Test
    void malformedMapFailsActivationNamingFileAndProblem() throws Exception {
        Path yaml = dir.resolve("broken.yaml");
        Files.writeString(yaml, "image: broken.pgm\nresolution: abc\norigin: [0, 0, 0]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimWorld(Configs.of(SimWorldConfig.class, Map.of("map", "broken.yaml")), dir));
        assertTrue(e.getMessage().contains(yaml.toString()) && e.getMessage().contains("resolution"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new SimWorld(
                Configs.of(SimWorldConfig.class, Map.of("rectangles", new String[] {"1,2,3"})), dir));
        assertTrue(e.getMessage().contains("rectangles"), e.getMessage());
    }

    @Test
    void driveBaseMovesTheRobotAndReportsOfflineWhenStopped() throws Exception {
        SimRobot robot = robotInDefaultWorld();
        SimDriveBase base = new SimDriveBase(Configs.of(SimDriveBaseConfig.class, Map.of()), robot);
        assertEquals("base", base.id());
        assertEquals(HealthState.ONLINE, base.health().state());
        base.setVelocity(0.5, 0);
        robot.simulation().advance(Duration.ofSeconds(2));
        assertTrue(robot.simulation().state().x() > 0.7);
        assertEquals(0.5, base.measuredWheelSpeeds().left(), 0.01);
        base.stop();
        robot.simulation().advance(Duration.ofSeconds(1));
        assertEquals(0, base.measuredWheelSpeeds().right(), 1e-3);
        assertThrows(IllegalArgumentException.class, () -> base.setVelocity(Double.NaN, 0));

        base.deactivate();
        assertEquals(HealthState.OFFLINE, base.health().state());
        assertThrows(DeviceException.class, () -> base.setVelocity(0.1, 0));
    }

    @Test
    void lidarComponentPublishesScansAndStopsWhenDeactivated() {
        SimRobot robot = robotInDefaultWorld();
        SimLidar lidar = new SimLidar(Configs.of(SimLidarConfig.class, Map.of()), robot);
        int[] count = new int[1];
        lidar.subscribe(s -> count[0]++);
        robot.simulation().advance(Duration.ofSeconds(1));
        assertEquals(10, count[0]);
        LaserScan scan = lidar.latest();
        assertNotNull(scan);
        assertEquals(360, scan.size());
        lidar.deactivate();
        robot.simulation().advance(Duration.ofSeconds(1));
        assertEquals(10, count[0], "no scans after deactivation");
        assertEquals(HealthState.OFFLINE, lidar.health().state());
    }

    @Test
    void invalidDeviceConfigurationNamesTheProperty() {
        SimRobot robot = robotInDefaultWorld();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimLidar(Configs.of(SimLidarConfig.class, Map.of("beams", 0)), robot));
        assertTrue(e.getMessage().contains("beams"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SimDriveBase(Configs.of(SimDriveBaseConfig.class, Map.of("mechos_device_id", " ")), robot));
        assertTrue(e.getMessage().contains("mechos.device.id"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SimEndEffector(
                Configs.of(SimEndEffectorConfig.class, Map.of("home", "9,9,9")), robot));
        assertTrue(e.getMessage().contains("home"), e.getMessage());
    }

    @Test
    void relayStartsAndReturnsToItsSafeState() throws Exception {
        SimRobot robot = robotInDefaultWorld();
        SimRelay relay = new SimRelay(Configs.of(SimRelayConfig.class, Map.of("safeState", true)), robot);
        assertEquals("relay.light", relay.id());
        assertTrue(relay.state());
        relay.set(false);
        assertFalse(relay.state());
        relay.toSafeState();
        assertTrue(relay.state());
    }

    @Test
    void endEffectorRejectsTargetsOutsideItsWorkspace() throws Exception {
        SimRobot robot = robotInDefaultWorld();
        SimEndEffector effector = new SimEndEffector(Configs.of(SimEndEffectorConfig.class, Map.of()), robot);
        assertThrows(DeviceException.class, () -> effector.moveTo(new Point3(5, 0, 0)));
        effector.moveTo(new Point3(0.45, 0, 0.2));
        robot.simulation().advance(Duration.ofSeconds(2));
        assertEquals(new Point3(0.45, 0, 0.2), effector.position());
    }

    @Test
    void batteryAndCameraAndImuAndOdometryAndBumperPublish() {
        SimRobot robot = robotInDefaultWorld();
        SimBattery battery = new SimBattery(Configs.of(SimBatteryConfig.class, Map.of()), robot);
        SimCamera camera = new SimCamera(Configs.of(SimCameraConfig.class, Map.of()), robot);
        SimImu imu = new SimImu(Configs.of(SimImuConfig.class, Map.of()), robot);
        SimOdometry odom = new SimOdometry(Configs.of(SimOdometryConfig.class, Map.of()), robot);
        SimBumper bumper = new SimBumper(Configs.of(SimBumperConfig.class, Map.of()), robot);
        robot.simulation().advance(Duration.ofSeconds(1));
        assertNotNull(battery.latest());
        assertEquals(64, camera.latest().width());
        assertNotNull(imu.latest());
        assertNotNull(odom.latest());
        assertFalse(bumper.latest().pressed());

        SimBattery low = new SimBattery(Configs.of(SimBatteryConfig.class, Map.of("initialCharge", 0.1)), robot);
        robot.simulation().advance(Duration.ofSeconds(1));
        assertEquals(HealthState.DEGRADED, low.health().state());
    }

    @Test
    void wheelPidGainsChangeLiveWithoutRestartingTheRobot() {
        Simulation sim = new Simulation(new SimWorld(Configs.of(SimWorldConfig.class, Map.of()), dir).world(),
                RobotParams.defaults(3), 0);
        SimRobot robot = new SimRobot("robot", sim, Configs.of(SimRobotConfig.class, Map.of()));
        sim.command(0.3, 0);
        sim.advance(Duration.ofSeconds(1));
        long steps = sim.steps();
        robot.modified(Configs.of(SimRobotConfig.class, Map.of("pid_kp", 7.5, "pid_ki", 3.0)));
        assertEquals(new mechos.hal.api.control.PidGains(7.5, 3.0, 0), sim.wheelGains());
        assertEquals(steps, sim.steps());
        assertEquals(0.3, sim.state().linear(), 0.01, "still driving: same simulation");
        assertThrows(IllegalArgumentException.class,
                () -> robot.modified(Configs.of(SimRobotConfig.class, Map.of("pid_kp", -1.0))));
        assertEquals(7.5, sim.wheelGains().kp(), "invalid gains are rejected, the previous ones stay");
    }

    @Test
    void worldConfigurationChangesApplyLiveWithoutRestartingTheRobot() throws Exception {
        SimWorld world = new SimWorld(Configs.of(SimWorldConfig.class,
                Map.of("circles", new String[] {"1.0,0,0.2"})), dir);
        Simulation sim = new Simulation(world.world(), RobotParams.defaults(3), 0);
        SimLidar lidar = new SimLidar(Configs.of(SimLidarConfig.class, Map.of("noiseStdDev", 0.0)),
                new SimRobot("robot", sim));
        sim.advance(Duration.ofMillis(100));
        int ahead = 180; // beam 180 of 360 points along +x
        assertEquals(0.8, lidar.latest().ranges()[ahead], 1e-9);

        world.modified(Configs.of(SimWorldConfig.class, Map.of())); // the circle removed from the configuration
        sim.advance(Duration.ofMillis(100));
        assertEquals(4.9, lidar.latest().ranges()[ahead], 1e-9, "the removed obstacle is gone; the wall remains");

        world.modified(Configs.of(SimWorldConfig.class, Map.of("map", "")));
        sim.advance(Duration.ofMillis(100));
        assertEquals(Double.POSITIVE_INFINITY, lidar.latest().ranges()[ahead], "open plane without the map");

        Files.writeString(dir.resolve("bad.yaml"), "image: x.pgm\n");
        world.modified(Configs.of(SimWorldConfig.class, Map.of("map", "bad.yaml")));
        assertTrue(world.world().grid().isEmpty(), "a broken new map is rejected; the previous (none) stays");
    }
}
