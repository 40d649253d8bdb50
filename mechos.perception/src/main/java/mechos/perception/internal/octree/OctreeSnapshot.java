package mechos.perception.internal.octree;

import static mechos.perception.internal.octree.OccupancyOctree.DEPTH;
import static mechos.perception.internal.octree.OccupancyOctree.OFFSET;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;
import mechos.perception.api.CellState;
import mechos.perception.api.MapStats;
import mechos.perception.api.MapView;
import mechos.perception.api.Obstacle;
import mechos.perception.api.Occupancy;
import mechos.perception.api.RayHit;

/**
 * One immutable version of the octree and every query on it. Queries descend only into subtrees whose maximum
 * log-odds is occupied and whose bounding box can still matter, so they cost what is near the question, not
 * the size of the map. A pruned occupied leaf is visited as if it were split into its voxels.
 */
public final class OctreeSnapshot implements MapView {
    private static final double HALF_SQRT2 = Math.sqrt(0.5);
    private final Node root;
    private final OctreeParams params;
    private final MapStats stats;
    private final double res;
    private final CellIndex cells;
    private final float occ;
    private final BandColumns.Slice band;

    OctreeSnapshot(Node root, OctreeParams params, MapStats stats, BandColumns.Slice band) {
        this.root = root;
        this.band = band;
        this.params = params;
        this.stats = stats;
        this.res = params.resolution();
        this.cells = new CellIndex(res);
        this.occ = params.occupancyLogOdds();
    }

    @Override
    public double resolution() {
        return res;
    }

    @Override
    public MapStats stats() {
        return stats;
    }

    public OctreeParams params() {
        return params;
    }

    /** The same key function as the writer's ({@link CellIndex}), so a written cell reads back at its point. */
    private int key(double c) {
        return cells.key(c);
    }

    private double center(int k) {
        return cells.center(k);
    }

    private double coord(int k) {
        return cells.coord(k);
    }

    @Override
    public CellState cellAt(Point3 p) {
        int kx = key(p.x()), ky = key(p.y()), kz = key(p.z());
        if (kx < 0 || ky < 0 || kz < 0) {
            return CellState.UNKNOWN;
        }
        Node n = root;
        int d = 0;
        while (n != null && n.children != null) {
            int bit = DEPTH - 1 - d;
            n = n.children[((kx >>> bit) & 1) | ((ky >>> bit) & 1) << 1 | ((kz >>> bit) & 1) << 2];
            d++;
        }
        if (n == null) {
            return CellState.UNKNOWN;
        }
        return new CellState(n.value > occ ? Occupancy.OCCUPIED : Occupancy.FREE,
                OctreeParams.probability(n.value), res * (1 << (DEPTH - d)));
    }

    private boolean occupied(int kx, int ky, int kz) {
        Node n = root;
        for (int d = 0; n != null && n.children != null; d++) {
            int bit = DEPTH - 1 - d;
            n = n.children[((kx >>> bit) & 1) | ((ky >>> bit) & 1) << 1 | ((kz >>> bit) & 1) << 2];
        }
        return n != null && n.value > occ;
    }

