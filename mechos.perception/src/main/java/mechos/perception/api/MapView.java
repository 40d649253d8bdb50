package mechos.perception.api;

import java.util.List;
import java.util.Optional;

import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An immutable version of the occupancy map: every call on one view sees the same data, however many scans are
 * inserted meanwhile. All coordinates are in the {@code map} frame, in metres.
 *
 * <p><b>Threading.</b> Safe from any thread, never blocks; suited to the kernel's safety tick.
 *
 * <p><b>Planar queries</b> ({@code 2D}, time to collision) consider only occupied cells whose centre lies in the
 * robot's height band (configured on the map) and measure distances in the xy plane.
 */
@ProviderType
public interface MapView {
    /** @return m per voxel */
    double resolution();

    /** @return size and freshness of this version */
    MapStats stats();

    /** @return the state of the cell containing {@code p}; UNKNOWN outside the map */
    CellState cellAt(Point3 p);

    /** @return the occupancy of the cell containing {@code p} */
    default Occupancy occupancyAt(Point3 p) {
        return cellAt(p).occupancy();
    }

    /**
     * Walks the cells along a ray (unknown cells are passed through).
     *
     * @param direction need not be normalised; must not be zero
     * @return the first occupied cell within {@code maxRange}, or empty
     */
    Optional<RayHit> castRay(Point3 origin, Point3 direction, double maxRange);

    /** @return the occupied cell nearest to {@code center} (3-D distance) within {@code radius}, or empty */
    Optional<Obstacle> nearestObstacle(Point3 center, double radius);

    /** @return the nearest occupied cell in the height band, by distance in the xy plane, or empty */
    Optional<Obstacle> nearestObstacle2D(double x, double y, double radius);

    /**
     * @param max at most this many, nearest first
     * @return occupied cells in the height band within {@code radius} (xy distance) of the point
     */
    List<Obstacle> obstaclesWithin2D(double x, double y, double radius, int max);

    /**
     * @return true if no occupied cell centre lies within {@code radius} plus half a voxel diagonal of the
     *         straight segment (3-D), i.e. conservatively no part of an occupied cell is within {@code radius};
     *         unknown cells count as clear
     */
    boolean segmentClear(Point3 from, Point3 to, double radius);

    /**
     * Time until a circular footprint moving at a constant body velocity (a straight line or a circular arc)
     * first touches an occupied cell of the height band.
     *
     * @param pose            start pose in the map frame
     * @param linear          m/s along the heading
     * @param angular         rad/s
     * @param footprintRadius m
     * @param horizonSeconds  look-ahead
     * @return seconds, 0 if already touching, {@link Double#POSITIVE_INFINITY} if nothing within the horizon
     */
    double timeToCollision(Pose2D pose, double linear, double angular, double footprintRadius,
            double horizonSeconds);
}
