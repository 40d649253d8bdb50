package mechos.memory.internal.grid;

import mechos.hal.api.Point3;
import mechos.memory.api.MapGrid;
import mechos.perception.api.CellState;
import mechos.perception.api.MapView;
import mechos.perception.api.Occupancy;
import mechos.rosmap.api.OccupancyGrid;

/**
 * Turns the 3-D occupancy map and the static ROS map into bounded {@link MapGrid}s. When the requested area holds
 * more cells than allowed, cells are made an integer multiple of the source's cell size, and a coarse cell takes
 * the highest occupancy of the source cells it covers (an obstacle never vanishes by coarsening; a coarse cell is
 * unknown only when every source cell is).
 */
final class GridSlicer {
    private GridSlicer() {
    }

    /** @return the factor (≥ 1) by which {@code sourceCells} per side must be coarsened to fit {@code maxCells} */
    static int factor(long columns, long rows, int maxCells) {
        int f = 1;
        while (ceilDiv(columns, f) * ceilDiv(rows, f) > maxCells) {
            f++;
        }
        return f;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * A square slice of the occupancy map at height {@code z}, centred on ({@code cx}, {@code cy}), aligned to the
     * map's voxel grid.
     *
     * @param radius   half the side of the square, m
     * @param maxCells at most this many cells
     */
    static MapGrid slice(MapView view, String frameId, double cx, double cy, double z, double radius, int maxCells,
            long timestampNanos) {
        double res = view.resolution();
        long x0 = (long) Math.floor((cx - radius) / res);
        long y0 = (long) Math.floor((cy - radius) / res);
        long x1 = (long) Math.ceil((cx + radius) / res);
        long y1 = (long) Math.ceil((cy + radius) / res);
        long srcColumns = Math.max(1, x1 - x0);
        long srcRows = Math.max(1, y1 - y0);
        int f = factor(srcColumns, srcRows, maxCells);
        int columns = (int) ceilDiv(srcColumns, f);
        int rows = (int) ceilDiv(srcRows, f);
        byte[] out = new byte[columns * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int best = -1;
                for (int sy = 0; sy < f; sy++) {
                    for (int sx = 0; sx < f; sx++) {
                        double x = (x0 + (long) c * f + sx + 0.5) * res;
                        double y = (y0 + (long) r * f + sy + 0.5) * res;
                        best = Math.max(best, percent(view.cellAt(new Point3(x, y, z))));
                    }
                }
                out[r * columns + c] = (byte) best;
            }
        }
        return new MapGrid(timestampNanos, frameId, x0 * res, y0 * res, z, 0.0, res * f, columns, rows, out);
    }

    /** @return ROS occupancy of a cell: -1 unknown, else the probability in percent (0..100) */
    static int percent(CellState s) {
        if (s.occupancy() == Occupancy.UNKNOWN || !Double.isFinite(s.probability())) {
            return -1;
        }
        return (int) Math.max(0, Math.min(100, Math.round(s.probability() * 100)));
    }

    /** The static map, coarsened to at most {@code maxCells}. */
    static MapGrid staticMap(OccupancyGrid grid, String frameId, double yaw, int maxCells, long timestampNanos) {
        int f = factor(grid.width(), grid.height(), maxCells);
        int columns = (int) ceilDiv(grid.width(), f);
        int rows = (int) ceilDiv(grid.height(), f);
        byte[] out = new byte[columns * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int best = -1;
                for (int sy = r * f; sy < Math.min(grid.height(), (r + 1) * f); sy++) {
                    for (int sx = c * f; sx < Math.min(grid.width(), (c + 1) * f); sx++) {
                        best = Math.max(best, grid.occupancy(sx, sy));
                    }
                }
                out[r * columns + c] = (byte) best;
            }
        }
        return new MapGrid(timestampNanos, frameId, grid.originX(), grid.originY(), 0.0, yaw,
                grid.resolution() * f, columns, rows, out);
    }
}
