package mechos.platform.api;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A component property type (a configuration {@code @interface}) over a map of proposed configuration values, as
 * Declarative Services would build it for the component: a {@link ConfigurationValidator} reads the values exactly
 * as the component will see them and runs the component's own checks on them.
 *
 * <p>Follows the DS mapping of method names to keys ({@code _} → {@code .}, {@code __} → {@code _}, {@code $}
 * dropped, {@code $$} → {@code $}, {@code $_$} → {@code -}), a missing key giving the method's default, a
 * string parsed to the return type, the first element of an array or collection for a scalar, a scalar wrapped for
 * an array. A value that cannot be converted makes the method throw {@link IllegalArgumentException} naming the
 * key. Thread-safe; the view reads the map on each call.
 */
public final class ComponentProperties {
    private ComponentProperties() {
    }

    /**
     * @param type   the component property type, an annotation interface
     * @param values the configuration values (not copied)
     * @return a view of {@code values} as {@code type}
     */
    public static <A> A as(Class<A> type, Map<String, ?> values) {
        if (!type.isAnnotation()) {
            throw new IllegalArgumentException(type.getName() + " is not a component property type (an @interface)");
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, m, args) -> {
            if (m.getDeclaringClass() == Object.class || m.getDeclaringClass() == java.lang.annotation.Annotation.class) {
                // A proxy dispatches only these three methods of Object; annotationType is Annotation's only other.
                return switch (m.getName()) {
                    case "toString" -> type.getSimpleName() + values;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> type;
                };
            }
            return value(m, values);
        });
        return type.cast(proxy);
    }

    /** @return the configuration key DS maps {@code methodName} to */
    public static String key(String methodName) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (c == '$') {
                if (methodName.startsWith("$_$", i)) {
                    b.append('-');
                    i += 2;
                } else if (methodName.startsWith("$$", i)) {
                    b.append('$');
                    i++;
                }
            } else if (c == '_') {
                if (methodName.startsWith("__", i)) {
                    b.append('_');
                    i++;
                } else {
                    b.append('.');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Object value(Method m, Map<String, ?> values) {
        String key = key(m.getName());
        Object raw = values.get(key);
        if (raw == null) {
            return m.getDefaultValue();
        }
        Class<?> type = m.getReturnType();
        try {
            if (type.isArray()) {
                List<Object> items = items(raw);
                Object out = Array.newInstance(type.getComponentType(), items.size());
                for (int i = 0; i < items.size(); i++) {
                    Array.set(out, i, scalar(type.getComponentType(), items.get(i)));
                }
                return out;
            }
            List<Object> items = items(raw);
            return items.isEmpty() ? m.getDefaultValue() : scalar(type, items.get(0));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("property " + key + ": '" + LogText.cap(raw) + "' is not a "
                    + type.getSimpleName(), e);
        }
    }

    private static List<Object> items(Object raw) {
        List<Object> out = new ArrayList<>();
        if (raw.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(raw); i++) {
                out.add(Array.get(raw, i));
            }
        } else if (raw instanceof Collection<?> c) {
            out.addAll(c);
        } else {
            out.add(raw);
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object scalar(Class<?> type, Object v) {
        if (v == null) {
            throw new IllegalArgumentException("null element");
        }
        String s = String.valueOf(v).trim();
        if (type == String.class) {
            return String.valueOf(v);
        } else if (type == boolean.class || type == Boolean.class) {
            return v instanceof Boolean b ? b : Boolean.parseBoolean(s);
        } else if (type == int.class || type == Integer.class) {
            return v instanceof Number n ? n.intValue() : Integer.parseInt(s);
        } else if (type == long.class || type == Long.class) {
            return v instanceof Number n ? n.longValue() : Long.parseLong(s);
        } else if (type == double.class || type == Double.class) {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(s);
        } else if (type == float.class || type == Float.class) {
            return v instanceof Number n ? n.floatValue() : Float.parseFloat(s);
        } else if (type == short.class || type == Short.class) {
            return v instanceof Number n ? n.shortValue() : Short.parseShort(s);
        } else if (type == byte.class || type == Byte.class) {
            return v instanceof Number n ? n.byteValue() : Byte.parseByte(s);
        } else if (type == char.class || type == Character.class) {
            if (v instanceof Character c) {
                return c;
            }
            if (s.length() != 1) {
                throw new IllegalArgumentException("not one character");
            }
            return s.charAt(0);
        } else if (type.isEnum()) {
            // an enum constant as such (its toString may differ from its name), else its name as DS converts it
            return type.isInstance(v) ? v : Enum.valueOf((Class<Enum>) type, s);
        }
        throw new IllegalArgumentException("unsupported return type " + type.getName());
    }
}
