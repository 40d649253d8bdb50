package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.kernel.api.ConfigChange;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.Violation;
import mechos.kernel.internal.Configs;
import mechos.kernel.internal.policy.ConfigGuard;
import mechos.kernel.internal.rules.SpeedCapRule;

/** Defect 4 of issue 12: configuration can no longer switch safety off (kernel PID {@code mechos.kernel}). */
class ConfigEnvelopeTest {
    @TempDir
    Path home;
    private TestKernel k;
    private final List<ConfigChange> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        if (k != null) {
            k.close();
        }
    }

    private TestKernel kernel(Map<String, Object> config) {
        k = new TestKernel(home, config);
        k.bus.subscribe(KernelTopics.CONFIG, "test", 1000, e -> events.add(e.payload()));
        return k;
    }

    /** What Config Admin hands the component: the annotation view and the raw properties. */
    private void modify(Map<String, Object> byMethod, String file) {
        Map<String, Object> raw = new HashMap<>();
        byMethod.forEach((m, v) -> raw.put(m.replace("__", "_"), v));
        raw.put("service.pid", KernelImpl.PID);
        if (file != null) {
            raw.put(ConfigGuard.FILEINSTALL_FILENAME, file);
        }
        k.kernel.modified(Configs.of(KernelConfig.class, byMethod), raw);
    }

    private boolean refusedEvent(String key) {
        return events.stream().anyMatch(e -> e.refused() && e.key().equals(key));
    }

    private void awaitEvent(String key) {
        TestKernel.await(() -> refusedEvent(key), "refusal of " + key + " on the bus");
    }

    @Test
    void tickRateFarBelowTheEnvelopeIsRefusedAndTheTickKeeps100Hz() {
        kernel(Map.of());
        modify(Map.of("tick__hz", 0.01), null);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), k.kernel.options().periodNanos());
        assertTrue(k.kernel.configurationRefusals().stream().anyMatch(l -> l.contains("tick_hz=0.01")),
                k.kernel.configurationRefusals().toString());
        awaitEvent("tick_hz");
    }

    @Test
    void aFirstConfigurationOutsideTheEnvelopeStartsWithSafeDefaultsAndIsReported() {
        kernel(Map.of("lease__ms", 600_000L));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), k.kernel.options().leaseNanos());
        assertTrue(k.kernel.configurationRefusals().stream().anyMatch(l -> l.contains("lease_ms=600000")
                && l.contains("safe defaults")), k.kernel.configurationRefusals().toString());
    }

    @Test
    void invalidNumbersAreRefusedNotMappedToSomethingElse() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("tick__hz", Double.NaN),
                Map.of("tick__hz", -5.0), Map.of("lease__ms", -1L), Map.of("tick__hz", 0.2),
                Map.of("stop__ttc", Double.NaN), Map.of("stop__ttc", -1.0), Map.of("clearance__horizon", Double.NaN),
                Map.of("creep__linear", Double.POSITIVE_INFINITY), Map.of("deceleration", 0.0))) {
            kernel(Map.of("lease__ms", 400L, "tick__hz", 50.0));
            modify(bad, "/run/conf/mechos.kernel.cfg");
            assertEquals(TimeUnit.MILLISECONDS.toNanos(400), k.kernel.options().leaseNanos(), bad.toString());
            assertEquals(TimeUnit.MILLISECONDS.toNanos(20), k.kernel.options().periodNanos(), bad.toString());
            assertFalse(k.kernel.configurationRefusals().isEmpty(), bad.toString());
            k.close();
            k = null;
        }
    }

    @Test
    void zeroStopZonesAreRefused() {
        kernel(Map.of());
        modify(Map.of("stop__ttc", 0.0, "slow__ttc", 0.0, "stop__distance", 0.0, "min__ttc", 0.0), null);
        assertEquals(0.5, k.kernel.options().policy().stopTtc());
        assertEquals(1.0, k.kernel.options().policy().minTtc());
        assertEquals(0.05, k.kernel.options().policy().stopDistance());
        awaitEvent("stop_ttc");
    }

    /**
     * Issue 14: an invalid footprint polygon (too few vertices, crossing edges, not numbers, beyond the envelope's
     * footprint_radius bound) is refused naming PID, key and value, and the previous footprint stays; the zone's
     * new keys are bounded by the envelope (slow_margin never below stop_distance, min_points 1..5).
     */
    @Test
    void anInvalidFootprintOrZoneKeyIsRefusedAndThePreviousKept() {
        String rect = "0.3,0.2; -0.3,0.2; -0.3,-0.2; 0.3,-0.2";
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("footprint", "0.3,0.2; -0.3,0.2"),
                Map.of("footprint", "0.3,0.2; -0.3,-0.2; -0.3,0.2; 0.3,-0.2"), Map.of("footprint", "a,b; 1,1; 0,1"),
                Map.of("footprint", "3,0; 0,3; -3,0"), Map.of("min__points", 0), Map.of("min__points", 50),
                Map.of("slow__margin", 0.03, "stop__distance", 0.1), Map.of("slow__margin", Double.NaN))) {
            kernel(Map.of("footprint", rect));
            assertEquals(4, k.kernel.options().zone().polygon().vertices());
            Map<String, Object> change = new HashMap<>(Map.of("footprint", rect));
            change.putAll(bad);
            modify(change, "/run/conf/mechos.kernel.cfg");
            assertEquals(4, k.kernel.options().zone().polygon().vertices(), bad.toString());
            assertEquals(Math.hypot(0.3, 0.2), k.kernel.options().zone().polygon().circumradius(), 1e-12);
            assertEquals(2, k.kernel.options().zone().minPoints(), bad.toString());
            assertEquals(0.15, k.kernel.options().zone().slowMargin(), bad.toString());
            String key = bad.keySet().iterator().next().replace("__", "_");
            assertTrue(k.kernel.configurationRefusals().stream().anyMatch(l -> l.contains("mechos.kernel")
                    && (l.contains(key) || l.contains("slow_margin"))), bad + " " + k.kernel.configurationRefusals());
            k.close();
            k = null;
        }
        kernel(Map.of());
        assertEquals(null, k.kernel.options().zone().polygon(), "default: the drive's circle as a 16-gon");
        modify(Map.of("footprint", rect, "min__points", 3, "slow__margin", 0.3), null);
        assertEquals(3, k.kernel.options().zone().minPoints());
        assertEquals(0.3, k.kernel.options().zone().slowMargin());
        assertEquals(Math.hypot(0.3, 0.2), k.kernel.options().zone().mapRadius(0.2), 1e-12,
                "the world model is asked with the circle containing the polygon");
    }

    @Test
    void aRefusedChangeIsNeverHalfApplied() {
        kernel(Map.of());
        modify(Map.of("tick__hz", 50.0, "lease__ms", 600_000L), null);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), k.kernel.options().periodNanos(), "tick_hz was applied alone");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), k.kernel.options().leaseNanos());
    }

    @Test
    void theGateCannotApproveWhatTheTickStopsAtOnce() {
        kernel(Map.of());
        modify(Map.of("min__ttc", 0.5, "stop__ttc", 0.8), null);
        assertEquals(1.0, k.kernel.options().policy().minTtc());
        assertFalse(k.kernel.configurationRefusals().isEmpty());
    }

    @Test
    void requiredRulesCannotBeRemovedNorMadeOptionalByDisablingTheComponent() {
        kernel(Map.of());
        modify(Map.of("required__rules", new String[] { "finite" }), null);
        assertTrue(k.kernel.options().requiredRules().contains("speed"));
        awaitEvent("required_rules");
        // the speed rule component disabled: no motion, as before
        k.kernel.rules().stream().filter(r -> r.id().equals(SpeedCapRule.ID)).toList()
                .forEach(r -> k.kernel.unbindRule(r.rule()));
        Decision d = k.kernel.submit("brain", new Drive(0.05, 0));
        assertFalse(d.approved());
        assertTrue(d.violations().stream().map(Violation::ruleId).anyMatch("rule.missing"::equals), d.reason());
    }

    @Test
    void theBrainCannotBeMadeAnOperator() {
        kernel(Map.of());
        modify(Map.of("operator__agents", new String[] { "operator", "brain" }), null);
        assertEquals(java.util.Set.of("operator"), k.kernel.options().operatorAgents());
        k.kernel.engageOverride("operator");
        Decision d = k.kernel.submit("brain", new Drive(0.05, 0));
        assertFalse(d.approved(), "the brain drove during a manual override");
        awaitEvent("operator_agents");
    }

    @Test
    void anAcceptedChangeIsPublishedWithOldNewAndItsSource() {
        kernel(Map.of());
        modify(Map.of("lease__ms", 300L), "/run/conf/mechos.kernel.cfg");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(300), k.kernel.options().leaseNanos());
        TestKernel.await(() -> events.stream().anyMatch(e -> !e.refused() && e.key().equals("lease_ms")
                && e.oldValue().equals("500") && e.newValue().equals("300")
                && e.source().contains("conf/ file /run/conf/mechos.kernel.cfg")), "accepted change on the bus");
        assertTrue(k.kernel.configurationRefusals().isEmpty());
        modify(Map.of("lease__ms", 250L), null);
        TestKernel.await(() -> events.stream().anyMatch(e -> e.newValue().equals("250")
                && e.source().equals("Config Admin / Web Console")), "web console change on the bus");
    }

    @Test
    void anAcceptedConfigurationClearsTheEarlierRefusal() {
        kernel(Map.of());
        modify(Map.of("tick__hz", 0.01), null);
        assertFalse(k.kernel.configurationRefusals().isEmpty());
        modify(Map.of("tick__hz", 50.0), null);
        assertTrue(k.kernel.configurationRefusals().isEmpty());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(20), k.kernel.options().periodNanos());
    }

    @Test
    void theClearanceAgeLimitInForceIsPublishedToPlannersAndARefusedOneIsNot() {
        kernel(Map.of());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), k.kernel.clearanceMaxAgeNanos(), "the default");
        modify(Map.of("clearance__max__age__ms", 1000L), null);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1000), k.kernel.clearanceMaxAgeNanos(), "changed live");
        modify(Map.of("clearance__max__age__ms", 5000L), null); // beyond the envelope (10..1000 ms): refused
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1000), k.kernel.clearanceMaxAgeNanos(), "the value in force");
    }

    @Test
    void anUnknownKeyIsRefused() {
        kernel(Map.of());
        Map<String, Object> raw = new HashMap<>(Map.of("lease_ms", 300L, "lese_ms", 100L));
        k.kernel.modified(Configs.of(KernelConfig.class, Map.of("lease__ms", 300L)), raw);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), k.kernel.options().leaseNanos());
        awaitEvent("lese_ms");
    }
}
