package mechos.perception.api;

import java.util.List;
import java.util.Optional;

import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The probabilistic 3-D occupancy map fed by every LiDAR. The query methods read the newest version; to ask
 * several questions of the same version take a {@link #view()}.
 *
 * <p><b>Threading.</b> Any thread; never blocks on insertion.
 */
@ProviderType
public interface OccupancyMap extends MapView {
    /** @return the newest published version */
    MapView view();

    /** @return counters of the scans received (accepted scans; rejected scans and beams by reason) */
    InputStats inputStats();

    @Override
    default double resolution() {
        return view().resolution();
    }

    @Override
    default MapStats stats() {
        return view().stats();
    }

    @Override
    default CellState cellAt(Point3 p) {
        return view().cellAt(p);
    }

    @Override
    default Optional<RayHit> castRay(Point3 origin, Point3 direction, double maxRange) {
        return view().castRay(origin, direction, maxRange);
    }

    @Override
    default Optional<Obstacle> nearestObstacle(Point3 center, double radius) {
        return view().nearestObstacle(center, radius);
    }

    @Override
    default Optional<Obstacle> nearestObstacle2D(double x, double y, double radius) {
        return view().nearestObstacle2D(x, y, radius);
    }

    @Override
    default List<Obstacle> obstaclesWithin2D(double x, double y, double radius, int max) {
        return view().obstaclesWithin2D(x, y, radius, max);
    }

    @Override
    default boolean segmentClear(Point3 from, Point3 to, double radius) {
        return view().segmentClear(from, to, radius);
    }

    @Override
    default double timeToCollision(Pose2D pose, double linear, double angular, double footprintRadius,
            double horizonSeconds) {
        return view().timeToCollision(pose, linear, angular, footprintRadius, horizonSeconds);
    }
}
