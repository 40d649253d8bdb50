package mechos.memory.api;

import java.util.Objects;

/**
 * A 2-D occupancy grid in a named frame (e.g. a slice of the occupancy map at the LiDAR's height, or the static ROS
 * map), recorded and streamed as {@code foxglove.Grid}. Cell (0, 0) is the lower-left cell; its lower-left corner
 * is at the origin. Values follow ROS {@code nav_msgs/OccupancyGrid}: 0..100 (occupancy probability in percent) or
 * -1 for unknown, row-major from the bottom row up ({@code occupancy[row * columns + column]}).
 *
 * @param timestampNanos wall clock (ns since the epoch) when the grid was taken
 * @param frameId        frame of the origin (e.g. {@code map})
 * @param originX        x of the lower-left corner of cell (0, 0), m
 * @param originY        y of that corner, m
 * @param originZ        height of the slice, m (0 for a 2-D map)
 * @param originYaw      rotation of the grid about z, rad
 * @param cellSize       edge of one square cell, m (> 0)
 * @param columns        cells per row (> 0)
 * @param rows           number of rows (> 0)
 * @param occupancy      {@code columns * rows} values, -1..100
 * @since 1.4
 */
public record MapGrid(long timestampNanos, String frameId, double originX, double originY, double originZ,
        double originYaw, double cellSize, int columns, int rows, byte[] occupancy) {
    public MapGrid {
        Objects.requireNonNull(frameId, "frameId");
        Objects.requireNonNull(occupancy, "occupancy");
        if (columns <= 0 || rows <= 0 || !(cellSize > 0) || !Double.isFinite(cellSize) || !Double.isFinite(originX)
                || !Double.isFinite(originY) || !Double.isFinite(originZ) || !Double.isFinite(originYaw)) {
            throw new IllegalArgumentException("grid needs positive size and cell size and a finite origin: "
                    + columns + "x" + rows + " cell=" + cellSize);
        }
        if ((long) columns * rows != occupancy.length) {
            throw new IllegalArgumentException("grid has " + occupancy.length + " cells, expected "
                    + (long) columns * rows);
        }
    }

    /** @return the value of one cell: 0..100, or -1 for unknown */
    public int at(int column, int row) {
        return occupancy[row * columns + column];
    }
}
