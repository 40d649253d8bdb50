package mechos.hal.sim.internal.world;

/** A solid obstacle in the plane (metres, world frame). Implementations are immutable. */
public sealed interface Shape permits Rectangle, Circle {
    /**
     * @param ox origin x
     * @param oy origin y
     * @param dx unit direction x
     * @param dy unit direction y
     * @return distance along the ray to the first boundary hit, 0 if the origin is inside,
     *         {@link Double#POSITIVE_INFINITY} if the ray misses
     */
    double raycast(double ox, double oy, double dx, double dy);

    /** @return true if the point is inside or on the boundary */
    boolean contains(double x, double y);

    /** @return the squared distance from the point to the shape (0 inside) */
    double distanceSquared(double x, double y);

    /** @return {x, y} of the point of the shape nearest to (x, y) */
    double[] nearestPoint(double x, double y);
}
