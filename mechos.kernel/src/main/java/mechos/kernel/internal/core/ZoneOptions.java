package mechos.kernel.internal.core;

/**
 * The raw-scan zone's geometry from the kernel configuration (inside the safety envelope).
 *
 * @param polygon    the configured footprint, or null: the footprint radius (the drive's geometry or
 *                   {@code footprint_radius}) as {@link Footprint#regular a regular polygon containing that circle}
 * @param stopMargin m: the stop polygon is the footprint grown by this ({@code stop_distance})
 * @param slowMargin m: the slow polygon is the footprint grown by this ({@code slow_margin}, ≥ stopMargin)
 * @param minPoints  points needed before a polygon or the time to collision counts ({@code min_points}): one
 *                   stray return does not stop the robot
 */
public record ZoneOptions(Footprint polygon, double stopMargin, double slowMargin, int minPoints) {
    public ZoneOptions {
        if (!(stopMargin >= 0) || !(slowMargin >= stopMargin)) {
            throw new IllegalArgumentException("slow_margin (" + slowMargin + " m) must be at least stop_distance ("
                    + stopMargin + " m)");
        }
        if (minPoints < 1) {
            throw new IllegalArgumentException("min_points must be at least 1, was " + minPoints);
        }
    }

    /** The footprint for a circle of radius {@code r} (the configured polygon if there is one). */
    Footprint footprint(double r) {
        return polygon != null ? polygon : Footprint.regular(r);
    }

    /**
     * @return the radius to give the world model (a circle query): with a configured polygon the circle that
     *         contains it, never less than the radius the drive reports
     */
    double mapRadius(double r) {
        return polygon != null ? Math.max(r, polygon.circumradius()) : r;
    }
}
