package mechos.perception.internal.octree;

import static mechos.perception.internal.octree.OccupancyOctree.OFFSET;

/**
 * The one mapping between coordinates and cell keys, used by the writer ({@link OccupancyOctree}) and every
 * reader ({@link OctreeSnapshot}) so that a cell written at a point is read back at the same point. As in
 * OctoMap, {@code key = floor(c * (1 / res)) + OFFSET}; reading with {@code floor(c / res)} instead disagreed for
 * coordinates that are decimal multiples of the resolution (0.15 / 0.05 = 2.9999999999999996 but
 * 0.15 * 20 = 3.0), so a cell written at 0.15 read back as unknown.
 */
public final class CellIndex {
    private final double res;
    private final double inv;

    public CellIndex(double resolution) {
        this.res = resolution;
        this.inv = 1 / resolution;
    }

    /** @return the key of the cell containing {@code c}, or -1 outside the key range */
    public int key(double c) {
        double k = Math.floor(c * inv);
        return k >= -OFFSET && k < OFFSET ? (int) k + OFFSET : -1;
    }

    /** @return the centre coordinate of cell {@code k} */
    public double center(int k) {
        return (k - OFFSET + 0.5) * res;
    }

    /** @return the lower bound of cell {@code k} */
    public double coord(int k) {
        return (k - OFFSET) * res;
    }
}
