package mechos.perception.internal;

import java.util.List;

import mechos.hal.api.Pose2D;
import mechos.perception.api.FusedPose;
import mechos.perception.api.MapView;
import mechos.perception.api.Obstacle;
import mechos.perception.api.OccupancyMap;
import mechos.perception.api.PoseEstimator;
import mechos.perception.api.TransformException;
import mechos.perception.api.Transforms;
import mechos.perception.api.WorldModel;
import mechos.perception.api.WorldSnapshot;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles {@link WorldSnapshot}s from one map view, the fused pose and the input counters. */
@Component(service = WorldModel.class, configurationPid = WorldModelService.PID)
@Designate(ocd = WorldModelConfig.class)
public final class WorldModelService implements WorldModel {
    public static final String PID = "mechos.perception.world";
    private static final Logger LOG = LoggerFactory.getLogger(WorldModelService.class);

    private final OccupancyMap map;
    private final PoseEstimator estimator;
    private final Transforms transforms;
    private final String mapFrame;
    private final String baseFrame;
    private final double obstacleRadius;
    private final int maxObstacles;
    private final ConfigGuard guard;

    @Activate
    public WorldModelService(WorldModelConfig config, @Reference OccupancyMap map,
            @Reference PoseEstimator estimator, @Reference Transforms transforms) {
        this.guard = new ConfigGuard(PID, WorldModelConfig.class, LOG);
        this.mapFrame = guard.text("map_frame", config.map_frame(), 1, 64);
        this.baseFrame = guard.text("base_frame", config.base_frame(), 1, 64);
        this.obstacleRadius = guard.number("obstacle_radius", config.obstacle_radius(), 0.1, 50);
        this.maxObstacles = guard.integer("max_obstacles", config.max_obstacles(), 0, 10_000);
        this.map = map;
        this.estimator = estimator;
        this.transforms = transforms;
    }

    /** The configuration values replaced by defaults at activation (tests). */
    ConfigGuard configGuard() {
        return guard;
    }

    @Override
    public WorldSnapshot snapshot() {
        MapView view = map.view();
        FusedPose pose = estimator.latest().orElse(null);
        Pose2D mapPose;
        try {
            mapPose = transforms.lookupLatest(mapFrame, baseFrame).toPose2D();
        } catch (TransformException e) {
            mapPose = null;
        }
        List<Obstacle> obstacles = mapPose == null ? List.of()
                : view.obstaclesWithin2D(mapPose.x(), mapPose.y(), obstacleRadius, maxObstacles);
        return new WorldSnapshot(System.nanoTime(), pose, mapPose, obstacles, view.stats(), map.inputStats(),
                estimator.inputStats());
    }
}
