package mechos.hal.support;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

import org.slf4j.Logger;

/**
 * Configuration validation in one place, before any value is used: SCR converts a component property type's
 * values lazily and throws a bare {@code NumberFormatException} (naming neither property nor file) from the
 * first accessor that reads {@code port.baud=abc}. {@link #types} checks every raw value against its attribute's
 * type first and names the key, value and reason; the drivers' option records then check ranges. {@link #describe}
 * names the configuration (PID and file) for the one WARN line.
 */
public final class ConfigCheck {
    /** The reason prefix a device shows while its configuration is rejected. */
    public static final String REJECTED_PREFIX = "configuration rejected: ";

    private ConfigCheck() {
    }

    /**
     * The whole check of one configuration: types first ({@link #types}), then the driver's own range checks.
     *
     * @param ranges builds or checks the driver's options; throws {@link IllegalArgumentException} naming key,
     *               value and reason when a value is out of range
     * @return null when the configuration is usable, else the reason (key, value, why)
     */
    public static String rejection(Map<String, ?> props, Class<?> type, Runnable ranges) {
        try {
            types(props, type);
            ranges.run();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The one WARN line of a rejected configuration: "{@code device} PID p (file f): configuration rejected: key=value:
     * reason; {@code consequence}".
     */
    public static void warnRejected(Logger log, String device, Map<String, ?> props, String why, String consequence) {
        log.warn("{} {}: {}{}; {}", device, describe(props), REJECTED_PREFIX, why, consequence);
    }

    /** A configuration value that cannot be used; the message names the key, the value and the reason. */
    public static final class Rejected extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public Rejected(String message) {
            super(message);
        }
    }

    /** @return the property key of an attribute method, by the OSGi DS name mapping ({@code port_baud} → {@code port.baud}) */
    public static String key(Method m) {
        return m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    /**
     * Checks that every property present for an attribute of {@code type} converts to the attribute's type.
     *
     * @throws Rejected naming the first key whose value does not
     */
    public static void types(Map<String, ?> props, Class<?> type) {
        for (Method m : type.getDeclaredMethods()) {
            String key = key(m);
            Object v = props.get(key);
            if (v == null) {
                continue;
            }
            Object value = v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1
                    ? java.lang.reflect.Array.get(v, 0) : v;
            Class<?> t = m.getReturnType();
            String text = String.valueOf(value).trim();
            try {
                if (t == int.class || t == long.class) {
                    if (!(value instanceof Integer || value instanceof Long || value instanceof Short)) {
                        Long.parseLong(text);
                    }
                } else if (t == double.class || t == float.class) {
                    double d = value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                    if (!Double.isFinite(d)) {
                        throw new Rejected(key + "=" + text + ": not a finite number");
                    }
                } else if (t == boolean.class) {
                    if (!(value instanceof Boolean) && !text.equalsIgnoreCase("true")
                            && !text.equalsIgnoreCase("false")) {
                        throw new Rejected(key + "=" + text + ": not true or false");
                    }
                } else if (t.isEnum()) {
                    boolean ok = false;
                    for (Object c : t.getEnumConstants()) {
                        ok |= ((Enum<?>) c).name().equals(text);
                    }
                    if (!ok) {
                        throw new Rejected(key + "=" + text + ": not one of "
                                + java.util.Arrays.toString(t.getEnumConstants()));
                    }
                }
            } catch (NumberFormatException e) {
                throw new Rejected(key + "=" + text + ": not a " + (t == double.class || t == float.class
                        ? "number" : "whole number"));
            }
        }
    }

    /** @return "PID x (file y)" for the log, from the component properties */
    public static String describe(Map<String, ?> props) {
        Object pid = props.get("service.pid");
        Object file = props.get("felix.fileinstall.filename");
        return "PID " + (pid == null ? props.get("component.name") : pid) + (file == null ? "" : " (file " + file + ")");
    }

    /** @return an instance of the annotation type {@code type} whose every attribute has its default value */
    public static <A> A defaults(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> type.getSimpleName() + "[defaults]";
                };
            }
            return m.getDefaultValue();
        }));
    }
}
