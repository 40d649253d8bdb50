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

/** Assembles {@link WorldSnapshot}s from one map view, the fused pose and the input counters. */
@Component(service = WorldModel.class, configurationPid = WorldModelService.PID)
@Designate(ocd = WorldModelConfig.class)
public final class WorldModelService implements WorldModel {
    public static final String PID = "mechos.perception.world";

    private final OccupancyMap map;
    private final PoseEstimator estimator;
    private final Transforms transforms;
    private final WorldModelConfig config;

    @Activate
    public WorldModelService(WorldModelConfig config, @Reference OccupancyMap map,
            @Reference PoseEstimator estimator, @Reference Transforms transforms) {
        if (!(config.obstacle_radius() > 0) || config.max_obstacles() < 0) {
            throw new IllegalArgumentException("obstacle.radius must be > 0 and max.obstacles >= 0");
        }
        this.config = config;
        this.map = map;
        this.estimator = estimator;
        this.transforms = transforms;
    }

    @Override
    public WorldSnapshot snapshot() {
        MapView view = map.view();
        FusedPose pose = estimator.latest().orElse(null);
        Pose2D mapPose;
        try {
            mapPose = transforms.lookupLatest(config.map_frame(), config.base_frame()).toPose2D();
        } catch (TransformException e) {
            mapPose = null;
        }
        List<Obstacle> obstacles = mapPose == null ? List.of()
                : view.obstaclesWithin2D(mapPose.x(), mapPose.y(), config.obstacle_radius(), config.max_obstacles());
        return new WorldSnapshot(System.nanoTime(), pose, mapPose, obstacles, view.stats(), map.inputStats(),
                estimator.inputStats());
    }
}
