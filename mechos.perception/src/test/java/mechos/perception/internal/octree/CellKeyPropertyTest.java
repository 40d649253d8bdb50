package mechos.perception.internal.octree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import mechos.hal.api.Point3;
import mechos.perception.api.Occupancy;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 14: the read side ({@code OctreeSnapshot.key}) computed {@code floor(c / res)} and the write side
 * ({@code OccupancyOctree.key}) {@code floor(c * (1 / res))}; for coordinates that are exact (decimal) multiples of
 * the resolution they disagreed, so a cell written at 0.15 read back as UNKNOWN. A cell written at a point must
 * read back at the same point, for every coordinate.
 */
class CellKeyPropertyTest {
    static final OctreeParams PARAMS = OctreeParams.defaults();

    static void assertReadsBackOccupied(double x, double y, double z) {
        OccupancyOctree tree = new OccupancyOctree(PARAMS);
        for (int i = 0; i < 3; i++) {
            tree.updateCell(x, y, z, true);
        }
        OctreeSnapshot s = tree.publish(1);
        assertEquals(Occupancy.OCCUPIED, s.cellAt(new Point3(x, y, z)).occupancy(), "(" + x + ", " + y + ", " + z + ")");
        assertEquals(Occupancy.OCCUPIED, s.occupancyAt(new Point3(x, y, z)), "(" + x + ", " + y + ", " + z + ")");
    }

    @Example
    void theReportedCase() {
        assertReadsBackOccupied(0.15, 0.525, 0.525);
    }

    @Property(tries = 2000)
    void randomCoordinatesReadBack(@ForAll @DoubleRange(min = -200, max = 200) double x,
            @ForAll @DoubleRange(min = -200, max = 200) double y, @ForAll @DoubleRange(min = -5, max = 5) double z) {
        assertReadsBackOccupied(x, y, z);
    }

    /** Decimal multiples of the resolution (0.15, 0.3, 2.3, …) as a user or a map file would write them. */
    @Property(tries = 2000)
    void gridAlignedCoordinatesReadBack(@ForAll @IntRange(min = -4000, max = 4000) int i,
            @ForAll @IntRange(min = -4000, max = 4000) int j, @ForAll @IntRange(min = -100, max = 100) int k) {
        BigDecimal res = BigDecimal.valueOf(PARAMS.resolution());
        assertReadsBackOccupied(res.multiply(BigDecimal.valueOf(i)).doubleValue(),
                res.multiply(BigDecimal.valueOf(j)).doubleValue(), res.multiply(BigDecimal.valueOf(k)).doubleValue());
    }

    /** The centre of every cell maps back to that cell, and every point lies within its cell's bounds (to 1 nm). */
    @Property(tries = 2000)
    void centresAndBoundsAgree(@ForAll @DoubleRange(min = -1000, max = 1000) double c,
            @ForAll @IntRange(min = -20000, max = 20000) int cell) {
        CellIndex idx = new CellIndex(PARAMS.resolution());
        int k = idx.key(c);
        assertEquals(true, idx.coord(k) <= c + 1e-9 && c < idx.coord(k + 1) + 1e-9, c + " in cell " + k);
        int kk = cell + OccupancyOctree.OFFSET;
        assertEquals(kk, idx.key(idx.center(kk)));
    }
}
