package mechos.kernel.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.fileinstall.shaded.util.properties.TypedProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mechos.kernel.api.ConfigChange;
import mechos.kernel.internal.Configs;
import mechos.kernel.internal.policy.ConfigAudit;
import mechos.kernel.internal.policy.ConfigGuard;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Defect 4 of issue 12 for the rule components: speed caps, workspace, and corrupt conf/ files. */
class RuleEnvelopeTest {
    private final List<ConfigChange> events = new CopyOnWriteArrayList<>();
    private final ConfigAudit audit = new ConfigAudit();
    private AutoCloseable sink;

    @BeforeEach
    void listen() {
        audit.clear();
        sink = audit.addSink(events::add);
    }

    @AfterEach
    void stop() throws Exception {
        sink.close();
        audit.clear();
    }

    /** The component property type as DS builds it from Config Admin properties (String values converted). */
    static <A> A ds(Class<A> type, Map<String, Object> props) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, args) -> {
            String key = m.getName().replace("__", "_");
            if (props.containsKey(key)) {
                return convert(m, props.get(key));
            }
            if (m.getDefaultValue() != null) {
                return m.getDefaultValue();
            }
            return switch (m.getName()) {
            case "annotationType" -> type;
            case "toString" -> type.getSimpleName() + props;
            case "hashCode" -> props.hashCode();
            case "equals" -> p == args[0];
            default -> throw new IllegalStateException(m.getName());
            };
        }));
    }

    private static Object convert(Method m, Object v) {
        Class<?> t = m.getReturnType();
        if (t == double.class) {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
        }
        if (t == long.class) {
            return v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v).trim());
        }
        return v;
    }

    private SpeedCapRule speed(Map<String, Object> raw) {
        return new SpeedCapRule(ds(SpeedConfig.class, raw), raw, audit);
    }

    @Test
    void anAbsurdOrInfiniteSpeedCapIsRefusedAndTheLoweredCapStays() {
        SpeedCapRule r = speed(new HashMap<>(Map.of("max_linear", 0.3)));
        for (Object bad : List.of(1e9, Double.POSITIVE_INFINITY, Double.NaN, -1.0, 1.5)) {
            r.modified(ds(SpeedConfig.class, Map.of("max_linear", bad)), new HashMap<>(Map.of("max_linear", bad)));
            assertEquals(0.3, r.limits().maxLinear(), "max_linear=" + bad);
        }
        assertTrue(events.stream().anyMatch(e -> e.refused() && e.key().equals("max_linear")
                && e.newValue().equals("Infinity") && e.bound().contains("[0, 1]")), events.toString());
        assertTrue(audit.current().stream().anyMatch(l -> l.contains("mechos.kernel.rule.speed")));
    }

    /**
     * Issue 15: the platform persists a kernel PID's configuration to conf/ only once the kernel accepted exactly
     * those values; a refused value is never written, and the set-back (the values in force again) keeps the refusal
     * visible even when it arrives twice (set-back, then FileInstall re-reading the file that holds the same values).
     */
    @Test
    void theKernelTellsThePlatformWhichValuesAreInForceSoOnlyThoseArePersisted() {
        String pid = "mechos.kernel.rule.speed";
        assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.NOT_MINE,
                audit.verdict("mechos.hal.sim.battery~battery", Map.of("capacity_wh", 80)));
        assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.NOT_MINE,
                audit.verdict("mechos.kernel.grants", Map.of("dev_mode", true)), "a kernel PID without a guard");
        SpeedCapRule r = speed(new HashMap<>(Map.of("max_linear", 0.3)));
        assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.ACCEPTED, audit.verdict(pid,
                Map.of("service.pid", pid, "max_linear", 0.3, ConfigGuard.FILEINSTALL_FILENAME, "file:/c/x.cfg")),
                "framework keys are not the kernel's");
        assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.PENDING, audit.verdict(pid,
                Map.of("max_linear", 0.2)), "values the kernel has not seen yet");
        Map<String, Object> inf = new HashMap<>(Map.of("max_linear", Double.POSITIVE_INFINITY));
        r.modified(ds(SpeedConfig.class, inf), inf);
        assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.REFUSED, audit.verdict(pid, inf));
        for (int i = 0; i < 2; i++) {
            Map<String, Object> back = new HashMap<>(Map.of("max_linear", 0.3));
            r.modified(ds(SpeedConfig.class, back), back);
            assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.ACCEPTED, audit.verdict(pid, back));
            assertTrue(audit.current().stream().anyMatch(l -> l.contains("max_linear=Infinity")
                    && l.contains("set back")), "delivery " + i + ": " + audit.current());
        }
        Map<String, Object> lower = new HashMap<>(Map.of("max_linear", 0.25));
        r.modified(ds(SpeedConfig.class, lower), lower);
        assertTrue(audit.current().isEmpty(), "a change accepted clears the refusal: " + audit.current());
    }

    @Test
    void aTextWhereANumberBelongsIsRefusedNotAStackTrace() {
        SpeedCapRule r = speed(new HashMap<>(Map.of("max_linear", 0.3)));
        Map<String, Object> raw = new HashMap<>(Map.of("max_linear", "fast"));
        Object bad = Proxy.newProxyInstance(SpeedConfig.class.getClassLoader(), new Class<?>[] { SpeedConfig.class },
                (p, m, a) -> {
                    if (m.getName().equals("max__linear")) {
                        throw new IllegalArgumentException("cannot convert 'fast' to double");
                    }
                    return m.getDefaultValue();
                });
        r.modified((SpeedConfig) bad, raw);
        assertEquals(0.3, r.limits().maxLinear());
    }

    @Property(tries = 300)
    void everySpeedCapIsEitherInsideTheEnvelopeOrRefused(@ForAll double cap) {
        SpeedCapRule r = speed(new HashMap<>(Map.of("max_linear", 0.3)));
        r.modified(ds(SpeedConfig.class, Map.of("max_linear", cap)), new HashMap<>(Map.of("max_linear", cap)));
        double now = r.limits().maxLinear();
        assertTrue(now == cap && cap >= 0 && cap <= 1.0 || now == 0.3, cap + " -> " + now);
    }

    /**
     * A {@code mechos.kernel.rule.speed.cfg} overwritten with random bytes, parsed by FileInstall's own parser as
     * FileInstall does: either the parser throws (FileInstall logs it and leaves the configuration alone) or the
     * garbage keys make the guard refuse it. Either way the lowered cap stays.
     */
    @Test
    void aCorruptCfgFileNeverResetsALoweredCap() throws Exception {
        Random random = new Random(12);
        int parsed = 0;
        for (int i = 0; i < 200; i++) {
            SpeedCapRule r = speed(new HashMap<>(Map.of("max_linear", 0.3, ConfigGuard.FILEINSTALL_FILENAME,
                    "file:/run/conf/mechos.kernel.rule.speed.cfg")));
            byte[] bytes = new byte[1 + random.nextInt(400)];
            random.nextBytes(bytes);
            Map<String, Object> raw = new HashMap<>();
            try {
                TypedProperties p = new TypedProperties();
                p.load(new ByteArrayInputStream(bytes));
                for (String key : p.keySet()) {
                    raw.put(key, p.get(key));
                }
                parsed++;
            } catch (IOException | RuntimeException e) {
                continue; // FileInstall: "Unable to install artifact", configuration unchanged
            }
            raw.put(ConfigGuard.FILEINSTALL_FILENAME, "file:/run/conf/mechos.kernel.rule.speed.cfg");
            try {
                r.modified(ds(SpeedConfig.class, raw), raw);
            } catch (RuntimeException e) {
                throw new AssertionError("a corrupt file made the rule throw: " + e, e);
            }
            assertEquals(0.3, r.limits().maxLinear(), "after bytes #" + i + " parsed into " + raw.keySet());
        }
        assertTrue(parsed > 50, "only " + parsed + " of 200 random files parsed: the test tests little");
    }

    @Test
    void leftoverClearanceKeysAreIgnoredWithAWarningAndNeverRefused() {
        // clearance.config=true: DS's property for a component property type without elements (a marker)
        Map<String, Object> raw = new HashMap<>(Map.of("min_ttc", 0.0, "horizon", 3.0, "clearance.config", true));
        new ClearanceRule(Configs.defaults(ClearanceConfig.class), raw, audit);
        assertFalse(events.stream().anyMatch(ConfigChange::refused), events.toString());
        assertTrue(audit.current().isEmpty());
    }

    @Test
    void anInvertedWorkspaceIsRefused() {
        Map<String, Object> raw = new HashMap<>(Map.of("min_x", 1.0, "max_x", -1.0));
        new WorkspaceRule(ds(WorkspaceConfig.class, raw), raw, audit);
        assertTrue(events.stream().anyMatch(e -> e.refused() && e.key().equals("min_x")), events.toString());
        raw = new HashMap<>(Map.of("max_z", 50.0));
        new WorkspaceRule(ds(WorkspaceConfig.class, raw), raw, audit);
        assertTrue(events.stream().anyMatch(e -> e.refused() && e.key().equals("max_z")), events.toString());
    }
}
