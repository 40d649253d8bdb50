package mechos.hal.api;

/** An axis-aligned box, metres, used for workspace bounds. */
public record Box3(Point3 min, Point3 max) {
    public Box3 {
        if (min.x() > max.x() || min.y() > max.y() || min.z() > max.z()) {
            throw new IllegalArgumentException("box min " + min + " exceeds max " + max);
        }
    }

    public boolean contains(Point3 p) {
        return p.x() >= min.x() && p.x() <= max.x() && p.y() >= min.y() && p.y() <= max.y() && p.z() >= min.z()
                && p.z() <= max.z();
    }
}
