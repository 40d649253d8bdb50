package mechos.kernel.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds DS config annotation instances for unit tests: the annotation defaults overridden by a map. */
public final class Configs {
    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, args) -> {
            if (values.containsKey(m.getName())) {
                return values.get(m.getName());
            }
            if (m.getDefaultValue() != null) {
                return m.getDefaultValue();
            }
            switch (m.getName()) {
            case "annotationType":
                return type;
            case "toString":
                return type.getSimpleName() + values;
            case "hashCode":
                return values.hashCode();
            case "equals":
                return p == args[0];
            default:
                throw new IllegalStateException("no value for " + m.getName());
            }
        });
        return type.cast(proxy);
    }

    public static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }
}
