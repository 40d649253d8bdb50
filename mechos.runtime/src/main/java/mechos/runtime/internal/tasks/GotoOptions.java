package mechos.runtime.internal.tasks;

import java.util.List;
import java.util.Locale;

import mechos.runtime.internal.ConfigCheck;
import mechos.runtime.internal.behaviours.MotionLimits;

/**
 * The goto executor's settings, validated (activation fails naming the bad property and value).
 *
 * @param agentId        the agent the commands are submitted as
 * @param cruiseSpeed    m/s: top speed, and the divisor of the bid's cost
 * @param motion         the behaviour's limits (max linear = cruise speed)
 * @param footprintRadius m, for clearance queries
 * @param batteryMin     0..1: refuse to bid below this state of charge
 * @param requireBattery refuse to bid without a battery reading
 * @param tickNanos      step period while executing
 */
public record GotoOptions(String agentId, double cruiseSpeed, MotionLimits motion, double footprintRadius,
        double batteryMin, boolean requireBattery, long tickNanos) {

    /**
     * The checks {@link #from} runs, each naming the configuration keys it reads; the bundle's configuration
     * validator runs the same ones.
     */
    static final List<ConfigCheck<GotoConfig>> CHECKS = List.of(
            ConfigCheck.of(c -> {
                if (c.agent_id() == null || c.agent_id().isBlank()) {
                    throw new IllegalArgumentException("agent_id must not be blank");
                }
            }, "agent.id"),
            ConfigCheck.of(c -> range("cruise_speed", c.cruise_speed(), 0.05, 2.0), "cruise.speed"),
            ConfigCheck.of(c -> range("max_angular", c.max_angular(), 0.1, 3.0), "max.angular"),
            ConfigCheck.of(c -> range("creep_linear", c.creep_linear(), 0.01, c.cruise_speed()), "creep.linear",
                    "cruise.speed"),
            ConfigCheck.of(c -> range("goal_tolerance", c.goal_tolerance(), 0.05, 2.0), "goal.tolerance"),
            ConfigCheck.of(c -> range("min_time_to_collision", c.min_time_to_collision(), 0.2, 10.0),
                    "min.time.to.collision"),
            ConfigCheck.of(c -> range("stuck_timeout_ms", c.stuck_timeout_ms(), 1000, 600_000), "stuck.timeout.ms"),
            ConfigCheck.of(c -> range("footprint_radius", c.footprint_radius(), 0.05, 2.0), "footprint.radius"),
            ConfigCheck.of(c -> range("battery_min", c.battery_min(), 0.0, 1.0), "battery.min"),
            ConfigCheck.of(c -> range("tick_hz", c.tick_hz(), 1.0, 20.0), "tick.hz"));

    /** @throws IllegalArgumentException naming the first configuration value {@link #CHECKS} refuses */
    static GotoOptions from(GotoConfig c) {
        for (ConfigCheck<GotoConfig> check : CHECKS) {
            check.run(c);
        }
        double cruise = c.cruise_speed();
        return new GotoOptions(c.agent_id().strip(), cruise,
                new MotionLimits(cruise, c.max_angular(), c.creep_linear(), c.goal_tolerance(),
                        c.min_time_to_collision(), c.stuck_timeout_ms() * 1_000_000L), c.footprint_radius(),
                c.battery_min(), c.battery_required(), (long) (1e9 / c.tick_hz()));
    }

    private static double range(String key, double v, double min, double max) {
        if (!(v >= min && v <= max)) { // also false for NaN
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be in [%s, %s]: %s", key, min, max,
                    v));
        }
        return v;
    }
}
