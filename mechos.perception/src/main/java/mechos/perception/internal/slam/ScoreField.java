package mechos.perception.internal.slam;

import mechos.rosmap.api.OccupancyGrid;

/**
 * A planar likelihood field: each cell holds {@code exp(-d² / 2σ²)} of the distance d to the nearest obstacle
 * point stamped so far (0 far from everything, 1 on an obstacle). A scan scores well at a pose when its
 * endpoints land near obstacles. Fixed extent; points outside it are ignored. Not thread-safe (one localiser
 * thread owns it).
 */
public final class ScoreField {
    private final double resolution;
    private final double originX;
    private final double originY;
    private final int width;
    private final int height;
    private final float[] score;
    private final double sigma;
    private final int radius;
    private boolean stamped;

    /**
     * @param sigma spread of an obstacle's likelihood (m), at least one cell
     */
    public ScoreField(double originX, double originY, int width, int height, double resolution, double sigma) {
        if (width <= 0 || height <= 0 || (long) width * height > 64L * 1024 * 1024 || !(resolution > 0)
                || !(sigma > 0)) {
            throw new IllegalArgumentException("score field " + width + "x" + height + " at " + resolution
                    + " m, sigma " + sigma + " m");
        }
        this.resolution = resolution;
        this.originX = originX;
        this.originY = originY;
        this.width = width;
        this.height = height;
        this.score = new float[width * height];
        this.radius = Math.max(1, (int) Math.ceil(3 * sigma / resolution));
        this.sigma = sigma;
    }

    /** A field centred on (cx, cy), {@code extent} metres square. */
    public static ScoreField centred(double cx, double cy, double extent, double resolution, double sigma) {
        int n = (int) Math.ceil(extent / resolution);
        return new ScoreField(cx - n * resolution / 2, cy - n * resolution / 2, n, n, resolution, sigma);
    }

    /**
     * A field over a static map. A LiDAR sees the faces of occupied cells, not their centres, so the obstacle
     * points are the edges an occupied cell shares with a cell that is not occupied (sampled every half cell, on a field of half the map's cell size);
     * the inside of a thick wall is never seen and not stamped.
     */
    public static ScoreField of(OccupancyGrid grid, double sigma) {
        double res = grid.resolution();
        double fine = res / 2; // the field is interpolated: half cells keep the peak of a face sharp
        int margin = (int) Math.ceil(3 * sigma / fine) + 2;
        ScoreField f = new ScoreField(grid.originX() - margin * fine, grid.originY() - margin * fine,
                2 * grid.width() + 2 * margin, 2 * grid.height() + 2 * margin, fine, sigma);
        int[][] sides = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        for (int cy = 0; cy < grid.height(); cy++) {
            for (int cx = 0; cx < grid.width(); cx++) {
                if (grid.cell(cx, cy) != OccupancyGrid.OCCUPIED) {
                    continue;
                }
                double x0 = grid.originX() + cx * res;
                double y0 = grid.originY() + cy * res;
                for (int[] d : sides) {
                    if (grid.cell(cx + d[0], cy + d[1]) == OccupancyGrid.OCCUPIED) {
                        continue;
                    }
                    // the shared edge: x (or y) fixed at the face, the other coordinate at 0, 1/2 and 1 cell
                    for (int k = 0; k <= 2; k++) {
                        double along = k * res / 2;
                        double px = d[0] != 0 ? x0 + (d[0] > 0 ? res : 0) : x0 + along;
                        double py = d[1] != 0 ? y0 + (d[1] > 0 ? res : 0) : y0 + along;
                        f.stamp(px, py);
                    }
                }
            }
        }
        return f;
    }

    public double resolution() {
        return resolution;
    }

    /**
     * Marks an obstacle point: every cell within 3σ gets {@code exp(-d² / 2σ²)} of its centre's distance d to the
     * point (kept if higher), so the field peaks at the point itself, not at a cell centre.
     */
    public void stamp(double x, double y) {
        double gx = (x - originX) / resolution - 0.5;
        double gy = (y - originY) / resolution - 0.5;
        int cx0 = (int) Math.floor(gx) - radius;
        int cy0 = (int) Math.floor(gy) - radius;
        double inv = resolution * resolution / (2 * sigma * sigma);
        for (int cy = cy0; cy <= cy0 + 2 * radius; cy++) {
            if (cy < 0 || cy >= height) {
                continue;
            }
            double dy = cy - gy;
            for (int cx = cx0; cx <= cx0 + 2 * radius; cx++) {
                if (cx < 0 || cx >= width) {
                    continue;
                }
                double dx = cx - gx;
                float k = (float) Math.exp(-(dx * dx + dy * dy) * inv);
                int i = cy * width + cx;
                if (k > score[i]) {
                    score[i] = k;
                    stamped = true;
                }
            }
        }
    }

    /** @return the score of the cell containing (x, y); 0 outside */
    public double at(double x, double y) {
        int cx = (int) Math.floor((x - originX) / resolution);
        int cy = (int) Math.floor((y - originY) / resolution);
        if (cx < 0 || cy < 0 || cx >= width || cy >= height) {
            return 0;
        }
        return score[cy * width + cx];
    }

    /** @return the score bilinearly interpolated between cell centres (for sub-cell refinement) */
    public double interpolated(double x, double y) {
        double gx = (x - originX) / resolution - 0.5;
        double gy = (y - originY) / resolution - 0.5;
        int x0 = (int) Math.floor(gx);
        int y0 = (int) Math.floor(gy);
        double fx = gx - x0;
        double fy = gy - y0;
        return (1 - fy) * ((1 - fx) * cell(x0, y0) + fx * cell(x0 + 1, y0))
                + fy * ((1 - fx) * cell(x0, y0 + 1) + fx * cell(x0 + 1, y0 + 1));
    }

    private double cell(int cx, int cy) {
        if (cx < 0 || cy < 0 || cx >= width || cy >= height) {
            return 0;
        }
        return score[cy * width + cx];
    }

    /** @return whether any obstacle has been stamped */
    public boolean isEmpty() {
        return !stamped;
    }
}
