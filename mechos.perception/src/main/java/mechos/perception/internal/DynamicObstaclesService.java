package mechos.perception.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;
import mechos.perception.api.DynamicObstacle;
import mechos.perception.api.DynamicObstacles;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.internal.octree.OctreeSnapshot;

/**
 * Obstacles that others report (the fleet publishes its peers' footprints on
 * {@link PerceptionTopics#DYNAMIC_OBSTACLES}), as discs the {@link ClearanceService} adds to the map's answer. The
 * newest set of each source is kept; while no newer set arrives the data only gets older, so each disc grows by
 * {@code growth_speed} per second since the set was received (up to {@code max_radius}): stale data is treated
 * conservatively, never dropped. A disc that has grown over the robot holds it only against motion towards the
 * disc's centre: moving away or turning in place is free, so a stale peer cannot box a robot in. Lock-free reads (one immutable set per source); a few discs cost microseconds.
 */
@Component(service = DynamicObstaclesService.class, configurationPid = DynamicObstaclesService.PID)
@Designate(ocd = DynamicObstaclesConfig.class)
public final class DynamicObstaclesService {
    public static final String PID = "mechos.perception.dynamic";
    private static final Logger LOG = LoggerFactory.getLogger(DynamicObstaclesService.class);

    private record Received(DynamicObstacles set, long receivedNanos) {
    }

    private final double growth;
    private final double maxRadius;
    private final LongSupplier clock;
    private final Map<String, Received> sources = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final BusSubscription subscription;
    private final ConfigGuard guard;

    /** The configuration values replaced by defaults at activation (tests). */
    ConfigGuard configGuard() {
        return guard;
    }

    @Activate
    public DynamicObstaclesService(DynamicObstaclesConfig config, @Reference EventBus bus) {
        this(config, System::nanoTime, bus);
    }

    /** Outside OSGi: without a bus, fed through {@link #accept}. */
    DynamicObstaclesService(DynamicObstaclesConfig config, LongSupplier clock, EventBus bus) {
        this.guard = new ConfigGuard(PID, DynamicObstaclesConfig.class, LOG);
        this.growth = guard.number("growth_speed", config.growth_speed(), 0, 10);
        this.maxRadius = guard.number("max_radius", config.max_radius(), 0.05, 50);
        this.clock = clock;
        this.subscription = bus == null ? null
                : bus.subscribe(PerceptionTopics.DYNAMIC_OBSTACLES, "perception-dynamic-obstacles", 4,
                        e -> accept(e.payload()));
    }

    @Deactivate
    void deactivate() {
        if (subscription != null) {
            subscription.close();
        }
    }

    /** Replaces the set of its source. Obstacles that cannot be placed are skipped with one WARN each. */
    void accept(DynamicObstacles set) {
        if (set == null || set.source() == null) {
            return;
        }
        sources.put(set.source(), new Received(set, clock.getAsLong()));
    }

    /**
     * @return seconds until a disc of {@code footprintRadius} at {@code pose} (in {@code frame}) moving at the
     *         given body velocity first touches a dynamic obstacle, +∞ if not within the horizon
     */
    double timeToCollision(String frame, Pose2D pose, double linear, double angular, double footprintRadius,
            double horizonSeconds) {
        double best = Double.POSITIVE_INFINITY;
        long now = clock.getAsLong();
        for (Received r : sources.values()) {
            for (DynamicObstacle o : r.set().obstacles()) {
                if (usable(r.set().source(), o, frame)) {
                    // a disc that grew over the robot while the data aged holds it only against motion towards
                    // its centre (collisionTime's rule for a point already within reach): it can always leave
                    double t = OctreeSnapshot.collisionTime(pose, linear, angular,
                            footprintRadius + radius(o, r, now), o.x(), o.y());
                    best = Math.min(best, t);
                }
            }
        }
        return best <= horizonSeconds ? best : Double.POSITIVE_INFINITY;
    }

    /** @return the gap between the footprint at {@code pose} and the nearest dynamic obstacle (0 if touching) */
    double nearest(String frame, Pose2D pose, double footprintRadius) {
        double best = Double.POSITIVE_INFINITY;
        long now = clock.getAsLong();
        for (Received r : sources.values()) {
            for (DynamicObstacle o : r.set().obstacles()) {
                if (usable(r.set().source(), o, frame)) {
                    double gap = Math.hypot(o.x() - pose.x(), o.y() - pose.y()) - radius(o, r, now) - footprintRadius;
                    best = Math.min(best, Math.max(0, gap));
                }
            }
        }
        return best;
    }

    /** @return how many obstacles are known (all sources) */
    int size() {
        return sources.values().stream().mapToInt(r -> r.set().obstacles().size()).sum();
    }

    private double radius(DynamicObstacle o, Received r, long now) {
        double grown = o.radius() + growth * Math.max(0, now - r.receivedNanos()) / 1e9;
        return Math.max(o.radius(), Math.min(maxRadius, grown));
    }

    private boolean usable(String source, DynamicObstacle o, String frame) {
        String problem = null;
        if (!(Double.isFinite(o.x()) && Double.isFinite(o.y()))) {
            problem = "non-finite position (" + o.x() + ", " + o.y() + ")";
        } else if (!(o.radius() >= 0 && o.radius() < Double.POSITIVE_INFINITY)) {
            problem = "radius " + o.radius() + " is not a finite non-negative number";
        } else if (!frame.equals(o.frame())) {
            problem = "frame '" + o.frame() + "' is not the clearance's map frame '" + frame + "'";
        }
        if (problem == null) {
            return true;
        }
        if (warned.add(source + "/" + o.id() + "/" + problem)) {
            LOG.warn("perception: dynamic obstacle '{}' from '{}' ignored: {}", o.id(), source, problem);
        }
        return false;
    }
}
