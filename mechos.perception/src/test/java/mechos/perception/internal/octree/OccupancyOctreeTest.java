package mechos.perception.internal.octree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mechos.hal.api.LaserScan;
import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;
import mechos.perception.api.Occupancy;
import mechos.perception.api.Transform;
import mechos.perception.internal.InputCounters;
import mechos.perception.internal.TestWorld;
import mechos.perception.internal.map.ScanConverter;

import org.junit.jupiter.api.Test;

class OccupancyOctreeTest {
    static final double Z = 0.2;
    final OctreeParams params = OctreeParams.defaults();

    static void insert(OccupancyOctree tree, TestWorld world, Pose2D pose, int beams, double rangeMax) {
        LaserScan scan = world.scan(pose, "laser", 0, beams, rangeMax);
        ScanConverter.Points p = ScanConverter.convert(scan, Transform.of(pose.x(), pose.y(), Z, 0, 0, pose.theta()),
                rangeMax, new InputCounters());
        tree.insertPointCloud(p.ox(), p.oy(), p.oz(), p.xyz(), p.count(), p.maxRange());
        tree.publish(System.nanoTime());
    }

    @Test
    void wallIsOccupiedWithinOneVoxelAndTheSpaceBeforeItIsFree() {
        TestWorld world = new TestWorld();
        world.box(2.0, -1.5, 2.3, 1.5);
        OccupancyOctree tree = new OccupancyOctree(params);
        for (int i = 0; i < 5; i++) {
            insert(tree, world, Pose2D.ORIGIN, 720, 8);
        }
        OctreeSnapshot s = tree.snapshot();
        // ray straight ahead: the first occupied cell is the wall face
        var hit = s.castRay(new Point3(0, 0, Z), new Point3(1, 0, 0), 5).orElseThrow();
        assertEquals(2.0, hit.cell().x(), params.resolution());
        for (double y = -1.0; y <= 1.0; y += 0.1) {
            var h = s.castRay(new Point3(0, 0, Z), new Point3(2.0, y, 0), 5).orElseThrow();
            assertEquals(2.0, h.cell().x(), params.resolution(), "wall at y=" + y);
        }
        for (double x = 0.1; x < 1.9; x += 0.05) {
            assertEquals(Occupancy.FREE, s.occupancyAt(new Point3(x, 0.3, Z)), "x=" + x);
        }
        assertEquals(Occupancy.OCCUPIED, s.occupancyAt(new Point3(2.01, 0.0, Z)));
        assertEquals(Occupancy.UNKNOWN, s.occupancyAt(new Point3(2.5, 0, Z)), "behind the wall was never seen");
        assertEquals(Occupancy.UNKNOWN, s.occupancyAt(new Point3(1, 0, 1.5)), "out of the scan plane");
    }

    /**
     * OctoMap's rule within one scan: a beam that passes through the voxel where another beam of the same scan
     * ends does not clear it — the voxel gets exactly one hit and no miss.
     */
    @Test
    void aFreeRayThroughAVoxelWhereAnotherBeamOfTheScanEndsDoesNotClearIt() {
        OccupancyOctree tree = new OccupancyOctree(params);
        double z = 0.225; // a voxel centre: no z-boundary ambiguity
        // beam 1 ends in voxel x [1.0, 1.05); beam 2 passes through that voxel (y 0.0099..0.0104) to 2.02
        double[] xyz = {1.01, 0.01, z, 2.02, 0.02, z};
        tree.insertPointCloud(0, 0.001, z, xyz, 2, 8);
        OctreeSnapshot s = tree.publish(0);
        assertEquals(OctreeParams.probability(params.hitLogOdds()), s.cellAt(new Point3(1.01, 0.01, z)).probability(),
                1e-6, "one hit, no miss");
        assertEquals(OctreeParams.probability(params.missLogOdds()), s.cellAt(new Point3(0.51, 0.005, z)).probability(),
                1e-6, "a voxel only passed through is one miss");
    }

