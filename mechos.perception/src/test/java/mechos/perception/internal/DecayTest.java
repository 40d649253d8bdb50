package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import mechos.hal.api.LaserScan;
import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;
import mechos.perception.api.Occupancy;

import org.junit.jupiter.api.Test;

/**
 * Issue 14: decay is on by default (0.1 log-odds/s): an object that moved away stops blocking after its decay
 * time even where no beam sees through its old place (here: its bins become unknown, as behind another object or
 * in a noisy sector), while what is still observed stays. Sensor time is stepped, so the bound is exact: a
 * saturated cell (log-odds 3.51) falls to the threshold (0) after 35.1 s, applied in 1 s batches. With the old
 * default (decay off) the box blocked forever.
 */
class DecayTest {
    static final long S = 1_000_000_000L;

    @Test
    void anObjectThatMovedAwayStopsBlockingWithDecayOn() {
        FrameService frames = new FrameService(Configs.of(FrameConfig.class, Map.of("static_transforms",
                new String[] {"map odom 0 0 0 0 0 0", "odom base_link 0 0 0 0 0 0", "base_link laser 0 0 0.2 0 0 0"})));
        long[] now = {S};
        OccupancyMapService map = new OccupancyMapService(Configs.of(MapConfig.class, Map.of()), frames, () -> now[0]);
        TestWorld world = new TestWorld();
        world.box(1.0, -0.1, 1.2, 0.1); // a box 1 m ahead
        world.box(-2.2, -2, -2.0, 2); // a wall behind, seen all along
        Point3 box = new Point3(1.01, 0, 0.2);
        Point3 wall = new Point3(-2.01, 0, 0.2);
        for (int i = 0; i < 20; i++) {
            map.integrate(world.scan(Pose2D.ORIGIN, "laser", now[0], 360, 8));
            now[0] += S / 10;
        }
        assertEquals(Occupancy.OCCUPIED, map.view().occupancyAt(box));
        // the box is carried away; from now on its sector reports no measurement at all
        world.remove(0);
        double seconds = 0;
        while (map.view().occupancyAt(box) == Occupancy.OCCUPIED && seconds < 120) {
            LaserScan clean = world.scan(Pose2D.ORIGIN, "laser", now[0], 360, 8);
            double[] r = clean.ranges().clone();
            for (int i = 170; i <= 190; i++) {
                r[i] = Double.NaN;
            }
            map.integrate(new LaserScan(now[0], "laser", clean.angleMin(), clean.angleIncrement(), clean.rangeMin(),
                    clean.rangeMax(), r, new double[0]));
            now[0] += S / 10;
            seconds += 0.1;
        }
        assertTrue(seconds >= 34 && seconds <= 37.5, "the box stopped blocking after " + seconds + " s");
        assertEquals(Occupancy.FREE, map.view().occupancyAt(new Point3(0.5, 0, 0.2)), "free space stays free");
        assertTrue(map.view().obstaclesWithin2D(wall.x(), wall.y(), 0.1, 10).size() > 0, "what is still observed stays");
        map.deactivate();
    }
}
