package mechos.hal.sim.internal.world;

/** An axis-aligned solid rectangle. */
public record Rectangle(double minX, double minY, double maxX, double maxY) implements Shape {
    public Rectangle {
        if (!(Double.isFinite(minX) && Double.isFinite(minY) && Double.isFinite(maxX) && Double.isFinite(maxY))
                || minX >= maxX || minY >= maxY) {
            throw new IllegalArgumentException("rectangle needs finite minX < maxX and minY < maxY, was " + minX
                    + "," + minY + "," + maxX + "," + maxY);
        }
    }

    @Override
    public double raycast(double ox, double oy, double dx, double dy) {
        if (contains(ox, oy)) {
            return 0;
        }
        double tMin = 0;
        double tMax = Double.POSITIVE_INFINITY;
        if (dx == 0) {
            if (ox < minX || ox > maxX) {
                return Double.POSITIVE_INFINITY;
            }
        } else {
            double t1 = (minX - ox) / dx;
            double t2 = (maxX - ox) / dx;
            tMin = Math.max(tMin, Math.min(t1, t2));
            tMax = Math.min(tMax, Math.max(t1, t2));
        }
        if (dy == 0) {
            if (oy < minY || oy > maxY) {
                return Double.POSITIVE_INFINITY;
            }
        } else {
            double t1 = (minY - oy) / dy;
            double t2 = (maxY - oy) / dy;
            tMin = Math.max(tMin, Math.min(t1, t2));
            tMax = Math.min(tMax, Math.max(t1, t2));
        }
        return tMin <= tMax ? tMin : Double.POSITIVE_INFINITY;
    }

    @Override
    public boolean contains(double x, double y) {
        return x >= minX && x <= maxX && y >= minY && y <= maxY;
    }

    @Override
    public double distanceSquared(double x, double y) {
        double[] p = nearestPoint(x, y);
        double ex = x - p[0];
        double ey = y - p[1];
        return ex * ex + ey * ey;
    }

    @Override
    public double[] nearestPoint(double x, double y) {
        return new double[] {Math.max(minX, Math.min(maxX, x)), Math.max(minY, Math.min(maxY, y))};
    }
}
