package mechos.perception.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Instances of config annotations for tests: the declared defaults, with some attributes overridden. */
public final class Configs {
    private Configs() {
    }

    @SuppressWarnings("unchecked")
    public static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (overrides.containsKey(m.getName())) {
                return overrides.get(m.getName());
            }
            if (m.getDefaultValue() != null) {
                return m.getDefaultValue();
            }
            return switch (m.getName()) {
                case "annotationType" -> type;
                case "hashCode" -> 0;
                case "equals" -> proxy == args[0];
                default -> type.getSimpleName();
            };
        });
    }

    public static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }

    /**
     * Frames with {@code map -> odom} fixed at the identity, as before localisation existed (the default has no
     * {@code map -> odom}: localisation publishes it). For tests of components that run without localisation.
     */
    public static FrameConfig framesWithFixedMapOdom() {
        return of(FrameConfig.class, Map.of("static_transforms", new String[] {"map odom 0 0 0 0 0 0",
            "base_link laser 0 0 0.2 0 0 0", "base_link imu_link 0 0 0.1 0 0 0"}));
    }
}
