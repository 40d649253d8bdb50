package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

class ConfigBoundsPluginTest {
    /** lowThreshold: a double in [0, 1] (what Felix MetaType's validate says about bounds), default 0.2. */
    private static final AttributeDefinition LOW = new Ad("lowThreshold", AttributeDefinition.DOUBLE, "0.2") {
        @Override
        public String validate(String value) {
            double d;
            try {
                d = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return "not a double: " + value;
            }
            return d < 0 ? "Value too small " + value : d > 1 ? "Value too great " + value : "";
        }
    };
    private static final ObjectClassDefinition BATTERY = new Ocd(LOW);

    private final ConfigBoundsPlugin plugin = new ConfigBoundsPlugin(
            (hint, pid, factory) -> factory && pid.equals("mechos.hal.sim.battery") ? BATTERY : null);

    @Test
    void aValueOutsideTheBoundsNeverReachesTheComponentTheLastGoodOneDoes() {
        Hashtable<String, Object> good = battery("0.3");
        plugin.check(null, good);
        assertEquals("0.3", good.get("lowThreshold"), "a valid value passes unchanged");

        Hashtable<String, Object> bad = battery("5");
        plugin.check(null, bad);
        assertEquals("0.3", bad.get("lowThreshold"), "the last value the component accepted");
    }

    @Test
    void withoutALastGoodValueTheKeyIsDroppedSoTheComponentDefaultApplies() {
        Hashtable<String, Object> bad = battery("-1");
        plugin.check(null, bad);
        assertFalse(bad.containsKey("lowThreshold"));
        Hashtable<String, Object> nan = battery(Double.NaN);
        plugin.check(null, nan);
        assertFalse(nan.containsKey("lowThreshold"), "NaN is refused too");
    }

    @Test
    void theKernelAndForeignConfigurationsAreLeftAlone() {
        Hashtable<String, Object> kernel = new Hashtable<>(Map.of("service.pid", "mechos.kernel.rule.speed",
                "max_linear", "-1"));
        plugin.check(null, kernel);
        assertEquals("-1", kernel.get("max_linear"));
        Hashtable<String, Object> foreign = new Hashtable<>(Map.of("service.pid", "org.example", "x", "1"));
        plugin.check(null, foreign);
        assertEquals("1", foreign.get("x"));
    }

    @Test
    void aFailingMetatypeLookupDeliversTheConfigurationUnchecked() {
        ConfigBoundsPlugin broken = new ConfigBoundsPlugin((hint, pid, factory) -> {
            throw new IllegalStateException("metatype gone");
        });
        Hashtable<String, Object> bad = battery("5");
        broken.modifyConfiguration(null, bad);
        assertEquals("5", bad.get("lowThreshold"));
    }

    @Test
    void arraysAreCheckedElementByElement() {
        assertNull(ConfigBoundsPlugin.problem(LOW, new double[] {0.1, 0.9}));
        assertEquals("Value too great 2.0", ConfigBoundsPlugin.problem(LOW, new double[] {0.1, 2.0}));
    }

    /**
     * Issue 15: after a refusal, Config Admin (and so the Web Console form) ends at the value in force, the refusal
     * stays current for the MechOS page (also after the set-back's own delivery), and the write-back is told not to
     * persist the refused value.
     */
    @Test
    void aRefusedValueIsSetBackInConfigAdminAndStaysReportedUntilAnotherValuePasses() {
        Hashtable<String, Object> stored = battery("0.3");
        List<Hashtable<String, Object>> updates = new ArrayList<>();
        List<Runnable> later = new ArrayList<>();
        ConfigBoundsPlugin p = new ConfigBoundsPlugin(
                (hint, pid, factory) -> factory && pid.equals("mechos.hal.sim.battery") ? BATTERY : null, later::add,
                cm(stored, updates));
        p.check(null, battery("0.3"));
        assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.ACCEPTED,
                p.verdict("mechos.hal.sim.battery~battery", battery("0.3")));

