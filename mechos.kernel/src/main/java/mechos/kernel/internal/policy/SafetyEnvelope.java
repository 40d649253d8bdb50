package mechos.kernel.internal.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hard bounds for every safety parameter of the kernel and its built-in rules. Configuration (Config Admin,
 * the Web Console, {@code conf/} files) may choose any value inside a bound, so it can tighten freely and
 * loosen only as far as the envelope allows; a value outside is refused as a whole (see {@link ConfigGuard}).
 *
 * <p>{@link #builtIn()} is the documented development envelope (bundle README, "Safety envelope"); production robots
 * use a signed envelope file ({@link EnvelopeFile}, loaded by {@link EnvelopeService}). An envelope file that
 * cannot be trusted gives {@link #rejected}: the development bounds for checking configuration, and a
 * {@link #problem()} that keeps every actuation refused until the file is fixed.
 */
public final class SafetyEnvelope {
    /** A closed interval; NaN and infinities are outside every interval with finite ends. */
    public record Range(double min, double max, String unit) {
        public Range {
            // -0.0 and 0.0 are the same bound; keep one so an envelope written back reads back equal (Jazzer)
            min = min + 0.0;
            max = max + 0.0;
        }

        public boolean contains(double v) {
            return v >= min && v <= max && !Double.isNaN(v);
        }

        public String describe() {
            return "[" + fmt(min) + ", " + fmt(max) + "]" + (unit.isEmpty() ? "" : " " + unit);
        }

        /** @return v moved into the interval (NaN becomes {@code fallback}) */
        public double clamp(double v, double fallback) {
            return Double.isNaN(v) ? fallback : Math.max(min, Math.min(max, v));
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
    }

    /** Kernel PIDs the envelope knows (the same strings as the components' PIDs). */
    public static final String KERNEL = "mechos.kernel";
    public static final String SPEED = "mechos.kernel.rule.speed";
    public static final String BATTERY = "mechos.kernel.rule.battery";
    public static final String WORKSPACE = "mechos.kernel.rule.workspace";
    public static final String FINITE = "mechos.kernel.rule.finite";

    private final String origin;
    private final Map<String, Map<String, Range>> ranges;
    private final Set<String> requiredRules;
    private final Set<String> allowedOperators;
    private final Set<String> watchedSensorKinds;
    private final String problem;

    SafetyEnvelope(String origin, Map<String, Map<String, Range>> ranges, Set<String> requiredRules,
            Set<String> allowedOperators, Set<String> watchedSensorKinds) {
        this(origin, ranges, requiredRules, allowedOperators, watchedSensorKinds, null);
    }

    private SafetyEnvelope(String origin, Map<String, Map<String, Range>> ranges, Set<String> requiredRules,
            Set<String> allowedOperators, Set<String> watchedSensorKinds, String problem) {
        this.problem = problem;
        this.origin = origin;
        Map<String, Map<String, Range>> copy = new LinkedHashMap<>();
        ranges.forEach((pid, m) -> copy.put(pid, Map.copyOf(m)));
        this.ranges = Map.copyOf(copy);
        this.requiredRules = Set.copyOf(requiredRules);
        this.allowedOperators = Set.copyOf(allowedOperators);
        this.watchedSensorKinds = Set.copyOf(watchedSensorKinds);
    }

    private static final SafetyEnvelope BUILT_IN = createBuiltIn();

    /** @return the built-in development envelope */
    public static SafetyEnvelope builtIn() {
        return BUILT_IN;
    }

    private static SafetyEnvelope createBuiltIn() {
        Map<String, Map<String, Range>> r = new LinkedHashMap<>();
        Map<String, Range> k = new LinkedHashMap<>();
        k.put("tick_hz", new Range(20, 1000, "Hz"));
        k.put("tick_realtime_priority", new Range(0, 99, ""));
        k.put("lease_ms", new Range(20, 2000, "ms"));
        k.put("override_suspension", new Range(0, 3600, "s"));
        k.put("auto_resume_ms", new Range(200, 3_600_000, "ms"));
        k.put("stale_sensor_ms", new Range(20, 1000, "ms"));
        k.put("dead_man_ms", new Range(0, 60_000, "ms"));
        k.put("stop_ttc", new Range(0.2, 10, "s"));
        k.put("slow_ttc", new Range(0.5, 20, "s"));
        k.put("slow_factor", new Range(0, 1, ""));
        k.put("stop_distance", new Range(0.02, 2, "m"));
        k.put("min_ttc", new Range(0.5, 10, "s"));
        k.put("clearance_horizon", new Range(1, 10, "s"));
        k.put("clearance_max_age_ms", new Range(10, 1000, "ms"));
        k.put("creep_linear", new Range(0, 0.2, "m/s"));
        k.put("creep_angular", new Range(0, 1, "rad/s"));
        k.put("deceleration", new Range(0.3, 10, "m/s²"));
        k.put("angular_deceleration", new Range(0.5, 30, "rad/s²"));
        k.put("footprint_radius", new Range(0.05, 2, "m"));
        k.put("slow_margin", new Range(0.02, 2, "m"));
        k.put("min_points", new Range(1, 5, "points"));
        r.put(KERNEL, k);
        Map<String, Range> s = new LinkedHashMap<>();
        s.put("max_linear", new Range(0, 1.0, "m/s"));
        s.put("max_angular", new Range(0, 3.0, "rad/s"));
        s.put("max_linear_accel", new Range(0, 2.0, "m/s²"));
        s.put("max_angular_accel", new Range(0, 6.0, "rad/s²"));
        s.put("accel_window_ms", new Range(0, 1000, "ms"));
        r.put(SPEED, s);
        r.put(BATTERY, Map.of("low_threshold", new Range(0.05, 1, ""), "base_x", new Range(-1e6, 1e6, "m"),
                "base_y", new Range(-1e6, 1e6, "m")));
        Map<String, Range> w = new LinkedHashMap<>();
        for (String axis : List.of("x", "y")) {
            w.put("min_" + axis, new Range(-2, 2, "m"));
            w.put("max_" + axis, new Range(-2, 2, "m"));
        }
        w.put("min_z", new Range(-0.5, 2.5, "m"));
        w.put("max_z", new Range(-0.5, 2.5, "m"));
        r.put(WORKSPACE, w);
        r.put(FINITE, Map.of("max_text_length", new Range(1, 100_000, "characters")));
        return new SafetyEnvelope("built-in development envelope", r,
                Set.of("finite", "speed", "workspace", "clearance", "interlock", "battery"), Set.of("operator"),
                Set.of("odometry", "lidar"));
    }

    /**
     * The envelope in force when the configured envelope file cannot be trusted: the development bounds (so
     * configuration is still checked), and a problem that refuses every actuation.
     *
     * @param problem why the file was refused (names the file)
     */
    public static SafetyEnvelope rejected(String problem) {
        SafetyEnvelope d = BUILT_IN;
        return new SafetyEnvelope("development bounds (the configured envelope file was refused)", d.ranges,
                d.requiredRules, d.allowedOperators, d.watchedSensorKinds, problem);
    }

    /** @return why this envelope must not be trusted (no actuation while non-null), or null */
    public String problem() {
        return problem;
    }

    /** @return the PIDs the envelope bounds, in a stable order */
    public Set<String> pids() {
        return new java.util.LinkedHashSet<>(List.of(KERNEL, SPEED, BATTERY, WORKSPACE, FINITE)).stream()
                .filter(ranges::containsKey).collect(java.util.stream.Collectors.toCollection(
                        java.util.LinkedHashSet::new));
    }

    /** @return where the envelope came from, for messages */
    public String origin() {
        return origin;
    }

    /** @return rule ids that must be active whatever the configuration says */
    public Set<String> requiredRules() {
        return requiredRules;
    }

    /** @return the only agent ids configuration may name as operators */
    public Set<String> allowedOperators() {
        return allowedOperators;
    }

    /** @return sensor kinds whose freshness must always be watched while moving */
    public Set<String> watchedSensorKinds() {
        return watchedSensorKinds;
    }

    /** @return the bound of one key, or null when the envelope does not bound it */
    public Range range(String pid, String key) {
        Map<String, Range> m = ranges.get(pid);
        return m == null ? null : m.get(key);
    }

    /** @return every bounded key of a PID */
    public Map<String, Range> ranges(String pid) {
        return ranges.getOrDefault(pid, Map.of());
    }

    /**
     * Checks a whole configuration (the values the component would use, keys as in Config Admin).
     *
     * @return every value outside the envelope; empty when the configuration is acceptable
     */
    public List<ConfigRefusal> check(String pid, Map<String, Object> values) {
        List<ConfigRefusal> out = new java.util.ArrayList<>();
        ranges(pid).forEach((key, range) -> {
            if (!values.containsKey(key)) {
                return;
            }
            Object v = values.get(key);
            double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
            if (!range.contains(d)) {
                out.add(new ConfigRefusal(pid, key, String.valueOf(v), "must be within " + range.describe()
                        + " (" + origin + ")"));
            }
        });
        if (KERNEL.equals(pid)) {
            Set<String> required = strings(values.get("required_rules"));
            if (required != null && !required.containsAll(requiredRules)) {
                Set<String> missing = new TreeSet<>(requiredRules);
                missing.removeAll(required);
                out.add(new ConfigRefusal(pid, "required_rules", String.valueOf(new TreeSet<>(required)),
                        "must contain " + new TreeSet<>(requiredRules) + " (" + origin + "; missing " + missing + ")"));
            }
            Set<String> operators = strings(values.get("operator_agents"));
            if (operators != null && !allowedOperators.containsAll(operators)) {
                out.add(new ConfigRefusal(pid, "operator_agents", String.valueOf(new TreeSet<>(operators)),
                        "may only name " + new TreeSet<>(allowedOperators) + " (" + origin + ")"));
            }
            Set<String> kinds = strings(values.get("stale_sensor_kinds"));
            if (kinds != null && !kinds.containsAll(watchedSensorKinds)) {
                out.add(new ConfigRefusal(pid, "stale_sensor_kinds", String.valueOf(new TreeSet<>(kinds)),
                        "must contain " + new TreeSet<>(watchedSensorKinds) + " (" + origin + ")"));
            }
        }
        return out;
    }

    /** @return the configuration moved into the envelope: the tightest sensible values a component starts with */
    public Map<String, Object> safe(String pid, Map<String, Object> defaults) {
        Map<String, Object> m = new LinkedHashMap<>(defaults);
        ranges(pid).forEach((key, range) -> {
            Object v = m.get(key);
            if (v instanceof Number n) {
                double c = range.clamp(n.doubleValue(), range.min());
                m.put(key, v instanceof Long || v instanceof Integer ? (Object) Math.round(c) : (Object) c);
            }
        });
        if (KERNEL.equals(pid)) {
            Set<String> rules = new TreeSet<>(requiredRules);
            Set<String> configured = strings(m.get("required_rules"));
            if (configured != null) {
                rules.addAll(configured);
            }
            m.put("required_rules", rules.toArray(String[]::new));
            Set<String> ops = strings(m.get("operator_agents"));
            if (ops != null) {
                ops.retainAll(allowedOperators);
                m.put("operator_agents", ops.toArray(String[]::new));
            }
            Set<String> kinds = new TreeSet<>(watchedSensorKinds);
            Set<String> configuredKinds = strings(m.get("stale_sensor_kinds"));
            if (configuredKinds != null) {
                kinds.addAll(configuredKinds);
            }
            m.put("stale_sensor_kinds", kinds.toArray(String[]::new));
        }
        return m;
    }

    static Set<String> strings(Object v) {
        if (v == null) {
            return null;
        }
        Set<String> s = new TreeSet<>();
        if (v instanceof String[] a) {
            s.addAll(List.of(a));
        } else if (v instanceof Collection<?> c) {
            c.forEach(x -> s.add(String.valueOf(x)));
        } else {
            s.add(String.valueOf(v));
        }
        s.removeIf(String::isBlank);
        return s;
    }
}
