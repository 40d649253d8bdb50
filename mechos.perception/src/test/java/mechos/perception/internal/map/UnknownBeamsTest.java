package mechos.perception.internal.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import mechos.hal.api.LaserScan;
import mechos.hal.api.Pose2D;
import mechos.perception.api.RejectReason;
import mechos.perception.api.Transform;
import mechos.perception.internal.InputCounters;
import mechos.perception.internal.TestWorld;
import mechos.perception.internal.octree.OccupancyOctree;
import mechos.perception.internal.octree.OctreeParams;

import org.junit.jupiter.api.Test;

/**
 * Issue 13 defect 1, perception side: a beam is a return, a measured max range (+∞) or unknown (NaN or any other
 * value outside [rangeMin, rangeMax]); only the first two may clear space. A noisy LiDAR whose bins are unknown
 * 20 % of the time must never erase what the map knows.
 */
class UnknownBeamsTest {
    static final double Z = 0.2;
    static final int BEAMS = 360;
    static final double RANGE_MAX = 8;

    static void insert(OccupancyOctree tree, LaserScan scan, InputCounters c) {
        ScanConverter.Points p = ScanConverter.convert(scan, Transform.of(0, 0, Z, 0, 0, 0), 10, c);
        tree.insertPointCloud(p.ox(), p.oy(), p.oz(), p.xyz(), p.count(), p.maxRange());
        tree.publish(1);
    }

    @Test
    void aStreamWithTwentyPercentUnknownBinsNeverErasesOccupiedCells() {
        TestWorld world = new TestWorld();
        world.box(1.5, -0.4, 1.7, 0.4);
        world.box(-3.0, -3.0, -2.8, 3.0);
        OccupancyOctree tree = new OccupancyOctree(OctreeParams.defaults());
        InputCounters c = new InputCounters();
        for (int i = 0; i < 10; i++) {
            insert(tree, world.scan(Pose2D.ORIGIN, "laser", 0, BEAMS, RANGE_MAX), c);
        }
        int before = tree.snapshot().obstaclesWithin2D(0, 0, 5, 100_000).size();
        assertTrue(before > 20, "the map knows the obstacles: " + before);
        Random rnd = new Random(13);
        double[] unknown = {Double.NaN, RANGE_MAX + 3.7, 1e6, Double.NEGATIVE_INFINITY, -1, 0.01};
        for (int s = 0; s < 300; s++) {
            LaserScan clean = world.scan(Pose2D.ORIGIN, "laser", 0, BEAMS, RANGE_MAX);
            double[] r = clean.ranges().clone();
            // as from a noisy line: a fifth of the revolution (a slowly drifting arc, as a misaligned node
            // repeats) is not covered; its bins carry any of the values that mean "unknown"
            int arc = s * 2;
            for (int i = 0; i < r.length / 5; i++) {
                r[(arc + i) % r.length] = unknown[rnd.nextInt(unknown.length)];
            }
            insert(tree, new LaserScan(0, "laser", clean.angleMin(), clean.angleIncrement(), clean.rangeMin(),
                    clean.rangeMax(), r, new double[0]), c);
            int now = tree.snapshot().obstaclesWithin2D(0, 0, 5, 100_000).size();
            assertTrue(now >= before, "scan " + s + ": occupied cells " + before + " -> " + now);
        }
        assertTrue(c.stats().rejected(RejectReason.ABOVE_MAX_RANGE) > 0);
    }

    @Test
    void finiteRangesBeyondRangeMaxAreUnknownNotFree() {
        InputCounters c = new InputCounters();
        ScanConverter.Points p = ScanConverter.convert(new LaserScan(0, "laser", 0, 0.1, 0.1, 5,
                new double[] {1, 7.5, Double.POSITIVE_INFINITY}, new double[0]), Transform.IDENTITY, 10, c);
        assertEquals(2, p.count(), "the return and the measured max range; 7.5 > rangeMax 5 is unknown");
        assertEquals(1, c.stats().rejected(RejectReason.ABOVE_MAX_RANGE));
    }
}