    /**
     * Issue 14, walls ≤ 2 voxels: a face on a voxel boundary, scanned for 200 scans with 1 cm range noise from
     * poses all over the room in front of it (incidence from head-on to ~70° grazing), occupies at most the voxel
     * behind it and the one in front of it (the noisy end points straddle the boundary), never a second voxel
     * into the free space.
     */
    @Test
    void aNoisyFaceOnAVoxelBoundaryIsAtMostTwoVoxelsThick() {
        TestWorld world = new TestWorld();
        world.box(2.0, -3, 2.3, 3);
        OccupancyOctree tree = new OccupancyOctree(params);
        java.util.Random rnd = new java.util.Random(14);
        for (int i = 0; i < 200; i++) {
            Pose2D pose = new Pose2D(-1 + 2.5 * rnd.nextDouble(), -1.5 + 3 * rnd.nextDouble(),
                    2 * Math.PI * rnd.nextDouble());
            LaserScan clean = world.scan(pose, "laser", 0, 360, 8);
            double[] r = clean.ranges().clone();
            for (int k = 0; k < r.length; k++) {
                if (Double.isFinite(r[k])) {
                    r[k] += 0.01 * rnd.nextGaussian();
                }
            }
            LaserScan scan = new LaserScan(0, "laser", clean.angleMin(), clean.angleIncrement(), clean.rangeMin(),
                    clean.rangeMax(), r, new double[0]);
            ScanConverter.Points p = ScanConverter.convert(scan,
                    Transform.of(pose.x(), pose.y(), Z, 0, 0, pose.theta()), 8, new InputCounters());
            tree.insertPointCloud(p.ox(), p.oy(), p.oz(), p.xyz(), p.count(), p.maxRange());
        }
        OctreeSnapshot s = tree.publish(0);
        int thickTwo = 0;
        for (double y = -1.475; y < 1.5; y += 0.05) {
            int occupied = 0;
            int inFront = 0;
            for (double x = 1.475; x < 2.05; x += 0.05) { // voxel centres up to the wall's surface voxel
                if (s.occupancyAt(new Point3(x, y, Z)) == Occupancy.OCCUPIED) {
                    occupied++;
                    inFront += x < 2.0 ? 1 : 0;
                }
            }
            assertTrue(occupied >= 1 && occupied <= 2 && inFront <= 1, "y=" + y + ": " + occupied + " voxels, "
                    + inFront + " in front of the face");
            thickTwo += occupied == 2 ? 1 : 0;
        }
        assertTrue(thickTwo > 0, "the noise does straddle the boundary (else this test could not fail)");
    }

    @Test
    void removedObstacleDisappearsWithinTheConfiguredNumberOfScans() {
        TestWorld world = new TestWorld();
        int box = world.box(1.5, -0.2, 1.8, 0.2);
        world.box(4.0, -3, 4.2, 3);
        OccupancyOctree tree = new OccupancyOctree(params);
        for (int i = 0; i < 30; i++) {
            insert(tree, world, Pose2D.ORIGIN, 720, 8);
        }
        Point3 face = new Point3(1.51, 0.0, Z);
        assertEquals(Occupancy.OCCUPIED, tree.snapshot().occupancyAt(face));
        world.remove(box);
        int bound = params.scansToClear();
        int scans = 0;
        while (tree.snapshot().occupancyAt(face) == Occupancy.OCCUPIED && scans < 100) {
            insert(tree, world, Pose2D.ORIGIN, 720, 8);
            scans++;
        }
        assertTrue(scans <= bound, "cleared after " + scans + " scans, bound " + bound);
        assertTrue(tree.snapshot().nearestObstacle2D(0, 0, 3.0).isEmpty(), "nothing left within 3 m");
        assertEquals(Occupancy.OCCUPIED, tree.snapshot().occupancyAt(new Point3(4.01, 0, Z)), "far wall stays");
    }

    @Test
    void maxRangeBeamsClearButMarkNothing() {
        OccupancyOctree tree = new OccupancyOctree(params);
        insert(tree, new TestWorld(), Pose2D.ORIGIN, 360, 3);
        OctreeSnapshot s = tree.snapshot();
        assertEquals(Occupancy.FREE, s.occupancyAt(new Point3(2.5, 0.02, Z)));
        assertTrue(s.nearestObstacle(new Point3(0, 0, Z), 10).isEmpty());
        assertEquals(Occupancy.UNKNOWN, s.occupancyAt(new Point3(3.5, 0, Z)));
    }

