package mechos.hal.sim.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.hal.api.LaserScan;
import mechos.hal.sim.internal.sensor.ImuModel;
import mechos.hal.sim.internal.sensor.LidarModel;
import mechos.hal.sim.internal.sensor.OdometryModel;
import mechos.hal.sim.internal.world.Circle;
import mechos.hal.sim.internal.world.Rectangle;
import mechos.hal.sim.internal.world.World;

class DeterminismTest {
    /** Runs a fixed command script and records every pose, scan and odometry/IMU sample as text. */
    private static List<String> run(long seed) {
        World world = new World("w", null, List.of(new Rectangle(3, -4, 3.2, 4), new Circle(1.5, 1.0, 0.3),
                new Rectangle(-4, 2, 4, 2.2)));
        Simulation sim = new Simulation(world, RobotParams.defaults(seed), 0);
        LidarModel lidar = new LidarModel(new LidarModel.Params("lidar", "laser", 90, 2 * Math.PI, 0.05, 8, 10,
                0.02, 0.1, 0, 0), sim);
        OdometryModel odom = new OdometryModel(new OdometryModel.Params("odom", 50, 0.01, -0.01, 0.01), sim);
        ImuModel imu = new ImuModel(new ImuModel.Params("imu", "imu_link", 100, 0.001, 0.01, 0.05), sim);
        sim.attach(lidar);
        sim.attach(odom);
        sim.attach(imu);
        List<String> trace = new ArrayList<>();
        lidar.samples().subscribe(s -> trace.add("scan " + s.timestampNanos() + Arrays.toString(s.ranges())));
        odom.samples().subscribe(r -> trace.add(r.toString()));
        imu.samples().subscribe(r -> trace.add(r.toString()));
        double[][] script = {{0.4, 0.0}, {0.3, 0.8}, {0.0, -1.5}, {0.6, 0.2}, {-0.2, 0}};
        for (double[] cmd : script) {
            sim.command(cmd[0], cmd[1]);
            for (int i = 0; i < 150; i++) {
                sim.step();
                RobotState s = sim.state();
                trace.add(s.x() + "," + s.y() + "," + s.theta() + "," + s.contact());
            }
        }
        return trace;
    }

    @Test
    void sameSeedAndCommandsGiveIdenticalTrajectoriesAndSensorData() {
        List<String> a = run(42);
        List<String> b = run(42);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), "diverged at entry " + i);
        }
    }

    @Test
    void aDifferentSeedGivesDifferentNoise() {
        assertFalse(run(42).equals(run(43)));
    }

    @Test
    void scansOfTwoRunsAreEqualObjects() {
        World world = new World("w", null, List.of(new Rectangle(1, -1, 2, 1)));
        LaserScan[] scans = new LaserScan[2];
        for (int k = 0; k < 2; k++) {
            Simulation sim = new Simulation(world, RobotParams.defaults(9), 0);
            LidarModel lidar = new LidarModel(new LidarModel.Params("l", "laser", 36, 2 * Math.PI, 0.05, 5, 10, 0.05,
                    0, 0, 0), sim);
            sim.attach(lidar);
            sim.command(0.2, 0.1);
            for (int i = 0; i < 100; i++) {
                sim.step();
            }
            scans[k] = lidar.samples().latest();
        }
        assertEquals(scans[0], scans[1]);
    }
}
