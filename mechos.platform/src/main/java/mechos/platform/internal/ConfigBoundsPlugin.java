package mechos.platform.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.platform.api.ConfigurationJudge;
import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationRefusals;
import mechos.platform.api.ConfigurationValidator;
import mechos.platform.api.LogText;

/**
 * Checks every MechOS configuration against its metatype (type, bounds, options) before Declarative Services hands
 * it to a component. A value the metatype refuses never reaches the component (whose activation would otherwise
 * throw, SCR printing a raw stack trace and the device or service disappearing): it is replaced by the last value
 * that component accepted (else the metatype default), and one WARN names the PID, key, value and reason
 * ("configuration rejected"). The same refused value is reported once, not on every delivery.
 *
 * <p>Config Admin is then set back to the values in force (asynchronously, on this component's own thread, and only
 * while Config Admin still holds the refused value), so the Web Console form shows what the component uses, and
 * the refusal stays current ({@link ConfigurationRefusals}, shown on the MechOS page) until a different value of that
 * key passes. As a {@link ConfigurationJudge} it tells the platform's write-back that a configuration holding a
 * refused value must not be written to its {@code conf/} file.
 *
 * <p>The kernel's configurations ({@code mechos.kernel*}) are left to the kernel, whose own guard checks them against
 * the safety envelope, reports refusals on the bus and sets Config Admin back. Only {@code mechos.*} PIDs are
 * checked. Runs on Config Admin's and SCR's threads, never on a control thread.
 *
 * <p>After the per-key bounds, the {@link ConfigurationValidator}s owning the PID (or factory PID) are asked about
 * what a metatype cannot express (a rule spanning several keys, the shape of a string). The keys a problem names are
 * treated like a refused key (the value in force, else the default; one WARN; listed; set back); if the validators
 * still refuse the result, every key of the metatype is reverted to the values in force. A key's value becomes the
 * value in force only once the whole configuration passed.
 */
@Component(service = { ConfigurationPlugin.class, ConfigurationJudge.class, ConfigurationRefusals.class },
        property = ConfigurationPlugin.CM_RANKING + ":Integer=500")
