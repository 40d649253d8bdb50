package mechos.kernel.internal.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The production safety envelope as a file, signed like the grants (Ed25519 over the exact bytes, base64 in
 * {@code <file>.sig}; the signature is checked by {@link EnvelopeService}, this class only reads and writes):
 *
 * <pre>
 * { "format": "mechos-safety-envelope", "version": 1, "name": "warehouse robot 7",
 *   "bounds": { "mechos.kernel": { "tick_hz": [50, 500], "lease_ms": [100, 1000], ... },
 *               "mechos.kernel.rule.speed": { "max_linear": [0, 0.8], ... }, ... },
 *   "required_rules": ["finite", "speed", "workspace", "clearance", "interlock", "battery"],
 *   "operator_agents": ["operator"],
 *   "watched_sensor_kinds": ["odometry", "lidar"] }
 * </pre>
 *
 * Parsing is strict, because a typo must never leave a safety parameter unbounded: every PID and key the kernel
 * bounds must be present (a file that omits one is refused, naming it), unknown PIDs, keys and fields are refused,
 * every bound is {@code [min, max]} with finite {@code min <= max}, and the rules that do not depend on sensors
 * ({@link #STRUCTURAL_RULES}) cannot be dropped. {@code mechos:envelope export} writes the development envelope in
 * this format as a complete template to edit and sign.
 */
public final class EnvelopeFile {
    public static final String FORMAT = "mechos-safety-envelope";
    /** Rules no envelope may drop: they need no sensor, so no robot is without what they check. */
    public static final Set<String> STRUCTURAL_RULES = Set.of("finite", "speed", "interlock");

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final Set<String> ROOT_FIELDS = Set.of("format", "version", "name", "bounds", "required_rules",
            "operator_agents", "watched_sensor_kinds");

    private EnvelopeFile() {
    }

    /**
     * @param data   the (already verified) bytes of the file
     * @param origin where it came from, for every message that quotes a bound
     * @return the envelope
     * @throws IllegalArgumentException naming the first problem
     */
    public static SafetyEnvelope parse(byte[] data, String origin) {
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must hold a JSON object");
        }
        unknown(root, ROOT_FIELDS, "the file");
        if (!FORMAT.equals(text(root, "format"))) {
            throw new IllegalArgumentException("'format' must be \"" + FORMAT + "\", got " + root.get("format"));
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || version.intValue() != 1) {
            throw new IllegalArgumentException("'version' must be 1, got " + version);
        }
        SafetyEnvelope template = SafetyEnvelope.builtIn();
        JsonNode bounds = root.get("bounds");
        if (bounds == null || !bounds.isObject()) {
            throw new IllegalArgumentException("'bounds' must be an object of PID → key → [min, max]");
        }
        unknown(bounds, template.pids(), "'bounds'");
        Map<String, Map<String, SafetyEnvelope.Range>> ranges = new LinkedHashMap<>();
        for (String pid : template.pids()) {
            JsonNode perPid = bounds.get(pid);
            if (perPid == null || !perPid.isObject()) {
                throw new IllegalArgumentException("'bounds' has no object for " + pid);
            }
            Map<String, SafetyEnvelope.Range> expected = template.ranges(pid);
            unknown(perPid, expected.keySet(), "bounds of " + pid);
            Map<String, SafetyEnvelope.Range> m = new LinkedHashMap<>();
            for (Map.Entry<String, SafetyEnvelope.Range> e : expected.entrySet()) {
                String where = pid + " " + e.getKey();
                JsonNode b = perPid.get(e.getKey());
                if (b == null) {
                    throw new IllegalArgumentException("no bound for " + where
                            + " (every safety parameter must be bounded)");
                }
                if (!b.isArray() || b.size() != 2 || !b.get(0).isNumber() || !b.get(1).isNumber()) {
                    throw new IllegalArgumentException("the bound of " + where + " must be [min, max], got " + b);
                }
                double min = b.get(0).doubleValue();
                double max = b.get(1).doubleValue();
                if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
                    throw new IllegalArgumentException("the bound of " + where
                            + " must have finite min <= max, got " + b);
                }
                m.put(e.getKey(), new SafetyEnvelope.Range(min, max, e.getValue().unit()));
            }
            ranges.put(pid, m);
        }
        Set<String> required = names(root, "required_rules");
        if (!required.containsAll(STRUCTURAL_RULES)) {
            Set<String> missing = new TreeSet<>(STRUCTURAL_RULES);
            missing.removeAll(required);
            throw new IllegalArgumentException("'required_rules' must contain " + new TreeSet<>(STRUCTURAL_RULES)
                    + " (missing " + missing + ")");
        }
        Set<String> operators = names(root, "operator_agents");
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("'operator_agents' must name at least one agent");
        }
        Set<String> kinds = names(root, "watched_sensor_kinds");
        String name = root.has("name") ? text(root, "name") : null;
        return new SafetyEnvelope(name == null || name.isBlank() ? origin : "\"" + name + "\" from " + origin,
                ranges, required, operators, kinds);
    }

    /** @return the envelope in this file format (a complete template: edit, then sign) */
    public static byte[] write(SafetyEnvelope envelope, String name) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", 1);
        root.put("name", name);
        ObjectNode bounds = root.putObject("bounds");
        for (String pid : envelope.pids()) {
            ObjectNode perPid = bounds.putObject(pid);
            new java.util.TreeMap<>(envelope.ranges(pid)).forEach((key, r) -> {
                ArrayNode a = perPid.putArray(key);
                number(a, r.min());
                number(a, r.max());
            });
        }
        new TreeSet<>(envelope.requiredRules()).forEach(root.putArray("required_rules")::add);
        new TreeSet<>(envelope.allowedOperators()).forEach(root.putArray("operator_agents")::add);
        new TreeSet<>(envelope.watchedSensorKinds()).forEach(root.putArray("watched_sensor_kinds")::add);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("writing the envelope failed: " + e.getMessage(), e);
        }
    }

    private static void number(ArrayNode a, double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            a.add((long) d);
        } else {
            a.add(d);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string, got " + v);
        }
        return v.textValue();
    }

    private static Set<String> names(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be an array of names, got " + v);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : v) {
            if (!n.isTextual() || n.textValue().isBlank() || !n.textValue().equals(n.textValue().strip())) {
                throw new IllegalArgumentException("'" + field + "' holds " + n + ", not a name");
            }
            if (!out.add(n.textValue())) {
                throw new IllegalArgumentException("'" + field + "' names " + n + " twice");
            }
        }
        return out;
    }

    private static void unknown(JsonNode node, Set<String> known, String where) {
        List<String> extra = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                extra.add(f);
            }
        }
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException(where + " has unknown field" + (extra.size() == 1 ? " " : "s ")
                    + extra + " (known: " + new TreeSet<>(known) + ")");
        }
    }
}
