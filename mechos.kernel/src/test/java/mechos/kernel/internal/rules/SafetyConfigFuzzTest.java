package mechos.kernel.internal.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import mechos.kernel.internal.Configs;
import mechos.kernel.internal.policy.ConfigAudit;
import mechos.kernel.internal.policy.SafetyEnvelope;

/**
 * Coverage-guided fuzzing of safety-parameter configuration as Config Admin delivers it (values of any type a
 * {@code .cfg} file or the console can produce, unknown keys, removed keys, in any sequence). Property: whatever
 * arrives, the speed caps in force stay finite and inside the safety envelope, and nothing escapes the component.
 */
class SafetyConfigFuzzTest {
    private static final String[] KEYS = { "max_linear", "max_angular", "max_linear_accel", "max_angular_accel",
            "accel_window_ms", "bogus" };

    private static Object value(FuzzedDataProvider d) {
        switch (d.consumeInt(0, 6)) {
        case 0:
            return d.consumeDouble();
        case 1:
            return d.pickValue(new Double[] { Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
                    1e9, 0.3 });
        case 2:
            return d.consumeLong();
        case 3:
            return d.consumeString(12);
        case 4:
            return d.consumeBoolean();
        case 5:
            return new String[] { d.consumeString(6) };
        default:
            return d.consumeInt();
        }
    }

    @FuzzTest(maxDuration = "10s")
    void speedConfiguration(FuzzedDataProvider d) {
        ConfigAudit audit = new ConfigAudit();
        SpeedCapRule rule = new SpeedCapRule(Configs.defaults(SpeedConfig.class), new HashMap<>(), audit);
        SafetyEnvelope env = SafetyEnvelope.builtIn();
        int rounds = d.consumeInt(1, 4);
        for (int i = 0; i < rounds; i++) {
            Map<String, Object> raw = new HashMap<>();
            Map<String, Object> byMethod = new HashMap<>();
            int n = d.consumeInt(0, KEYS.length);
            for (int k = 0; k < n; k++) {
                String key = d.pickValue(KEYS);
                Object v = value(d);
                raw.put(key, v);
                byMethod.put(key.replace("_", "__"), v);
            }
            raw.put("service.pid", SpeedCapRule.PID);
            // a value of the wrong type fails when the component reads it, as a DS conversion failure does
            rule.modified(Configs.of(SpeedConfig.class, byMethod), raw);
            SpeedCapRule.Limits l = rule.limits();
            assertInside(env, "max_linear", l.maxLinear());
            assertInside(env, "max_angular", l.maxAngular());
        }
    }

    private static void assertInside(SafetyEnvelope env, String key, double v) {
        SafetyEnvelope.Range r = env.range(SafetyEnvelope.SPEED, key);
        assertTrue(Double.isFinite(v) && r.contains(v), key + "=" + v + " outside " + r.describe());
    }
}
