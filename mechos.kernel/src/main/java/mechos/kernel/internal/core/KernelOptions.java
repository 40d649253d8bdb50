package mechos.kernel.internal.core;

import static mechos.kernel.internal.policy.ConfigValues.a;
import static mechos.kernel.internal.policy.ConfigValues.d;
import static mechos.kernel.internal.policy.ConfigValues.l;
import static mechos.kernel.internal.policy.ConfigValues.s;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import mechos.kernel.internal.policy.ConfigRefusal;
import mechos.kernel.internal.policy.SafetyEnvelope;
import mechos.kernel.internal.policy.SafetyPolicy;

/**
 * {@link KernelConfig} read once into plain fields (the tick reads these 100 times a second). Built only from a
 * configuration the safety envelope accepted ({@link mechos.kernel.internal.policy.ConfigGuard}); the required
 * rules always include the envelope's.
 */
record KernelOptions(Set<String> operatorAgents, Set<String> requiredRules, String driveDevice, long leaseNanos, long periodNanos,
        long overrideNanos, boolean autoResume, long autoResumeNanos, long staleNanos, Set<String> staleKinds,
        long deadManNanos, SafetyPolicy policy, double deceleration, double angularDeceleration,
        double footprintRadius, int realtimePriority, String envelopeProblem, ZoneOptions zone) {

    static KernelOptions of(Map<String, Object> c, SafetyEnvelope envelope) {
        String recovery = s(c, "recovery");
        if (!"auto".equals(recovery) && !"operator".equals(recovery)) {
            throw new IllegalArgumentException("recovery must be 'auto' or 'operator', got '" + recovery + "'");
        }
        Set<String> required = new LinkedHashSet<>(List.of(a(c, "required_rules")));
        required.addAll(envelope.requiredRules());
        Set<String> kinds = new LinkedHashSet<>(List.of(a(c, "stale_sensor_kinds")));
        kinds.addAll(envelope.watchedSensorKinds());
        Set<String> operators = new LinkedHashSet<>(List.of(a(c, "operator_agents")));
        operators.retainAll(envelope.allowedOperators());
        SafetyPolicy policy = new SafetyPolicy(d(c, "min_ttc"), d(c, "stop_ttc"), d(c, "slow_ttc"),
                d(c, "slow_factor"), d(c, "stop_distance"), d(c, "clearance_horizon"),
                TimeUnit.MILLISECONDS.toNanos(l(c, "clearance_max_age_ms")), d(c, "creep_linear"),
                d(c, "creep_angular"));
        return new KernelOptions(Set.copyOf(operators), Set.copyOf(required), s(c, "drive_device").trim(),
                TimeUnit.MILLISECONDS.toNanos(l(c, "lease_ms")), (long) (1e9 / d(c, "tick_hz")),
                (long) (d(c, "override_suspension") * 1e9), "auto".equals(recovery),
                TimeUnit.MILLISECONDS.toNanos(l(c, "auto_resume_ms")),
                TimeUnit.MILLISECONDS.toNanos(l(c, "stale_sensor_ms")), Set.copyOf(kinds),
                TimeUnit.MILLISECONDS.toNanos(l(c, "dead_man_ms")), policy, d(c, "deceleration"),
                d(c, "angular_deceleration"), d(c, "footprint_radius"), (int) l(c, "tick_realtime_priority"),
                envelope.problem(), new ZoneOptions(footprint(c, envelope), d(c, "stop_distance"),
                        d(c, "slow_margin"), (int) l(c, "min_points")));
    }

    /** @return the configured footprint polygon, or null (none: the footprint radius as a regular polygon) */
    private static Footprint footprint(Map<String, Object> c, SafetyEnvelope envelope) {
        SafetyEnvelope.Range r = envelope.range(SafetyEnvelope.KERNEL, "footprint_radius");
        return Footprint.parse(s(c, "footprint"), r == null ? 2.0 : r.max());
    }

    /** The kernel's own consistency checks of a configuration inside the envelope. */
    static List<ConfigRefusal> consistency(Map<String, Object> c, SafetyEnvelope envelope) {
        try {
            footprint(c, envelope);
        } catch (IllegalArgumentException e) {
            return List.of(new ConfigRefusal(KernelImpl.PID, "footprint", s(c, "footprint"), "is not a valid"
                    + " footprint polygon ('x,y; x,y; x,y ...' in m, base_link): " + e.getMessage()));
        }
        if (!(d(c, "slow_margin") >= d(c, "stop_distance"))) {
            return List.of(new ConfigRefusal(KernelImpl.PID, "slow_margin", String.valueOf(c.get("slow_margin")),
                    "must be at least stop_distance (" + c.get("stop_distance") + " m, the stop polygon's margin):"
                    + " the slow polygon contains the stop polygon"));
        }
        try {
            of(c, envelope);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(new ConfigRefusal(KernelImpl.PID, "(configuration)", "", "is inconsistent: "
                    + e.getMessage()));
        }
    }
}
