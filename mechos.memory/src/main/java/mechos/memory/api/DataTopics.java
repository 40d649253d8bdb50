package mechos.memory.api;

import mechos.kernel.api.bus.Topic;

/**
 * Robot-data topics this bundle publishes on the kernel's bus, for recordings and the Foxglove live view.
 *
 * @since 1.4
 */
public interface DataTopics {
    /**
     * The occupancy map around the robot, sliced at the LiDAR's height in the map frame (bounded size and rate,
     * {@code mechos.memory.grid}); newest only.
     */
    Topic<MapGrid> MAP_SLICE = Topic.latest("map/slice", MapGrid.class);

    /** The static ROS map ({@code mechos.memory.grid} {@code staticMap}), re-published periodically; newest only. */
    Topic<MapGrid> STATIC_MAP = Topic.latest("map/static", MapGrid.class);

    /**
     * The patrol waypoints as configured for the agent ({@code mechos.memory.plan}: by default the runtime's
     * {@code mechos.runtime.agent} {@code waypoints}, odom frame), each heading toward the next; re-published
     * periodically and on every change. It says where the patrol goes, not whether it runs. Newest only.
     */
    Topic<PoseList> PATROL = Topic.latest("plan/patrol", PoseList.class);

    /** Log lines at or above a configured level ({@code mechos.memory.log}), rate-limited. */
    Topic<LogLine> LOG = Topic.reliable("log", LogLine.class);
}
