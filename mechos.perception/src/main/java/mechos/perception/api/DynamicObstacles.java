package mechos.perception.api;

import java.util.List;

/**
 * Every dynamic obstacle one source knows at one moment (published on {@link PerceptionTopics#DYNAMIC_OBSTACLES});
 * each publication replaces the previous one of the same source.
 *
 * @param source     who publishes (e.g. {@code fleet})
 * @param wallMillis when computed (source's wall clock, informational)
 * @param obstacles  the obstacles
 * @since 1.3
 */
public record DynamicObstacles(String source, long wallMillis, List<DynamicObstacle> obstacles) {
    public DynamicObstacles {
        obstacles = List.copyOf(obstacles);
    }
}
