package mechos.kernel.internal.policy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A component's configuration as plain values under their Config Admin keys ({@code max__linear} is
 * {@code max_linear}), read from a DS component property type. Arrays are copied; everything else is a boxed
 * primitive or a String.
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** @return DS's mapping of an annotation method name to its property key (only {@code __} → {@code _} is used) */
    public static String key(String methodName) {
        return methodName.replace("__", "_");
    }

    /** @return the annotation's default values */
    public static Map<String, Object> defaults(Class<? extends java.lang.annotation.Annotation> type) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Method method : sorted(type)) {
            m.put(key(method.getName()), copy(method.getDefaultValue()));
        }
        return m;
    }

    /**
     * Reads every attribute of a configuration instance. An attribute DS cannot convert (e.g. a text where a
     * number belongs) is reported in {@code errors} and left out.
     */
    public static Map<String, Object> of(Object config, Class<? extends java.lang.annotation.Annotation> type,
            Map<String, String> errors) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Method method : sorted(type)) {
            try {
                m.put(key(method.getName()), copy(method.invoke(config)));
            } catch (InvocationTargetException e) {
                errors.put(key(method.getName()), String.valueOf(e.getCause()));
            } catch (ReflectiveOperationException | RuntimeException e) {
                errors.put(key(method.getName()), String.valueOf(e));
            }
        }
        return m;
    }

    private static Method[] sorted(Class<?> type) {
        Method[] methods = type.getDeclaredMethods();
        Arrays.sort(methods, (a, b) -> a.getName().compareTo(b.getName()));
        return methods;
    }

    private static Object copy(Object v) {
        return v instanceof String[] a ? a.clone() : v;
    }

    /** @return a value for a log line: arrays as {@code [a, b]} */
    public static String show(Object v) {
        return v instanceof Object[] a ? Arrays.toString(a) : String.valueOf(v);
    }

    /** @return true when two values are equal (arrays by content) */
    public static boolean same(Object a, Object b) {
        if (a instanceof Object[] x && b instanceof Object[] y) {
            return Arrays.equals(x, y);
        }
        return java.util.Objects.equals(a, b);
    }

    public static double d(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    public static long l(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    public static int i(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).intValue();
    }

    public static String s(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : String.valueOf(v);
    }

    public static boolean b(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    public static String[] a(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof String[] arr ? arr.clone() : v == null ? new String[0] : new String[] { String.valueOf(v) };
    }
}
