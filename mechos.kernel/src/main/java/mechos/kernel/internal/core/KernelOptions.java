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
        double hz = c.tick__hz() > 0 && Double.isFinite(c.tick__hz()) ? c.tick__hz() : 100;
        if (!"auto".equals(c.recovery()) && !"operator".equals(c.recovery())) {
            throw new IllegalArgumentException("recovery must be 'auto' or 'operator', got '" + c.recovery() + "'");
        }
        if (!(c.slow__factor() >= 0 && c.slow__factor() <= 1)) {
            throw new IllegalArgumentException("slow_factor must be within 0..1, got " + c.slow__factor());
        }
        if (!(c.deceleration() > 0) || !(c.angular__deceleration() > 0)) {
            throw new IllegalArgumentException("deceleration and angular_deceleration must be > 0");
        }
        return new KernelOptions(Set.of(c.operator__agents()), Set.of(c.required__rules()), c.drive__device() == null ? "" : c.drive__device().trim(),
                TimeUnit.MILLISECONDS.toNanos(Math.max(1, c.lease__ms())), (long) (1e9 / hz),
                (long) (Math.max(0, c.override__suspension()) * 1e9), "auto".equals(c.recovery()),
                TimeUnit.MILLISECONDS.toNanos(Math.max(0, c.auto__resume__ms())),
                TimeUnit.MILLISECONDS.toNanos(Math.max(1, c.stale__sensor__ms())), Set.of(c.stale__sensor__kinds()),
                TimeUnit.MILLISECONDS.toNanos(Math.max(0, c.dead__man__ms())), c.stop__ttc(), c.slow__ttc(),
                c.slow__factor(), c.stop__distance(), c.clearance__horizon(),
                TimeUnit.MILLISECONDS.toNanos(Math.max(1, c.clearance__max__age__ms())), c.creep__linear(),
                c.creep__angular(), c.deceleration(), c.angular__deceleration(), c.footprint__radius());
    }
}
