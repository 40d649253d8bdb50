package mechos.perception.internal;

import java.util.function.LongSupplier;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.perception.api.FusedPose;
import mechos.perception.api.MapView;
import mechos.perception.api.Obstacle;
import mechos.perception.api.OccupancyMap;
import mechos.perception.api.PoseEstimator;
import mechos.perception.api.TransformException;
import mechos.perception.api.Transforms;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's {@link ClearanceQuery}: the robot's newest pose in the map, one immutable map view, time to
 * collision along the commanded arc and the nearest obstacle. Lock-free; typically a few microseconds.
 * {@code dataAgeNanos} is the older of the map's and the pose's age, so stale input of either kind shows.
 * Dynamic obstacles reported by others (the fleet's peers, {@link DynamicObstaclesService}) count like the map's.
 */
@Component(service = ClearanceQuery.class, configurationPid = ClearanceService.PID)
@Designate(ocd = ClearanceConfig.class)
public final class ClearanceService implements ClearanceQuery {
    public static final String PID = "mechos.perception.clearance";
    private static final Logger LOG = LoggerFactory.getLogger(ClearanceService.class);

    private final OccupancyMap map;
    private final PoseEstimator estimator;
    private final Transforms transforms;
    private final String mapFrame;
    private final String baseFrame;
    private final double searchRadius;
    private final LongSupplier clock;
    /** Peers and other reported movers (optional: without it only the map counts). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DynamicObstaclesService dynamic;

    private final ConfigGuard guard;

    /** The configuration values replaced by defaults at activation (tests). */
    ConfigGuard configGuard() {
        return guard;
    }

    @Activate
    public ClearanceService(ClearanceConfig config, @Reference OccupancyMap map, @Reference PoseEstimator estimator,
            @Reference Transforms transforms) {
        this(config, map, estimator, transforms, System::nanoTime);
    }

    ClearanceService(ClearanceConfig config, OccupancyMap map, PoseEstimator estimator, Transforms transforms,
            LongSupplier clock) {
        this.guard = new ConfigGuard(PID, ClearanceConfig.class, LOG);
        this.map = map;
        this.estimator = estimator;
        this.transforms = transforms;
        this.mapFrame = guard.text("map_frame", config.map_frame(), 1, 64);
        this.baseFrame = guard.text("base_frame", config.base_frame(), 1, 64);
        this.searchRadius = guard.number("search_radius", config.search_radius(), 0.1, 50);
        this.clock = clock;
    }

    /** Outside OSGi (tests): what DS injects. */
    void dynamicObstacles(DynamicObstaclesService d) {
        this.dynamic = d;
    }

    @Override
    public Clearance clearance(double linear, double angular, double footprintRadius, double horizonSeconds) {
        try {
            MapView view = map.view();
            if (view.stats().scansInserted() == 0) {
                return Clearance.unknown();
            }
            Pose2D pose;
            try {
                pose = transforms.lookupLatest(mapFrame, baseFrame).toPose2D();
            } catch (TransformException e) {
                return Clearance.unknown();
            }
            long now = clock.getAsLong();
            long poseAge = estimator.latest().map(FusedPose::receivedNanos).map(t -> now - t).orElse(Long.MAX_VALUE);
            long mapAge = now - view.stats().lastUpdateNanos();
            double ttc = view.timeToCollision(pose, linear, angular, footprintRadius, horizonSeconds);
            double nearest = view.nearestObstacle2D(pose.x(), pose.y(), searchRadius + footprintRadius)
                    .map(Obstacle::distance).map(d -> Math.max(0, d - footprintRadius))
                    .orElse(Double.POSITIVE_INFINITY);
            DynamicObstaclesService d = dynamic;
            if (d != null) {
                ttc = Math.min(ttc, d.timeToCollision(mapFrame, pose, linear, angular, footprintRadius,
                        horizonSeconds));
                nearest = Math.min(nearest, d.nearest(mapFrame, pose, footprintRadius));
            }
            return new Clearance(ttc, nearest, Math.max(poseAge, mapAge), true);
        } catch (RuntimeException e) {
            LOG.warn("clearance query failed", e);
            return Clearance.unknown();
        }
    }
}
