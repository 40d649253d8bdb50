package mechos.hal.sim.internal.world;

/** A solid disc. */
public record Circle(double x, double y, double radius) implements Shape {
    public Circle {
        if (!(Double.isFinite(x) && Double.isFinite(y) && radius > 0 && Double.isFinite(radius))) {
            throw new IllegalArgumentException("circle needs a finite centre and radius > 0, was " + x + "," + y
                    + "," + radius);
        }
    }

    @Override
    public double raycast(double ox, double oy, double dx, double dy) {
        double fx = ox - x;
        double fy = oy - y;
        double c = fx * fx + fy * fy - radius * radius;
        if (c <= 0) {
            return 0;
        }
        double b = fx * dx + fy * dy;
        double disc = b * b - c;
        if (disc < 0) {
            return Double.POSITIVE_INFINITY;
        }
        double t = -b - Math.sqrt(disc);
        return t >= 0 ? t : Double.POSITIVE_INFINITY;
    }

    @Override
    public boolean contains(double px, double py) {
        double ex = px - x;
        double ey = py - y;
        return ex * ex + ey * ey <= radius * radius;
    }

    @Override
    public double distanceSquared(double px, double py) {
        double d = Math.max(0, Math.hypot(px - x, py - y) - radius);
        return d * d;
    }

    @Override
    public double[] nearestPoint(double px, double py) {
        double d = Math.hypot(px - x, py - y);
        if (d <= radius) {
            return new double[] {px, py};
        }
        return new double[] {x + (px - x) / d * radius, y + (py - y) / d * radius};
    }
}