    @Test
    void homogeneousChildrenArePruned() {
        OccupancyOctree tree = new OccupancyOctree(params);
        double r = params.resolution();
        // a 0.8 m cube observed free until saturated: 16^3 voxels collapse into few nodes
        for (int k = 0; k < 10; k++) {
            for (int i = 0; i < 16; i++) {
                for (int j = 0; j < 16; j++) {
                    for (int l = 0; l < 16; l++) {
                        tree.updateCell((i + 0.5) * r, (j + 0.5) * r, (l + 0.5) * r, false);
                    }
                }
            }
        }
        var stats = tree.publish(1).stats();
        assertTrue(stats.nodes() < 40, "nodes after pruning: " + stats.nodes());
        assertEquals(Occupancy.FREE, tree.snapshot().occupancyAt(new Point3(0.4, 0.4, 0.4)));
        assertEquals(r * 16, tree.snapshot().cellAt(new Point3(0.4, 0.4, 0.4)).size(), 1e-9);
        // hits inside expand the pruned leaf again (from the clamped -2.0 it takes three), neighbours stay free
        for (int i = 0; i < 3; i++) {
            tree.updateCell(0.4, 0.4, 0.4, true);
        }
        OctreeSnapshot s = tree.publish(2);
        assertEquals(Occupancy.OCCUPIED, s.occupancyAt(new Point3(0.4, 0.4, 0.4)));
        assertEquals(Occupancy.FREE, s.occupancyAt(new Point3(0.1, 0.1, 0.1)));
    }

    @Test
    void logOddsAreClamped() {
        OccupancyOctree tree = new OccupancyOctree(params);
        for (int i = 0; i < 50; i++) {
            tree.updateCell(0.01, 0.01, 0.01, true);
        }
        assertEquals(params.clampMax(), tree.publish(1).cellAt(new Point3(0.01, 0.01, 0.01)).probability(), 1e-4);
        for (int i = 0; i < 50; i++) {
            tree.updateCell(0.01, 0.01, 0.01, false);
        }
        assertEquals(params.clampMin(), tree.publish(2).cellAt(new Point3(0.01, 0.01, 0.01)).probability(), 1e-4);
    }

    @Test
    void decayFadesCellsThatAreNotReobserved() {
        OccupancyOctree tree = new OccupancyOctree(params.withDecay(1.0));
        for (int i = 0; i < 10; i++) {
            tree.updateCell(1, 1, 0.2, true);
        }
        assertEquals(Occupancy.OCCUPIED, tree.publish(1).occupancyAt(new Point3(1, 1, 0.2)));
        tree.decay(2.0);
        assertEquals(Occupancy.OCCUPIED, tree.publish(2).occupancyAt(new Point3(1, 1, 0.2)), "3.47 - 2 > 0");
        tree.decay(2.0);
        OctreeSnapshot s = tree.publish(3);
        assertEquals(Occupancy.FREE, s.occupancyAt(new Point3(1, 1, 0.2)));
        assertTrue(s.nearestObstacle(new Point3(1, 1, 0.2), 1).isEmpty());
        assertEquals(Occupancy.UNKNOWN, new OccupancyOctree(params).snapshot().occupancyAt(new Point3(1, 1, 0.2)));
    }

    @Test
    void snapshotsAreImmutable() {
        OccupancyOctree tree = new OccupancyOctree(params);
        tree.updateCell(1, 0, 0.2, true);
        OctreeSnapshot before = tree.publish(1);
        for (int i = 0; i < 20; i++) {
            tree.updateCell(1, 0, 0.2, false);
            tree.updateCell(1.5, 0, 0.2, true);
        }
        tree.publish(2);
        assertEquals(Occupancy.OCCUPIED, before.occupancyAt(new Point3(1, 0, 0.2)));
        assertEquals(Occupancy.UNKNOWN, before.occupancyAt(new Point3(1.5, 0, 0.2)));
        assertEquals(Occupancy.FREE, tree.snapshot().occupancyAt(new Point3(1, 0, 0.2)));
    }

