package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
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
