package mechos.runtime.internal.tasks;

import java.util.Locale;

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

    static GotoOptions from(GotoConfig c) {
        if (c.agent_id() == null || c.agent_id().isBlank()) {
            throw new IllegalArgumentException("agent_id must not be blank");
        }
        double cruise = range("cruise_speed", c.cruise_speed(), 0.05, 2.0);
        double angular = range("max_angular", c.max_angular(), 0.1, 3.0);
        double creep = range("creep_linear", c.creep_linear(), 0.01, cruise);
        double tolerance = range("goal_tolerance", c.goal_tolerance(), 0.05, 2.0);
        double ttc = range("min_time_to_collision", c.min_time_to_collision(), 0.2, 10.0);
        long stuck = (long) range("stuck_timeout_ms", c.stuck_timeout_ms(), 1000, 600_000);
        double radius = range("footprint_radius", c.footprint_radius(), 0.05, 2.0);
        double battery = range("battery_min", c.battery_min(), 0.0, 1.0);
        double hz = range("tick_hz", c.tick_hz(), 1.0, 20.0);
        return new GotoOptions(c.agent_id().strip(), cruise,
                new MotionLimits(cruise, angular, creep, tolerance, ttc, stuck * 1_000_000L), radius, battery,
                c.battery_required(), (long) (1e9 / hz));
    }

    private static double range(String key, double v, double min, double max) {
        if (!(v >= min && v <= max)) { // also false for NaN
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be in [%s, %s]: %s", key, min, max,
                    v));
        }
        return v;
    }
}
