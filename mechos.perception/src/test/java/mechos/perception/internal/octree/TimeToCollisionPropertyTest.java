package mechos.perception.internal.octree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import mechos.hal.api.Pose2D;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Issue 14: time to collision moved from the octree corridor (every voxel near the swept path) to the height
 * band's incrementally kept 2-D slice. On random maps — voxels hit and missed in and out of the height band,
 * scans, pruned blocks, decay — and random motions, the slice query answers as the corridor query does (to
 * within the time to cross one cell), so the kernel sees the same clearance.
 */
class TimeToCollisionPropertyTest {

    static OccupancyOctree randomMap(long seed, double decay) {
        Random rnd = new Random(seed);
        OccupancyOctree tree = new OccupancyOctree(OctreeParams.defaults().withDecay(decay));
        int blobs = 5 + rnd.nextInt(40);
        for (int b = 0; b < blobs; b++) {
            double cx = rnd.nextDouble() * 8 - 4, cy = rnd.nextDouble() * 8 - 4, cz = rnd.nextDouble() * 2.6 - 0.3;
            int n = 1 + rnd.nextInt(30);
            for (int i = 0; i < n; i++) {
                double x = cx + rnd.nextGaussian() * 0.2, y = cy + rnd.nextGaussian() * 0.2,
                        z = cz + rnd.nextGaussian() * 0.1;
                int hits = 1 + rnd.nextInt(4);
                for (int h = 0; h < hits; h++) {
                    tree.updateCell(x, y, z, true);
                }
            }
            if (rnd.nextInt(4) == 0) {
                // a solid 4 x 4 x 4-voxel block aligned to the octree, saturated: pruned into one leaf
                double ox = Math.floor(cx / 0.2) * 0.2, oy = Math.floor(cy / 0.2) * 0.2, oz = 0.2;
                for (int s = 0; s < 12; s++) {
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 4; j++) {
                            for (int k = 0; k < 4; k++) {
                                tree.updateCell(ox + 0.025 + 0.05 * i, oy + 0.025 + 0.05 * j, oz + 0.025 + 0.05 * k,
                                        true);
                            }
                        }
                    }
                }
            }
            if (rnd.nextBoolean()) {
                tree.publish(b);
            }
        }
        // scans from random origins clear some of it again
        int scans = rnd.nextInt(4);
        for (int s = 0; s < scans; s++) {
            double ox = rnd.nextDouble() * 6 - 3, oy = rnd.nextDouble() * 6 - 3;
            double[] xyz = new double[3 * 90];
            for (int i = 0; i < 90; i++) {
                double a = i * 2 * Math.PI / 90, range = 1 + rnd.nextDouble() * 5;
                xyz[3 * i] = ox + range * Math.cos(a);
                xyz[3 * i + 1] = oy + range * Math.sin(a);
                xyz[3 * i + 2] = 0.3;
            }
            tree.insertPointCloud(ox, oy, 0.3, xyz, 90, 10);
            tree.decay(rnd.nextDouble() * 10);
        }
        return tree;
    }

    @Property(tries = 300)
    void theSliceQueryAnswersAsTheCorridorQuery(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = -4, max = 4) double x, @ForAll @DoubleRange(min = -4, max = 4) double y,
            @ForAll @DoubleRange(min = -4, max = 4) double theta, @ForAll @DoubleRange(min = -1.5, max = 1.5) double v,
            @ForAll @DoubleRange(min = -1.5, max = 1.5) double w, @ForAll @DoubleRange(min = 0, max = 0.5) double radius,
            @ForAll @DoubleRange(min = 0, max = 6) double horizon) {
        OctreeSnapshot s = randomMap(seed, seed % 3 == 0 ? 0.3 : 0).publish(1);
        Pose2D pose = new Pose2D(x, y, theta);
        double slice = s.timeToCollision(pose, v, w, radius, horizon);
        double corridor = s.timeToCollisionVoxels(pose, v, w, radius, horizon);
        String what = "seed " + seed + " pose " + pose + " v " + v + " w " + w + " r " + radius + " h " + horizon;
        if (Double.isInfinite(corridor) || Double.isInfinite(slice)) {
            assertEquals(corridor, slice, what);
        } else {
            double oneCell = s.resolution() / Math.max(Math.abs(v), 1e-3);
            assertTrue(Math.abs(corridor - slice) <= oneCell, what + ": corridor " + corridor + " slice " + slice);
        }
    }

    /** The slice follows the octree through updates, pruning and decay: every column agrees with the voxels. */
    @Property(tries = 20)
    void theSliceMatchesTheOctreeColumnByColumn(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        OctreeSnapshot s = randomMap(seed, 0.3).publish(1);
        CellIndex cells = new CellIndex(s.resolution());
        int lo = cells.key(-5.5), hi = cells.key(5.5);
        int[] band = BandColumns.bandKeys(cells, s.params().minZ(), s.params().maxZ());
        for (int kx = lo; kx <= hi; kx++) {
            for (int ky = lo; ky <= hi; ky++) {
                boolean any = false;
                for (int kz = band[0]; kz <= band[1] && !any; kz++) {
                    any = s.occupancyAt(new mechos.hal.api.Point3(cells.center(kx), cells.center(ky),
                            cells.center(kz))) == mechos.perception.api.Occupancy.OCCUPIED;
                }
                assertEquals(any, s.columnOccupied(kx, ky), "seed " + seed + " column " + kx + ", " + ky);
            }
        }
    }
}
