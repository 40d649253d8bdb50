package mechos.hal.serial.internal.port;

import java.lang.reflect.Proxy;
import java.util.Map;

import mechos.hal.support.ConfigCheck;

/** A component property type backed by a map, converting lazily as SCR does (a bad number throws on access). */
public final class ScrLikeConfig {
    private ScrLikeConfig() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> props) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("hashCode") ? 0 : m.getName().equals("equals") ? p == a[0] : "config";
            }
            Object v = props.get(ConfigCheck.key(m));
            if (v == null) {
                return m.getDefaultValue();
            }
            String text = String.valueOf(v).trim();
            Class<?> t = m.getReturnType();
            if (t == int.class) {
                return Integer.parseInt(text);
            }
            if (t == double.class) {
                return Double.parseDouble(text);
            }
            if (t == boolean.class) {
                return Boolean.parseBoolean(text);
            }
            if (t.isEnum()) {
                return t.getMethod("valueOf", String.class).invoke(null, text);
            }
            return text;
        }));
    }
}
