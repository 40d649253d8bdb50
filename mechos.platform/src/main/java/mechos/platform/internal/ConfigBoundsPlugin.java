package mechos.platform.internal;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.platform.api.LogText;

/**
 * Checks every MechOS configuration against its metatype (type, bounds, options) before Declarative Services hands
 * it to a component. A value the metatype refuses never reaches the component (whose activation would otherwise
 * throw, SCR printing a raw stack trace and the device or service disappearing): it is replaced by the last value
 * that component accepted (else the metatype default), and one WARN names the PID, key, value and reason
 * ("configuration rejected"). The same refused value is reported once, not on every delivery.
 *
 * <p>The kernel's configurations ({@code mechos.kernel*}) are left to the kernel, whose own guard checks them against
 * the safety envelope, reports refusals on the bus and sets Config Admin back. Only {@code mechos.*} PIDs are
 * checked. Runs on Config Admin's and SCR's threads, never on a control thread.
 */
@Component(service = ConfigurationPlugin.class, property = ConfigurationPlugin.CM_RANKING + ":Integer=500")
public final class ConfigBoundsPlugin implements ConfigurationPlugin {
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

    @Activate
    public ConfigBoundsPlugin(BundleContext context, @Reference MetaTypeService metaType) {
        this((hint, pid, factory) -> find(context, metaType, hint, pid, factory));
    }

    ConfigBoundsPlugin(Metatypes metatypes) {
        this.metatypes = metatypes;
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
        if (!(pidValue instanceof String pid) || !pid.startsWith("mechos.") || pid.startsWith("mechos.kernel")) {
            return;
        }
        Object factoryPid = properties.get("service.factoryPid");
        ObjectClassDefinition ocd = factoryPid instanceof String f
                ? metatypes.find(hint, f, true)
                : metatypes.find(hint, pid, false);
        if (ocd == null) {
            return;
        }
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (ads == null) {
            return;
        }
        Map<String, Object> good = lastGood.computeIfAbsent(pid, p -> new ConcurrentHashMap<>());
        for (AttributeDefinition ad : ads) {
            Object value = properties.get(ad.getID());
            if (value == null) {
                continue;
            }
            String problem = problem(ad, value);
            if (problem == null) {
                good.put(ad.getID(), value);
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
            if (reported.add(pid + "/" + ad.getID() + "=" + ConfFile.text(value))) {
                boolean secret = ad.getType() == AttributeDefinition.PASSWORD || ad.getID().startsWith(".");
                LOG.warn("configuration {} rejected: {}={}: {}; {}", pid, ad.getID(),
                        secret ? "********" : LogText.cap(ConfFile.text(value)), problem,
                        secret ? kept.replaceAll(" .*", " the previous value") : kept);
            }
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
