package mechos.runtime.internal.loop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import mechos.hal.api.Pose2D;
import mechos.runtime.internal.behaviours.BuiltinBehaviours;
import mechos.runtime.internal.behaviours.MotionLimits;
import mechos.runtime.internal.limits.UsageGovernor;

/** The agent loop's settings, validated (activation fails naming the bad property). */
record AgentOptions(String agentId, String mission, long tickNanos, long decisionIntervalNanos,
        long decisionDeadlineNanos, long driveHoldNanos, long probeIntervalNanos, int maxTokens, int maxReplyChars,
        int memoryTopK, int requestsPerMinute, long tokenBudget, long tokenWindowNanos, Map<String, double[]> prices,
        int loopRepeatLimit, int loopCycleRepeats, long loopCooldownNanos, long humanTimeoutNanos,
        String fallbackTree, Map<String, String> trees, List<double[]> waypoints, Pose2D base, MotionLimits motion,
        double footprintRadius, long heartbeatTimeoutMillis) {

    private static final long MS = 1_000_000L;

    static AgentOptions from(AgentConfig c) {
        if (c.agent_id().isBlank()) {
            throw new IllegalArgumentException("agent_id must not be blank");
        }
        if (!(c.tick_hz() > 0 && c.tick_hz() <= 100)) {
            throw new IllegalArgumentException("tick_hz must be in (0, 100]: " + c.tick_hz());
        }
        if (c.decision_deadline_ms() <= 0) {
            throw new IllegalArgumentException("decision_deadline_ms must be positive: " + c.decision_deadline_ms());
        }
        Map<String, String> trees = new LinkedHashMap<>();
        for (String t : c.trees()) {
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("trees entry '" + t + "' must look like 'name = definition'");
            }
            trees.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
        }
        if (!trees.containsKey(c.fallback_tree())) {
            throw new IllegalArgumentException("fallback_tree '" + c.fallback_tree() + "' is not in trees "
                    + trees.keySet());
        }
        MotionLimits motion = new MotionLimits(c.max_linear(), c.max_angular(), c.creep_linear(),
                c.goal_tolerance(), c.min_time_to_collision(), c.stuck_timeout_ms() * MS);
        return new AgentOptions(c.agent_id().strip(), c.mission(), (long) (1e9 / c.tick_hz()),
                c.decision_interval_ms() * MS, c.decision_deadline_ms() * MS, c.drive_hold_ms() * MS,
                Math.max(1, c.probe_interval_ms()) * MS, c.max_tokens(), c.max_reply_chars(),
                Math.max(0, c.memory_top_k()), c.requests_per_minute(), c.token_budget(),
                Math.max(1, c.token_window_s()) * 1_000_000_000L,
                UsageGovernor.parsePrices(c.cost_per_million_tokens()), c.loop_repeat_limit(),
                c.loop_cycle_repeats(), c.loop_cooldown_ms() * MS, c.human_timeout_ms() * MS, c.fallback_tree(),
                trees, BuiltinBehaviours.parseWaypoints(c.waypoints()), BuiltinBehaviours.parsePose(c.base_pose()),
                motion, c.footprint_radius(), Math.max(100, c.heartbeat_timeout_ms()));
    }
}