    @Override
    public Optional<RayHit> castRay(Point3 origin, Point3 direction, double maxRange) {
        double len = Math.sqrt(direction.x() * direction.x() + direction.y() * direction.y()
                + direction.z() * direction.z());
        if (!(len > 0) || !origin.isFinite() || !direction.isFinite() || root == null) {
            return Optional.empty();
        }
        double dx = direction.x() / len, dy = direction.y() / len, dz = direction.z() / len;
        double ox = origin.x(), oy = origin.y(), oz = origin.z();
        int cx = key(ox), cy = key(oy), cz = key(oz);
        if (cx < 0 || cy < 0 || cz < 0) {
            return Optional.empty();
        }
        int sx = (int) Math.signum(dx), sy = (int) Math.signum(dy), sz = (int) Math.signum(dz);
        double tmx = sx != 0 ? (center(cx) + sx * res * 0.5 - ox) / dx : Double.MAX_VALUE;
        double tmy = sy != 0 ? (center(cy) + sy * res * 0.5 - oy) / dy : Double.MAX_VALUE;
        double tmz = sz != 0 ? (center(cz) + sz * res * 0.5 - oz) / dz : Double.MAX_VALUE;
        double tdx = sx != 0 ? res / Math.abs(dx) : Double.MAX_VALUE;
        double tdy = sy != 0 ? res / Math.abs(dy) : Double.MAX_VALUE;
        double tdz = sz != 0 ? res / Math.abs(dz) : Double.MAX_VALUE;
        double entry = 0;
        while (entry <= maxRange) {
            if (occupied(cx, cy, cz)) {
                return Optional.of(new RayHit(new Point3(center(cx), center(cy), center(cz)), entry));
            }
            if (tmx < tmy && tmx < tmz) {
                entry = tmx;
                cx += sx;
                tmx += tdx;
            } else if (tmy < tmz) {
                entry = tmy;
                cy += sy;
                tmy += tdy;
            } else {
                entry = tmz;
                cz += sz;
                tmz += tdz;
            }
            if (cx < 0 || cy < 0 || cz < 0 || cx >= 2 * OFFSET || cy >= 2 * OFFSET || cz >= 2 * OFFSET) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Receives occupied voxels; {@link #mayContain} prunes the search by bounding box. */
    private interface Visitor {
        boolean mayContain(double minX, double minY, double minZ, double size);

        void voxel(double cx, double cy, double cz);
    }

    private static final int[] NATURAL_ORDER = {0, 1, 2, 3, 4, 5, 6, 7};

    private void visit(Visitor v) {
        visit(v, NATURAL_ORDER);
    }

    /** @param order the order in which the eight children of every node are visited */
    private void visit(Visitor v, int[] order) {
        if (root != null) {
            visit(root, 0, 0, 0, 0, v, order);
        }
    }

    /** @return child indices front to back along a planar direction (nearest first), z order unchanged */
    private static int[] frontToBack(double dx, double dy) {
        Integer[] idx = {0, 1, 2, 3, 4, 5, 6, 7};
        java.util.Arrays.sort(idx, Comparator.comparingDouble(i -> (i & 1) * dx + ((i >> 1) & 1) * dy));
        int[] out = new int[8];
        for (int i = 0; i < 8; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    private void visit(Node n, int depth, int kx0, int ky0, int kz0, Visitor v, int[] order) {
        if (n == null || n.value <= occ) {
            return;
        }
        double size = res * (1 << (DEPTH - depth));
        double minX = coord(kx0), minY = coord(ky0), minZ = coord(kz0);
        if (!v.mayContain(minX, minY, minZ, size)) {
            return;
        }
        if (depth == DEPTH) {
            v.voxel(minX + res / 2, minY + res / 2, minZ + res / 2);
            return;
        }
        int half = 1 << (DEPTH - 1 - depth);
        boolean leaf = n.children == null;
        for (int j = 0; j < 8; j++) {
            int i = order[j];
            Node c = leaf ? n : n.children[i];
            visit(c, depth + 1, kx0 + (i & 1) * half, ky0 + ((i >> 1) & 1) * half, kz0 + ((i >> 2) & 1) * half, v,
                    order);
        }
    }

    private static double axisGap(double p, double min, double size) {
        return p < min ? min - p : (p > min + size ? p - min - size : 0);
    }

    /** @return true if some voxel centre of the box lies in the height band */
    private boolean inBand(double minZ, double size) {
        return minZ + size - res / 2 >= params.minZ() - 1e-9 && minZ + res / 2 <= params.maxZ() + 1e-9;
    }

    private boolean centerInBand(double cz) {
        return cz >= params.minZ() - 1e-9 && cz <= params.maxZ() + 1e-9;
    }

    @Override
    public Optional<Obstacle> nearestObstacle(Point3 c, double radius) {
        double[] best = {radius, Double.NaN, 0, 0};
        visit(new Visitor() {
            @Override
            public boolean mayContain(double minX, double minY, double minZ, double size) {
                double gx = axisGap(c.x(), minX, size), gy = axisGap(c.y(), minY, size),
                        gz = axisGap(c.z(), minZ, size);
                return gx * gx + gy * gy + gz * gz <= best[0] * best[0];
            }

            @Override
            public void voxel(double x, double y, double z) {
                double d = Math.sqrt((x - c.x()) * (x - c.x()) + (y - c.y()) * (y - c.y()) + (z - c.z()) * (z - c.z()));
                if (d <= best[0]) {
                    best[0] = d;
                    best[1] = x;
                    best[2] = y;
                    best[3] = z;
                }
            }
        });
        return Double.isNaN(best[1]) ? Optional.empty()
                : Optional.of(new Obstacle(new Point3(best[1], best[2], best[3]), best[0]));
    }

    @Override
    public Optional<Obstacle> nearestObstacle2D(double x0, double y0, double radius) {
        double[] best = {radius, Double.NaN, 0, 0};
        visit(new Visitor() {
            @Override
            public boolean mayContain(double minX, double minY, double minZ, double size) {
                double gx = axisGap(x0, minX, size), gy = axisGap(y0, minY, size);
                return inBand(minZ, size) && gx * gx + gy * gy <= best[0] * best[0];
            }

            @Override
            public void voxel(double x, double y, double z) {
                double d = Math.hypot(x - x0, y - y0);
                if (centerInBand(z) && d <= best[0]) {
                    best[0] = d;
                    best[1] = x;
                    best[2] = y;
                    best[3] = z;
                }
            }
        });
        return Double.isNaN(best[1]) ? Optional.empty()
                : Optional.of(new Obstacle(new Point3(best[1], best[2], best[3]), best[0]));
    }

    @Override
    public List<Obstacle> obstaclesWithin2D(double x0, double y0, double radius, int max) {
        List<Obstacle> out = new ArrayList<>();
        visit(new Visitor() {
            @Override
            public boolean mayContain(double minX, double minY, double minZ, double size) {
                double gx = axisGap(x0, minX, size), gy = axisGap(y0, minY, size);
                return inBand(minZ, size) && gx * gx + gy * gy <= radius * radius;
            }

            @Override
            public void voxel(double x, double y, double z) {
                double d = Math.hypot(x - x0, y - y0);
                if (centerInBand(z) && d <= radius) {
                    out.add(new Obstacle(new Point3(x, y, z), d));
                }
            }
        });
        out.sort(Comparator.comparingDouble(Obstacle::distance));
        return out.size() > max ? List.copyOf(out.subList(0, Math.max(0, max))) : out;
    }

    @Override
    public boolean segmentClear(Point3 a, Point3 b, double radius) {
        double limit = radius + res * Math.sqrt(3) / 2;
        double sx = b.x() - a.x(), sy = b.y() - a.y(), sz = b.z() - a.z();
        double ll = sx * sx + sy * sy + sz * sz;
        boolean[] hit = {false};
        visit(new Visitor() {
            private double dist(double x, double y, double z) {
                double t = ll > 0 ? ((x - a.x()) * sx + (y - a.y()) * sy + (z - a.z()) * sz) / ll : 0;
                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                double px = a.x() + t * sx - x, py = a.y() + t * sy - y, pz = a.z() + t * sz - z;
                return Math.sqrt(px * px + py * py + pz * pz);
            }

            @Override
            public boolean mayContain(double minX, double minY, double minZ, double size) {
                double h = size / 2;
                return !hit[0] && dist(minX + h, minY + h, minZ + h) - h * Math.sqrt(3) <= limit;
            }

            @Override
            public void voxel(double x, double y, double z) {
                if (dist(x, y, z) <= limit) {
                    hit[0] = true;
                }
            }
        });
        return !hit[0];
    }

    /**
     * Time to collision on the height band's 2-D slice ({@link BandColumns}): the swept path as short exact
     * chords in time order, and for each chord only the occupied columns in its bounding box widened by the
     * footprint (one bit test per column, 64 columns per word); stops at the first chord that starts after the
     * earliest collision found, so the cost is that of the path up to the first blocking cell. Same answers as
     * {@link #timeToCollisionVoxels} (the octree-corridor query it replaces; {@code TimeToCollisionPropertyTest}).
     */
    @Override
    public double timeToCollision(Pose2D pose, double linear, double angular, double footprintRadius,
            double horizonSeconds) {
        if (!pose.isFinite() || !Double.isFinite(linear) || !Double.isFinite(angular) || !(horizonSeconds >= 0)
                || !(footprintRadius >= 0)) {
            return 0;
        }
        double r = footprintRadius + res * HALF_SQRT2;
        double travel = Math.abs(linear) * horizonSeconds;
        // chords of about four cells, and at most 0.25 rad of turn each (bounds the sag on tight arcs)
        int chords = (int) Math.max(1, Math.min(512, Math.ceil(Math.max(travel / (4 * res),
                Math.abs(angular) * horizonSeconds / 0.25))));
        double sag = 0;
        boolean straight = Math.abs(angular) < 1e-9;
        if (!straight) {
            double radius = Math.abs(linear / angular), dth = Math.abs(angular) * horizonSeconds / chords;
            sag = radius * (1 - Math.cos(dth / 2));
        }
        double margin = r + sag;
        double best = Double.POSITIVE_INFINITY;
        double ax = pose.x(), ay = pose.y();
        for (int i = 0; i < chords; i++) {
            double t0 = horizonSeconds * i / chords;
            if (t0 > best) {
                break;
            }
            double t1 = horizonSeconds * (i + 1) / chords, bx, by;
            if (straight) {
                bx = pose.x() + linear * t1 * Math.cos(pose.theta());
                by = pose.y() + linear * t1 * Math.sin(pose.theta());
            } else {
                double th = pose.theta() + angular * t1;
                bx = pose.x() + linear / angular * (Math.sin(th) - Math.sin(pose.theta()));
                by = pose.y() - linear / angular * (Math.cos(th) - Math.cos(pose.theta()));
            }
            best = Math.min(best, earliestInBox(pose, linear, angular, r, Math.min(ax, bx) - margin,
                    Math.min(ay, by) - margin, Math.max(ax, bx) + margin, Math.max(ay, by) + margin));
            ax = bx;
            ay = by;
        }
        return best <= horizonSeconds ? best : Double.POSITIVE_INFINITY;
    }

    /** @return the earliest collision time with an occupied column whose centre lies in the box */
    private double earliestInBox(Pose2D pose, double v, double w, double r, double x0, double y0, double x1,
            double y1) {
        int kx0 = clampKey(x0), kx1 = clampKey(x1), ky0 = clampKey(y0), ky1 = clampKey(y1);
        double best = Double.POSITIVE_INFINITY;
        for (int ky = ky0; ky <= ky1; ky++) {
            int row = ky & (BandColumns.TILE - 1);
            for (int kx = kx0; kx <= kx1; kx = (kx | (BandColumns.TILE - 1)) + 1) {
                long[] tile = band.tile(kx, ky);
                if (tile == null) {
                    continue;
                }
                int lo = kx & (BandColumns.TILE - 1), hi = Math.min(BandColumns.TILE - 1, lo + (kx1 - kx));
                long bits = tile[row] & (-1L << lo) & (-1L >>> (BandColumns.TILE - 1 - hi));
                while (bits != 0) {
                    int b = Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    double t = collisionTime(pose, v, w, r, center(kx - lo + b), center(ky));
                    if (t < best) {
                        best = t;
                    }
                }
            }
        }
        return best;
    }

    /** @return whether any band voxel of the column is occupied, as the time-to-collision query sees it */
    boolean columnOccupied(int kx, int ky) {
        return band.occupied(kx, ky);
    }

    /** @return the key of a coordinate, clamped to the key range */
    private int clampKey(double c) {
        int k = key(c);
        if (k >= 0) {
            return k;
        }
        return c < 0 ? 0 : 2 * OFFSET - 1;
    }

    /**
     * The octree-corridor time to collision that {@link #timeToCollision} replaced: every occupied voxel of the
     * swept corridor, visited front to back. Kept as the reference for the property test and the benchmark.
     */
    double timeToCollisionVoxels(Pose2D pose, double linear, double angular, double footprintRadius,
            double horizonSeconds) {
        if (!pose.isFinite() || !Double.isFinite(linear) || !Double.isFinite(angular) || !(horizonSeconds >= 0)
                || !(footprintRadius >= 0)) {
            return 0;
        }
        double r = footprintRadius + res * HALF_SQRT2;
        // the swept path as a polyline of short chords (exact positions on the arc), each with its start time;
        // only boxes near a chord that starts before the best time so far can hold an earlier collision
        double travel = Math.abs(linear) * horizonSeconds;
        int chords = Math.max(1, Math.min(64, (int) Math.ceil(Math.max(travel, Math.abs(angular) * horizonSeconds)
                / 0.25)));
        double[] px = new double[chords + 1], py = new double[chords + 1], pt = new double[chords + 1];
        double sag = 0;
        for (int i = 0; i <= chords; i++) {
            double t = horizonSeconds * i / chords;
            pt[i] = t;
            if (Math.abs(angular) < 1e-9) {
                px[i] = pose.x() + linear * t * Math.cos(pose.theta());
                py[i] = pose.y() + linear * t * Math.sin(pose.theta());
            } else {
                double th = pose.theta() + angular * t;
                px[i] = pose.x() + linear / angular * (Math.sin(th) - Math.sin(pose.theta()));
                py[i] = pose.y() - linear / angular * (Math.cos(th) - Math.cos(pose.theta()));
                // a chord of an arc lies at most R(1 - cos(Δ/2)) from it
                double radius = Math.abs(linear / angular), dth = Math.abs(angular) * horizonSeconds / chords;
                sag = radius * (1 - Math.cos(dth / 2));
            }
        }
        double margin = r + sag;
        double[] best = {Double.POSITIVE_INFINITY};
        // front to back along the direction of travel, so an early collision is found first and prunes the rest
        double sign = linear < 0 ? -1 : 1;
        int[] order = frontToBack(sign * Math.cos(pose.theta()), sign * Math.sin(pose.theta()));
        // cells of one vertical column share their collision time: evaluate each column once
        KeySet columns = new KeySet(256);
        visit(new Visitor() {
            @Override
            public boolean mayContain(double minX, double minY, double minZ, double size) {
                if (!inBand(minZ, size)) {
                    return false;
                }
                double h = size / 2, cx = minX + h, cy = minY + h, reach = margin + h * Math.sqrt(2);
                for (int i = 0; i < chords; i++) {
                    if (pt[i] > best[0]) {
                        return false;
                    }
                    if (chordDistance(px[i], py[i], px[i + 1], py[i + 1], cx, cy) <= reach) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public void voxel(double x, double y, double z) {
                if (centerInBand(z) && columns.add(KeySet.pack(key(x), key(y), 0))) {
                    double t = collisionTime(pose, linear, angular, r, x, y);
                    if (t < best[0]) {
                        best[0] = t;
                    }
                }
            }
        }, order);
        double result = best[0];
        return result <= horizonSeconds ? result : Double.POSITIVE_INFINITY;
    }

    private static double chordDistance(double ax, double ay, double bx, double by, double x, double y) {
        double dx = bx - ax, dy = by - ay, ll = dx * dx + dy * dy;
        double t = ll > 0 ? ((x - ax) * dx + (y - ay) * dy) / ll : 0;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        return Math.hypot(ax + t * dx - x, ay + t * dy - y);
    }

    /**
     * When a disc of radius {@code r} whose centre starts at {@code pose} and moves at constant body velocity
     * first comes within {@code r} of the point ({@code ox}, {@code oy}), solved in closed form: a quadratic for a
     * straight line, the intersection of two circles for an arc.
     *
     * <p>A point already within {@code r} (a cell the footprint overlaps: a smeared wall, a robot stopped pressed
     * against something) counts as touching the disc where it is: a motion that takes the centre closer to it is a
     * collision now (0), one that leaves it or turns in place is judged against the current distance, so the robot
     * can always move away from what it stopped next to (as the kernel's raw-scan zone allows) and is never boxed in.
     *
     * @return seconds, 0 if already within r and approaching, +∞ if never
     */
    public static double collisionTime(Pose2D pose, double v, double w, double r, double ox, double oy) {
        double wx = pose.x() - ox, wy = pose.y() - oy;
        double d0 = wx * wx + wy * wy;
        if (d0 <= r * r) {
            if (v * (wx * Math.cos(pose.theta()) + wy * Math.sin(pose.theta())) < 0) {
                return 0;
            }
            double touching = Math.sqrt(d0) * (1 - 1e-9);
            if (!(touching > 0)) {
                return v == 0 ? Double.POSITIVE_INFINITY : 0;
            }
            r = touching;
        }
        if (Math.abs(w) < 1e-9) {
            if (v == 0) {
                return Double.POSITIVE_INFINITY;
            }
            double ux = Math.cos(pose.theta()), uy = Math.sin(pose.theta());
            double b = 2 * v * (wx * ux + wy * uy);
            double a = v * v;
            double disc = b * b - 4 * a * (d0 - r * r);
            if (disc < 0) {
                return Double.POSITIVE_INFINITY;
            }
            double t = (-b - Math.sqrt(disc)) / (2 * a);
            return t >= 0 ? t : Double.POSITIVE_INFINITY;
        }
        double turn = v / w;
        double rad = Math.abs(turn);
        if (rad < 1e-9) {
            return Double.POSITIVE_INFINITY;
        }
        double ccx = pose.x() - turn * Math.sin(pose.theta()), ccy = pose.y() + turn * Math.cos(pose.theta());
        double dx = ox - ccx, dy = oy - ccy;
        double d = Math.hypot(dx, dy);
        if (d < 1e-12) {
            return rad <= r ? 0 : Double.POSITIVE_INFINITY;
        }
        double k = (rad * rad + d * d - r * r) / (2 * rad * d);
        if (k > 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (k <= -1) {
            return 0;
        }
        double alpha = Math.acos(k);
        double phi0 = Math.atan2(pose.y() - ccy, pose.x() - ccx);
        double delta = Pose2D.wrap(phi0 - Math.atan2(dy, dx));
        if (Math.abs(delta) <= alpha) {
            return 0;
        }
        double travel = w > 0 ? -alpha - delta : delta - alpha;
        travel = travel % (2 * Math.PI);
        if (travel < 0) {
            travel += 2 * Math.PI;
        }
        return travel / Math.abs(w);
    }
}
