package mechos.runtime.internal.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import mechos.hal.api.Pose2D;
import mechos.runtime.internal.ConfigCheck;
import mechos.runtime.internal.behaviours.BuiltinBehaviours;
import mechos.runtime.internal.behaviours.MotionLimits;
import mechos.runtime.internal.limits.UsageGovernor;

/** The agent loop's settings, validated (activation fails naming the bad property). */
record AgentOptions(String agentId, String mission, long tickNanos, long decisionIntervalNanos,
        long decisionDeadlineNanos, long driveHoldNanos, long probeIntervalNanos, int maxTokens, int maxReplyChars,
        int memoryTopK, int requestsPerMinute, long tokenBudget, long tokenWindowNanos, Map<String, double[]> prices,
        int loopRepeatLimit, int loopCycleRepeats, long loopCooldownNanos, long humanTimeoutNanos,
        String fallbackTree, Map<String, String> trees, List<double[]> waypoints, Pose2D base, MotionLimits motion,
        double footprintRadius, long heartbeatTimeoutMillis, long invalidBackoffNanos, int maxTokensPerReply,
        int fleetMessages, int fleetMessageChars) {

    private static final long MS = 1_000_000L;
    private static final long MINUTE = 60_000_000_000L;

    /** The longest wait after a run of invalid replies: 8 × the initial backoff. */
    long invalidBackoffMaxNanos() {
        return invalidBackoffNanos * 8;
    }

    /**
     * Settings that each pass validation but contradict each other (the agent logs each at WARN when it starts):
     * a decision rate above the request limit makes the loop fall back every minute; a drive hold shorter than the
     * decision interval lets the robot stop between decisions; a request limit whose replies alone exceed the
     * token budget exhausts it before the window renews.
     */
    List<String> conflicts() {
        List<String> out = new ArrayList<>();
        if (requestsPerMinute > 0) {
            long perMinute = decisionIntervalNanos <= 0 ? Long.MAX_VALUE : MINUTE / decisionIntervalNanos;
            if (perMinute > requestsPerMinute) {
                out.add("decision_interval_ms=" + decisionIntervalNanos / MS + " allows up to "
                        + (perMinute == Long.MAX_VALUE ? "unbounded" : perMinute)
                        + " decisions per minute but requests_per_minute=" + requestsPerMinute
                        + ": with a responsive model the request limit forces fallback every minute; raise"
                        + " decision_interval_ms to at least " + (60_000 / requestsPerMinute) + " or the limit");
            }
        }
        if (driveHoldNanos > 0 && driveHoldNanos < decisionIntervalNanos) {
            out.add("drive_hold_ms=" + driveHoldNanos / MS + " is shorter than decision_interval_ms="
                    + decisionIntervalNanos / MS + ": an approved drive lapses and the robot stops between decisions");
        }
        if (tokenBudget > 0 && requestsPerMinute > 0) {
            double windowMinutes = (double) tokenWindowNanos / MINUTE;
            double replyTokens = windowMinutes * requestsPerMinute * maxTokensPerReply;
            if (replyTokens > tokenBudget) {
                out.add(String.format(java.util.Locale.ROOT, "token_budget=%d per %d s is less than the reply"
                        + " tokens alone at the request limit (requests_per_minute=%d x max_tokens=%d x %.0f min ="
                        + " %.0f): the budget runs out before the window renews", tokenBudget,
                        tokenWindowNanos / 1_000_000_000L, requestsPerMinute, maxTokensPerReply, windowMinutes,
                        replyTokens));
            }
        }
        return out;
    }

    /**
     * The checks {@link #from} runs, each naming the configuration keys it reads; the bundle's configuration
     * validator runs the same ones. The fallback tree parse needs the built options ({@link AgentParts#checkTrees}).
     */
    static final List<ConfigCheck<AgentConfig>> CHECKS = List.of(
            ConfigCheck.of(c -> {
                if (c.agent_id().isBlank()) {
                    throw new IllegalArgumentException("agent_id must not be blank");
                }
            }, "agent.id"),
            ConfigCheck.of(c -> {
                if (!(c.tick_hz() > 0 && c.tick_hz() <= 100)) {
                    throw new IllegalArgumentException("tick_hz must be in (0, 100]: " + c.tick_hz());
                }
            }, "tick.hz"),
            ConfigCheck.of(c -> {
                if (c.decision_deadline_ms() <= 0) {
                    throw new IllegalArgumentException("decision_deadline_ms must be positive: "
                            + c.decision_deadline_ms());
                }
            }, "decision.deadline.ms"),
            ConfigCheck.of(AgentOptions::trees, "trees"),
            ConfigCheck.of(c -> {
                if (!trees(c).containsKey(c.fallback_tree())) {
                    throw new IllegalArgumentException("fallback_tree '" + c.fallback_tree() + "' is not in trees "
                            + trees(c).keySet());
                }
            }, "fallback.tree", "trees"),
            ConfigCheck.of(c -> {
                if (c.decision_interval_ms() < 0 || c.decision_interval_ms() > 600_000) {
                    throw new IllegalArgumentException("decision_interval_ms must be in [0, 600000]: "
                            + c.decision_interval_ms());
                }
            }, "decision.interval.ms"),
            ConfigCheck.of(c -> {
                if (c.requests_per_minute() < 0 || c.requests_per_minute() > 10_000) {
                    throw new IllegalArgumentException("requests_per_minute must be in [0, 10000]: "
                            + c.requests_per_minute());
                }
            }, "requests.per.minute"),
            ConfigCheck.of(c -> {
                if (c.invalid_reply_backoff_ms() < 1 || c.invalid_reply_backoff_ms() > 60_000) {
                    throw new IllegalArgumentException("invalid_reply_backoff_ms must be in [1, 60000]: "
                            + c.invalid_reply_backoff_ms());
                }
            }, "invalid.reply.backoff.ms"),
            ConfigCheck.of(c -> {
                if (c.fleet_messages() < 0 || c.fleet_messages() > 20) {
                    throw new IllegalArgumentException("fleet_messages must be in [0, 20]: " + c.fleet_messages());
                }
            }, "fleet.messages"),
            ConfigCheck.of(c -> {
                if (c.fleet_message_chars() < 20 || c.fleet_message_chars() > 1000) {
                    throw new IllegalArgumentException("fleet_message_chars must be in [20, 1000]: "
                            + c.fleet_message_chars());
                }
            }, "fleet.message.chars"),
            ConfigCheck.of(c -> UsageGovernor.parsePrices(c.cost_per_million_tokens()), "cost.per.million.tokens"),
            ConfigCheck.of(c -> BuiltinBehaviours.parseWaypoints(c.waypoints()), "waypoints"),
            ConfigCheck.of(c -> BuiltinBehaviours.parsePose(c.base_pose()), "base.pose"));

    /** @throws IllegalArgumentException naming the first configuration value {@link #CHECKS} refuses */
    static AgentOptions from(AgentConfig c) {
        for (ConfigCheck<AgentConfig> check : CHECKS) {
            check.run(c);
        }
        Map<String, String> trees = trees(c);
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
                motion, c.footprint_radius(), Math.max(100, c.heartbeat_timeout_ms()),
                c.invalid_reply_backoff_ms() * MS, Math.max(0, c.max_tokens()), c.fleet_messages(),
                c.fleet_message_chars());
    }

    /** The {@code trees} entries by name, in order. */
    static Map<String, String> trees(AgentConfig c) {
        Map<String, String> trees = new LinkedHashMap<>();
        for (String t : c.trees()) {
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("trees entry '" + t + "' must look like 'name = definition'");
            }
            trees.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
        }
        return trees;
    }
}
