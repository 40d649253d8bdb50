package mechos.kernel.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The robot's footprint as a simple polygon in {@code base_link} (m, +x forward, +y left), vertices in order
 * (either winding). Immutable; the geometry the raw-scan zone needs: distance from a point to the footprint,
 * point-in-polygon, and the time at which a fixed point would first touch the footprint while the robot moves at a
 * constant body twist (solved exactly per edge: in the robot frame the point moves on a straight line or on a
 * circle about the instantaneous centre of rotation, and the first crossing of an edge is the contact).
 */
public final class Footprint {
    /** Sides of the default polygon (the circle's radius as a regular polygon that contains the circle). */
    static final int DEFAULT_SIDES = 16;
    /** At most this many vertices in a configured footprint. */
    static final int MAX_VERTICES = 64;

    private final double[] x;
    private final double[] y;
    private final double circumradius;
    private final double inradiusAboutOrigin;
    private final double minY;
    private final double maxY;

    private Footprint(double[] x, double[] y) {
        this.x = x;
        this.y = y;
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.hypot(x[i], y[i]));
        }
        this.circumradius = max;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double vy : y) {
            lo = Math.min(lo, vy);
            hi = Math.max(hi, vy);
        }
        this.minY = lo;
        this.maxY = hi;
        this.inradiusAboutOrigin = contains(0, 0) ? boundaryDistance(0, 0) : 0;
    }

    /**
     * The regular {@link #DEFAULT_SIDES}-gon whose inscribed circle is the circle of radius {@code r} about
     * {@code base_link}, with edges (not corners) facing ±x and ±y: it contains the circle, so it is never looser.
     */
    public static Footprint regular(double r) {
        int n = DEFAULT_SIDES;
        double R = r / Math.cos(Math.PI / n);
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = (i + 0.5) * 2 * Math.PI / n;
            x[i] = R * Math.cos(a);
            y[i] = R * Math.sin(a);
        }
        return new Footprint(x, y);
    }

    /** A rectangle centred on {@code base_link}: {@code length} along x, {@code width} along y. */
    public static Footprint rectangle(double length, double width) {
        double hx = length / 2, hy = width / 2;
        return new Footprint(new double[] {hx, -hx, -hx, hx}, new double[] {hy, hy, -hy, -hy});
    }

    /**
     * Parses {@code "x1,y1; x2,y2; x3,y3 ..."} (m). Empty or blank text means "no polygon configured" (null).
     *
     * @param maxExtent every vertex must lie within this distance of {@code base_link} (the envelope's bound)
     * @throws IllegalArgumentException naming what is wrong: fewer than 3 or more than {@link #MAX_VERTICES}
     *                                  vertices, a malformed or non-finite number, a vertex too far away, a
     *                                  polygon without area, or edges that cross (not simple)
     */
    public static Footprint parse(String text, double maxExtent) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.trim().split("\\s*;\\s*");
        List<double[]> v = new ArrayList<>();
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            String[] xy = p.trim().split("\\s*,\\s*");
            if (xy.length != 2) {
                throw new IllegalArgumentException("vertex '" + p + "' is not 'x,y'");
            }
            double vx, vy;
            try {
                vx = Double.parseDouble(xy[0]);
                vy = Double.parseDouble(xy[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("vertex '" + p + "' is not two numbers");
            }
            if (!Double.isFinite(vx) || !Double.isFinite(vy)) {
                throw new IllegalArgumentException("vertex '" + p + "' is not finite");
            }
            if (!(Math.hypot(vx, vy) <= maxExtent)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "vertex '%s' is %.3f m from base_link, more than the envelope's %.3f m", p,
                        Math.hypot(vx, vy), maxExtent));
            }
            v.add(new double[] {vx, vy});
        }
        if (v.size() < 3 || v.size() > MAX_VERTICES) {
            throw new IllegalArgumentException("needs 3.." + MAX_VERTICES + " vertices 'x,y' separated by ';', has "
                    + v.size());
        }
        double[] x = new double[v.size()], y = new double[v.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = v.get(i)[0];
            y[i] = v.get(i)[1];
        }
        double area = 0;
        for (int i = 0, j = x.length - 1; i < x.length; j = i++) {
            area += x[j] * y[i] - x[i] * y[j];
        }
        if (!(Math.abs(area) / 2 > 1e-4)) {
            throw new IllegalArgumentException("has no area (" + Math.abs(area) / 2 + " m²)");
        }
        int n = x.length;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean adjacent = j == i + 1 || (i == 0 && j == n - 1);
                if (!adjacent && segmentsIntersect(x[i], y[i], x[(i + 1) % n], y[(i + 1) % n], x[j], y[j],
                        x[(j + 1) % n], y[(j + 1) % n])) {
                    throw new IllegalArgumentException("is not simple: edges " + i + " and " + j + " cross");
                }
            }
            if (x[i] == x[(i + 1) % n] && y[i] == y[(i + 1) % n]) {
                throw new IllegalArgumentException("repeats vertex " + i);
            }
        }
        return new Footprint(x, y);
    }

    private static boolean segmentsIntersect(double ax, double ay, double bx, double by, double cx, double cy,
            double dx, double dy) {
        double d1 = cross(cx, cy, dx, dy, ax, ay), d2 = cross(cx, cy, dx, dy, bx, by);
        double d3 = cross(ax, ay, bx, by, cx, cy), d4 = cross(ax, ay, bx, by, dx, dy);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
            return true;
        }
        return (d1 == 0 && onSegment(cx, cy, dx, dy, ax, ay)) || (d2 == 0 && onSegment(cx, cy, dx, dy, bx, by))
                || (d3 == 0 && onSegment(ax, ay, bx, by, cx, cy)) || (d4 == 0 && onSegment(ax, ay, bx, by, dx, dy));
    }

    private static double cross(double ax, double ay, double bx, double by, double px, double py) {
        return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
    }

    private static boolean onSegment(double ax, double ay, double bx, double by, double px, double py) {
        return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
    }

    /** @return the farthest vertex's distance from {@code base_link} (the circle that contains the footprint) */
    double circumradius() {
        return circumradius;
    }

    int vertices() {
        return x.length;
    }

    /** @return true when the point is inside the footprint or on its boundary */
    boolean contains(double px, double py) {
        boolean in = false;
        int n = x.length;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            if ((y[i] > py) != (y[j] > py)
                    && px < (x[j] - x[i]) * (py - y[i]) / (y[j] - y[i]) + x[i]) {
                in = !in;
            }
        }
        return in || boundaryDistance(px, py) < 1e-12;
    }

    /** @return m from the point to the nearest edge */
    double boundaryDistance(double px, double py) {
        double best = Double.POSITIVE_INFINITY;
        int n = x.length;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double ex = x[i] - x[j], ey = y[i] - y[j];
            double len2 = ex * ex + ey * ey;
            double s = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x[j]) * ex + (py - y[j]) * ey) / len2));
            double dx = px - (x[j] + s * ex), dy = py - (y[j] + s * ey);
            best = Math.min(best, dx * dx + dy * dy);
        }
        return Math.sqrt(best);
    }

    /** @return m from the point to the footprint, 0 inside */
    double distance(double px, double py) {
        return contains(px, py) ? 0 : boundaryDistance(px, py);
    }

    /**
     * For a point inside the footprint: whether the motion takes it deeper (its velocity relative to the robot,
     * {@code (-v + w·py, -w·px)}, points away from the nearest edge's outside).
     */
    boolean deeper(double px, double py, double v, double w) {
        int n = x.length;
        double best = Double.POSITIVE_INFINITY, nx = 0, ny = 0;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double ex = x[i] - x[j], ey = y[i] - y[j];
            double len2 = ex * ex + ey * ey;
            double s = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x[j]) * ex + (py - y[j]) * ey) / len2));
            double cx = x[j] + s * ex, cy = y[j] + s * ey;
            double d2 = (px - cx) * (px - cx) + (py - cy) * (py - cy);
            if (d2 < best) {
                best = d2;
                nx = cx - px;
                ny = cy - py;
                if (nx == 0 && ny == 0) { // on the edge: its normal, pointing outwards
                    double len = Math.sqrt(len2);
                    nx = ey / len;
                    ny = -ex / len;
                    if (contains(px + nx * 1e-6, py + ny * 1e-6) && !contains(px - nx * 1e-6, py - ny * 1e-6)) {
                        nx = -nx;
                        ny = -ny;
                    }
                }
            }
        }
        double vx = -v + w * py, vy = -w * px;
        return vx * nx + vy * ny < -1e-12;
    }

    /**
     * @return s until the footprint, moving at the constant body twist ({@code v} m/s, {@code w} rad/s), first
     *         touches the fixed point (outside the footprint); +∞ if never (for an arc: within one full turn)
     */
    double entryTime(double px, double py, double v, double w) {
        if (Math.abs(w) < 1e-9) {
            return v == 0 ? Double.POSITIVE_INFINITY : straightEntry(px, py, v);
        }
        return arcEntry(px, py, v / w, w);
    }

    /** The point moves along -x at speed v relative to the robot: (px - v t, py). */
    private double straightEntry(double px, double py, double v) {
        if (py > maxY || py < minY) {
            return Double.POSITIVE_INFINITY;
        }
        double best = Double.POSITIVE_INFINITY;
        int n = x.length;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double ay = y[j], by = y[i];
            if ((ay - py) * (by - py) > 0) {
                continue;
            }
            double t;
            if (ay == by) { // an edge along the line: contact at its nearer end
                t = Math.min(nonNegative((px - x[j]) / v), nonNegative((px - x[i]) / v));
            } else {
                double cx = x[j] + (py - ay) * (x[i] - x[j]) / (by - ay);
                t = nonNegative((px - cx) / v);
            }
            best = Math.min(best, t);
        }
        return best;
    }

    private static double nonNegative(double t) {
        return t >= 0 ? t : Double.POSITIVE_INFINITY;
    }

    /**
     * Centre of rotation at (0, R), R = v / w; relative to the robot the point turns about it by −w t on a circle
     * of radius ρ. Each edge is intersected with that circle; the contact is the crossing reached first.
     */
    private double arcEntry(double px, double py, double radius, double w) {
        double qx = px, qy = py - radius;
        double rho2 = qx * qx + qy * qy;
        double rho = Math.sqrt(rho2);
        // quick rejections: the circle about the centre of rotation misses the annulus the footprint spans
        double cd = Math.abs(radius);
        if (rho > cd + circumradius || rho < cd - circumradius) {
            return Double.POSITIVE_INFINITY;
        }
        if (radius == 0 && rho < inradiusAboutOrigin) {
            return Double.POSITIVE_INFINITY;
        }
        double a0 = Math.atan2(qy, qx);
        double best = Double.POSITIVE_INFINITY;
        int n = x.length;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double sx = x[j], sy = y[j] - radius;
            double ex = x[i] - x[j], ey = y[i] - y[j];
            double a = ex * ex + ey * ey, b = 2 * (sx * ex + sy * ey), c = sx * sx + sy * sy - rho2;
            double disc = b * b - 4 * a * c;
            if (disc < 0 || a == 0) {
                continue;
            }
            double sq = Math.sqrt(disc);
            for (int k = 0; k < 2; k++) {
                double s = (-b + (k == 0 ? -sq : sq)) / (2 * a);
                if (s < 0 || s > 1) {
                    continue;
                }
                double ang = Math.atan2(sy + s * ey, sx + s * ex);
                // the point turns by -w t: travelled angle until it reaches ang
                double travel = w > 0 ? positive(a0 - ang) : positive(ang - a0);
                best = Math.min(best, travel / Math.abs(w));
            }
        }
        return best;
    }

    private static double positive(double a) {
        double x = a % (2 * Math.PI);
        return x < 0 ? x + 2 * Math.PI : x;
    }

    /** @return the vertices as {@code "x,y; x,y; ..."} */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            b.append(i == 0 ? "" : "; ").append(x[i]).append(',').append(y[i]);
        }
        return b.toString();
    }
}
