package mechos.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class ParamCommandsTest {
    private final Hashtable<String, Object> speed = new Hashtable<>();
    private Dictionary<String, ?> updated;

    ParamCommandsTest() {
        speed.put("service.pid", "mechos.kernel.rule.speed");
        speed.put("max_linear", 0.5);
        speed.put("accel_window_ms", 500);
        speed.put("api_key", "sk-secret-value");
    }

    private ParamCommands commands() {
        Configuration cfg = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { Configuration.class }, (p, m, a) -> switch (m.getName()) {
                case "getPid" -> "mechos.kernel.rule.speed";
                case "getProperties" -> speed;
                case "update" -> {
                    updated = a == null ? null : (Dictionary<String, ?>) a[0];
                    yield null;
                }
                default -> throw new UnsupportedOperationException(m.getName());
                });
        ConfigurationAdmin ca = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ConfigurationAdmin.class }, (p, m, a) -> switch (m.getName()) {
                case "listConfigurations" -> a[0] == null || a[0].toString().contains("mechos.kernel.rule.speed)")
                        ? new Configuration[] { cfg }
                        : null;
                case "getConfiguration" -> cfg;
                default -> throw new UnsupportedOperationException(m.getName());
                });
        return new ParamCommands(ca);
    }

    @Test
    void setKeepsTheTypeAndTheOtherKeys() {
        String out = commands().param("set", "mechos.kernel.rule.speed", "max_linear", "0.4");
        assertTrue(out.contains("max_linear = 0.4 (was 0.5)"), out);
        assertEquals(0.4, updated.get("max_linear"));
        assertEquals(500, updated.get("accel_window_ms"));
        commands().param("set", "mechos.kernel.rule.speed", "accel_window_ms", "250");
        assertEquals(250, updated.get("accel_window_ms"));
    }

    @Test
    void badInputGivesUsageAndChangesNothing() {
        ParamCommands c = commands();
        assertTrue(c.param("set", "mechos.kernel.rule.speed", "maxLinar", "0.4").contains("no settable key maxLinar"));
        assertTrue(c.param("set", "mechos.kernel.rule.speed", "max_linear", "fast").contains("must be a number"));
        assertTrue(c.param("set", "mechos.kernel.rule.speed", "max_linear", "NaN").contains("finite"));
        assertTrue(c.param("set", "mechos.kernel.rule.speed", "accel_window_ms", "1.5").contains("whole number"));
        assertTrue(c.param("set", "mechos.nothing", "x", "1").contains("no configuration with PID"));
        assertTrue(c.param("set", "mechos.kernel.rule.speed").contains("usage:"));
        assertTrue(c.param("frobnicate").contains("usage:"));
        assertEquals(ParamCommands.USAGE, c.param("help"));
        assertEquals(null, updated, "nothing was written");
    }

    @Test
    void getNeverPrintsSecrets() {
        String all = commands().param("get", "mechos.kernel.rule.speed");
        assertTrue(all.contains("max_linear = 0.5"), all);
        assertFalse(all.contains("sk-secret-value"), all);
        assertFalse(commands().param("get", "mechos.kernel.rule.speed", "api_key").contains("sk-secret"));
    }
}