    @Test
    void queriesNearestSegmentAndTimeToCollision() {
        TestWorld world = new TestWorld();
        world.box(2.0, -1.5, 2.3, 1.5);
        OccupancyOctree tree = new OccupancyOctree(params);
        for (int i = 0; i < 5; i++) {
            insert(tree, world, Pose2D.ORIGIN, 1440, 8);
        }
        OctreeSnapshot s = tree.snapshot();
        double res = params.resolution();
        var nearest = s.nearestObstacle2D(0, 0, 5).orElseThrow();
        assertEquals(2.0, nearest.distance(), res);
        assertEquals(2.0, s.nearestObstacle(new Point3(0, 0, Z), 5).orElseThrow().distance(), res);
        assertTrue(s.nearestObstacle2D(0, 0, 1.5).isEmpty());

        assertTrue(s.segmentClear(new Point3(0, 0, Z), new Point3(1.5, 0, Z), 0.3));
        assertFalse(s.segmentClear(new Point3(0, 0, Z), new Point3(1.9, 0, Z), 0.3));
        assertTrue(s.segmentClear(new Point3(0, 0, Z), new Point3(0, 1.5, Z), 0.3), "parallel to the wall");

        // 1 m/s straight at the wall, footprint 0.25 m: contact when the centre is ~1.75 m along
        double ttc = s.timeToCollision(Pose2D.ORIGIN, 1.0, 0, 0.25, 5);
        assertEquals(1.75, ttc, 2 * res);
        assertEquals(Double.POSITIVE_INFINITY, s.timeToCollision(Pose2D.ORIGIN, -1.0, 0, 0.25, 5), "driving away");
        assertEquals(Double.POSITIVE_INFINITY, s.timeToCollision(Pose2D.ORIGIN, 1.0, 0, 0.25, 1.0), "beyond horizon");
        assertEquals(Double.POSITIVE_INFINITY, s.timeToCollision(new Pose2D(0, 0, Math.PI / 2), 1.0, 0, 0.25, 5));
        // already touching the wall: driving on into it is a collision now; turning in place (a disc sweeps nothing
        // new) and backing away are free, so a robot that stopped against a wall (or a smeared cell) can leave
        assertEquals(0, s.timeToCollision(new Pose2D(1.9, 0, 0), 0.2, 0, 0.25, 5), "already touching, driving on");
        assertEquals(Double.POSITIVE_INFINITY, s.timeToCollision(new Pose2D(1.9, 0, 0), 0, 0.5, 0.25, 5),
                "already touching, turning in place");
        assertEquals(Double.POSITIVE_INFINITY, s.timeToCollision(new Pose2D(1.9, 0, 0), -0.2, 0, 0.25, 5),
                "already touching, backing away");
        // turning left at 1 m/s with a 1 m radius arcs away from the wall before reaching it
        assertEquals(Double.POSITIVE_INFINITY, s.timeToCollision(Pose2D.ORIGIN, 1.0, 1.0, 0.25, 3));
        // a wide arc (radius 4 m) still meets the wall, later than the straight line
        double arc = s.timeToCollision(Pose2D.ORIGIN, 1.0, 0.25, 0.25, 5);
        assertTrue(arc > ttc && arc < 2.5, "arc ttc " + arc);
    }

    @Test
    void closedFormCollisionTimeMatchesStepping() {
        java.util.Random rnd = new java.util.Random(7);
        for (int n = 0; n < 2000; n++) {
            Pose2D pose = new Pose2D(rnd.nextDouble() * 4 - 2, rnd.nextDouble() * 4 - 2, rnd.nextDouble() * 6 - 3);
            double v = rnd.nextDouble() * 2 - 1, w = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 2 - 1;
            double r = 0.1 + rnd.nextDouble() * 0.3, ox = rnd.nextDouble() * 4 - 2, oy = rnd.nextDouble() * 4 - 2;
            double t = OctreeSnapshot.collisionTime(pose, v, w, r, ox, oy);
            double stepped = Double.POSITIVE_INFINITY;
            double x = pose.x(), y = pose.y(), th = pose.theta(), dt = 1e-4;
            // a point already within r counts as touching where it is: contact is getting any closer
            double d0 = Math.hypot(x - ox, y - oy);
            boolean inside = d0 <= r;
            for (double time = 0; time <= 6; time += dt) {
                double d = Math.hypot(x - ox, y - oy);
                if (inside ? time > 0 && d < d0 : d <= r) {
                    stepped = inside ? time - dt : time;
                    break;
                }
                // exact arc step
                if (Math.abs(w) < 1e-9) {
                    x += v * Math.cos(th) * dt;
                    y += v * Math.sin(th) * dt;
                } else {
                    x += v / w * (Math.sin(th + w * dt) - Math.sin(th));
                    y -= v / w * (Math.cos(th + w * dt) - Math.cos(th));
                    th += w * dt;
                }
            }
            if (stepped <= 5.9) {
                assertEquals(stepped, t, 2e-3, "case " + n);
            } else {
                assertTrue(t > 5.9, "case " + n + ": closed form " + t + " but stepping found none");
            }
        }
    }
}
