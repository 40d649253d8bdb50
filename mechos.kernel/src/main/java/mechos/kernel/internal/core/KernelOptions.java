package mechos.kernel.internal.core;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@link KernelConfig} read once into plain fields (the tick reads these 100 times a second). */
record KernelOptions(Set<String> operatorAgents, Set<String> requiredRules, String driveDevice, long leaseNanos, long periodNanos,
        long overrideNanos, boolean autoResume, long autoResumeNanos, long staleNanos, Set<String> staleKinds,
        long deadManNanos, double stopTtc, double slowTtc, double slowFactor, double stopDistance,
        double clearanceHorizon, long clearanceMaxAgeNanos, double creepLinear, double creepAngular,
        double deceleration, double angularDeceleration, double footprintRadius) {

    static KernelOptions of(KernelConfig c) {
        double hz = c.tick_hz() > 0 && Double.isFinite(c.tick_hz()) ? c.tick_hz() : 100;
        if (!"auto".equals(c.recovery()) && !"operator".equals(c.recovery())) {
            throw new IllegalArgumentException("recovery must be 'auto' or 'operator', got '" + c.recovery() + "'");
        }
        if (!(c.slow_factor() >= 0 && c.slow_factor() <= 1)) {
            throw new IllegalArgumentException("slow_factor must be within 0..1, got " + c.slow_factor());
        }
        if (!(c.deceleration() > 0) || !(c.angular_deceleration() > 0)) {
            throw new IllegalArgumentException("deceleration and angular_deceleration must be > 0");
        }
        return new KernelOptions(Set.of(c.operator_agents()), Set.of(c.required_rules()), c.drive_device() == null ? "" : c.drive_device().trim(),
                TimeUnit.MILLISECONDS.toNanos(Math.max(1, c.lease_ms())), (long) (1e9 / hz),
                (long) (Math.max(0, c.override_suspension()) * 1e9), "auto".equals(c.recovery()),
                TimeUnit.MILLISECONDS.toNanos(Math.max(0, c.auto_resume_ms())),
                TimeUnit.MILLISECONDS.toNanos(Math.max(1, c.stale_sensor_ms())), Set.of(c.stale_sensor_kinds()),
                TimeUnit.MILLISECONDS.toNanos(Math.max(0, c.dead_man_ms())), c.stop_ttc(), c.slow_ttc(),
                c.slow_factor(), c.stop_distance(), c.clearance_horizon(),
                TimeUnit.MILLISECONDS.toNanos(Math.max(1, c.clearance_max_age_ms())), c.creep_linear(),
                c.creep_angular(), c.deceleration(), c.angular_deceleration(), c.footprint_radius());
    }
}
