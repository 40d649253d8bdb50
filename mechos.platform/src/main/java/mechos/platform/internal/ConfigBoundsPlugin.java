package mechos.platform.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
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
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.platform.api.ConfigurationJudge;
import mechos.platform.api.ConfigurationRefusals;
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
    /** pid/key → the current refusal's line. */
    private final Map<String, String> current = new ConcurrentHashMap<>();
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
        return Verdict.ACCEPTED;
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
        ObjectClassDefinition ocd = mine(pid, properties.get("service.factoryPid"), hint);
        if (ocd == null) {
            return;
        }
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (ads == null) {
            return;
        }
        Map<String, Object> good = lastGood.computeIfAbsent(pid, p -> new ConcurrentHashMap<>());
        Map<String, Object> refused = new HashMap<>();
        Map<String, Object> inForce = new HashMap<>();
        for (AttributeDefinition ad : ads) {
            Object value = properties.get(ad.getID());
            if (value == null) {
                continue;
            }
            String problem = problem(ad, value);
            if (problem == null) {
                Object before = good.put(ad.getID(), value);
                String line = current.get(pid + "/" + ad.getID());
                if (line != null && Objects.deepEquals(before, value)) {
                    // the value in force again (the set-back): the refusal stays current, marked as set back
                    current.replace(pid + "/" + ad.getID(), line.endsWith(SET_BACK) ? line : line + SET_BACK);
                } else {
                    current.remove(pid + "/" + ad.getID());
                }
                continue;
            }
            Object keep = good.get(ad.getID());
            String kept;
            if (keep != null) {
                properties.put(ad.getID(), keep);
                kept = "keeping " + ConfFile.text(keep);
            } else {
                properties.remove(ad.getID());
                String[] defaults = ad.getDefaultValue();
                kept = "using the default" + (defaults != null ? " " + String.join(",", defaults) : "");
            }
            boolean secret = ad.getType() == AttributeDefinition.PASSWORD || ad.getID().startsWith(".");
            String shown = secret ? "********" : String.valueOf(LogText.cap(ConfFile.text(value)));
            String keeping = secret ? kept.replaceAll(" .*", " the previous value") : kept;
            if (reported.add(pid + "/" + ad.getID() + "=" + ConfFile.text(value))) {
                LOG.warn("configuration {} rejected: {}={}: {}; {}", pid, ad.getID(), shown, problem, keeping);
            }
            current.put(pid + "/" + ad.getID(),
                    "configuration " + pid + " rejected: " + ad.getID() + "=" + shown + ": " + problem + "; " + keeping);
            refused.put(ad.getID(), value);
            inForce.put(ad.getID(), keep);
        }
        if (!refused.isEmpty()) {
            try {
                setBacks.execute(() -> setBack(pid, refused, inForce));
            } catch (RejectedExecutionException e) {
                LOG.warn("configuration {}: not set back to the values in force (shutting down)", pid);
            }
        }
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
