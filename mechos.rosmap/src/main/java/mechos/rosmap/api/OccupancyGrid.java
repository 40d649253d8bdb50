package mechos.rosmap.api;

/**
 * An immutable occupancy grid (the static part of a world, e.g. a ROS map). Cell (0, 0) is the lower-left
 * cell, whose lower-left corner is at ({@code originX}, {@code originY}); cells are square, {@code resolution}
 * metres wide. Outside the grid is free space.
 */
public final class OccupancyGrid {
    public static final byte FREE = 0;
    public static final byte OCCUPIED = 1;
    public static final byte UNKNOWN = 2;

    private final int width;
    private final int height;
    private final double resolution;
    private final double originX;
    private final double originY;
    private final byte[] cells;
    /** ROS occupancy per cell: 0..100, or -1 for unknown (what map_server would publish) */
    private final byte[] occupancy;

    /**
     * @param cells row-major from the bottom row up, {@code width * height} values of {@link #FREE},
     *              {@link #OCCUPIED} or {@link #UNKNOWN}; copied
     */
    public OccupancyGrid(int width, int height, double resolution, double originX, double originY, byte[] cells) {
        this(width, height, resolution, originX, originY, cells, null);
    }

    /**
     * @param cells     as {@link #OccupancyGrid(int, int, double, double, double, byte[])}
     * @param occupancy the ROS occupancy of each cell (0..100, -1 unknown), same layout; null derives it from
     *                  {@code cells} (100 occupied, 0 free, -1 unknown); copied
     */
    public OccupancyGrid(int width, int height, double resolution, double originX, double originY, byte[] cells,
            byte[] occupancy) {
        if (width <= 0 || height <= 0 || !(resolution > 0) || !Double.isFinite(resolution)
                || !Double.isFinite(originX) || !Double.isFinite(originY)) {
            throw new IllegalArgumentException("grid needs positive size and resolution and a finite origin: "
                    + width + "x" + height + " res=" + resolution + " origin=" + originX + "," + originY);
        }
        if (cells.length != width * height) {
            throw new IllegalArgumentException("grid has " + cells.length + " cells, expected " + width * height);
        }
        this.width = width;
        this.height = height;
        this.resolution = resolution;
        this.originX = originX;
        this.originY = originY;
        this.cells = cells.clone();
        if (occupancy != null && occupancy.length != cells.length) {
            throw new IllegalArgumentException("grid has " + occupancy.length + " occupancy values, expected "
                    + cells.length);
        }
        this.occupancy = new byte[cells.length];
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != FREE && cells[i] != OCCUPIED && cells[i] != UNKNOWN) {
                throw new IllegalArgumentException("cell " + i + " has state " + cells[i]
                        + ", expected FREE, OCCUPIED or UNKNOWN");
            }
            int o = occupancy != null ? occupancy[i] : cells[i] == OCCUPIED ? 100 : cells[i] == FREE ? 0 : -1;
            if (o < -1 || o > 100) {
                throw new IllegalArgumentException("cell " + i + " has occupancy " + o + ", expected -1..100");
            }
            this.occupancy[i] = (byte) o;
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double resolution() {
        return resolution;
    }

    public double originX() {
        return originX;
    }

    public double originY() {
        return originY;
    }

    /** @return the cell value, {@link #FREE} outside the grid */
    public byte cell(int cx, int cy) {
        if (cx < 0 || cy < 0 || cx >= width || cy >= height) {
            return FREE;
        }
        return cells[cy * width + cx];
    }

    /**
     * @return the cell's occupancy as a ROS {@code nav_msgs/OccupancyGrid} value: 0..100, -1 unknown; 0 (free)
     *         outside the grid
     */
    public int occupancy(int cx, int cy) {
        if (cx < 0 || cy < 0 || cx >= width || cy >= height) {
            return 0;
        }
        return occupancy[cy * width + cx];
    }

    /** @return the value of the cell containing the point */
    public byte valueAt(double x, double y) {
        return cell((int) Math.floor((x - originX) / resolution), (int) Math.floor((y - originY) / resolution));
    }

