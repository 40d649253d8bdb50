package mechos.perception.internal.octree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The octree's height band flattened to a 2-D grid, kept up to date incrementally by the writer: for every
 * (x, y) column of voxels, how many voxels whose centre lies in the band are occupied. Planar queries (time to
 * collision) read the published {@link Slice}, one bit per column, instead of descending the octree.
 *
 * <p>The writer reports every voxel whose occupied state changes ({@link #changed}); a state changes only where
 * a leaf's value crosses the occupancy threshold (an update or decay), never by pruning or expanding a leaf. The
 * grid is split into 64 × 64-column tiles; {@link #publish} copies only the tiles changed since the last publish
 * (copy on write, like the octree's nodes), so a published slice is immutable and costs O(tiles) to publish.
 * Not thread-safe; owned by the writer.
 */
final class BandColumns {
    static final int TILE_SHIFT = 6;
    static final int TILE = 1 << TILE_SHIFT;
    private static final int LOW = TILE - 1;

    private final int kzLow;
    private final int kzHigh;
    private final Map<Integer, short[]> counts = new HashMap<>();
    private final Map<Integer, long[]> bits = new HashMap<>();
    /** Tiles whose bits were copied since the last publish (the published arrays are never written). */
    private final Set<Integer> copied = new HashSet<>();
    private Slice published = Slice.EMPTY;

    /**
     * @param kzLow  lowest z key whose voxel centre lies in the band
     * @param kzHigh highest z key whose voxel centre lies in the band ({@code < kzLow}: empty band)
     */
    BandColumns(int kzLow, int kzHigh) {
        this.kzLow = kzLow;
        this.kzHigh = kzHigh;
    }

    /** @return the z keys of the band, computed with the same centre test as the readers' */
    static int[] bandKeys(CellIndex cells, double minZ, double maxZ) {
        int lo = cells.key(minZ), hi = cells.key(maxZ);
        lo = lo < 0 ? 0 : lo;
        hi = hi < 0 ? 2 * OccupancyOctree.OFFSET - 1 : hi;
        while (lo > 0 && cells.center(lo - 1) >= minZ - 1e-9) {
            lo--;
        }
        while (lo <= hi && cells.center(lo) < minZ - 1e-9) {
            lo++;
        }
        while (hi < 2 * OccupancyOctree.OFFSET - 1 && cells.center(hi + 1) <= maxZ + 1e-9) {
            hi++;
        }
        while (hi >= lo && cells.center(hi) > maxZ + 1e-9) {
            hi--;
        }
        return new int[] {lo, hi};
    }

    /**
     * A box of voxels ({@code size} per side from the given minimum keys) changed state together.
     *
     * @param occupied the new state (true: became occupied, false: stopped being occupied)
     */
    void changed(int kx0, int ky0, int kz0, int size, boolean occupied) {
        int z0 = Math.max(kz0, kzLow), z1 = Math.min(kz0 + size - 1, kzHigh);
        if (z1 < z0) {
            return;
        }
        int layers = z1 - z0 + 1;
        for (int ky = ky0; ky < ky0 + size; ky++) {
            for (int kx = kx0; kx < kx0 + size; kx++) {
                adjust(kx, ky, occupied ? layers : -layers);
            }
        }
    }

    private static int tileKey(int kx, int ky) {
        return (kx >>> TILE_SHIFT) << 16 | (ky >>> TILE_SHIFT);
    }

    private void adjust(int kx, int ky, int delta) {
        int tk = tileKey(kx, ky);
        short[] c = counts.computeIfAbsent(tk, k -> new short[TILE * TILE]);
        int i = (ky & LOW) * TILE + (kx & LOW);
        int before = c[i];
        int after = Math.max(0, before + delta);
        c[i] = (short) Math.min(Short.MAX_VALUE, after);
        if ((before > 0) != (after > 0)) {
            long[] b = bits.get(tk);
            if (b == null || !copied.contains(tk)) {
                b = b == null ? new long[TILE] : b.clone();
                bits.put(tk, b);
                copied.add(tk);
            }
            if (after > 0) {
                b[ky & LOW] |= 1L << (kx & LOW);
            } else {
                b[ky & LOW] &= ~(1L << (kx & LOW));
            }
        }
    }

    /** @return an immutable slice of the current state; the same object again when nothing changed */
    Slice publish() {
        if (!copied.isEmpty()) {
            published = new Slice(bits);
            copied.clear();
        }
        return published;
    }

    /** One immutable version of the band: one bit per column, occupied if any of its band voxels is. */
    static final class Slice {
        static final Slice EMPTY = new Slice(Map.of());
        private final int[] keys;
        private final long[][] tiles;
        private final int mask;

        private Slice(Map<Integer, long[]> bits) {
            List<Map.Entry<Integer, long[]>> entries = new ArrayList<>(bits.entrySet());
            int cap = Integer.highestOneBit(Math.max(8, entries.size() * 2) - 1) << 1;
            keys = new int[cap];
            java.util.Arrays.fill(keys, -1);
            tiles = new long[cap][];
            mask = cap - 1;
            for (Map.Entry<Integer, long[]> e : entries) {
                int k = e.getKey(), i = hash(k) & mask;
                while (keys[i] != -1) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                tiles[i] = e.getValue();
            }
        }

        private static int hash(int k) {
            int h = k * 0x9E3779B1;
            return h ^ (h >>> 15);
        }

        /** @return the tile (64 rows of 64 bits, bit x of row y) holding a column, or null if all free */
        long[] tile(int kx, int ky) {
            int k = tileKey(kx, ky), i = hash(k) & mask;
            while (true) {
                int s = keys[i];
                if (s == k) {
                    return tiles[i];
                }
                if (s == -1) {
                    return null;
                }
                i = (i + 1) & mask;
            }
        }

        boolean occupied(int kx, int ky) {
            long[] t = tile(kx, ky);
            return t != null && (t[ky & LOW] >>> (kx & LOW) & 1) != 0;
        }
    }
}