        stored.put("lowThreshold", "5"); // the form saves 5
        assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.REFUSED,
                p.verdict("mechos.hal.sim.battery~battery", stored), "never written to conf/");
        Hashtable<String, Object> delivered = battery("5");
        p.check(null, delivered);
        assertEquals("0.3", delivered.get("lowThreshold"));
        assertEquals(1, p.current().size());
        assertTrue(p.current().get(0).contains("mechos.hal.sim.battery~battery rejected: lowThreshold=5"),
                p.current().toString());
        assertEquals(List.of(), updates, "set back asynchronously, not on Config Admin's delivery thread");
        later.forEach(Runnable::run);
        assertEquals(1, updates.size());
        assertEquals("0.3", stored.get("lowThreshold"), "Config Admin (the form) shows the value in force");

        p.check(null, battery("0.3")); // the set-back's own delivery
        assertTrue(p.current().get(0).endsWith(ConfigBoundsPlugin.SET_BACK), p.current().toString());
        p.check(null, battery("0.4"));
        assertEquals(List.of(), p.current(), "a different valid value clears the refusal");
        assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.NOT_MINE,
                p.verdict("mechos.kernel.rule.speed", Map.of("max_linear", "-1")), "the kernel judges its own");
    }

    @Test
    void aValueChangedAgainBeforeTheSetBackIsNotOverwritten() {
        Hashtable<String, Object> stored = battery("5");
        List<Hashtable<String, Object>> updates = new ArrayList<>();
        List<Runnable> later = new ArrayList<>();
        ConfigBoundsPlugin p = new ConfigBoundsPlugin(
                (hint, pid, factory) -> factory && pid.equals("mechos.hal.sim.battery") ? BATTERY : null, later::add,
                cm(stored, updates));
        p.check(null, battery("5"));
        stored.put("lowThreshold", "0.25"); // the operator corrects it before the set-back runs
        later.forEach(Runnable::run);
        assertEquals(List.of(), updates);
        assertEquals("0.25", stored.get("lowThreshold"));
    }

    /** Config Admin holding one configuration ({@code stored}, changed in place); records updates. */
    private static ConfigurationAdmin cm(Hashtable<String, Object> stored, List<Hashtable<String, Object>> updates) {
        Configuration c = (Configuration) Proxy.newProxyInstance(ConfigBoundsPluginTest.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (o, m, a) -> switch (m.getName()) {
                    case "getProperties" -> new Hashtable<>(stored);
                    case "updateIfDifferent" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> d = (Dictionary<String, Object>) a[0];
                        Hashtable<String, Object> next = new Hashtable<>();
                        for (var e = d.keys(); e.hasMoreElements();) {
                            String k = e.nextElement();
                            next.put(k, d.get(k));
                        }
                        if (next.equals(stored)) {
                            yield false;
                        }
                        stored.clear();
                        stored.putAll(next);
                        updates.add(next);
                        yield true;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(ConfigBoundsPluginTest.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (o, m, a) -> {
                    if (!m.getName().equals("listConfigurations")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    return new Configuration[] {c};
                });
    }

    private static Hashtable<String, Object> battery(Object lowThreshold) {
        return new Hashtable<>(Map.of("service.pid", "mechos.hal.sim.battery~battery", "service.factoryPid",
                "mechos.hal.sim.battery", "lowThreshold", lowThreshold));
    }

    private abstract static class Ad implements AttributeDefinition {
        private final String id;
        private final int type;
        private final String def;

        Ad(String id, int type, String def) {
            this.id = id;
            this.type = type;
            this.def = def;
        }

        @Override
        public String getName() {
            return id;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return id;
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        @Override
        public int getType() {
            return type;
        }

        @Override
        public String[] getOptionValues() {
            return null;
        }

        @Override
        public String[] getOptionLabels() {
            return null;
        }

        @Override
        public String[] getDefaultValue() {
            return new String[] {def};
        }
    }

    private record Ocd(AttributeDefinition... ads) implements ObjectClassDefinition {
        @Override
        public String getName() {
            return "battery";
        }

        @Override
        public String getID() {
            return "mechos.hal.sim.battery";
        }

        @Override
        public String getDescription() {
            return "battery";
        }

        @Override
        public AttributeDefinition[] getAttributeDefinitions(int filter) {
            return ads;
        }

        @Override
        public InputStream getIcon(int size) {
            return null;
        }
    }
}