public final class ConfigBoundsPlugin implements ConfigurationPlugin, ConfigurationJudge, ConfigurationRefusals {
    static final String SET_BACK = " [Config Admin set back to the value in force]";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigBoundsPlugin.class);

    /** Finds the metatype of a PID (a factory PID for factory configurations); null if none. */
    interface Metatypes {
        ObjectClassDefinition find(Bundle hint, String pid, boolean factory);
    }

    private final Metatypes metatypes;
    /** pid → key → the last value that passed. */
    private final Map<String, Map<String, Object>> lastGood = new ConcurrentHashMap<>();
    /** pid/key=value already reported. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** pid/key (pid/key1,key2 for a validator's refusal) → the current refusal's line. */
    private final Map<String, String> current = new ConcurrentHashMap<>();
    /** pid/key1,key2 of a validator's refusal in {@link #current} → its keys. */
    private final Map<String, List<String>> crossKeys = new ConcurrentHashMap<>();
    /** the validators and the PIDs / factory PIDs each owns. */
    private final Map<ConfigurationValidator, Set<String>> validators = new ConcurrentHashMap<>();
    private final Executor setBacks;
    private final ExecutorService ownExecutor;
    private volatile ConfigurationAdmin configAdmin;

    @Activate
    public ConfigBoundsPlugin(BundleContext context, @Reference MetaTypeService metaType) {
        this((hint, pid, factory) -> find(context, metaType, hint, pid, factory), Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mechos-config-bounds-setback");
            t.setDaemon(true);
            return t;
        }));
    }

    private ConfigBoundsPlugin(Metatypes metatypes, ExecutorService executor) {
        this.metatypes = metatypes;
        this.setBacks = executor;
        this.ownExecutor = executor;
    }

    /** For tests: set-backs run on {@code setBacks} (e.g. at once) against {@code cm} (null: none). */
    ConfigBoundsPlugin(Metatypes metatypes, Executor setBacks, ConfigurationAdmin cm) {
        this.metatypes = metatypes;
        this.setBacks = setBacks;
        this.ownExecutor = null;
        this.configAdmin = cm;
    }

    ConfigBoundsPlugin(Metatypes metatypes) {
        this(metatypes, Runnable::run, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setConfigurationAdmin(ConfigurationAdmin cm) {
        this.configAdmin = cm;
    }

    void unsetConfigurationAdmin(ConfigurationAdmin cm) {
        if (this.configAdmin == cm) {
            this.configAdmin = null;
        }
    }

    /** Validators come and go at any time; a configuration delivered meanwhile is checked by those present. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addValidator(ConfigurationValidator validator, Map<String, Object> properties) {
        Set<String> pids = new HashSet<>();
        Object owned = properties.get(ConfigurationValidator.PIDS);
        if (owned instanceof String one) {
            pids.add(one);
        } else if (owned instanceof String[] many) {
            pids.addAll(Arrays.asList(many));
        } else if (owned instanceof Collection<?> many) {
            many.forEach(p -> pids.add(String.valueOf(p)));
        }
        if (pids.isEmpty()) {
            LOG.warn("configuration validator {} names no PIDs (service property {}); it is not asked",
                    validator.getClass().getName(), ConfigurationValidator.PIDS);
            return;
        }
        validators.put(validator, Set.copyOf(pids));
        LOG.debug("configuration validator {} checks {}", validator.getClass().getName(), pids);
    }

    void removeValidator(ConfigurationValidator validator) {
        validators.remove(validator);
    }

    @Deactivate
    void deactivate() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    @Override
    public List<String> current() {
        List<String> l = new ArrayList<>(current.values());
        l.sort(null);
        return l;
    }

    @Override
    public Verdict verdict(String pid, Map<String, Object> values) {
        ObjectClassDefinition ocd = mine(pid, values.get("service.factoryPid"), null);
        AttributeDefinition[] ads = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (ads == null) {
            return Verdict.NOT_MINE;
        }
        for (AttributeDefinition ad : ads) {
            Object value = values.get(ad.getID());
            if (value != null && problem(ad, value) != null) {
                return Verdict.REFUSED;
            }
        }
        Object factoryPid = values.get("service.factoryPid");
        return validate(null, pid, factoryPid instanceof String f ? f : null, Collections.unmodifiableMap(values))
                .isEmpty()
                ? Verdict.ACCEPTED : Verdict.REFUSED;
    }

    /** @return the metatype of a MechOS configuration this plugin checks, else null */
    private ObjectClassDefinition mine(String pid, Object factoryPid, Bundle hint) {
        if (pid == null || !pid.startsWith("mechos.") || pid.startsWith("mechos.kernel")) {
            return null;
        }
        return factoryPid instanceof String f ? metatypes.find(hint, f, true) : metatypes.find(hint, pid, false);
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        try {
            check(reference == null ? null : reference.getBundle(), properties);
        } catch (RuntimeException e) {
            LOG.warn("checking configuration {} against its metatype failed ({}); delivered unchecked",
                    properties.get("service.pid"), e.toString());
        }
    }

    void check(Bundle hint, Dictionary<String, Object> properties) {
        Object pidValue = properties.get("service.pid");
        if (!(pidValue instanceof String pid)) {
            return;
        }
        Object factoryPid = properties.get("service.factoryPid");
        ObjectClassDefinition ocd = mine(pid, factoryPid, hint);
        LOG.debug("configuration {} delivered to {}: metatype {}, {} validators", pid, hint, ocd == null ? "none"
                : ocd.getID(), validators.size());
        if (ocd == null) {
            return;
        }
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (ads == null) {
            return;
        }
        Map<String, Object> good = lastGood.computeIfAbsent(pid, p -> new ConcurrentHashMap<>());
        Map<String, Object> before = new HashMap<>(good);
        Map<String, Object> refused = new HashMap<>();
        Map<String, Object> inForce = new HashMap<>();
        Map<String, Object> passed = new HashMap<>();
        for (AttributeDefinition ad : ads) {
            Object value = properties.get(ad.getID());
            if (value == null) {
                continue;
            }
            String problem = problem(ad, value);
            if (problem == null) {
                passed.put(ad.getID(), value);
                continue;
            }
            boolean secret = isSecret(ad);
            String kept = revert(properties, good, ad.getID(), ad, secret);
            String shown = secret ? "********" : String.valueOf(LogText.cap(ConfFile.text(value)));
            if (reported.add(pid + "/" + ad.getID() + "=" + ConfFile.text(value))) {
                LOG.warn("configuration {} rejected: {}={}: {}; {}", pid, ad.getID(), shown, problem, kept);
            }
            current.put(pid + "/" + ad.getID(),
                    "configuration " + pid + " rejected: " + ad.getID() + "=" + shown + ": " + problem + "; " + kept);
            refused.put(ad.getID(), value);
            inForce.put(ad.getID(), good.get(ad.getID()));
        }
        Set<String> crossLines = crossCheck(hint, pid, factoryPid instanceof String f ? f : null, ads, properties, good,
                refused, inForce);
        for (Map.Entry<String, Object> e : passed.entrySet()) {
            if (refused.containsKey(e.getKey())) {
                continue;
            }
            Object was = good.put(e.getKey(), e.getValue());
            String line = current.get(pid + "/" + e.getKey());
            if (line != null && Objects.deepEquals(was, e.getValue())) {
                // the value in force again (the set-back): the refusal stays current, marked as set back
                current.replace(pid + "/" + e.getKey(), line.endsWith(SET_BACK) ? line : line + SET_BACK);
            } else {
                current.remove(pid + "/" + e.getKey());
            }
        }
        settleCrossLines(pid, crossLines, properties, before);
        if (!refused.isEmpty()) {
            try {
                setBacks.execute(() -> setBack(pid, refused, inForce));
            } catch (RejectedExecutionException e) {
                LOG.warn("configuration {}: not set back to the values in force (shutting down)", pid);
            }
        }
    }

    /**
     * Asks the validators owning the PID about the values (after the per-key check). The keys a problem names are
     * reverted; if the validators still refuse the result, every key of the metatype is reverted to the values in
     * force.
     *
     * @return the keys in {@link #current} of the cross-key refusals made now
     */
    private Set<String> crossCheck(Bundle hint, String pid, String factoryPid, AttributeDefinition[] ads,
            Dictionary<String, Object> properties, Map<String, Object> good, Map<String, Object> refused,
            Map<String, Object> inForce) {
        Set<String> lines = new HashSet<>();
        List<ConfigurationProblem> problems = validate(hint, pid, factoryPid, map(properties));
        if (problems.isEmpty()) {
            return lines;
        }
        Map<String, AttributeDefinition> byId = new HashMap<>();
        for (AttributeDefinition ad : ads) {
            byId.put(ad.getID(), ad);
        }
        Map<String, Object> proposed = map(properties);
        for (ConfigurationProblem p : problems) {
            lines.add(refuse(pid, p.keys(), p.reason(), proposed, properties, good, byId, refused, inForce));
        }
        List<ConfigurationProblem> still = validate(hint, pid, factoryPid, map(properties));
        if (still.isEmpty()) {
            return lines;
        }
        List<String> all = new ArrayList<>(byId.keySet());
        all.sort(null);
        String reason = still.get(0).reason() + " (also with " + String.join(", ", problems.get(0).keys())
                + " in force: every key reverted)";
        lines.add(refuse(pid, all, reason, proposed, properties, good, byId, refused, inForce));
        List<ConfigurationProblem> last = validate(hint, pid, factoryPid, map(properties));
        if (!last.isEmpty() && reported.add(pid + "/*=" + last)) {
            LOG.warn("configuration {}: the values in force are refused too ({}: {}); delivered as they are",
                    pid, String.join(", ", last.get(0).keys()), last.get(0).reason());
        }
        return lines;
    }

    /** Reverts {@code keys} of one cross-key problem, reports it once and lists it; @return its key in current */
    private String refuse(String pid, List<String> keys, String reason, Map<String, Object> proposed,
            Dictionary<String, Object> properties, Map<String, Object> good, Map<String, AttributeDefinition> byId,
            Map<String, Object> refused, Map<String, Object> inForce) {
        List<String> shown = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String key : keys) {
            AttributeDefinition ad = byId.get(key);
            boolean secret = ad != null ? isSecret(ad) : key.startsWith(".");
            Object value = proposed.get(key);
            shown.add(key + "=" + (secret ? "********" : value == null ? "(default)"
                    : String.valueOf(LogText.cap(ConfFile.text(value)))));
            if (!refused.containsKey(key)) {
                refused.put(key, properties.get(key));
            }
            kept.add(key + ": " + revert(properties, good, key, ad, secret));
            inForce.put(key, good.get(key));
        }
        String what = String.join(", ", shown);
        String keeping = String.join("; ", kept);
        if (reported.add(pid + "/" + what + ":" + reason)) {
            LOG.warn("configuration {} rejected: {}: {}; {}", pid, what, reason, keeping);
        }
        String lineKey = pid + "/" + String.join(",", keys);
        current.put(lineKey, "configuration " + pid + " rejected: " + what + ": " + reason + "; " + keeping);
        crossKeys.put(lineKey, List.copyOf(keys));
        return lineKey;
    }

    /**
     * A cross-key refusal of {@code pid} not made again now stays current, marked as set back, while the values in
     * force are delivered again (the set-back's own delivery); any other accepted change clears it.
     */
    private void settleCrossLines(String pid, Set<String> madeNow, Dictionary<String, Object> properties,
            Map<String, Object> before) {
        for (Map.Entry<String, List<String>> e : crossKeys.entrySet()) {
            String lineKey = e.getKey();
            if (!lineKey.startsWith(pid + "/") || madeNow.contains(lineKey)) {
                continue;
            }
            boolean setBack = true;
            for (String key : e.getValue()) {
                setBack &= Objects.deepEquals(properties.get(key), before.get(key));
            }
            String line = current.get(lineKey);
            if (line != null && setBack) {
                current.replace(lineKey, line.endsWith(SET_BACK) ? line : line + SET_BACK);
            } else {
                current.remove(lineKey);
                crossKeys.remove(lineKey);
            }
        }
    }

    /** Replaces {@code key} by its value in force (else drops it: the default applies); @return what is kept */
    private static String revert(Dictionary<String, Object> properties, Map<String, Object> good, String key,
            AttributeDefinition ad, boolean secret) {
        Object keep = good.get(key);
        String kept;
        if (keep != null) {
            properties.put(key, keep);
            kept = "keeping " + ConfFile.text(keep);
        } else {
            properties.remove(key);
            String[] defaults = ad == null ? null : ad.getDefaultValue();
            kept = "using the default" + (defaults != null ? " " + String.join(",", defaults) : "");
        }
        return secret ? kept.replaceAll(" .*", " the previous value") : kept;
    }

    private static boolean isSecret(AttributeDefinition ad) {
        return ad.getType() == AttributeDefinition.PASSWORD || ad.getID().startsWith(".");
    }

    /**
     * @param receiver the bundle the configuration is delivered to (null: unknown); the validator its manifest names
     *                 ({@link ConfigurationValidator#HEADER}) is asked first, so its checks apply from the very first
     *                 delivery, before that bundle's services exist
     * @return the problems the validators owning the PID find; a failing validator is logged and ignored
     */
    List<ConfigurationProblem> validate(Bundle receiver, String pid, String factoryPid, Map<String, Object> values) {
        String owner = factoryPid != null ? factoryPid : pid;
        List<ConfigurationProblem> problems = new ArrayList<>();
        ConfigurationValidator declared = declaredValidator(receiver);
        if (declared != null) {
            ask(declared, pid, factoryPid, values, problems);
        }
        for (Map.Entry<ConfigurationValidator, Set<String>> e : validators.entrySet()) {
            if (e.getValue().contains(owner) && (declared == null || e.getKey().getClass() != declared.getClass())) {
                ask(e.getKey(), pid, factoryPid, values, problems);
            }
        }
        return problems;
    }

    private void ask(ConfigurationValidator validator, String pid, String factoryPid, Map<String, Object> values,
            List<ConfigurationProblem> problems) {
        try {
            List<ConfigurationProblem> found = validator.problems(pid, factoryPid, values);
            if (found != null) {
                problems.addAll(found);
            }
        } catch (RuntimeException | LinkageError ex) {
            if (reported.add(pid + "/validator:" + validator.getClass().getName() + ":" + ex)) {
                LOG.warn("configuration {}: validator {} failed ({}); its checks are skipped for these values", pid,
                        validator.getClass().getName(), ex.toString());
            }
        }
    }

    /** A bundle's declared validator, made once per bundle revision (bundle id and last-modified time). */
    private record Declared(long lastModified, ConfigurationValidator validator) {
    }

    private final Map<Long, Declared> declared = new ConcurrentHashMap<>();

    /** @return the validator the bundle's manifest names, made from the bundle's class space; null if none */
    private ConfigurationValidator declaredValidator(Bundle bundle) {
        if (bundle == null) {
            return null;
        }
        String className = bundle.getHeaders("").get(ConfigurationValidator.HEADER);
        if (className == null || className.isBlank()) {
            return null;
        }
        Declared d = declared.get(bundle.getBundleId());
        if (d != null && d.lastModified() == bundle.getLastModified()) {
            return d.validator();
        }
        ConfigurationValidator made = null;
        try {
            Object o = bundle.loadClass(className.trim()).getConstructor().newInstance();
            if (o instanceof ConfigurationValidator v) {
                made = v;
            } else {
                LOG.warn("bundle {}: {} {} is not a {}; its configurations are checked by metatype only",
                        bundle.getSymbolicName(), ConfigurationValidator.HEADER, className,
                        ConfigurationValidator.class.getName());
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("bundle {}: cannot make its configuration validator {} ({}); its configurations are checked by"
                    + " metatype only", bundle.getSymbolicName(), className, e.toString());
        }
        declared.put(bundle.getBundleId(), new Declared(bundle.getLastModified(), made));
        return made;
    }

    private static Map<String, Object> map(Dictionary<String, Object> properties) {
        Map<String, Object> m = new HashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            m.put(k, properties.get(k));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Sets Config Admin's configuration of {@code pid} back to the values in force (a refused key with no value in
     * force is removed: the component's default applies), unless it changed since.
     */
    private void setBack(String pid, Map<String, Object> refused, Map<String, Object> inForce) {
        ConfigurationAdmin cm = configAdmin;
        if (cm == null) {
            return;
        }
        try {
            Configuration[] found = cm.listConfigurations("(service.pid=" + pid.replace("\\", "\\\\")
                    .replace("(", "\\(").replace(")", "\\)").replace("*", "\\*") + ")");
            Dictionary<String, Object> now = found == null || found.length == 0 ? null : found[0].getProperties();
            if (now == null) {
                return;
            }
            for (Map.Entry<String, Object> e : refused.entrySet()) {
                if (!Objects.deepEquals(now.get(e.getKey()), e.getValue())) {
                    LOG.debug("configuration {} changed since it was refused; not set back", pid);
                    return;
                }
            }
            Hashtable<String, Object> next = new Hashtable<>();
            for (Enumeration<String> keys = now.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                next.put(k, now.get(k));
            }
            inForce.forEach((k, v) -> {
                if (v != null) {
                    next.put(k, v);
                } else {
                    next.remove(k);
                }
            });
            if (found[0].updateIfDifferent(next)) {
                LOG.warn("configuration {}: Config Admin set back to the values in force (the refused values are named "
                        + "above)", pid);
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("configuration {}: setting Config Admin back to the values in force failed: {}", pid,
                    e.toString());
        }
    }

    /** @return why the metatype refuses {@code value}, or null if it accepts it */
    static String problem(AttributeDefinition ad, Object value) {
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                String p = problem(ad, Array.get(value, i));
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (value instanceof Collection<?> c) {
            for (Object v : c) {
                String p = v == null ? null : problem(ad, v);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        String text = String.valueOf(value);
        if (isNumeric(ad.getType()) && text.trim().equalsIgnoreCase("NaN")) {
            return "not a number";
        }
        String result = ad.validate(text);
        return result == null || result.isEmpty() ? null : result;
    }

    private static boolean isNumeric(int type) {
        return type == AttributeDefinition.DOUBLE || type == AttributeDefinition.FLOAT
                || type == AttributeDefinition.INTEGER || type == AttributeDefinition.LONG
                || type == AttributeDefinition.SHORT || type == AttributeDefinition.BYTE;
    }

    private static ObjectClassDefinition find(BundleContext context, MetaTypeService metaType, Bundle hint, String pid,
            boolean factory) {
        ObjectClassDefinition ocd = hint != null ? ocd(metaType, hint, pid, factory) : null;
        if (ocd != null) {
            return ocd;
        }
        for (Bundle b : context.getBundles()) {
            if (b != hint && b.getSymbolicName() != null && b.getSymbolicName().startsWith("mechos.")) {
                ocd = ocd(metaType, b, pid, factory);
                if (ocd != null) {
                    return ocd;
                }
            }
        }
        return null;
    }

    private static ObjectClassDefinition ocd(MetaTypeService metaType, Bundle bundle, String pid, boolean factory) {
        MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
        if (info == null) {
            return null;
        }
        String[] ids = factory ? info.getFactoryPids() : info.getPids();
        if (ids == null || !Arrays.asList(ids).contains(pid)) {
            return null;
        }
        return info.getObjectClassDefinition(pid, null);
    }
}
