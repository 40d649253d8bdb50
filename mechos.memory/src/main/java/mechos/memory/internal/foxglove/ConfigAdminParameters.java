package mechos.memory.internal.foxglove;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Foxglove parameters over Config Admin for an allow-list of PIDs, with the rules of {@code mechos:param set}: only
 * an existing key of an existing configuration, its type kept (a number stays a number, a typo is refused, not
 * added), {@code service.*} / {@code felix.fileinstall*} keys and secret keys ({@code .}-prefixed, or containing
 * password, secret, token or key) never offered; the update goes through Config Admin like a Web Console edit, so
 * the component's own checks (the kernel's safety envelope for {@code mechos.kernel}) apply or refuse it.
 */
final class ConfigAdminParameters implements FoxgloveParameters {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigAdminParameters.class);

    private final Supplier<ConfigurationAdmin> configAdmin;
    private final Set<String> pids;

    ConfigAdminParameters(Supplier<ConfigurationAdmin> configAdmin, Collection<String> pids) {
        this.configAdmin = configAdmin;
        Set<String> ok = new LinkedHashSet<>();
        for (String pid : pids) {
            String p = pid.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.matches("[A-Za-z0-9_.\\-~]+")) {
                ok.add(p);
            } else {
                LOG.warn("mechos.memory.foxglove: parameterPids entry '{}' is not a PID; ignored", p);
            }
        }
        this.pids = Set.copyOf(ok);
    }

    @Override
    public boolean offered() {
        return !pids.isEmpty();
    }

    static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.startsWith(".") || k.contains("password") || k.contains("secret") || k.contains("token")
                || k.contains("key");
    }

    private static boolean offeredKey(String key) {
        return !key.startsWith("service.") && !key.startsWith("felix.fileinstall") && !key.startsWith("component.")
                && !secret(key);
    }

    private ConfigurationAdmin admin() throws ParameterException {
        ConfigurationAdmin ca = configAdmin.get();
        if (ca == null) {
            throw new ParameterException("Config Admin is not available");
        }
        return ca;
    }

    private static Dictionary<String, Object> properties(ConfigurationAdmin ca, String pid) throws ParameterException {
        try {
            Configuration[] c = ca.listConfigurations("(service.pid=" + pid + ")");
            return c == null || c.length == 0 ? null : c[0].getProperties();
        } catch (IOException | InvalidSyntaxException e) {
            throw new ParameterException("cannot read configuration " + pid + ": " + e.getMessage());
        }
    }

    @Override
    public Map<String, Object> get(Collection<String> names) throws ParameterException {
        ConfigurationAdmin ca = admin();
        Map<String, Object> out = new TreeMap<>();
        for (String pid : pids) {
            Dictionary<String, Object> props = properties(ca, pid);
            if (props == null) {
                continue;
            }
            for (Enumeration<String> e = props.keys(); e.hasMoreElements();) {
                String key = e.nextElement();
                String name = pid + "/" + key;
                if (offeredKey(key) && (names.isEmpty() || names.contains(name))) {
                    Object v = value(props.get(key));
                    if (v != null) {
                        out.put(name, v);
                    }
                }
            }
        }
        return out;
    }

    /** Config Admin value as a Foxglove parameter value (arrays as lists), or null for types not offered. */
    static Object value(Object v) {
        if (v instanceof Boolean || v instanceof String || v instanceof Integer || v instanceof Long
                || v instanceof Short || v instanceof Byte) {
            return v;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? (double) f : null;
        }
        if (v instanceof Object[] array) {
            List<Object> list = new ArrayList<>();
            for (Object o : array) {
                Object x = value(o);
                if (x == null) {
                    return null;
                }
                list.add(x);
            }
            return list;
        }
        return null;
    }

    @Override
    public Object set(String name, JsonNode value) throws ParameterException {
        int slash = name.indexOf('/');
        String pid = slash < 0 ? "" : name.substring(0, slash);
        String key = slash < 0 ? name : name.substring(slash + 1);
        String shown = value == null ? "null" : ClientFrames.abbreviated(value.toString());
        if (!pids.contains(pid)) {
            throw new ParameterException("parameter '" + ClientFrames.abbreviated(name)
                    + "' is not offered (names are <pid>/<key> of PIDs " + pids + ")");
        }
        if (!offeredKey(key)) {
            throw new ParameterException(pid + " key " + ClientFrames.abbreviated(key) + " is not settable here");
        }
        ConfigurationAdmin ca = admin();
        Dictionary<String, Object> props = properties(ca, pid);
        Object old = props == null ? null : props.get(key);
        if (old == null) {
            throw new ParameterException("PID " + pid + " has no key " + ClientFrames.abbreviated(key)
                    + " (only existing keys can be set)");
        }
        Object typed = convert(pid, key, old, value, shown);
        Hashtable<String, Object> updated = new Hashtable<>();
        for (Enumeration<String> e = props.keys(); e.hasMoreElements();) {
            String k = e.nextElement();
            updated.put(k, props.get(k));
        }
        updated.put(key, typed);
        try {
            ca.getConfiguration(pid, "?").update(updated);
        } catch (IOException | RuntimeException e) {
            throw new ParameterException("cannot update " + pid + " " + key + ": " + e.getMessage());
        }
        LOG.info("foxglove: parameter {} {}: {} -> {} (the component applies or refuses it)", pid, key,
                value(old), value(typed));
        return value(typed);
    }

    private static Object convert(String pid, String key, Object old, JsonNode v, String shown)
            throws ParameterException {
        String why = pid + " " + key + " = " + shown + " refused: ";
        if (v == null || v.isNull()) {
            throw new ParameterException(why + "a value is required (unsetting is not offered)");
        }
        if (old instanceof Double || old instanceof Float) {
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new ParameterException(why + "needs a finite number");
            }
            return old instanceof Double ? (Object) v.asDouble() : (Object) (float) v.asDouble();
        }
        if (old instanceof Integer) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new ParameterException(why + "needs an integer");
            }
            return v.asInt();
        }
        if (old instanceof Long) {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new ParameterException(why + "needs an integer");
            }
            return v.asLong();
        }
        if (old instanceof Boolean) {
            if (!v.isBoolean()) {
                throw new ParameterException(why + "needs true or false");
            }
            return v.asBoolean();
        }
        if (old instanceof String) {
            if (!v.isTextual()) {
                throw new ParameterException(why + "needs a string");
            }
            return v.asText();
        }
        if (old instanceof String[]) {
            if (!v.isArray()) {
                throw new ParameterException(why + "needs an array of strings");
            }
            String[] out = new String[v.size()];
            for (int i = 0; i < out.length; i++) {
                if (!v.get(i).isTextual()) {
                    throw new ParameterException(why + "needs an array of strings");
                }
                out[i] = v.get(i).asText();
            }
            return out;
        }
        throw new ParameterException(why + "values of type " + old.getClass().getSimpleName()
                + " are not settable here");
    }
}
