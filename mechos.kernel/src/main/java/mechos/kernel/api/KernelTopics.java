package mechos.kernel.api;

import mechos.kernel.api.bus.Topic;

/** The bus topics the kernel publishes. Every message about an intent carries its id as the correlation id. */
public interface KernelTopics {
    /** Every submitted intent, before the decision. */
    Topic<IntentEvent> INTENTS = Topic.reliable("kernel/intents", IntentEvent.class);
    /** Every decision (approved or rejected). */
    Topic<Decision> DECISIONS = Topic.reliable("kernel/decisions", Decision.class);
    /** Every driver command's outcome. */
    Topic<DispatchResult> DISPATCH = Topic.reliable("kernel/dispatch", DispatchResult.class);
    /** Every safety state transition. */
    Topic<SafetyTransition> SAFETY = Topic.reliable("kernel/safety", SafetyTransition.class);
    /** Device health changes seen by the kernel (registration, removal, FAULT/OFFLINE). */
    Topic<DeviceInfo> DEVICES = Topic.reliable("kernel/devices", DeviceInfo.class);
    /** Every accepted change of a safety parameter and every refused configuration (safety envelope). */
    /**
     * The world model changed (published by perception, read by the kernel): the safety tick re-assesses the
     * current motion at once. Only the newest matters.
     */
    Topic<WorldChanged> WORLD_CHANGED = Topic.latest("kernel/world-changed", WorldChanged.class);
    /**
     * The latest raw scan in the robot frame (published by perception, read by the kernel's stop zone, which is
     * re-assessed at once). Only the newest matters.
     *
     * @since 1.3
     */
    Topic<RobotScan> ROBOT_SCAN = Topic.latest("kernel/robot-scan", RobotScan.class);
    Topic<ConfigChange> CONFIG = Topic.reliable("kernel/config", ConfigChange.class);
}
