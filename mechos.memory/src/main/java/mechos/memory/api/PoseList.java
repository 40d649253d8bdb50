package mechos.memory.api;

import java.util.List;
import java.util.Objects;

/**
 * Planar poses in a named frame (a plan, patrol waypoints or a goal), recorded and streamed as
 * {@code foxglove.PosesInFrame}.
 *
 * @param timestampNanos wall clock (ns since the epoch) when the list was published
 * @param frameId        frame of the poses (e.g. {@code odom})
 * @param source         where the poses come from (e.g. {@code mechos.runtime.agent/waypoints})
 * @param poses          the poses, in order
 * @since 1.4
 */
public record PoseList(long timestampNanos, String frameId, String source, List<Pose> poses) {
    /** A planar pose: position in m, heading in rad. */
    public record Pose(double x, double y, double yaw) {
    }

    public PoseList {
        Objects.requireNonNull(frameId, "frameId");
        Objects.requireNonNull(source, "source");
        poses = List.copyOf(poses);
    }
}
