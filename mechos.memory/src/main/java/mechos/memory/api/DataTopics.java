package mechos.memory.api;

import mechos.kernel.api.bus.Topic;

/**
 * Robot-data topics on the kernel's bus, for recordings and the Foxglove live view: published by this bundle, except
 * {@link #GOAL}, which the runtime publishes.
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

    /**
     * Where the robot is going now: the straight segment the reactive navigator follows, {@code [current pose, goal]}
     * in the odom frame (the goal's yaw is the bearing of the segment: goals have no heading), published by the
     * runtime's goto behaviours (the brain's {@code goto}, {@code return_to_base}, the patrol's current waypoint, the
     * fleet's goto tasks) at once when a goal becomes active or changes and at most twice a second while it is
     * followed. An <b>empty pose list</b> means no goal is followed any more (reached, given up, halted); its
     * {@code source} names the goal that ended. Newest only.
     *
     * @since 1.5
     */
    Topic<PoseList> GOAL = Topic.latest("plan/goal", PoseList.class);

    /** Log lines at or above a configured level ({@code mechos.memory.log}), rate-limited. */
    Topic<LogLine> LOG = Topic.reliable("log", LogLine.class);
}
