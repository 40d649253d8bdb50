package mechos.perception.api;

import mechos.kernel.api.bus.Topic;

/** Event-bus topics perception publishes on (when the bus is present). */
public interface PerceptionTopics {
    /** The fused pose, at sensor rate; subscribers see only the newest. */
    Topic<FusedPose> FUSED_POSE = Topic.latest("perception/pose", FusedPose.class);

    /** The localisation state after each scan; subscribers see only the newest. */
    Topic<LocalisationState> LOCALISATION = Topic.latest("perception/localisation", LocalisationState.class);
}
