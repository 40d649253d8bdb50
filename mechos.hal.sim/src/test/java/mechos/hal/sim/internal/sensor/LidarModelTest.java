package mechos.hal.sim.internal.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.hal.api.LaserScan;
import mechos.hal.sim.internal.engine.RobotParams;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.world.Rectangle;
import mechos.rosmap.api.RosMapLoader;
import mechos.hal.sim.internal.world.World;

class LidarModelTest {
    private static final double SIGMA = 0.01;

    /** Walls: x = 3 (east), x = -2 (west), y = 1.5 (north); nothing to the south. */
    private static double expected(double angle) {
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        double best = Double.POSITIVE_INFINITY;
        if (dx > 1e-12) {
            best = Math.min(best, 3 / dx);
        }
        if (dx < -1e-12) {
            best = Math.min(best, -2 / dx);
        }
        if (dy > 1e-12) {
            best = Math.min(best, 1.5 / dy);
        }
        return best;
    }

    @Test
    void rangesMatchKnownWallsWithinNoiseAndBeyondMaxRangeIsConsistentlyNoReturn() {
        World world = new World("walls", null, List.of(new Rectangle(3, -50, 3.2, 50), new Rectangle(-2.2, -50, -2, 50),
                new Rectangle(-50, 1.5, 50, 1.7)));
        Simulation sim = new Simulation(world, RobotParams.defaults(5), 0);
        double rangeMax = 4.0;
        LidarModel lidar = new LidarModel(
                new LidarModel.Params("lidar", "laser", 360, 2 * Math.PI, 0.05, rangeMax, 10, SIGMA, 0, 0, 0), sim);
        sim.attach(lidar);
        List<LaserScan> scans = new ArrayList<>();
        lidar.samples().subscribe(scans::add);
        sim.advance(Duration.ofSeconds(2));
        assertEquals(20, scans.size(), "10 Hz for 2 s");

        double sumError = 0;
        int returns = 0;
        int noReturns = 0;
        for (LaserScan scan : scans) {
            assertEquals(360, scan.size());
            assertEquals("laser", scan.frameId());
            for (int i = 0; i < scan.size(); i++) {
                double truth = expected(scan.angle(i));
                double r = scan.ranges()[i];
                if (truth > rangeMax) {
                    assertEquals(Double.POSITIVE_INFINITY, r, "beam " + i + " beyond max range must be no return");
                    assertTrue(!scan.hasReturn(i));
                    noReturns++;
                } else if (truth < rangeMax - 5 * SIGMA) {
                    assertEquals(truth, r, 5 * SIGMA, "beam " + i + " at " + Math.toDegrees(scan.angle(i)) + "°");
                    assertTrue(scan.hasReturn(i));
                    sumError += r - truth;
                    returns++;
                }
            }
        }
        assertTrue(noReturns >= 20 * 70, "most of the open south half has no returns: " + noReturns);
        assertEquals(0, sumError / returns, 0.002, "noise is unbiased");
        LaserScan first = scans.get(0);
        assertEquals(3.0, first.ranges()[180], 5 * SIGMA, "beam 180 points at +x");
        assertEquals(1.5, first.ranges()[270], 5 * SIGMA, "beam 270 points at +y");
    }

    @Test
    void scansOfTheDefaultMapSeeItsWalls() throws Exception {
        RosMapLoader.Result map = RosMapLoader.load("builtin:default",
                getClass().getResourceAsStream("/worlds/default.yaml"),
                rel -> getClass().getResourceAsStream("/worlds/" + rel));
        Simulation sim = new Simulation(new World("default", map.grid(), List.of()), RobotParams.defaults(5), 0);
        LidarModel lidar = new LidarModel(
                new LidarModel.Params("lidar", "laser", 4, 2 * Math.PI, 0.05, 8, 10, 0, 0, 0, 0), sim);
        LaserScan scan = lidar.scan(sim.world(), sim.state());
        // beams at -180°, -90°, 0°, 90°
        assertEquals(4.9, scan.ranges()[0], 1e-9);
        assertEquals(3.9, scan.ranges()[1], 1e-9);
        assertEquals(4.9, scan.ranges()[2], 1e-9);
        assertEquals(3.9, scan.ranges()[3], 1e-9);
    }

    @Test
    void removedObstacleDisappearsFromTheNextScan() {
        World world = new World("w", null, List.of());
        Simulation sim = new Simulation(world, RobotParams.defaults(5), 0);
        LidarModel lidar = new LidarModel(
                new LidarModel.Params("lidar", "laser", 1, 0.1, 0.05, 8, 10, 0, 0, 0, 0), sim);
        long id = world.addObstacle(new Rectangle(1, -0.5, 1.5, 0.5));
        assertEquals(1.0, lidar.scan(world, sim.state()).ranges()[0], 1e-12);
        world.removeObstacle(id);
        assertEquals(Double.POSITIVE_INFINITY, lidar.scan(world, sim.state()).ranges()[0]);
    }

    /** Issue 13: a beam the sensor cannot measure (closer than rangeMin) is unknown, not a return and not +∞. */
    @Test
    void anObstacleCloserThanRangeMinIsUnknown() {
        World world = new World("w", null, List.of(new Rectangle(0.08, -0.5, 0.5, 0.5)));
        Simulation sim = new Simulation(world, RobotParams.defaults(5), 0);
        LidarModel lidar = new LidarModel(
                new LidarModel.Params("lidar", "laser", 1, 0.1, 0.15, 8, 10, 0.01, 0, 0, 0), sim);
        LaserScan scan = lidar.scan(world, sim.state());
        assertTrue(scan.isUnknown(0), "0.08 m is below range.min 0.15 m: " + scan.ranges()[0]);
        assertTrue(!scan.isMaxRange(0));
    }
}
