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
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationValidator;

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

    /** full/emptyVoltage: doubles in [0, 100], defaults 12.6 / 10.5; a validator requires full > empty. */
    private static final ObjectClassDefinition VOLTAGES = new Ocd(LOW, volts("fullVoltage", "12.6"),
            volts("emptyVoltage", "10.5"));
    private static final ConfigurationValidator FULL_ABOVE_EMPTY = (pid, factoryPid, values) -> {
        double full = Double.parseDouble(String.valueOf(values.getOrDefault("fullVoltage", "12.6")));
        double empty = Double.parseDouble(String.valueOf(values.getOrDefault("emptyVoltage", "10.5")));
        return full > empty ? List.of()
                : List.of(new ConfigurationProblem(List.of("fullVoltage", "emptyVoltage"),
                        "fullVoltage must be above emptyVoltage"));
    };

    private static AttributeDefinition volts(String id, String def) {
        return new Ad(id, AttributeDefinition.DOUBLE, def) {
            @Override
            public String validate(String value) {
                double d = Double.parseDouble(value);
                return d < 0 || d > 100 ? "Value out of range " + value : "";
            }
        };
    }

    private static ConfigBoundsPlugin withValidator(ObjectClassDefinition ocd, ConfigurationValidator v,
            Executor setBacks, ConfigurationAdmin cm) {
        ConfigBoundsPlugin p = new ConfigBoundsPlugin(
                (hint, pid, factory) -> factory && pid.equals("mechos.hal.sim.battery") ? ocd : null, setBacks, cm);
        p.addValidator(v, Map.of(ConfigurationValidator.PIDS, new String[] {"mechos.hal.sim.battery"}));
        return p;
    }

    /**
     * Issue 15: a cross-key rule (full above empty voltage) refused by the bundle's validator reverts the keys it
     * names to the values in force, is listed, set back in Config Admin, judged REFUSED, and cleared by a good
     * configuration; a single key changed alone keeps the other keys' accepted values.
     */
    @Test
    void aCrossKeyProblemRevertsTheNamedKeysListsTheRefusalAndSetsConfigAdminBack() {
        Hashtable<String, Object> stored = voltages("0.3", "12.0", "10.0");
        List<Hashtable<String, Object>> updates = new ArrayList<>();
        List<Runnable> later = new ArrayList<>();
        ConfigBoundsPlugin p = withValidator(VOLTAGES, FULL_ABOVE_EMPTY, later::add, cm(stored, updates));
        Hashtable<String, Object> first = voltages("0.3", "12.0", "10.0");
        p.check(null, first);
        assertEquals("12.0", first.get("fullVoltage"));
        assertEquals(List.of(), p.current());

        stored.putAll(voltages("0.4", "9.0", "10.0")); // the form saves full below empty and a new threshold
        assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.REFUSED,
                p.verdict("mechos.hal.sim.battery~battery", stored), "never written to conf/");
        Hashtable<String, Object> bad = voltages("0.4", "9.0", "10.0");
        p.check(null, bad);
        assertEquals("12.0", bad.get("fullVoltage"), "the named keys keep the values in force");
        assertEquals("10.0", bad.get("emptyVoltage"));
        assertEquals("0.4", bad.get("lowThreshold"), "a key the problem does not name passes");
        assertEquals(1, p.current().size(), p.current().toString());
        assertTrue(p.current().get(0).startsWith("configuration mechos.hal.sim.battery~battery rejected: "
                + "fullVoltage=9.0, emptyVoltage=10.0: fullVoltage must be above emptyVoltage"), p.current().toString());

        later.forEach(Runnable::run);
        assertEquals(1, updates.size());
        assertEquals("12.0", stored.get("fullVoltage"), "Config Admin (the form) shows the values in force");
        assertEquals("0.4", stored.get("lowThreshold"));
        assertEquals(mechos.platform.api.ConfigurationJudge.Verdict.ACCEPTED,
                p.verdict("mechos.hal.sim.battery~battery", stored));
        p.check(null, voltages("0.4", "12.0", "10.0")); // the set-back's own delivery
        assertTrue(p.current().get(0).endsWith(ConfigBoundsPlugin.SET_BACK), p.current().toString());

        Hashtable<String, Object> fixed = voltages("0.4", "14.0", "11.0");
        p.check(null, fixed);
        assertEquals("14.0", fixed.get("fullVoltage"));
        assertEquals(List.of(), p.current(), "a valid configuration clears the refusal");
    }

    @Test
    void withoutValuesInForceTheNamedKeysFallBackToTheirDefaults() {
        ConfigBoundsPlugin p = withValidator(VOLTAGES, FULL_ABOVE_EMPTY, Runnable::run, null);
        Hashtable<String, Object> bad = voltages("0.3", "5", "6");
        p.check(null, bad);
        assertFalse(bad.containsKey("fullVoltage"));
        assertFalse(bad.containsKey("emptyVoltage"));
        assertTrue(p.current().get(0).contains("using the default 12.6"), p.current().toString());
    }

    /** A validator that still refuses after its named keys are reverted: every key goes back to the values in force. */
    @Test
    void whenTheRevertedValuesAreStillRefusedEveryKeyIsReverted() {
        ConfigurationValidator lowBelowHalfOfFull = (pid, factoryPid, values) -> {
            double low = Double.parseDouble(String.valueOf(values.getOrDefault("lowThreshold", "0.2")));
            double full = Double.parseDouble(String.valueOf(values.getOrDefault("fullVoltage", "12.6")));
            return low * 100 < full ? List.of()
                    : List.of(new ConfigurationProblem(List.of("fullVoltage"), "lowThreshold*100 must be below full"));
        };
        ConfigBoundsPlugin p = withValidator(VOLTAGES, lowBelowHalfOfFull, Runnable::run, null);
        p.check(null, voltages("0.1", "12.0", "10.0"));
        Hashtable<String, Object> bad = voltages("0.5", "40", "10.0");
        p.check(null, bad);
        assertEquals("0.1", bad.get("lowThreshold"), "the key the problem did not name is reverted too");
        assertEquals("12.0", bad.get("fullVoltage"));
    }

    /** A bundle whose manifest names {@code validator} (and nothing else is needed of it). */
    private static org.osgi.framework.Bundle bundleDeclaring(String validator, long lastModified) {
        Hashtable<String, String> headers = new Hashtable<>();
        if (validator != null) {
            headers.put(ConfigurationValidator.HEADER, validator);
        }
        return (org.osgi.framework.Bundle) Proxy.newProxyInstance(ConfigBoundsPluginTest.class.getClassLoader(),
                new Class<?>[] { org.osgi.framework.Bundle.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> headers;
                    case "loadClass" -> Class.forName((String) args[0]);
                    case "getBundleId" -> 19L;
                    case "getLastModified" -> lastModified;
                    case "getSymbolicName" -> "mechos.hal.sim";
                    case "toString" -> "mechos.hal.sim [19]";
                    case "hashCode" -> 19;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    /**
     * At start-up SCR hands a bundle its configurations before any of the bundle's services exist, so no validator
     * service is there yet: the validator the receiving bundle's manifest declares is asked from the first delivery.
     */
    @Test
    void theValidatorTheReceivingBundleDeclaresIsAskedBeforeAnyValidatorServiceExists() {
        ConfigBoundsPlugin p = new ConfigBoundsPlugin(
                (hint, pid, factory) -> factory && pid.equals("mechos.hal.sim.battery") ? VOLTAGES : null,
                Runnable::run, null);
        org.osgi.framework.Bundle sim = bundleDeclaring(DeclaredVoltageValidator.class.getName(), 1);
        Hashtable<String, Object> bad = voltages("0.3", "9.0", "10.0");
        p.check(sim, bad);
        assertFalse(bad.containsKey("fullVoltage"), "refused at the first delivery: the default applies");
        assertFalse(bad.containsKey("emptyVoltage"));
        assertTrue(p.current().get(0).contains("fullVoltage must be above emptyVoltage"), p.current().toString());

        // the same class also registered as a service later: asked once, same answer
        p.addValidator(new DeclaredVoltageValidator(),
                Map.of(ConfigurationValidator.PIDS, new String[] {"mechos.hal.sim.battery"}));
        assertEquals(1, p.validate(sim, "mechos.hal.sim.battery~battery", "mechos.hal.sim.battery",
                Map.of("fullVoltage", "9.0", "emptyVoltage", "10.0")).size());

        // a bundle that declares nothing, or a class that cannot be made: metatype only, delivered
        Hashtable<String, Object> plain = voltages("0.3", "9.0", "10.0");
        new ConfigBoundsPlugin((hint, pid, factory) -> VOLTAGES, Runnable::run, null)
                .check(bundleDeclaring(null, 1), plain);
        assertEquals("9.0", plain.get("fullVoltage"));
        Hashtable<String, Object> missing = voltages("0.3", "9.0", "10.0");
        new ConfigBoundsPlugin((hint, pid, factory) -> VOLTAGES, Runnable::run, null)
                .check(bundleDeclaring("mechos.hal.sim.internal.NoSuchValidator", 1), missing);
        assertEquals("9.0", missing.get("fullVoltage"));
    }

    @Test
    void aThrowingValidatorIsLoggedAndTheConfigurationDeliveredAndAValidatorThatLeftIsNotAsked() {
        ConfigurationValidator broken = (pid, factoryPid, values) -> {
            throw new IllegalStateException("validator bug");
        };
        ConfigBoundsPlugin p = withValidator(VOLTAGES, broken, Runnable::run, null);
        Hashtable<String, Object> v = voltages("0.3", "9.0", "10.0");
        p.check(null, v);
        assertEquals("9.0", v.get("fullVoltage"));
        assertEquals(List.of(), p.current());

        ConfigBoundsPlugin q = withValidator(VOLTAGES, FULL_ABOVE_EMPTY, Runnable::run, null);
        q.removeValidator(FULL_ABOVE_EMPTY);
        Hashtable<String, Object> w = voltages("0.3", "9.0", "10.0");
        q.check(null, w);
        assertEquals("9.0", w.get("fullVoltage"), "the component's own check is the last line");
    }

    @Test
    void aValidatorIsAskedOnlyForThePidsItOwns() {
        List<String> asked = new ArrayList<>();
        ConfigBoundsPlugin p = withValidator(VOLTAGES, (pid, factoryPid, values) -> {
            asked.add(pid);
            return List.of();
        }, Runnable::run, null);
        p.check(null, voltages("0.3", "12.0", "10.0"));
        p.addValidator((pid, f, values) -> List.of(new ConfigurationProblem(List.of("x"), "never")), Map.of());
        assertEquals(List.of("mechos.hal.sim.battery~battery"), asked);
        assertEquals(List.of(), p.validate(null, "mechos.other", null, Map.of()));
    }

    private static Hashtable<String, Object> voltages(String low, String full, String empty) {
        Hashtable<String, Object> h = battery(low);
        h.put("fullVoltage", full);
        h.put("emptyVoltage", empty);
        return h;
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
