package mechos.kernel.internal.policy;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies one component's configuration all or nothing, inside the {@link SafetyEnvelope}:
 * <ul>
 * <li>every value within its bound, consistent (the component's own checks) and understood (no value DS could
 * not convert, no unknown key: a corrupt {@code .cfg} parses into garbage keys) → accepted; every changed key is
 * logged at WARN with old → new and its source, and published;</li>
 * <li>anything else → refused as a whole: the component keeps its last good values (all of them), one WARN line
 * per refused key names PID, key, value and bound, and the refusal stays visible until a later configuration of
 * the PID is accepted;</li>
 * <li>a key that the last accepted configuration set and the new one lacks (a file truncated or overwritten)
 * is refused: a safety parameter never falls back to its default silently;</li>
 * <li>a refused FIRST configuration starts the component with the envelope's safe values (the defaults moved
 * into the envelope) and reports the refusal; activation never fails on bad configuration.</li>
 * </ul>
 */
public final class ConfigGuard {
    /** Config Admin property FileInstall adds to configurations it read from a file. */
    public static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private final String pid;
    private final Class<? extends Annotation> type;
    private final SafetyEnvelope envelope;
    private final ConfigAudit audit;
    private final Map<String, String> leftovers;
    private final Function<Map<String, Object>, List<ConfigRefusal>> consistency;
    private final Map<String, Object> defaults;
    private final String marker;
    private final Set<String> leftoversLogged = new HashSet<>();
    private Map<String, Object> lastGood;
    private Set<String> lastExplicit = Set.of();

    /**
     * @param leftovers   keys this PID no longer reads → what to do instead (logged once each, never refused)
     * @param consistency the component's own checks of a whole configuration (e.g. slow_ttc ≥ stop_ttc)
     */
    public ConfigGuard(String pid, Class<? extends Annotation> type, SafetyEnvelope envelope, ConfigAudit audit,
            Map<String, String> leftovers, Function<Map<String, Object>, List<ConfigRefusal>> consistency) {
        this.pid = pid;
        this.type = type;
        this.envelope = envelope;
        this.audit = audit;
        this.leftovers = Map.copyOf(leftovers);
        this.consistency = consistency;
        this.defaults = ConfigValues.defaults(type);
        this.marker = type.getDeclaredMethods().length == 0 ? markerKey(type.getSimpleName()) : null;
        audit.guarding(pid);
    }

    /** DS 1.4 (112.8.2.1): a component property type without elements is a marker, property {@code a.b}=true. */
    static String markerKey(String simpleName) {
        return simpleName.replaceAll("([a-z0-9])([A-Z])", "$1.$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param config     the DS component property type instance
     * @param properties the raw component properties (null outside OSGi)
     * @return the values the component must use now (never null)
     */
    public synchronized Map<String, Object> apply(Object config, Map<String, ?> properties) {
        String source = source(properties);
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        Map<String, Object> values = ConfigValues.of(config, type, errors);
        List<ConfigRefusal> refusals = new ArrayList<>();
        errors.forEach((key, error) -> refusals.add(new ConfigRefusal(pid, key,
                properties == null ? "?" : ConfigValues.show(properties.get(key)), "is not a valid value: " + error)));
        if (properties != null) {
            List<String> unknown = new ArrayList<>();
            for (String key : properties.keySet()) {
                if (defaults.containsKey(key) || framework(key) || key.equals(marker)) {
                    continue;
                }
                if (leftovers.containsKey(key)) {
                    if (leftoversLogged.add(key)) {
                        audit.leftover(pid, key, leftovers.get(key), source);
                    }
                    continue;
                }
                unknown.add(key);
            }
            if (!unknown.isEmpty()) {
                unknown.sort(null);
                String first = unknown.get(0);
                refusals.add(new ConfigRefusal(pid, printable(first), printable(ConfigValues.show(properties.get(first))),
                        (unknown.size() == 1 ? "is not a key" : "and " + (unknown.size() - 1) + " more are not keys")
                                + " of this configuration (corrupt or misspelt file?)"));
            }
        }
        Set<String> explicit = new HashSet<>();
        if (properties != null) {
            properties.keySet().stream().filter(defaults::containsKey).forEach(explicit::add);
            for (String key : lastExplicit) {
                if (!explicit.contains(key)) {
                    refusals.add(new ConfigRefusal(pid, key, "(removed)", "was " + ConfigValues.show(lastGood.get(key))
                            + "; a safety parameter never falls back to its default silently: give it a value"));
                }
            }
        }
        if (errors.isEmpty()) {
            refusals.addAll(envelope.check(pid, values));
            if (refusals.isEmpty()) {
                refusals.addAll(checked(values));
            }
        }
        if (!refusals.isEmpty()) {
            String keeping;
            if (lastGood != null) {
                keeping = "keeping the last good configuration";
            } else {
                keeping = "starting with the safety envelope's safe defaults";
                lastGood = envelope.safe(pid, defaults);
            }
            audit.judged(pid, properties, false);
            for (ConfigRefusal r : refusals) {
                audit.refused(r, source, keeping);
            }
            if (properties != null) {
                audit.restore(pid, properties, lastGood);
            }
            return lastGood;
        }
        Map<String, Object> before = lastGood != null ? lastGood : defaults;
        String who = lastGood != null ? source : source + " (at start, compared with the defaults)";
        values.forEach((key, v) -> {
            if (!ConfigValues.same(before.get(key), v)) {
                audit.changed(pid, key, ConfigValues.show(before.get(key)), ConfigValues.show(v), who);
            }
        });
        boolean changedNothing = lastGood != null && values.keySet().equals(lastGood.keySet())
                && values.entrySet().stream().allMatch(e -> ConfigValues.same(lastGood.get(e.getKey()), e.getValue()));
        audit.judged(pid, properties, true);
        audit.accepted(pid, changedNothing);
        lastGood = values;
        lastExplicit = Set.copyOf(explicit);
        return values;
    }

    private List<ConfigRefusal> checked(Map<String, Object> values) {
        try {
            return consistency.apply(values);
        } catch (RuntimeException e) {
            return List.of(new ConfigRefusal(pid, "(configuration)", "", "is inconsistent: " + e.getMessage()));
        }
    }

    /** @return the values in use (for tests) */
    public synchronized Map<String, Object> current() {
        return lastGood;
    }

    static String source(Map<String, ?> properties) {
        if (properties == null) {
            return "built-in wiring (no Config Admin)";
        }
        Object file = properties.get(FILEINSTALL_FILENAME);
        return file != null ? "conf/ file " + file : "Config Admin / Web Console";
    }

    /** @return true for keys that belong to the framework, Config Admin or FileInstall, not to the component */
    static boolean framework(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.startsWith("osgi.") || key.startsWith(".") || key.startsWith(":") || key.equals("objectClass")
                || key.endsWith(".target");
    }

    private static String printable(String key) {
        StringBuilder b = new StringBuilder();
        key.codePoints().limit(40).forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                b.appendCodePoint(c);
            } else {
                b.append(String.format("\\u%04x", c));
            }
        });
        return key.length() > 40 ? b + "…" : b.toString();
    }
}