    /**
     * Casts a ray through the grid (Amanatides–Woo traversal).
     *
     * @return distance to the first occupied cell's boundary, or +∞ if none within {@code maxRange}
     */
    public double raycast(double ox, double oy, double dx, double dy, double maxRange) {
        double gx0 = originX;
        double gy0 = originY;
        double gx1 = originX + width * resolution;
        double gy1 = originY + height * resolution;
        double tEnter = 0;
        double tExit = maxRange;
        if (dx == 0) {
            if (ox < gx0 || ox >= gx1) {
                return Double.POSITIVE_INFINITY;
            }
        } else {
            double t1 = (gx0 - ox) / dx;
            double t2 = (gx1 - ox) / dx;
            tEnter = Math.max(tEnter, Math.min(t1, t2));
            tExit = Math.min(tExit, Math.max(t1, t2));
        }
        if (dy == 0) {
            if (oy < gy0 || oy >= gy1) {
                return Double.POSITIVE_INFINITY;
            }
        } else {
            double t1 = (gy0 - oy) / dy;
            double t2 = (gy1 - oy) / dy;
            tEnter = Math.max(tEnter, Math.min(t1, t2));
            tExit = Math.min(tExit, Math.max(t1, t2));
        }
        if (tEnter > tExit) {
            return Double.POSITIVE_INFINITY;
        }
        double t = tEnter;
        double px = (ox + dx * t - originX) / resolution;
        double py = (oy + dy * t - originY) / resolution;
        int cx = Math.min(width - 1, Math.max(0, (int) Math.floor(px)));
        int cy = Math.min(height - 1, Math.max(0, (int) Math.floor(py)));
        int stepX = dx > 0 ? 1 : -1;
        int stepY = dy > 0 ? 1 : -1;
        double tDeltaX = dx == 0 ? Double.POSITIVE_INFINITY : resolution / Math.abs(dx);
        double tDeltaY = dy == 0 ? Double.POSITIVE_INFINITY : resolution / Math.abs(dy);
        double tMaxX = dx == 0 ? Double.POSITIVE_INFINITY
                : t + ((cx + (dx > 0 ? 1 : 0)) - px) * resolution / dx;
        double tMaxY = dy == 0 ? Double.POSITIVE_INFINITY
                : t + ((cy + (dy > 0 ? 1 : 0)) - py) * resolution / dy;
        while (true) {
            if (cells[cy * width + cx] == OCCUPIED) {
                return t;
            }
            if (tMaxX < tMaxY) {
                t = tMaxX;
                tMaxX += tDeltaX;
                cx += stepX;
                if (cx < 0 || cx >= width) {
                    return Double.POSITIVE_INFINITY;
                }
            } else {
                t = tMaxY;
                tMaxY += tDeltaY;
                cy += stepY;
                if (cy < 0 || cy >= height) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            if (t > tExit) {
                return Double.POSITIVE_INFINITY;
            }
        }
    }

    /**
     * @return {x, y, distance²} of the nearest point of an occupied cell within {@code radius} of (x, y), or
     *         null if no occupied cell is that close
     */
    public double[] nearestOccupied(double x, double y, double radius) {
        int cx0 = Math.max(0, (int) Math.floor((x - radius - originX) / resolution));
        int cx1 = Math.min(width - 1, (int) Math.floor((x + radius - originX) / resolution));
        int cy0 = Math.max(0, (int) Math.floor((y - radius - originY) / resolution));
        int cy1 = Math.min(height - 1, (int) Math.floor((y + radius - originY) / resolution));
        double best = radius * radius;
        double[] hit = null;
        for (int cy = cy0; cy <= cy1; cy++) {
            double lowY = originY + cy * resolution;
            double ny = Math.max(lowY, Math.min(lowY + resolution, y));
            for (int cx = cx0; cx <= cx1; cx++) {
                if (cells[cy * width + cx] != OCCUPIED) {
                    continue;
                }
                double lowX = originX + cx * resolution;
                double nx = Math.max(lowX, Math.min(lowX + resolution, x));
                double d2 = (nx - x) * (nx - x) + (ny - y) * (ny - y);
                if (d2 <= best) {
                    best = d2;
                    hit = new double[] {nx, ny, d2};
                }
            }
        }
        return hit;
    }
}
