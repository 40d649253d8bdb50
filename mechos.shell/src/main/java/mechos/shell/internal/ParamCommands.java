package mechos.shell.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mechos:param get|set|list} over Config Admin, the ROS 2 {@code ros2 param} habit. {@code set} changes one
 * existing key of an existing configuration, keeping the key's type (a typo such as {@code maxLinar} is refused,
 * not added); the change goes through Config Admin like a Web Console edit, so the component's own checks (the
 * kernel's safety envelope) decide, and FileInstall writes it back to the configuration's {@code conf/} file.
 * Values of secret keys ({@code .}-prefixed, or containing password, secret, token or key) are never printed.
 */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=param" })
public final class ParamCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ParamCommands.class);
    static final String USAGE = "mechos:param list | mechos:param get <pid> [key] | mechos:param set <pid> <key> <value>"
            + "  (Config Admin; set keeps the key's type and applies through the component's own checks)";
    static final String MASK = "********";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    @Activate
    public ParamCommands() {
    }

    /** For tests. */
    ParamCommands(ConfigurationAdmin ca) {
        this.configAdmin = ca;
    }

    public String param(String... args) {
        if (args.length == 0 || Args.isHelp(args)) {
            return USAGE;
        }
        ConfigurationAdmin ca = configAdmin;
        if (ca == null) {
            return "error: Config Admin is not available";
        }
        try {
            switch (args[0]) {
            case "list":
                return args.length == 1 ? list(ca) : Args.error("list takes no arguments", USAGE);
            case "get":
                return args.length == 2 || args.length == 3 ? get(ca, args) : Args.error("get <pid> [key]", USAGE);
            case "set":
                return args.length == 4 ? set(ca, args[1], args[2], args[3])
                        : Args.error("set needs <pid> <key> <value>", USAGE);
            default:
                return Args.error("unknown subcommand '" + args[0] + "'", USAGE);
            }
        } catch (Args.UsageException e) {
            return Args.error(e.getMessage(), USAGE);
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("mechos:param {} failed: {}", args[0], e.toString());
            return "error: " + e.getMessage();
        }
    }

    private static String list(ConfigurationAdmin ca) throws IOException, InvalidSyntaxException {
        Configuration[] all = ca.listConfigurations(null);
        if (all == null) {
            return "(no configurations)";
        }
        List<String> pids = new ArrayList<>();
        for (Configuration c : all) {
            pids.add(c.getPid());
        }
        Collections.sort(pids);
        return String.join("\n", pids);
    }

    private static Dictionary<String, Object> existing(ConfigurationAdmin ca, String pid)
            throws IOException, InvalidSyntaxException {
        if (pid.contains(")") || pid.contains("(") || pid.contains("*")) {
            throw new Args.UsageException("not a PID: " + pid);
        }
        Configuration[] c = ca.listConfigurations("(service.pid=" + pid + ")");
        if (c == null || c.length == 0 || c[0].getProperties() == null) {
            throw new Args.UsageException("no configuration with PID " + pid + " (mechos:param list shows them)");
        }
        return c[0].getProperties();
    }

    private static String get(ConfigurationAdmin ca, String[] args) throws IOException, InvalidSyntaxException {
        Dictionary<String, Object> props = existing(ca, args[1]);
        if (args.length == 3) {
            Object v = props.get(args[2]);
            if (v == null) {
                throw new Args.UsageException("PID " + args[1] + " has no key " + args[2] + "; keys: " + keys(props));
            }
            return args[2] + " = " + shown(args[2], v);
        }
        StringBuilder b = new StringBuilder(args[1]);
        for (String k : keys(props)) {
            b.append("\n  ").append(k).append(" = ").append(shown(k, props.get(k)));
        }
        return b.toString();
    }

    private static String set(ConfigurationAdmin ca, String pid, String key, String value)
            throws IOException, InvalidSyntaxException {
        Dictionary<String, Object> props = existing(ca, pid);
        Object old = props.get(key);
        if (old == null || key.startsWith("service.") || key.startsWith("felix.fileinstall")) {
            throw new Args.UsageException("PID " + pid + " has no settable key " + key + "; keys: " + keys(props));
        }
        Object typed = convert(key, old, value);
        Hashtable<String, Object> updated = new Hashtable<>();
        for (Enumeration<String> e = props.keys(); e.hasMoreElements();) {
            String k = e.nextElement();
            updated.put(k, props.get(k));
        }
        updated.put(key, typed);
        ca.getConfiguration(pid, "?").update(updated);
        LOG.info("mechos:param set {} {}: {} -> {}", pid, key, shown(key, old), shown(key, typed));
        return pid + " " + key + " = " + shown(key, typed) + " (was " + shown(key, old)
                + "); the component applies or refuses it: check mechos:status / the log";
    }

    static Object convert(String key, Object old, String value) {
        String v = value.trim();
        try {
            if (old instanceof Double) {
                return Args.number(key, v);
            }
            if (old instanceof Float) {
                return (float) Args.number(key, v);
            }
            if (old instanceof Integer) {
                return Integer.valueOf(v);
            }
            if (old instanceof Long) {
                return Long.valueOf(v);
            }
            if (old instanceof Boolean) {
                String l = v.toLowerCase(Locale.ROOT);
                if (!l.equals("true") && !l.equals("false")) {
                    throw new Args.UsageException(key + " must be true or false, got '" + value + "'");
                }
                return Boolean.valueOf(l);
            }
            if (old instanceof String) {
                return value;
            }
        } catch (NumberFormatException e) {
            throw new Args.UsageException(key + " must be a whole number, got '" + value + "'");
        }
        throw new Args.UsageException(key + " is a " + old.getClass().getSimpleName()
                + "; edit it in the Web Console or its conf/ file");
    }

    static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.startsWith(".") || k.contains("password") || k.contains("secret") || k.contains("token")
                || k.contains("key");
    }

    private static String shown(String key, Object v) {
        if (secret(key)) {
            return MASK;
        }
        return v instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(v);
    }

    private static List<String> keys(Dictionary<String, Object> props) {
        List<String> keys = new ArrayList<>();
        for (Enumeration<String> e = props.keys(); e.hasMoreElements();) {
            keys.add(e.nextElement());
        }
        Collections.sort(keys);
        return keys;
    }
}
